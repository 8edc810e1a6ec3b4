"""Gazetteer: lexicon names and the context conditions of ambiguous country words."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.extractors.gazetteer import Gazetteer, GazetteerLexicons, load_gazetteer

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The gazetteer over the project lexicons."""
    return Gazetteer(load_gazetteer(LEXICONS, GazetteerLexicons()))


def _gpes(gazetteer: Gazetteer, text: str) -> list[tuple[str, str]]:
    found = gazetteer.match_sentence(text, [], published=None)
    return [(text[m.start : m.end], str(m.value)) for m in found if m.label == "GPE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short country word between a leader's title and a foreign name
        ("Tổng thống Mỹ Barack Obama thăm Hà Nội.", ("Mỹ", "USA")),
        ("Ngoại trưởng Anh David Cameron phát biểu.", ("Anh", "GBR")),
        ("Thủ tướng Đức Olaf Scholz tiếp đoàn.", ("Đức", "DEU")),
        ("Bộ trưởng Bộ Ngoại giao Lào Saleumxay Kommasith hội đàm.", ("Lào", "LAO")),
        # after a national ministry even a Vietnamese-spelled name follows the country
        ("Bộ Công an Lào Vilay Lakhamphong dự họp.", ("Lào", "LAO")),
    ],
)
def test_country_before_a_foreign_leader(gazetteer: Gazetteer, text: str, expected) -> None:
    assert expected in _gpes(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        # a Vietnamese given name after the title: the word is part of the name
        "Chủ tịch Mỹ Linh phát biểu tại buổi lễ.",
        "Thứ trưởng Đức Minh dự họp.",
        # no title before it
        "Ca sĩ Anh Tú và Adam Lambert song ca.",
        # a province: "Lào Cai" after a unit word or as a listed place
        "Bộ Chỉ huy Quân sự tỉnh Lào Cai diễn tập.",
        "Bộ Giáo dục làm việc với Lào Cai về trường học.",
    ],
)
def test_no_country_inside_a_name(gazetteer: Gazetteer, text: str) -> None:
    assert not [g for g in _gpes(gazetteer, text) if g[0] in ("Mỹ", "Đức", "Anh", "Lào")]


def _places(gazetteer: Gazetteer, text: str) -> list[str]:
    found = gazetteer.match_sentence(text, [], published=None)
    return [text[m.start : m.end] for m in found if m.label == "LOC"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the regions of Vietnam with the lower-case unit word "miền" (LOC, unit word included)
        ("Mưa lớn kéo dài ở miền Trung trong tuần qua.", ["miền Trung"]),
        ("Nhiều lao động miền Bắc sang Hàn Quốc làm việc.", ["miền Bắc"]),
        ("Doanh nghiệp ở Miền Nam tuyển thêm kỹ sư.", ["Miền Nam"]),
        ("Hạn mặn ở đồng bằng sông Cửu Long kéo dài.", ["đồng bằng sông Cửu Long"]),
    ],
)
def test_regions_with_the_unit_word(gazetteer: Gazetteer, text: str, expected) -> None:
    assert _places(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Hội chợ diễn ra ở cả ba miền Bắc - Trung - Nam.", None),
        ("Giao thương Bắc – Trung – Nam tăng mạnh.", None),
        # a real pair keeps the short country word
        ("Quan hệ Việt - Trung được nâng cấp.", ("Trung", "CHN")),
        ("Diễn đàn Việt Nam - Trung là dịp trao đổi.", ("Trung", "CHN")),
    ],
)
def test_compass_lists_are_not_country_pairs(gazetteer: Gazetteer, text: str, country) -> None:
    trung = [g for g in _gpes(gazetteer, text) if g[0] == "Trung"]
    assert trung == ([country] if country else [])


def _orgs(gazetteer: Gazetteer, text: str) -> list[str]:
    found = gazetteer.match_sentence(text, [], published=None)
    return [text[m.start : m.end] for m in found if m.label == "ORG"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chính phủ đã ban hành nghị định mới.", ["Chính phủ"]),
        # counted or plural governments are generic (§1), not Vietnam's government
        ("Thỏa thuận được ký giữa hai Chính phủ vào năm ngoái.", []),
        ("Đại diện 3 Chính phủ cùng dự lễ.", []),
        ("Các Chính phủ cam kết giảm phát thải.", []),
    ],
)
def test_counted_governments_are_generic(gazetteer: Gazetteer, text: str, expected) -> None:
    assert _orgs(gazetteer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chủ tịch nước Cộng hòa XHCN Việt Nam Võ Văn Thưởng", ("Cộng hòa XHCN Việt Nam", "VNM")),
        ("Đoàn Cộng hòa dân chủ nhân dân Lào sang thăm.", ("Cộng hòa dân chủ nhân dân Lào", "LAO")),
        ("Tổng thống CHLB Đức tới Hà Nội.", ("CHLB Đức", "DEU")),
        # the state as an institution, not a state form
        ("Đảng, Nhà nước Việt Nam luôn ủng hộ.", ("Việt Nam", "VNM")),
        # a listed long form keeps its own key: the GDR is not Germany
        ("Chuyên gia nước Cộng hòa Dân chủ Đức.", ("Cộng hòa Dân chủ Đức", "DDR")),
        # a lowercase "cộng hòa" is a word of the sentence, not a state form
        ("Nền cộng hòa Pháp ra đời.", ("Pháp", "FRA")),
    ],
)
def test_state_form_belongs_to_the_country(gazetteer: Gazetteer, text: str, expected) -> None:
    found = _gpes(gazetteer, text)
    # the longest span is the state; a shorter listed name inside it is the resolver's to drop
    assert max(found, key=lambda f: len(f[0])) == expected
    assert [f for f in found if f[0] == expected[0]] == [expected]
