"""PER names: titles before them, honorifics, surnames, credits and bylines, short forms."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from extract.extractors.lexicon import SyllableMatcher
from extract.extractors.organizations import name_key
from extract.extractors.people import (
    PeopleExtractor,
    PeopleLexicons,
    PersonGrammar,
    byline,
    load_place_names,
)
from extract.records import Mention
from extract.segment.sentences import split_sentences, underthesea_splitter
from extract.segment.spacy_doc import build_doc
from extract.segment.tokens import tokenize, underthesea_tagger

TITLES = {
    "Thứ trưởng": "office",
    "Bộ trưởng": "office",
    "Giám đốc": "office",
    "Trưởng đại diện": "office",
    "Chủ tịch": "office",
    "Thủ tướng": "office",
    "Phó Cục trưởng": "office",
    "Phó Vụ trưởng": "office",
    "Đại sứ": "office",
    "Bí thư": "office",
    "Bí thư Tỉnh ủy": "office",
    "Chủ tịch UBND": "office",
    "ông": "honorific",
    "bà": "honorific",
    "cháu": "honorific",
}
SURNAMES = frozenset(
    {"nguyễn", "trần", "lê", "phạm", "hà", "hoa", "phó", "hồ", "vũ", "giáp", "đinh"}
)
PLACE_NAMES = ["Hà Lan", "Hoa Kỳ", "Lào", "Việt Nam", "Hà Nội", "Hà Giang"]
# What earlier stages would have marked: (surface, label, value).
KNOWN = [
    ("Bộ Nội vụ", "ORG", "MOHA"),
    ("ILO", "ORG", "ILO"),
    ("Liên hợp quốc", "ORG", "UN"),
    ("Việt Nam", "GPE", "VNM"),
    ("Hoa Kỳ", "GPE", "USA"),
    ("Hà Lan", "GPE", "NLD"),
    ("Lào", "GPE", "LAO"),
    ("Hà Nội", "LOC", "Hà Nội"),
    ("Thành phố Hồ Chí Minh", "LOC", "Thành phố Hồ Chí Minh"),
    ("TTXVN", "ORG", "TTXVN"),
    ("Tỉnh ủy Bắc Ninh", "ORG", "Tỉnh ủy Bắc Ninh"),
    ("UBND tỉnh Quảng Nam", "ORG", "UBND tỉnh Quảng Nam"),
]


def _lexicons() -> PeopleLexicons:
    places = frozenset(name_key(p) for p in PLACE_NAMES)
    return PeopleLexicons(TITLES, SURNAMES, places)


def _known(text: str) -> list[Mention]:
    matcher: SyllableMatcher[tuple[str, str]] = SyllableMatcher()
    for surface, label, value in KNOWN:
        matcher.add(surface, (label, value))
    return [
        Mention(h.start, h.end, h.payloads[0][0], h.payloads[0][1], "lexicon:test")
        for h in matcher.find(text)
    ]


@pytest.fixture(scope="module")
def tagger():
    return underthesea_tagger()


@pytest.fixture(scope="module")
def people(tagger):
    """PER mentions of one sentence as (name, title) pairs."""
    grammar = PersonGrammar(_lexicons())

    def _run(text: str, given: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
        tokens = tokenize(text, 0, len(text), tagger=tagger)
        found = grammar.find(text, tokens, _known(text), given_names=given)
        return [(text[m.start : m.end], m.title) for m in found]

    return _run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # title + organization + Vietnamese name: the organization belongs to the title
        (
            "Thứ trưởng Bộ Nội vụ Nguyễn Văn Hùng cho biết kế hoạch đã hoàn thành.",
            ("Nguyễn Văn Hùng", "Thứ trưởng Bộ Nội vụ"),
        ),
        # title + office + acronym + place + foreign name
        (
            "Giám đốc Văn phòng ILO tại Việt Nam Jane Mitchell phát biểu khai mạc.",
            ("Jane Mitchell", "Giám đốc Văn phòng ILO tại Việt Nam"),
        ),
        (
            "Trưởng đại diện Liên hợp quốc tại Việt Nam Pauline Tamesis đánh giá cao.",
            ("Pauline Tamesis", "Trưởng đại diện Liên hợp quốc tại Việt Nam"),
        ),
        # a listed title that ends inside an organization name runs to the end of that name
        (
            "Bí thư Tỉnh ủy Bắc Ninh Nguyễn Anh Tuấn chủ trì hội nghị.",
            ("Nguyễn Anh Tuấn", "Bí thư Tỉnh ủy Bắc Ninh"),
        ),
        (
            "Chủ tịch UBND tỉnh Quảng Nam Lê Trí Thanh cho biết kết quả.",
            ("Lê Trí Thanh", "Chủ tịch UBND tỉnh Quảng Nam"),
        ),
        # a place directly after a title qualifies it, like a country
        ("Bí thư Hà Nội Đinh Văn Huy thăm trường.", ("Đinh Văn Huy", "Bí thư Hà Nội")),
        # a lower-case syllable glued to the foreign syllable after it belongs to the name
        (
            "Bộ trưởng Lào Bounkham vo Vorachit phát biểu.",
            ("Bounkham vo Vorachit", "Bộ trưởng Lào"),
        ),
        ("Bà Thongsouk sing Saysana dự lễ.", ("Thongsouk sing Saysana", None)),
        # a bare title
        ("Chủ tịch Hồ Chí Minh đã ký sắc lệnh.", ("Hồ Chí Minh", "Chủ tịch")),
        # a country before a foreign name qualifies the title
        (
            "Thủ tướng Lào Sonexay Siphandone tiếp đoàn.",
            ("Sonexay Siphandone", "Thủ tướng Lào"),
        ),
        # honorifics are not titles; a title after the name is not recorded (§9)
        ("Bà Trần Thị Lan, Phó Cục trưởng, cho biết thêm.", ("Trần Thị Lan", None)),
        # a short form after an honorific (§9)
        ("Theo bà Lan, việc này rất cần thiết.", ("Lan", None)),
        # foreign names with particles, initials and hyphens
        ("Ông Gilbert F. Houngbo đến thăm.", ("Gilbert F. Houngbo", None)),
        ("Ông Ali bin Hamad Al Thani dự lễ.", ("Ali bin Hamad Al Thani", None)),
        ("Bà Lee Hye-jin phát biểu.", ("Lee Hye-jin", None)),
        # a surname starts a name without any title
        (
            "Phát biểu tại hội thảo, Lê Minh Tuấn nhấn mạnh vai trò của đào tạo.",
            ("Lê Minh Tuấn", None),
        ),
        # a country syllable inside a name does not break it
        ("Bà Hà Thị Thu Lào trình bày.", ("Hà Thị Thu Lào", None)),
        # a photo credit
        ("Quang cảnh buổi lễ. (Ảnh: Thu Hà/TTXVN)", ("Thu Hà", None)),
        # initials written for a name
        ("Bà P.T.L. (52 tuổi) cho biết đã bị lừa.", ("P.T.L.", None)),
        ("Ông Đ.V.K, trú tại xã bên, đã đến trình báo.", ("Đ.V.K", None)),
        ("Khi đó, cháu L.T.N (6 tuổi) đã được cứu.", ("L.T.N", None)),
        # a foreign honorific between the title and the name is neither
        (
            "Thủ tướng Lào Tan Sri Razak Hamid phát biểu.",
            ("Razak Hamid", "Thủ tướng Lào"),
        ),
        ("Chủ tịch Dato’ Sri bin Osman dự lễ.", ("bin Osman", "Chủ tịch")),
    ],
)
def test_people_found(people, text: str, expected: tuple[str, str | None]) -> None:
    assert expected in people(text)


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # countries and places are not names, even with a surname-like first syllable
        ("Các nước như Hà Lan, Hoa Kỳ đã hỗ trợ.", "Hà Lan"),
        ("Các nước như Hà Lan, Hoa Kỳ đã hỗ trợ.", "Hoa Kỳ"),
        ("Đoàn đã đến Thành phố Hồ Chí Minh.", "Hồ Chí Minh"),
        # a listed place the gazetteer left unmarked is still no name
        ("Đoàn công tác đã đến Hà Giang hôm qua.", "Hà Giang"),
        # a title word is not a name ("Phó" is also a surname)
        ("Bà Lan, Phó Vụ trưởng, cho biết.", "Phó Vụ"),
        # a title followed by a common capitalised word
        ("Bộ trưởng Lao động các nước đã họp.", "Lao"),
        # a single capital letter after an honorific
        ("Ông A nói vậy.", "A"),
        # a preposition or verb after a foreign name is not part of it
        ("Bà Merkel tại Berlin dự lễ.", "Merkel tại Berlin"),
        ("Ông Putin gặp Zelensky tại Istanbul.", "Putin gặp Zelensky"),
        ("Hội nghị các Bộ trưởng Lao động ASEAN đã bế mạc.", "Lao động"),
        ("Bộ trưởng Lao động Campuchia đã tới Hà Nội.", "Lao động Campuchia"),
        ("Thứ trưởng Lao động Australia phát biểu.", "Lao động Australia"),
        # a title followed by an organization only
        ("Thứ trưởng Bộ Nội vụ cho biết.", "Bộ Nội vụ"),
    ],
)
def test_people_rejected(people, text: str, not_expected: str) -> None:
    assert not_expected not in [name for name, _title in people(text)]


def test_sexagenary_year_is_not_a_person(people) -> None:
    # "Giáp" and "Đinh" are surnames, but a stem + branch pair names a lunar year.
    assert people("Tết Giáp Thìn năm nay đến sớm.") == []
    assert people("Năm Đinh Dậu, ông Đinh Văn Dậu về quê.") == [("Đinh Văn Dậu", None)]


def test_short_form_after_title_needs_the_full_name(people) -> None:
    text = "Thứ trưởng Hùng nhấn mạnh."
    assert ("Hùng", "Thứ trưởng") not in people(text)
    assert ("Hùng", "Thứ trưởng") in people(text, frozenset({"hùng"}))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Minh Ngọc", "Minh Ngọc"),
        ("- Thu Trang", "Thu Trang"),
        ("Theo Minh Ngọc", "Minh Ngọc"),
        ("Thời sự", None),
        ("Hà Nội, ngày 5/1", None),
        ("PV", None),
        ("Nguồn Tin", None),
    ],
)
def test_byline(line: str, expected: str | None) -> None:
    span = byline(line)
    assert (line[span[0] : span[1]] if span else None) == expected


@pytest.fixture(scope="module")
def make_doc(tagger):
    splitter = underthesea_splitter()
    vocab = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}).vocab

    def _make(text: str, known: list[tuple[str, str, str]] = ()):
        sentences = split_sentences(text, splitter=splitter)
        tokens = [tokenize(text, s.start, s.end, tagger=tagger) for s in sentences]
        doc = build_doc(vocab, text, sentences, tokens, doc_id="t", published=None)
        doc._.tokens = tokens
        doc._.mentions = _known(text)
        return doc

    return _make


def test_document_bylines_and_short_forms(make_doc) -> None:
    text = (
        "Hợp tác lao động được đẩy mạnh\n"
        "- Thanh Hương\n"
        "Sáng 3/4, Thứ trưởng Bộ Nội vụ Nguyễn Văn Hùng tiếp đoàn.\n"
        "Thứ trưởng Hùng đề nghị tăng cường trao đổi.\n"
        "Minh Ngọc\n"
    )
    doc = make_doc(text)
    extractor = PeopleExtractor(_lexicons())
    extractor(doc)
    found = {(text[m.start : m.end], m.title) for m in doc._.mentions if m.label == "PER"}
    assert found == {
        ("Thanh Hương", None),
        ("Nguyễn Văn Hùng", "Thứ trưởng Bộ Nội vụ"),
        ("Hùng", "Thứ trưởng"),
        ("Minh Ngọc", None),
    }


def test_no_byline_in_the_middle(make_doc) -> None:
    text = "Tiêu đề bài\nCâu một.\nCâu hai.\nCâu ba.\nThanh Hương\nCâu bốn.\nCâu năm.\nCâu sáu.\n"
    doc = make_doc(text)
    PeopleExtractor(_lexicons(), byline_window=2)(doc)
    assert not [m for m in doc._.mentions if m.label == "PER"]


def test_load_place_names(tmp_path: Path) -> None:
    countries = tmp_path / "countries.tsv"
    countries.write_text("# c\niso3\tnames\ten_name\nNLD\tHà Lan|Netherlands\tx\n", "utf-8")
    places = tmp_path / "places.tsv"
    places.write_text("name\ttype\tcountry\nHà Nội\tcity\tVNM\n", "utf-8")
    keys = load_place_names(countries, places, tmp_path / "missing.tsv")
    assert keys == {("hà", "lan"), ("netherlands",), ("hà", "nội")}
