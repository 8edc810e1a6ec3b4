"""Tests of the COUNT grammar: spans, values, units, qualifiers, totals and the §4 exclusions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest

from extract.extractors.counts import (
    DEFAULT_UNITS_PATH,
    TIME_UNITS,
    build_count_units,
    find_counts,
    load_count_units,
)
from extract.extractors.lexicon import read_tsv
from extract.records import Mention, Token
from extract.segment.tokens import Tagger, tokenize, underthesea_tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    """underthesea's tagger, loaded once for the module."""
    return underthesea_tagger()


@pytest.fixture(scope="module")
def counts(tagger: Tagger) -> Callable[[str], list[Mention]]:
    """COUNT mentions of one sentence, tokenized with underthesea."""

    def run(sentence: str) -> list[Mention]:
        tokens = tokenize(sentence, 0, len(sentence), tagger=tagger)
        return find_counts(sentence, tokens)

    return run


def _only(found: list[Mention], sentence: str) -> Mention:
    assert len(found) == 1, [sentence[m.start : m.end] for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "unit", "mod", "total"),
    [
        # qualifiers (§4 table) and modifiers of the head up to a preposition / comma / verb
        (
            "Trung tâm đã đào tạo gần 1.500 học viên quốc tế trong năm qua.",
            "gần 1.500 học viên quốc tế",
            1500,
            "học viên",
            "LESS_THAN",
            None,
        ),
        (
            "Việt Nam có quan hệ với chừng 60 tổ chức phi chính phủ nước ngoài, chủ yếu ở châu Âu.",
            "chừng 60 tổ chức phi chính phủ nước ngoài",
            60,
            "tổ chức",
            "APPROX",
            None,
        ),
        ("Hơn 20 quốc gia và vùng lãnh thổ đã cử đoàn.", "Hơn 20 quốc gia", 20, "quốc gia",
         "MORE_THAN", None),
        ("Quỹ đã hỗ trợ không quá 200 hộ nghèo ở vùng cao.", "không quá 200 hộ nghèo", 200,
         "hộ nghèo", "AT_MOST", None),
        ("Chương trình ưu tiên người lao động dưới 30 tuổi.", "dưới 30 tuổi", 30, "tuổi",
         "LESS_THAN", None),
        ("Có 4 đối tác chiến lược đã cam kết tài trợ.", "4 đối tác chiến lược", 4, "đối tác",
         None, None),
        # an adjective before a verb is adverbial and ends the phrase
        ("Chính quyền đô thị 3 cấp chính thức vận hành từ đầu năm.", "3 cấp", 3, "cấp", None,
         None),
        # compound heads stay whole; a head-modifying verb is kept, a preposition ends the span
        ("Hai Bộ trưởng đã ký 3 văn bản ghi nhớ về lao động.", "3 văn bản ghi nhớ", 3,
         "văn bản ghi nhớ", None, None),
        ("Bộ duy trì 12 ủy ban hợp tác với các nước châu Âu.", "12 ủy ban hợp tác", 12, "ủy ban",
         None, None),
        # "/" used as "or" and ";" end the phrase (§9)
        ("Bộ đã ký 5 thỏa thuận hợp tác/bản ghi nhớ với các đối tác.", "5 thỏa thuận hợp tác", 5,
         "thỏa thuận", None, None),
        ("Thu nhập bình quân đạt 1.200 USD/tháng.", "1.200 USD", 1200, "USD", None, None),
        # scale words, currencies, percentages
        ("Dự án có tổng vốn khoảng 3,5 triệu USD do Nhật Bản tài trợ.", "khoảng 3,5 triệu USD",
         3.5e6, "USD", "APPROX", None),
        ("Kim ngạch song phương đạt hơn 1,2 tỷ đô la Mỹ.", "hơn 1,2 tỷ đô la Mỹ", 1.2e9,
         "đô la Mỹ", "MORE_THAN", None),
        ("Khoản viện trợ trị giá 80.000 EUR được giải ngân.", "80.000 EUR", 80000, "EUR", None,
         None),
        ("Tỷ lệ có việc làm đạt xấp xỉ 82,5% vào cuối kỳ.", "xấp xỉ 82,5%", 82.5, "%", "APPROX",
         None),
        ("Có tới 3 phần trăm lao động bỏ trốn.", "3 phần trăm lao động", 3, "%", None, None),
        # a percentage runs through the noun phrase it is a share of
        ("Khoảng 40% số hộ dân đã có nước sạch.", "Khoảng 40% số hộ dân", 40, "%", "APPROX",
         None),
        ("Gần 70% học sinh đạt loại giỏi.", "Gần 70% học sinh", 70, "%", "LESS_THAN", None),
        # ... but not through the predicate after it
        ("Gần 70 phần trăm học sinh hài lòng.", "Gần 70 phần trăm học sinh", 70, "%", "LESS_THAN",
         None),
        # a money amount after a name is still an amount
        ("Khoản vay của JICA 120 triệu USD được giải ngân.", "120 triệu USD", 1.2e8, "USD",
         None, None),
        ("Hàng chục nghìn thực tập sinh đã sang Nhật Bản.", "Hàng chục nghìn thực tập sinh",
         10000, "thực tập sinh", "APPROX", None),
        # totals
        ("Việt Nam đã phê chuẩn 7/8 công ước nền tảng của tổ chức này.", "7/8 công ước nền tảng",
         7, "công ước", None, 8),
        ("Hiện có 150 trên tổng số 200 doanh nghiệp tham gia chương trình.",
         "150 trên tổng số 200 doanh nghiệp", 150, "doanh nghiệp", None, 200),
        ("Có 35 tỉnh trong tổng số 63 tỉnh, thành phố tham gia.", "35 tỉnh", 35, "tỉnh", None,
         63),
        # spelled-out numbers
        ("Hội thảo thu hút một trăm linh tám nhà khoa học đến từ châu Á.",
         "một trăm linh tám nhà khoa học", 108, "nhà khoa học", None, None),
        ("Ba mươi lăm tình nguyện viên đã có mặt.", "Ba mươi lăm tình nguyện viên", 35,
         "tình nguyện viên", None, None),
        ("Ngày 15/1, hai bên gặp nhau.", "hai bên", 2, "bên", None, None),
        ("Năm quốc gia thành viên đã ký.", "Năm quốc gia thành viên", 5, "quốc gia", None, None),
        # "một" counts when marked as counting
        ("Năm nay chỉ một dự án được phê duyệt.", "một dự án", 1, "dự án", None, None),
        ("Đã có hơn một triệu lao động được hưởng lợi.", "hơn một triệu lao động", 1e6,
         "lao động", "MORE_THAN", None),
        # a year-shaped number before a listed head is a count
        ("Tổng cộng 2.000 lao động được tuyển chọn.", "2.000 lao động", 2000, "lao động", None,
         None),
        ("Các doanh nghiệp tuyển 2000 lao động mỗi năm.", "2000 lao động", 2000, "lao động", None,
         None),
        ("Năng suất tăng gấp 2 lần so với trước.", "2 lần", 2, "lần", None, None),
        ("Quỹ quản lý hàng nghìn tỷ đồng.", "hàng nghìn tỷ đồng", 1e12, "đồng", "APPROX", None),
        ("Thủ tướng tiếp 2 đoàn doanh nghiệp tại trụ sở.", "2 đoàn doanh nghiệp", 2, "đoàn",
         None, None),
        # a qualifier is not a name: the capitalized word before it does not block the count
        ("Lao động làm việc tại Nhật Bản hơn 3 nghìn người.", "hơn 3 nghìn người", 3000, "người",
         "MORE_THAN", None),
    ],
)  # fmt: skip
def test_count(
    counts: Callable[[str], list[Mention]],
    sentence: str,
    span: str,
    value: float,
    unit: str,
    mod: str | None,
    total: float | None,
) -> None:
    found = [m for m in counts(sentence) if sentence[m.start : m.end] == span]
    assert found, [sentence[m.start : m.end] for m in counts(sentence)]
    m = found[0]
    assert m.label == "COUNT"
    assert m.value == pytest.approx(value)
    assert (m.unit, m.mod, m.total) == (unit, mod, total)
    assert m.source.startswith("count_grammar:")


