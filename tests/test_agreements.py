"""AGREEMENT grammar, lexicon and alias resolution (ANNOTATION §5, §9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.errors import ExtractError
from extract.extractors.agreements import (
    AgreementLexicon,
    find_agreements,
    load_agreement_lexicon,
    resolve_aliases,
)
from extract.extractors.lexicon import fold_syllable
from extract.records import Mention
from extract.segment.tokens import Tagger, tokenize, underthesea_tagger

# Heads listed in both cases match in any case; heads listed capitalised only ("Luật",
# "Kế hoạch", "Tuyên bố") match only capitalised, as in pipeline/lexicons/agreement_heads.tsv.
HEADS = [
    ("Hiệp định", "treaty"),
    ("hiệp định", "treaty"),
    ("Hiệp ước", "treaty"),
    ("Nghị định thư", "treaty"),
    ("nghị định thư", "treaty"),
    ("Bản ghi nhớ", "mou"),
    ("bản ghi nhớ", "mou"),
    ("Biên bản ghi nhớ", "mou"),
    ("biên bản ghi nhớ", "mou"),
    ("Văn bản ghi nhớ", "mou"),
    ("văn bản ghi nhớ", "mou"),
    ("Thỏa thuận", "arrangement"),
    ("thỏa thuận", "arrangement"),
    ("Thỏa thuận hợp tác", "arrangement"),
    ("thỏa thuận hợp tác", "arrangement"),
    ("Văn bản thỏa thuận", "arrangement"),
    ("văn bản thỏa thuận", "arrangement"),
    ("Văn kiện hợp tác", "arrangement"),
    ("văn kiện hợp tác", "arrangement"),
    ("Thư trao đổi", "arrangement"),
    ("Khung Chương trình", "arrangement"),
    ("Chương trình mục tiêu quốc gia", "legal"),
    ("Chương trình", "legal"),
    ("Ghi nhớ hợp tác", "mou"),
    ("ghi nhớ hợp tác", "mou"),
    ("Ý định thư", "arrangement"),
    ("ý định thư", "arrangement"),
    ("Chương trình hành động", "legal"),
    ("Công ước", "convention"),
    ("công ước", "convention"),
    ("Biên bản", "minutes"),
    ("biên bản", "minutes"),
    ("Tuyên bố", "declaration"),
    ("Quyết định", "legal"),
    ("quyết định", "legal"),
    ("Nghị quyết", "legal"),
    ("Nghị định", "legal"),
    ("nghị định", "legal"),
    ("Thông tư", "legal"),
    ("Chỉ thị", "legal"),
    ("Luật", "legal"),
    ("Bộ luật", "legal"),
    ("Chiến lược", "legal"),
    ("chiến lược", "legal"),
    ("Đề án", "legal"),
    ("đề án", "legal"),
    ("Kế hoạch", "legal"),
    ("Kế hoạch hành động", "legal"),
    ("Đồng thuận", "arrangement"),
]
NAMED = [
    (
        "CEDAW",
        "convention",
        ["CEDAW", "Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ"],
    ),
    ("EVFTA", "trade_agreement", ["EVFTA", "VEFTA"]),
    ("CPTPP", "trade_agreement", ["CPTPP"]),
    ("EPS", "arrangement", ["EPS", "Chương trình EPS", "Chương trình cấp phép việc làm"]),
    ("Luật Việc làm", "legal", ["Luật Việc làm"]),
    ("C88", "convention", ["Công ước số 88", "Công ước số 88 của ILO"]),
]


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return underthesea_tagger()


@pytest.fixture(scope="module")
def lexicon() -> AgreementLexicon:
    return AgreementLexicon.build(HEADS, NAMED, organizations=["ASCC", "UNDP"])


def _find(sentence: str, tagger: Tagger, lexicon: AgreementLexicon) -> list[Mention]:
    tokens = tokenize(sentence, 0, len(sentence), tagger=tagger)
    return find_agreements(sentence, tokens, lexicon=lexicon)


def _spans(sentence: str, mentions: list[Mention]) -> list[str]:
    return [sentence[m.start : m.end] for m in mentions]


@pytest.mark.parametrize(
    ("sentence", "span", "value", "kind"),
    [
        # treaty with parties and year; the signing place stays outside
        (
            "Bộ trưởng hai nước đã ký Hiệp định hợp tác lao động Việt Nam - Campuchia năm 2019"
            " tại Phnôm Pênh.",
            "Hiệp định hợp tác lao động Việt Nam - Campuchia năm 2019",
            "Hiệp định hợp tác lao động Việt Nam - Campuchia năm 2019",
            "treaty",
        ),
        # identifiers: "số" and the date stay outside the value / span
        (
            "Thủ tướng đã ký Quyết định số 2214/QĐ-TTg ngày 28/12/2023 về việc thành lập Ban.",
            "Quyết định số 2214/QĐ-TTg",
            "2214/QĐ-TTg",
            "legal",
        ),
        (
            "Các cấp ủy quán triệt Nghị quyết số 22-NQ/TW của Bộ Chính trị.",
            "Nghị quyết số 22-NQ/TW",
            "22-NQ/TW",
            "legal",
        ),
        (
            "Bộ vừa ban hành Thông tư 15/2023/TT-BLĐTBXH hướng dẫn thi hành.",
            "Thông tư 15/2023/TT-BLĐTBXH",
            "15/2023/TT-BLĐTBXH",
            "legal",
        ),
        # ILO conventions by number
        (
            "Việt Nam chính thức gia nhập Công ước số 105 về xóa bỏ lao động cưỡng bức.",
            "Công ước số 105 về xóa bỏ lao động cưỡng bức",
            "C105",
            "convention",
        ),
        # a listed full name takes its short value
        (
            "Đoàn đã trình bày báo cáo thực hiện Công ước về xóa bỏ mọi hình thức phân biệt đối"
            " xử với phụ nữ tại Giơ-ne-vơ.",
            "Công ước về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ",
            "CEDAW",
            "convention",
        ),
        # acronyms alone; VEFTA is EVFTA
        ("Doanh nghiệp tận dụng ưu đãi thuế quan từ CPTPP.", "CPTPP", "CPTPP", "trade_agreement"),
        ("Nhiều mặt hàng hưởng lợi từ VEFTA.", "VEFTA", "EVFTA", "trade_agreement"),
        # head + listed acronym takes the acronym's value
        (
            "Việc thực thi Hiệp định EVFTA đòi hỏi cải cách thể chế.",
            "Hiệp định EVFTA",
            "EVFTA",
            "trade_agreement",
        ),
        # a treaty about free trade is a trade agreement
        (
            "Hai nước khởi động đàm phán Hiệp định Thương mại tự do song phương giữa hai nước.",
            "Hiệp định Thương mại tự do song phương",
            "Hiệp định Thương mại tự do song phương",
            "trade_agreement",
        ),
        # lowercase heads: a signed generic instrument is annotated
        (
            "Hai cơ quan đã ký bản ghi nhớ hợp tác vào tháng trước.",
            "bản ghi nhớ hợp tác",
            "bản ghi nhớ hợp tác",
            "mou",
        ),
        # old tone placement ("thoả") and the "văn bản" prefix
        (
            "Hai trường đã ký kết văn bản thoả thuận về đào tạo nghề, mở ra nhiều cơ hội.",
            "văn bản thoả thuận về đào tạo nghề",
            "văn bản thoả thuận về đào tạo nghề",
            "arrangement",
        ),
        # a subject continues across "với"/"của" + common noun
        (
            "Chính phủ báo cáo việc thực hiện Công ước về chống phân biệt đối xử với người lao"
            " động di cư, nhận được đánh giá cao.",
            "Công ước về chống phân biệt đối xử với người lao động di cư",
            "Công ước về chống phân biệt đối xử với người lao động di cư",
            "convention",
        ),
        (
            "Việt Nam thực hiện Công ước về quyền của người khuyết tật từ năm 2015.",
            "Công ước về quyền của người khuyết tật",
            "Công ước về quyền của người khuyết tật",
            "convention",
        ),
        # a strategy's title runs to its horizon, ", tầm nhìn đến năm …" included
        (
            "Bộ triển khai Chiến lược phát triển giáo dục nghề nghiệp đến năm 2030, tầm nhìn đến"
            " năm 2045 do Thủ tướng phê duyệt.",
            "Chiến lược phát triển giáo dục nghề nghiệp đến năm 2030, tầm nhìn đến năm 2045",
            "Chiến lược phát triển giáo dục nghề nghiệp đến năm 2030, tầm nhìn đến năm 2045",
            "legal",
        ),
        # a policy title runs over "của" to its time horizon
        (
            "Bộ xây dựng Đề án nâng cao năng lực của Cộng đồng doanh nghiệp ASEAN đến năm 2027"
            " theo chỉ đạo của Chính phủ.",
            "Đề án nâng cao năng lực của Cộng đồng doanh nghiệp ASEAN đến năm 2027",
            "Đề án nâng cao năng lực của Cộng đồng doanh nghiệp ASEAN đến năm 2027",
            "legal",
        ),
        # an official title keeps "trong" and "đang" in its subject
        (
            "Các nhà lãnh đạo thông qua Tuyên bố về Thúc đẩy việc làm bền vững trong một nền"
            " kinh tế đang chuyển đổi.",
            "Tuyên bố về Thúc đẩy việc làm bền vững trong một nền kinh tế đang chuyển đổi",
            "Tuyên bố về Thúc đẩy việc làm bền vững trong một nền kinh tế đang chuyển đổi",
            "declaration",
        ),
        (
            "Sở đã ban hành Kế hoạch hành động thực hiện giai đoạn 2024 - 2026 và gửi các đơn vị.",
            "Kế hoạch hành động thực hiện giai đoạn 2024 - 2026",
            "Kế hoạch hành động thực hiện giai đoạn 2024 - 2026",
            "legal",
        ),
        # a nested head is part of the outer span (same-label spans never overlap)
        (
            "Bộ đang điều chỉnh Kế hoạch tổng thể thực hiện Đề án 88 cho phù hợp.",
            "Kế hoạch tổng thể thực hiện Đề án 88",
            "Kế hoạch tổng thể thực hiện Đề án 88",
            "legal",
        ),
        (
            "Quốc hội thông qua Luật Việc làm sửa đổi tại kỳ họp thứ 7.",
            "Luật Việc làm sửa đổi",
            "Luật Việc làm sửa đổi",
            "legal",
        ),
        # a law's title reads as a clause
        (
            "Bộ hướng dẫn thi hành Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo"
            " hợp đồng, có hiệu lực từ năm 2022.",
            "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
            "Luật Người lao động Việt Nam đi làm việc ở nước ngoài theo hợp đồng",
            "legal",
        ),
        # sentence-initial head with a proper name; a verb after the name ends it
        (
            "Bộ luật Lao động năm 2019 quy định rõ quyền của người lao động.",
            "Bộ luật Lao động năm 2019",
            "Bộ luật Lao động năm 2019",
            "legal",
        ),
        (
            "Việc ký kết Hiệp định Bảo hiểm xã hội mở ra cơ hội cho người lao động.",
            "Hiệp định Bảo hiểm xã hội",
            "Hiệp định Bảo hiểm xã hội",
            "treaty",
        ),
        # a bare head with its parties named right after it
        (
            "Trên cơ sở bản ghi nhớ với Bộ Lao động Nhật Bản, hai bên tổ chức đối thoại.",
            "bản ghi nhớ",
            "bản ghi nhớ",
            "mou",
        ),
        # minutes of a named meeting, with its session and year
        (
            "Hai Bộ trưởng ký Biên bản Hội nghị Bộ trưởng Lao động lần thứ 6 năm 2024; sau đó"
            " họp báo.",
            "Biên bản Hội nghị Bộ trưởng Lao động lần thứ 6 năm 2024",
            "Biên bản Hội nghị Bộ trưởng Lao động lần thứ 6 năm 2024",
            "minutes",
        ),
        # named programmes: a partner's worker programme, a framework, a national programme
        (
            "Người lao động sang Hàn Quốc theo Chương trình EPS ngày càng đông.",
            "Chương trình EPS",
            "EPS",
            "arrangement",
        ),
        (
            "Hai bên ký Khung Chương trình Quốc gia về Việc làm bền vững cho giai đoạn mới.",
            "Khung Chương trình Quốc gia về Việc làm bền vững",
            "Khung Chương trình Quốc gia về Việc làm bền vững",
            "arrangement",
        ),
        (
            "Các tỉnh triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn"
            " 2021-2025 đạt kết quả tốt.",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
            "Chương trình mục tiêu quốc gia xây dựng nông thôn mới giai đoạn 2021-2025",
            "legal",
        ),
        # a subject list closed by "và"
        (
            "Hai nước ký Bản ghi nhớ về hợp tác trong lĩnh vực lao động, việc làm và an sinh xã"
            " hội.",
            "Bản ghi nhớ về hợp tác trong lĩnh vực lao động, việc làm và an sinh xã hội",
            "Bản ghi nhớ về hợp tác trong lĩnh vực lao động, việc làm và an sinh xã hội",
            "mou",
        ),
        (
            "Bộ phối hợp xây dựng Chương trình hành động về trẻ em, gia đình và bình đẳng giới.",
            "Chương trình hành động về trẻ em, gia đình và bình đẳng giới",
            "Chương trình hành động về trẻ em, gia đình và bình đẳng giới",
            "legal",
        ),
        # a subject list may close before a governing word ("giữa")
        (
            "Hai Bộ trưởng ký Thỏa thuận về tuyển chọn, đào tạo và bảo hộ lao động giữa hai nước.",
            "Thỏa thuận về tuyển chọn, đào tạo và bảo hộ lao động",
            "Thỏa thuận về tuyển chọn, đào tạo và bảo hộ lao động",
            "arrangement",
        ),
        # a field after the head is the subject
        (
            "Hai bộ đã ký Thỏa thuận hợp tác trong lĩnh vực y tế dự phòng với phía Pháp.",
            "Thỏa thuận hợp tác trong lĩnh vực y tế dự phòng",
            "Thỏa thuận hợp tác trong lĩnh vực y tế dự phòng",
            "arrangement",
        ),
        # a quoted title right after the head
        (
            'Các nước thành viên thông qua Tuyên bố "Hướng tới một nền giáo dục mở cho mọi'
            ' người" tại hội nghị.',
            'Tuyên bố "Hướng tới một nền giáo dục mở cho mọi người"',
            'Tuyên bố "Hướng tới một nền giáo dục mở cho mọi người"',
            "declaration",
        ),
        # a named programme of one government
        (
            "Thêm nhiều nước tham gia Chương trình Lao động Thời vụ New Zealand trong năm nay.",
            "Chương trình Lao động Thời vụ New Zealand",
            "Chương trình Lao động Thời vụ New Zealand",
            "legal",
        ),
        # the memorandum written without "bản"
        (
            "Tỉnh đã ký ghi nhớ hợp tác với tỉnh Xiêng Khoảng của Lào.",
            "ghi nhớ hợp tác",
            "ghi nhớ hợp tác",
            "mou",
        ),
        (
            "Hai trường đại học trao Ý định thư về hợp tác đào tạo điều dưỡng.",
            "Ý định thư về hợp tác đào tạo điều dưỡng",
            "Ý định thư về hợp tác đào tạo điều dưỡng",
            "arrangement",
        ),
        # where people are sent belongs to a subject about sending them
        (
            "Hai cơ quan ký Bản ghi nhớ về việc tuyển chọn điều dưỡng viên sang làm việc tại"
            " Cộng hòa Liên bang Đức.",
            "Bản ghi nhớ về việc tuyển chọn điều dưỡng viên sang làm việc tại Cộng hòa Liên bang"
            " Đức",
            "Bản ghi nhớ về việc tuyển chọn điều dưỡng viên sang làm việc tại Cộng hòa Liên bang"
            " Đức",
            "mou",
        ),
        # "phòng, chống" is one compound
        (
            "Bộ triển khai Chiến lược quốc gia phòng, chống tham nhũng đến năm 2030 trên cả nước.",
            "Chiến lược quốc gia phòng, chống tham nhũng đến năm 2030",
            "Chiến lược quốc gia phòng, chống tham nhũng đến năm 2030",
            "legal",
        ),
        # an instrument named inside a resolution's title keeps its owner and subject
        (
            "Quốc hội biểu quyết Nghị quyết phê chuẩn Công ước số 98 của Tổ chức Lao động Quốc"
            " tế về quyền thương lượng tập thể, với đa số phiếu.",
            "Nghị quyết phê chuẩn Công ước số 98 của Tổ chức Lao động Quốc tế về quyền thương"
            " lượng tập thể",
            "Nghị quyết phê chuẩn Công ước số 98 của Tổ chức Lao động Quốc tế về quyền thương"
            " lượng tập thể",
            "legal",
        ),
    ],
)
def test_finds_agreement(
    sentence: str, span: str, value: str, kind: str, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    found = _find(sentence, tagger, lexicon)
    assert span in _spans(sentence, found)
    mention = next(m for m in found if sentence[m.start : m.end] == span)
    assert (mention.label, mention.value, mention.kind) == ("AGREEMENT", value, kind)
    assert mention.source.startswith(("agreement_grammar:", "agreement_lexicon"))


@pytest.mark.parametrize(
    "sentence",
    [
        # generic plural mentions with nothing identifying them
        "Các hiệp định, thỏa thuận song phương đã ký kết đều được thực hiện nghiêm túc.",
        "Nhiều thỏa thuận hợp tác đã được ký trong năm qua.",
        "Các bên cam kết thúc đẩy các hiệp định thương mại tự do thế hệ mới.",
        # counted ones are COUNTs
        "Bộ đã ký trên 20 thỏa thuận hợp tác với các đối tác.",
        "Hai bên đã ký 3 văn bản ghi nhớ trong chuyến thăm.",
        "Việt Nam đã phê chuẩn 7/8 công ước cơ bản.",
        "Bộ đã ký 12 thỏa thuận, biên bản hợp tác với các nước.",
        # heads used as verbs or adjectives
        "Chủ tịch nước đã tuyên bố khai mạc hội nghị.",
        "Hai bên đã thỏa thuận về lịch trình làm việc.",
        "Hai bên thỏa thuận về việc tăng cường trao đổi đoàn.",
        "Đồng thuận cao giữa các bên là cơ sở để triển khai.",
        "Đó là yếu tố quyết định thành công của dự án.",
        "Hai nước là đối tác chiến lược của nhau.",
        "Quan hệ Đối tác Chiến lược Toàn diện Việt Nam - Hàn Quốc phát triển mạnh.",
        # common nouns without a name or number
        "Các đơn vị cần lập kế hoạch chi tiết cho năm tới.",
        "Người lao động phải tuân thủ pháp luật nước sở tại.",
        "Chương trình đào tạo của trường rất hiện đại.",
        "Hai bên ghi nhớ hợp tác với các đối tác trong khu vực.",
        "Ông giới thiệu Chương trình của đoàn trong ba ngày.",
        'Nhà đài phát sóng chương trình "Chào buổi sáng" mỗi ngày.',
        'Tỉnh đoàn tổ chức Chương trình "Xuân biên giới" cho bộ đội.',
        "Chương trình Hội nghị gồm ba phiên thảo luận.",
        # bare back-references and predicate nominals
        "Hiệp định đã chính thức có hiệu lực.",
        "Theo thỏa thuận, phía Nhật Bản sẽ tiếp nhận thêm thực tập sinh.",
        "Theo Hiệp định giữa hai nước, người lao động được miễn đóng bảo hiểm.",
        "Bộ trưởng cho rằng thỏa thuận hợp tác lần này mở ra cơ hội mới.",
        "Đây là Hiệp định song phương đầu tiên của hai nước.",
        "Công ước số 100 là công ước kỹ thuật của tổ chức này.",
        # a UN programme is an organization; a project is not an agreement
        "Trưởng đại diện Chương trình Phát triển Liên hợp quốc tại Việt Nam phát biểu.",
        "Dự án hỗ trợ kỹ thuật do Nhật Bản tài trợ đã kết thúc.",
        # "Kế hoạch" in the name of a ministry or department
        "Bộ trưởng Bộ Kế hoạch và Đầu tư Lào Sonexay Siphandone tiếp đoàn.",
        "Sở Kế hoạch và Đầu tư Bình Dương cấp phép cho 20 dự án mới.",
    ],
)
def test_excludes(sentence: str, tagger: Tagger, lexicon: AgreementLexicon) -> None:
    found = _find(sentence, tagger, lexicon)
    if sentence.startswith("Công ước số 100"):
        assert _spans(sentence, found) == ["Công ước số 100"]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("sentence", "span", "value"),
    [
        # a listed written name covering the whole span gives its value
        ("Bộ hướng dẫn thi hành Luật Việc làm trên cả nước.", "Luật Việc làm", "Luật Việc làm"),
        # a longer span keeps its own text when the listed value is just a written name
        (
            "Quốc hội thông qua Luật Việc làm năm 2013 tại kỳ họp thứ 6.",
            "Luật Việc làm năm 2013",
            "Luật Việc làm năm 2013",
        ),
        # a listed name running on over "của" does not move the span's end
        ("Việt Nam gia nhập Công ước số 88 của ILO năm 2019.", "Công ước số 88", "C88"),
    ],
)
def test_listed_names(
    sentence: str, span: str, value: str, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    found = _find(sentence, tagger, lexicon)
    assert [(sentence[m.start : m.end], m.value) for m in found] == [(span, value)]


def test_parenthesised_acronym_is_its_own_mention(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentence = (
        "Báo cáo thực hiện Công ước Quốc tế về các quyền Kinh tế, Xã hội và Văn hóa (ICESCR)"
        " được công bố."
    )
    found = _find(sentence, tagger, lexicon)
    assert _spans(sentence, found) == [
        "Công ước Quốc tế về các quyền Kinh tế, Xã hội và Văn hóa",
        "ICESCR",
    ]
    assert found[0].value == found[1].value == found[0].value
    assert found[1].kind == "convention"


def test_signing_place_is_not_part_of_the_subject(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentence = "Hai bên đã ký Bản ghi nhớ về hợp tác lao động tại Hà Nội."
    assert _spans(sentence, _find(sentence, tagger, lexicon)) == ["Bản ghi nhớ về hợp tác lao động"]


@pytest.mark.parametrize("acronym", ["MOC", "MoU", "LOI"])
def test_instrument_acronym_is_an_alias_even_if_an_organization_has_it(
    acronym: str, tagger: Tagger
) -> None:
    lexicon = AgreementLexicon.build(HEADS, NAMED, organizations=["MOC", "LOI"])
    sentence = f"Hai bộ đã ký Bản ghi nhớ hợp tác ({acronym}) về đào tạo nghề."
    found = _find(sentence, tagger, lexicon)
    assert [(sentence[m.start : m.end], m.value) for m in found] == [
        ("Bản ghi nhớ hợp tác", "Bản ghi nhớ hợp tác"),
        (acronym, "Bản ghi nhớ hợp tác"),
    ]


def test_acronym_of_an_organization_is_not_an_alias(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentence = "Các Bộ trưởng rà soát Kế hoạch tổng thể xây dựng Cộng đồng Văn hóa (ASCC)."
    assert _spans(sentence, _find(sentence, tagger, lexicon)) == [
        "Kế hoạch tổng thể xây dựng Cộng đồng Văn hóa"
    ]


def test_works_without_pos_tags(lexicon: AgreementLexicon) -> None:
    sentence = "Hai bên đã ký Thỏa thuận hành chính về bảo hiểm xã hội giữa hai nước."
    found = find_agreements(sentence, [], lexicon=lexicon)
    assert _spans(sentence, found) == ["Thỏa thuận hành chính về bảo hiểm xã hội"]


def _resolve(
    sentences: list[str], tagger: Tagger, lexicon: AgreementLexicon
) -> list[list[tuple[str, str | float | None]]]:
    found = [_find(s, tagger, lexicon) for s in sentences]
    resolved = resolve_aliases(found, sentences, lexicon=lexicon)
    return [
        [(s[m.start : m.end], m.value) for m in ms]
        for s, ms in zip(sentences, resolved, strict=True)
    ]


def test_short_name_and_title_take_the_decision_number(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Bộ thực hiện Chiến lược phát triển nguồn nhân lực đến năm 2030 ban hành kèm theo"
        " Quyết định số 567/QĐ-TTg ngày 5/5/2021 (Chiến lược 567).",
        "Trong năm tới, Chiến lược 567 sẽ tiếp tục được triển khai.",
        "Bộ đã báo cáo kết quả thực hiện Chiến lược phát triển nguồn nhân lực 2021 - 2025.",
    ]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved == [
        [
            ("Chiến lược phát triển nguồn nhân lực đến năm 2030", "567/QĐ-TTg"),
            ("Quyết định số 567/QĐ-TTg", "567/QĐ-TTg"),
            ("Chiến lược 567", "567/QĐ-TTg"),
        ],
        [("Chiến lược 567", "567/QĐ-TTg")],
        [("Chiến lược phát triển nguồn nhân lực 2021 - 2025", "567/QĐ-TTg")],
    ]


def test_decision_approving_a_programme_gives_its_number(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentence = (
        "Thực hiện Quyết định số 1001/QĐ-TTg ngày 10/9/2022 của Thủ tướng Chính phủ phê duyệt"
        " Đề án phát triển thị trường lao động giai đoạn 2022-2025, Bộ đã vào cuộc."
    )
    assert [v for _, v in _resolve([sentence], tagger, lexicon)[0]] == [
        "1001/QĐ-TTg",
        "1001/QĐ-TTg",
    ]


def test_acronym_short_name_takes_the_full_name(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentences = [
        "Hai nước đã ký Hiệp định Bảo hiểm xã hội vào năm ngoái.",
        "Hiệp định BHXH giúp người lao động được cộng dồn thời gian đóng.",
    ]
    assert _resolve(sentences, tagger, lexicon)[1] == [
        ("Hiệp định BHXH", "Hiệp định Bảo hiểm xã hội")
    ]


def test_parenthesised_identifier_names_the_title(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentence = "Luật Việc làm (Luật số 38/2013/QH13) có hiệu lực từ năm 2015."
    assert _resolve([sentence], tagger, lexicon)[0] == [
        ("Luật Việc làm", "38/2013/QH13"),
        ("Luật số 38/2013/QH13", "38/2013/QH13"),
    ]


def test_short_number_without_a_matching_decision_keeps_its_text(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Bộ đã sơ kết Đề án 06 trong năm qua.",
        "Các bộ quán triệt Nghị quyết số 06-NQ/TW của Bộ Chính trị.",
    ]
    assert _resolve(sentences, tagger, lexicon)[0] == [("Đề án 06", "Đề án 06")]


def test_acronym_introduced_by_goi_tat_la(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentence = "Hai bộ ký Bản ghi nhớ hợp tác (gọi tắt là MOU) về đào tạo nghề."
    found = _find(sentence, tagger, lexicon)
    assert [(sentence[m.start : m.end], m.value) for m in found] == [
        ("Bản ghi nhớ hợp tác", "Bản ghi nhớ hợp tác"),
        ("MOU", "Bản ghi nhớ hợp tác"),
    ]


def test_bare_head_with_an_instrument_acronym(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentence = "Hai bộ ký Bản ghi nhớ (MOU) về hợp tác phòng chống tội phạm."
    found = _find(sentence, tagger, lexicon)
    assert [(sentence[m.start : m.end], m.value) for m in found] == [
        ("Bản ghi nhớ", "Bản ghi nhớ"),
        ("MOU", "Bản ghi nhớ"),
    ]


def test_defined_acronym_is_found_wherever_it_is_written(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Hai bộ đã ký Bản ghi nhớ hợp tác (MOC) về đào tạo nghề.",
        "Theo MOC, hai bên trao đổi chuyên gia; MOCA và X-MOC không phải là nó.",
    ]
    found = [_find(s, tagger, lexicon) for s in sentences]
    resolved = resolve_aliases(found, sentences, lexicon=lexicon)
    uses = [(sentences[1][m.start : m.end], m.value, m.kind) for m in resolved[1]]
    assert uses == [("MOC", "Bản ghi nhớ hợp tác", "mou")]
    assert sentences[1][resolved[1][0].start :].startswith("MOC, hai")


def test_generic_mention_takes_the_one_specific_instrument(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Hai nước trao đổi văn kiện hợp tác giữa Bộ Y tế hai nước.",
        "Bộ trưởng ký Bản ghi nhớ về phòng chống dịch bệnh truyền nhiễm giữa hai bộ.",
        "Bản ghi nhớ hợp tác giữa hai bộ có hiệu lực ngay.",
    ]
    resolved = _resolve(sentences, tagger, lexicon)
    named = "Bản ghi nhớ về phòng chống dịch bệnh truyền nhiễm"
    # The hypernym ("văn kiện hợp tác") refers to the memorandum; a generic memorandum under the
    # instrument's own head keeps its text (dev gold: "Bản ghi nhớ hợp tác giữa …" after "Bản ghi
    # nhớ hợp tác trong lĩnh vực lao động").
    assert [v for ms in resolved for _, v in ms] == [named, named, "Bản ghi nhớ hợp tác"]


def test_spellings_of_one_name_take_the_fullest(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    full = "Khung Chương trình Quốc gia về Việc làm thỏa đáng, giai đoạn 2022 – 2026"
    sentences = [
        "Thống nhất ưu tiên trong Khung Chương trình quốc gia việc làm thỏa đáng "
        "giai đoạn 2022-2026",
        f"Bộ tổ chức lễ triển khai {full}.",
        "Các bên đã ký Khung Chương trình Quốc gia về Việc làm thỏa đáng lần thứ tư của Việt Nam.",
    ]
    resolved = _resolve(sentences, tagger, lexicon)
    assert [v for ms in resolved for _, v in ms] == [full] * 3
    # the ordinal counts frameworks; it is not part of the name
    assert resolved[2][0][0] == "Khung Chương trình Quốc gia về Việc làm thỏa đáng"


@pytest.mark.parametrize(
    ("longer", "linked"),
    [
        ("Luật Việc làm năm 2013 đã được thông qua.", False),  # a year: maybe another law
        ("Luật Việc làm sửa đổi đã được thông qua.", False),  # an amendment
        ("Kế hoạch Hành động Quốc gia về lao động giai đoạn 2021 - 2025 được ban hành.", True),
    ],
)
def test_what_a_longer_name_may_add(
    longer: str, linked: bool, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    short = (
        "Luật Việc làm" if longer.startswith("Luật") else "Kế hoạch Hành động Quốc gia về lao động"
    )
    sentences = [longer, f"Bộ triển khai {short} trên cả nước."]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved[1][0][0] == short
    assert (resolved[1][0][1] == resolved[0][0][1]) is linked


def test_quoted_title_closes_the_subject(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentence = (
        'KOICA đã ký biên bản thảo luận về dự án xây dựng "Trung tâm Bảo trợ xã hội và phục hồi '
        'chức năng" với tỉnh Quảng Trị.'
    )
    found = _find(sentence, tagger, lexicon)
    assert [sentence[m.start : m.end] for m in found] == [
        'biên bản thảo luận về dự án xây dựng "Trung tâm Bảo trợ xã hội và phục hồi chức năng"'
    ]


@pytest.mark.parametrize(
    "other",
    [
        # two specific instruments: the generic one could be either
        "Hai bộ cũng ký Bản ghi nhớ về đào tạo bác sĩ gia đình giữa hai bộ.",
        # a dated name is one of several instruments of its kind
        "Bản ghi nhớ về y tế cơ sở năm 2015 giữa hai bộ đã hết hạn.",
    ],
)
def test_generic_mention_stays_itself_when_ambiguous(
    other: str, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Bộ trưởng ký Bản ghi nhớ về phòng chống dịch bệnh truyền nhiễm giữa hai bộ.",
        other,
        "Bản ghi nhớ hợp tác giữa hai bộ có hiệu lực ngay.",
    ]
    if "2015" in other:
        sentences = [sentences[1], sentences[2]]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved[-1] == [("Bản ghi nhớ hợp tác", "Bản ghi nhớ hợp tác")]


def test_plural_generic_mention_is_not_linked(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentences = [
        "Bộ trưởng ký Bản ghi nhớ về phòng chống dịch bệnh truyền nhiễm giữa hai bộ.",
        "Bộ đã ký các văn kiện hợp tác với Lào và Campuchia.",
    ]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved[1] == [("văn kiện hợp tác", "văn kiện hợp tác")]


_LONG_ARRANGEMENT = "Hai bộ ký Thỏa thuận hành chính thực hiện Hiệp định về lao động thời vụ."


def test_shorter_form_takes_the_written_out_name(tagger: Tagger, lexicon: AgreementLexicon) -> None:
    sentences = [_LONG_ARRANGEMENT, "Việc ký Thỏa thuận hành chính hôm nay là bước quan trọng."]
    resolved = _resolve(sentences, tagger, lexicon)
    full = resolved[0][0][1]
    assert full.startswith("Thỏa thuận hành chính thực hiện Hiệp định")
    assert resolved[1] == [("Thỏa thuận hành chính", full)]


@pytest.mark.parametrize(
    "other",
    [
        # two different longer names: the short one could be either
        "Hai bộ cũng ký Thỏa thuận hành chính về bảo hiểm y tế.",
        # a year added marks one of several instruments
        "Thỏa thuận hành chính năm 2015 đã hết hạn.",
    ],
)
def test_shorter_form_stays_itself_when_ambiguous(
    other: str, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    if "2015" in other:
        sentences = [other, "Việc ký Thỏa thuận hành chính hôm nay là bước quan trọng."]
    else:
        sentences = [_LONG_ARRANGEMENT, other, "Việc ký Thỏa thuận hành chính hôm nay là bước."]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved[-1] == [("Thỏa thuận hành chính", "Thỏa thuận hành chính")]


def test_shorter_form_with_its_own_parties_names_itself(
    tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    sentences = [
        "Bộ Công Thương thúc đẩy Hiệp định Thương mại tự do Việt Nam - Israel.",
        "Hai bên bàn về Hiệp định Thương mại tự do giữa Việt Nam và Liên minh hải quan.",
    ]
    resolved = _resolve(sentences, tagger, lexicon)
    assert resolved[1][0] == ("Hiệp định Thương mại tự do", "Hiệp định Thương mại tự do")


def test_other_labels_pass_through(lexicon: AgreementLexicon) -> None:
    org = Mention(0, 3, "ORG", "ILO", "lexicon:organizations")
    assert resolve_aliases([[org]], ["ILO họp."], lexicon=lexicon) == [[org]]


def test_load_agreement_lexicon(tmp_path: Path, tagger: Tagger) -> None:
    (tmp_path / "agreement_heads.tsv").write_text(
        "# heads\nhead\tkind\tnote\nThoả thuận\tarrangement\told tone placement\n"
        "Công ước\tconvention\t\n",
        encoding="utf-8",
    )
    (tmp_path / "named_agreements.tsv").write_text(
        "value\tkind\tnames\nRCEP\ttrade_agreement\tRCEP|Hiệp định Đối tác Kinh tế Toàn diện"
        " Khu vực\n",
        encoding="utf-8",
    )
    lexicon = load_agreement_lexicon(tmp_path)
    sentence = "Hai bên ký Thỏa thuận về đào tạo nghề và hưởng lợi từ RCEP."
    found = _find(sentence, tagger, lexicon)
    assert [(sentence[m.start : m.end], m.value, m.kind) for m in found] == [
        ("Thỏa thuận về đào tạo nghề", "Thỏa thuận về đào tạo nghề", "arrangement"),
        ("RCEP", "RCEP", "trade_agreement"),
    ]
    assert next(iter(lexicon.heads.values())).note == "old tone placement"


def test_missing_lexicon_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="E031"):
        load_agreement_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("words", "i", "capitalized", "expected"),
    [
        # Longest first: "thỏa thuận hợp tác" before "thỏa thuận".
        (
            "ký thỏa thuận hợp tác lao động",
            1,
            False,
            [(4, "thỏa thuận hợp tác"), (2, "thỏa thuận")],
        ),
        # A head cut off by the sentence end matches only as far as it goes.
        ("hai bên ký thỏa thuận", 3, False, [(2, "thỏa thuận")]),
        # Capitalised-only heads need a capital ("Luật Việc làm", not "pháp luật").
        ("tuân thủ luật lao động", 2, False, []),
        ("theo Luật Lao động", 1, True, [(1, "Luật")]),
        ("ký thỏa thuận", 3, False, []),  # past the sentence end
    ],
)
def test_heads_at(
    words: str,
    i: int,
    capitalized: bool,
    expected: list[tuple[int, str]],
    lexicon: AgreementLexicon,
) -> None:
    keys = [fold_syllable(w) for w in words.split()]
    found = lexicon.heads_at(keys, i, capitalized=capitalized)
    assert [(n, head.head.casefold()) for n, head in found] == [
        (n, h.casefold()) for n, h in expected
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hai nước đã trao đổi kinh nghiệm về đào tạo nghề.", False),
        ("Hai bên ký Bản ghi nhớ về hợp tác lao động.", True),
        ("HIỆP ĐỊNH được phê chuẩn năm ngoái.", True),  # any case: the grammar checks it later
        ("Hoà bình và ổn định khu vực.", False),
        ("Bảo tồn văn hóa dân tộc.", False),  # "văn" opens heads, "văn hóa" is none
    ],
)
def test_may_open_head(text: str, expected: bool, lexicon: AgreementLexicon) -> None:
    assert lexicon.may_open_head(text) is expected


def test_may_open_head_without_plain_head_words() -> None:
    # A head whose first word is a code cannot be ruled out from syllables: always try.
    lexicon = AgreementLexicon.build([("QĐ-TTg", "legal")], [])
    assert lexicon.may_open_head("Không có gì ở đây.")


@pytest.mark.parametrize(
    ("sentence", "span"),
    [
        # the ordinal numbers the meeting whose minutes these are: part of the name
        (
            "Hai Bộ trưởng ký Biên bản Hội nghị Bộ trưởng Lao động lần thứ 5, trong đó có ba ý.",
            "Biên bản Hội nghị Bộ trưởng Lao động lần thứ 5",
        ),
        # the ordinal counts the instrument itself: not part of its name
        (
            "Đây là Khung Chương trình Quốc gia về Việc làm thỏa đáng lần thứ tư của Việt Nam.",
            "Khung Chương trình Quốc gia về Việc làm thỏa đáng",
        ),
    ],
)
def test_ordinal_belongs_to_a_meeting_name_only(
    sentence: str, span: str, tagger: Tagger, lexicon: AgreementLexicon
) -> None:
    found = _find(sentence, tagger, lexicon)
    assert [sentence[m.start : m.end] for m in found] == [span]