@pytest.mark.parametrize(
    ("sentence", "spans"),
    [
        ("Hai Bộ trưởng đã ký 3 văn bản ghi nhớ.", ["Hai Bộ trưởng", "3 văn bản ghi nhớ"]),
        ("Đoàn gồm một Thứ trưởng và ba chuyên gia.", ["một Thứ trưởng", "ba chuyên gia"]),
        ("Mỗi hội nghị chỉ mời tối đa 5 đại biểu, ít nhất 2 người là nữ.",
         ["tối đa 5 đại biểu", "ít nhất 2 người"]),
        ("Các doanh nghiệp đã đưa hơn 6.000 lao động sang Đài Loan; 1.000 người sang Nhật Bản.",
         ["hơn 6.000 lao động", "1.000 người"]),
        ("Dự án có 2 hợp phần, 3 cấu phần và 4 mục tiêu.",
         ["2 hợp phần", "3 cấu phần", "4 mục tiêu"]),
        # after an actor head, "ghi nhớ"/"hợp tác" is the verb of the clause
        ("Hai bên hợp tác trong lĩnh vực y tế.", ["Hai bên"]),
        ("Ba nước ghi nhớ các cam kết chung.", ["Ba nước"]),
        # a predicate verb tagged N after an actor head is not a modifier of it
        ("Hai bên duy trì đối thoại thường niên về lao động.", ["Hai bên"]),
        ("Hai nước tăng cường trao đổi sinh viên.", ["Hai nước"]),
        # "lượt" counts occurrences of the noun that follows, whatever its tag
        ("Tỉnh đã đón khoảng 2.000 lượt lao động sang Nhật Bản.", ["khoảng 2.000 lượt lao động"]),
        ("Có hơn 900 lượt người lao động về nước trước hạn.", ["hơn 900 lượt người lao động"]),
        # a percentage before a name or "so với" ends at the sign
        ("Giá tăng 5% so với tháng trước, bằng 2% GDP.", ["5%", "2%"]),
    ],
)  # fmt: skip
def test_several_counts(
    counts: Callable[[str], list[Mention]], sentence: str, spans: list[str]
) -> None:
    assert [sentence[m.start : m.end] for m in counts(sentence)] == spans


@pytest.mark.parametrize(
    "sentence",
    [
        # years, dates, intervals
        "Năm 2018, Bộ tổ chức hội nghị.",
        "Hiệp định có hiệu lực trong giai đoạn 2021 - 2025.",
        "Bộ sẽ hoàn thành kế hoạch trước năm 2030 và đến 2035.",
        "Chương trình triển khai từ 1/3 tới 30/6.",
        "Hội nghị diễn ra vào ngày 9/10 tại Hà Nội.",
        "Hà Nội, ngày 27 tháng 11 năm 2025",
        "Thứ Hai, 24/10/2023 14:18",
        "Báo cáo được công bố vào tháng 11/2025.",
        # durations are DATE
        "Quan hệ ngoại giao được thiết lập cách đây 50 năm.",
        "Hơn 10 năm qua, Bộ đã nỗ lực.",
        "Dự án kéo dài 18 tháng và 2 tuần.",
        # the minutes of a clock time
        "Đoàn đến lúc 7 giờ 45 sáng.",
        # address numbers
        "Quán nằm trong ngõ 35 phố Hàng Bạc.",
        "Tai nạn xảy ra tại km 27 quốc lộ 5.",
        "Trong hai mươi năm qua, hợp tác phát triển mạnh.",
        "Kỷ niệm 100 năm ngày sinh của Người.",
        "Khóa học kéo dài ba tháng.",
        # identifiers and names
        "Theo Quyết định số 145/QĐ-TTg, Bộ triển khai Dự án VIE/90/017.",
        "Nghị định 38/2020/NĐ-CP quy định rõ điều này.",
        "Việt Nam phê chuẩn Công ước số 105 của ILO.",
        "Chiến lược 145 và Đề án 161 đã được tổng kết.",
        "Hội nghị ACCSM+3 và nhóm G20 bàn về việc làm.",
        "Chỉ thị 16 yêu cầu giãn cách.",
        "Điều 13 và Điều 14 quy định về thủ tục.",
        "Dịch Covid-19 ảnh hưởng nặng nề.",
        "Cách mạng công nghiệp 4.0 mở ra cơ hội.",
        "Học sinh trường Hai Bà Trưng đạt giải.",
        "Đoàn đến thăm huyện Ba Vì.",
        "Ba Lan và Việt Nam ký hiệp định.",
        # ordinals
        "Hội nghị lần thứ 11 diễn ra tại Hà Nội.",
        "Việt Nam xếp thứ 5 trong khu vực.",
        "Một là, hoàn thiện thể chế; hai là, phát triển nguồn nhân lực.",
        "Đại hội khóa XII của Đảng đã thông qua nghị quyết.",
        # times of day
        "Buổi lễ bắt đầu lúc 9 giờ 30 phút sáng.",
        "Hội nghị diễn ra lúc 08:30 ngày 20/10/2022.",
        # "một số" and "một" as an article
        "Một số doanh nghiệp đã tham gia.",
        "Đây là một bước tiến quan trọng.",
        "Việt Nam là một trong những nước đi đầu.",
        "Ông là một Bộ trưởng giàu kinh nghiệm.",
        # "năm" meaning year, "hàng năm" = yearly, ranges "hai ba"
        "Các bên nhất trí tổ chức đối thoại hàng năm.",
        "Trong năm tổ chức này có nhiều hoạt động.",
        "Mỗi nhóm có hai ba người.",
        # "hàng" inside a word, and "năm" after a numeral
        "Ngân hàng trăm năm tuổi này rất uy tín.",
        "Cửa hàng nghìn mặt hàng đã mở cửa.",
        # a number without a counted head
        "Tỷ lệ này là 1 trong khu vực.",
    ],
)
def test_not_a_count(counts: Callable[[str], list[Mention]], sentence: str) -> None:
    assert [sentence[m.start : m.end] for m in counts(sentence)] == []


def test_offsets_index_the_sentence(counts: Callable[[str], list[Mention]]) -> None:
    sentence = "Sau hội nghị, gần 40 tổ chức đã đăng ký."
    m = _only(counts(sentence), sentence)
    assert sentence[m.start : m.end] == "gần 40 tổ chức"
    assert m.mod == "LESS_THAN" and m.total is None


def test_exact_count_has_no_mod(counts: Callable[[str], list[Mention]]) -> None:
    sentence = "Bộ đã cử 25 cán bộ đi học tập."
    m = _only(counts(sentence), sentence)
    assert (m.value, m.unit, m.mod) == (25.0, "cán bộ", None)


def test_old_style_tone_marks_match_the_lexicon(counts: Callable[[str], list[Mention]]) -> None:
    sentence = "Hai bên đã ký 3 thoả thuận và thành lập 2 uỷ ban."
    units = [m.unit for m in counts(sentence)]
    assert units == ["bên", "thỏa thuận", "ủy ban"]


def test_without_tokens_lexicon_heads_still_count() -> None:
    sentence = "Đã có 12 quốc gia tham gia."
    found = find_counts(sentence, [])
    assert [(sentence[m.start : m.end], m.value) for m in found] == [("12 quốc gia", 12.0)]


def test_alignment_fallback_tokens() -> None:
    sentence = "Có 7 chuyên gia dự."
    tokens = [Token(m.start(), m.end(), m.group(), "X") for m in _words(sentence)]
    found = find_counts(sentence, tokens)
    assert [sentence[m.start : m.end] for m in found] == ["7 chuyên gia"]


def _words(text: str) -> Iterator[re.Match[str]]:
    return re.finditer(r"\w+|[^\w\s]", text)


def test_custom_units() -> None:
    units = build_count_units([("con tàu", "object"), ("con", "classifier")])
    sentence = "Cảng đón 3 con tàu lớn."
    found = find_counts(sentence, [], units=units)
    assert [(sentence[m.start : m.end], m.unit) for m in found] == [("3 con tàu", "con tàu")]


def test_units_lexicon_file() -> None:
    rows = read_tsv(DEFAULT_UNITS_PATH, ["unit", "note"])
    names = [r["unit"] for r in rows]
    assert len(names) >= 300
    assert len({n.casefold() for n in names}) == len(names), "duplicate units"
    for required in ("văn bản ghi nhớ", "ủy ban", "tổ chức", "quốc gia", "USD", "đồng", "%"):
        assert required in names
    # durations are DATE: no time unit may be listed as a counted head
    assert not [n for n in names if tuple(n.casefold().split()) in TIME_UNITS]
    assert load_count_units().match(["văn", "bản", "ghi", "nhớ"], 0) == (
        4,
        "văn bản ghi nhớ",
        "document",
    )


@pytest.mark.parametrize(
    ("sentence", "place", "span"),
    [
        ("Có hơn 500 kỹ sư Nhật Bản làm việc tại đây.", "Nhật Bản", "hơn 500 kỹ sư"),
        ("Năm nay tuyển 2.000 thực tập sinh Việt Nam sang Đức.", "Việt Nam", "2.000 thực tập sinh"),
        ("Khoảng 40 học viên Lào đã tốt nghiệp.", "Lào", "Khoảng 40 học viên"),
    ],
)
def test_a_place_name_after_the_head_ends_the_counted_phrase(
    tagger: Tagger, sentence: str, place: str, span: str
) -> None:
    tokens = tokenize(sentence, 0, len(sentence), tagger=tagger)
    found = find_counts(sentence, tokens, place_starts={sentence.index(place)})
    assert [sentence[m.start : m.end] for m in found] == [span]


def test_head_glued_to_a_verb_ends_the_phrase() -> None:
    # The segmenter sometimes joins the head's last syllable to the next verb ("sinh tái"):
    # what follows is the clause, not the counted phrase.
    text = "Có 120 thực tập sinh tái nhập cảnh."
    words = [("Có", "V"), ("120", "M"), ("thực tập", "N"), ("sinh tái", "V"), ("nhập cảnh", "N")]
    tokens, pos = [], 0
    for word, tag in [*words, (".", "CH")]:
        start = text.index(word, pos)
        tokens.append(Token(start, start + len(word), word, tag))
        pos = start + len(word)
    found = find_counts(text, tokens, units=load_count_units())
    assert [text[m.start : m.end] for m in found] == ["120 thực tập sinh"]
