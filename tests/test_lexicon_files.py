"""Self-checks for the lexicon TSV files in pipeline/lexicons/ against the code's vocabularies."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import cache
from pathlib import Path

import pytest

from extract.extractors.gazetteer import CONDITIONS
from extract.records import AGREEMENT_KINDS, EVENT_TYPES

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons"

# file -> (header, required columns, |-separated name column or None)
SCHEMAS: dict[str, tuple[tuple[str, ...], tuple[str, ...], str | None]] = {
    "countries.tsv": (("iso3", "names", "en_name"), ("iso3", "names", "en_name"), "names"),
    "countries_ambiguous.tsv": (("iso3", "name", "condition"), ("iso3", "name", "condition"), None),
    "places.tsv": (("name", "type", "country"), ("name", "type"), None),
    "organizations.tsv": (
        ("value", "type", "country", "names"),
        ("value", "type", "names"),
        "names",
    ),
    "org_heads.tsv": (("head", "type", "note"), ("head", "type", "note"), None),
    "person_titles.tsv": (("title", "kind"), ("title", "kind"), None),
    "surnames.tsv": (("surname", "note"), ("surname", "note"), None),
    "agreement_heads.tsv": (("head", "kind", "note"), ("head", "kind", "note"), None),
    "named_agreements.tsv": (("value", "kind", "names"), ("value", "kind", "names"), "names"),
    "event_triggers.tsv": (("type", "trigger", "note"), ("type", "trigger", "note"), None),
}
# Columns holding names or values (checked for tone style); note columns may quote old spellings.
NAME_COLUMNS = {"names", "name", "value", "head", "title", "surname", "trigger"}

ORG_TYPES = {
    "un_agency",
    "ifi",
    "regional_body",
    "forum",
    "foreign_gov",
    "vn_ministry",
    "vn_central",
    "vn_department",
    "vn_local",
    "union",
    "association",
    "ngo",
    "development_agency",
    "media",
    "company",
    "university",
    "research",
    "hospital",
    "party",
    "court",
    "school",
    "military",
    "museum",
}
PLACE_TYPES = {"province", "city", "district", "commune", "region", "continent", "sea", "island"}
TITLE_KINDS = {"office", "honorific", "academic", "military", "religious"}
HEAD_TYPES = ORG_TYPES | {"any"}

# ANNOTATION §3: canonical key -> names that must map to it.
SECTION3 = {
    "ILO": ["Tổ chức Lao động quốc tế", "ILO"],
    "UNICEF": ["Quỹ Nhi đồng Liên Hợp quốc", "UNICEF", "Unicef"],
    "UNDP": ["Chương trình phát triển Liên hợp quốc", "UNDP"],
    "UN Women": [
        "Cơ quan Liên hợp quốc về bình đẳng giới và trao quyền cho phụ nữ",
        "UN Women",
        "UN WOMEN",
    ],
    "UNFPA": ["Quỹ dân số Liên hợp quốc", "UNFPA"],
    "UNHCR": ["Cao ủy Liên hợp quốc về người tị nạn", "UNHCR"],
    "UNODC": ["Cơ quan Phòng chống ma túy và tội phạm của Liên hợp quốc", "UNODC"],
    "IOM": ["Tổ chức Di cư quốc tế", "IOM"],
    "UN": ["Liên Hợp Quốc", "Liên hợp quốc", "LHQ"],
    "WB": ["Ngân hàng Thế giới", "World Bank", "WB"],
    "ADB": ["Ngân hàng phát triển Châu Á", "ADB"],
    "IMF": ["Quỹ tiền tệ quốc tế", "IMF"],
    "WTO": ["Tổ chức Thương mại Thế giới", "WTO"],
    "OECD": ["OECD"],
    "ASEAN": ["Hiệp hội các quốc gia Đông Nam Á", "ASEAN"],
    "APEC": ["Diễn đàn hợp tác kinh tế Châu Á - Thái Bình Dương", "APEC"],
    "ASEM": ["Diễn đàn hợp tác Á - Âu", "ASEM"],
    "AFTA": ["Khu vực thương mại tự do ASEAN", "AFTA"],
    "EU": ["Liên minh Châu Âu", "EU"],
    "ASCC": ["Cộng đồng Văn hóa - Xã hội ASEAN"],
    "ACCSM": ["Hội nghị cấp Bộ trưởng Hợp tác ASEAN về các vấn đề công vụ", "ACCSM"],
    "ACCSM+3": ["ACCSM+3"],
    "SIDA": ["SIDA"],
    "JICA": ["Cơ quan Hợp tác Quốc tế Nhật Bản", "JICA"],
    "KOICA": ["Cơ quan Hợp tác Quốc tế Hàn Quốc", "KOICA"],
    "GIZ": ["Tổ chức Hợp tác Phát triển Đức", "GIZ"],
    "MOLISA": [
        "Bộ Lao động - Thương binh và Xã hội",
        "Bộ Lao động – Thương binh và Xã hội",
        "Bộ Lao động-Thương binh và Xã hội",
        "Bộ LĐ-TB&XH",
        "Bộ LĐTBXH",
        "Bộ LĐ-TBXH",
        "LĐ-TB&XH",
    ],
    "MOHA": ["Bộ Nội vụ"],
    "MOFA": ["Bộ Ngoại giao"],
    "Chính phủ Việt Nam": [
        "Chính phủ",
        "Chính phủ Việt Nam",
        "Chính phủ nước CHXHCN Việt Nam",
    ],
}

# ANNOTATION §1: country names -> the code it states.
SECTION1_COUNTRIES = {
    "Việt Nam": "VNM",
    "CHXHCN Việt Nam": "VNM",
    "Liên Xô": "SUN",
    "CHDC Đức": "DDR",
    "Cộng hòa Dân chủ Đức": "DDR",
    "Tiệp Khắc": "CSK",
    "Nam Tư": "YUG",
    "Mỹ": "USA",
    "Hoa Kỳ": "USA",
    "Hàn Quốc": "KOR",
    "Đại Hàn dân quốc": "KOR",
    "Đài Loan": "TWN",
    "Cam-pu-chia": "KHM",
    "Campuchia": "KHM",
    "Lào": "LAO",
    "Bungari": "BGR",
    "Bungary": "BGR",
    "Rumani": "ROU",
    "Cu Ba": "CUB",
    "Thụy Sĩ": "CHE",
    "Thụy Sỹ": "CHE",
    "Niu Di-lân": "NZL",
    "Liên bang Nga": "RUS",
    "Nga": "RUS",
}

# Old-style tone placement ("hoà", "thuỷ") in an open syllable; "quý" keeps its mark on y.
_OLD_TONE = re.compile(r"(?<![qQ])(?:[oO][àáảãạ]|[oO][èéẻẽẹ]|[uU][ỳýỷỹỵ])(?!\w)")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_GENERIC_ORG_NAMES = {"Bộ", "Đảng", "Nhà nước", "NGO", "NGOs", "INGO", "INGOs", "đối tác"}
_GENERIC_ORG_NAMES |= {"tổ chức quốc tế", "các tổ chức quốc tế", "Vụ", "Cục", "Sở", "Ban"}


@cache
def read_tsv(name: str) -> tuple[tuple[str, ...], tuple[dict[str, str], ...]]:
    """Parse a lexicon TSV: skip '#' lines, return its header and rows as dicts."""
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    data = [line for line in lines if line.strip() and not line.startswith("#")]
    header = tuple(data[0].split("\t"))
    rows = []
    for number, line in enumerate(data[1:], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), f"{name}: data line {number} has {len(cells)} cells"
        rows.append(dict(zip(header, cells, strict=True)))
    return header, tuple(rows)


def names_of(row: dict[str, str], column: str) -> list[str]:
    """Split a |-separated name cell."""
    return row[column].split("|")


def mapping(name: str, key: str, column: str) -> dict[str, str]:
    """Map every listed name of a file to its row's key column."""
    _, rows = read_tsv(name)
    return {n: row[key] for row in rows for n in names_of(row, column)}


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_header_and_required_fields(name: str) -> None:
    header, rows = read_tsv(name)
    expected, required, _ = SCHEMAS[name]
    assert header == expected
    assert rows, f"{name} has no data rows"
    for row in rows:
        for column in required:
            assert row[column].strip(), f"{name}: empty {column} in {row}"
        for cell in row.values():
            assert cell == cell.strip(), f"{name}: untrimmed cell {cell!r}"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_nfc_and_new_style_tones(name: str) -> None:
    _, rows = read_tsv(name)
    for row in rows:
        for column, cell in row.items():
            assert unicodedata.normalize("NFC", cell) == cell, f"{name}: not NFC: {cell!r}"
            if column in NAME_COLUMNS:
                assert not _OLD_TONE.search(cell), f"{name}: old-style tone in {cell!r}"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_no_duplicate_value_name_pairs(name: str) -> None:
    header, rows = read_tsv(name)
    _, _, name_column = SCHEMAS[name]
    seen: set[tuple[str, ...]] = set()
    for row in rows:
        if name_column is None:
            pairs = [tuple(row[c] for c in header if c != "note")]
        else:
            names = names_of(row, name_column)
            assert all(names), f"{name}: empty name in {row}"
            assert len(names) == len(set(names)), f"{name}: repeated name in {row}"
            pairs = [(row[header[0]], n) for n in names]
        for pair in pairs:
            assert pair not in seen, f"{name}: duplicate {pair}"
            seen.add(pair)


@pytest.mark.parametrize(
    ("name", "key", "column"),
    [
        ("countries.tsv", "iso3", "names"),
        ("organizations.tsv", "value", "names"),
        ("named_agreements.tsv", "value", "names"),
    ],
)
def test_each_name_maps_to_one_entry(name: str, key: str, column: str) -> None:
    _, rows = read_tsv(name)
    owner: dict[str, str] = {}
    for row in rows:
        for n in names_of(row, column):
            assert owner.setdefault(n, row[key]) == row[key], f"{name}: {n!r} in two entries"
    keys = [row[key] for row in rows]
    assert len(keys) == len(set(keys)), f"{name}: a key is listed twice"


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("countries.tsv", "iso3"),
        ("countries_ambiguous.tsv", "iso3"),
        ("places.tsv", "country"),
        ("organizations.tsv", "country"),
    ],
)
def test_iso3_codes(name: str, column: str) -> None:
    _, rows = read_tsv(name)
    for row in rows:
        code = row[column]
        if column == "iso3" or code:
            assert _ISO3.match(code), f"{name}: bad ISO3 {code!r}"


def test_countries_cover_iso_3166() -> None:
    _, rows = read_tsv("countries.tsv")
    codes = {row["iso3"] for row in rows}
    assert len(codes) >= 250
    assert {"SUN", "DDR", "CSK", "YUG", "TWN", "HKG", "MAC", "PSE", "VAT", "PRK", "KOR"} <= codes


@pytest.mark.parametrize(("country", "code"), sorted(SECTION1_COUNTRIES.items()))
def test_section1_countries_map_to_stated_code(country: str, code: str) -> None:
    assert mapping("countries.tsv", "iso3", "names").get(country) == code


@pytest.mark.parametrize("word", ["Anh", "Ý", "Áo", "Nhật", "Hàn", "Việt", "Trung", "Nam"])
def test_ambiguous_words_not_in_countries(word: str) -> None:
    assert word not in mapping("countries.tsv", "iso3", "names")


@pytest.mark.parametrize(
    ("word", "code"),
    [("Anh", "GBR"), ("Việt", "VNM"), ("Đức", "DEU"), ("Ý", "ITA"), ("Hàn", "KOR")],
)
def test_ambiguous_country_words_listed(word: str, code: str) -> None:
    _, rows = read_tsv("countries_ambiguous.tsv")
    assert any(row["name"] == word and row["iso3"] == code for row in rows)


def test_ambiguous_conditions_use_known_keywords() -> None:
    _, rows = read_tsv("countries_ambiguous.tsv")
    for row in rows:
        assert set(row["condition"].split("+")) <= set(CONDITIONS), row


def test_viet_and_duc_in_pairs() -> None:
    _, rows = read_tsv("countries_ambiguous.tsv")
    viet = {row["condition"] for row in rows if row["name"] == "Việt"}
    assert viet == {"in_pair"}
    assert "Đức" in mapping("countries.tsv", "iso3", "names")


@pytest.mark.parametrize(("key", "names"), sorted(SECTION3.items()))
def test_section3_keys_and_names(key: str, names: list[str]) -> None:
    owners = mapping("organizations.tsv", "value", "names")
    for n in names:
        assert owners.get(n) == key, f"{n!r} should map to {key!r}, got {owners.get(n)!r}"


def test_organization_rows_valid() -> None:
    _, rows = read_tsv("organizations.tsv")
    assert len(rows) >= 400
    for row in rows:
        assert row["type"] in ORG_TYPES, row
        assert not set(names_of(row, "names")) & _GENERIC_ORG_NAMES, row


def test_bare_party_and_state_words_never_orgs() -> None:
    owners = mapping("organizations.tsv", "value", "names")
    for word in ("Đảng", "Nhà nước", "Bộ", "NGO", "INGOs", "đối tác"):
        assert word not in owners


def test_places_valid_and_disjoint_from_countries() -> None:
    _, rows = read_tsv("places.tsv")
    countries = set(mapping("countries.tsv", "iso3", "names"))
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names)), "a place is listed twice"
    for row in rows:
        assert row["type"] in PLACE_TYPES, row
        assert row["name"] not in countries, f"{row['name']!r} is a country name"
    vn_units = {row["name"] for row in rows if row["country"] == "VNM"}
    for unit in (
        "Hà Nội",
        "TP. Hồ Chí Minh",
        "Bà Rịa - Vũng Tàu",
        "Thừa Thiên Huế",
        "Huế",
        "Ba Vì",
    ):
        assert unit in vn_units


PROVINCIAL_UNITS_2024 = [
    "Hà Nội",
    "TP. Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bạc Liêu",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Định",
    "Bình Dương",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Tĩnh",
    "Hải Dương",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Tiền Giang",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
]


def test_all_provincial_units_before_and_after_2025() -> None:
    _, rows = read_tsv("places.tsv")
    vn = {row["name"] for row in rows if row["country"] == "VNM"}
    assert len(PROVINCIAL_UNITS_2024) == 63
    assert set(PROVINCIAL_UNITS_2024) <= vn
    # The 34 units from 1 July 2025 are pre-2025 names plus Huế as a centrally-run city.
    assert "Huế" in vn


@pytest.mark.parametrize(
    ("name", "column", "allowed"),
    [
        ("person_titles.tsv", "kind", TITLE_KINDS),
        ("agreement_heads.tsv", "kind", AGREEMENT_KINDS),
        ("named_agreements.tsv", "kind", AGREEMENT_KINDS),
        ("event_triggers.tsv", "type", EVENT_TYPES),
        ("org_heads.tsv", "type", HEAD_TYPES),
    ],
)
def test_enumerated_columns(name: str, column: str, allowed: Collection[str]) -> None:
    _, rows = read_tsv(name)
    values = {row[column] for row in rows}
    assert values <= set(allowed), values - set(allowed)


def test_every_event_type_has_triggers() -> None:
    _, rows = read_tsv("event_triggers.tsv")
    assert {row["type"] for row in rows} == set(EVENT_TYPES)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Công ước số 105", "C105"),
        ("Công ước số 29", "C29"),
        ("Công ước số 88", "C88"),
        ("VEFTA", "EVFTA"),
        ("Hiệp định Thương mại Tự do Việt Nam - Liên minh Châu Âu", "EVFTA"),
        ("Hiệp định Quan hệ đối tác xuyên Thái Bình Dương", "TPP"),
        ("CPTPP", "CPTPP"),
        ("Công ước Liên hợp quốc về xóa bỏ mọi hình thức phân biệt đối xử với phụ nữ", "CEDAW"),
        ("Công ước về Quyền trẻ em", "CRC"),
    ],
)
def test_named_agreement_values(name: str, value: str) -> None:
    assert mapping("named_agreements.tsv", "value", "names").get(name) == value


def test_ilo_convention_values_not_zero_padded() -> None:
    _, rows = read_tsv("named_agreements.tsv")
    for row in rows:
        if re.fullmatch(r"C\d+", row["value"]):
            assert not row["value"].startswith("C0"), row["value"]
            assert f"Công ước số {row['value'][1:]}" in names_of(row, "names")


def test_core_heads_present() -> None:
    heads = {row["head"] for row in read_tsv("org_heads.tsv")[1]}
    assert {"Bộ", "Vụ", "Cục", "Tổng cục", "Viện", "Ủy ban", "Tổ chức", "Trung tâm"} <= heads
    kinds = {row["head"]: row["kind"] for row in read_tsv("agreement_heads.tsv")[1]}
    assert kinds["Hiệp định"] == "treaty" and kinds["Bản ghi nhớ"] == "mou"
    assert kinds["Thỏa thuận"] == "arrangement" and kinds["Công ước"] == "convention"
    assert kinds["Biên bản"] == "minutes" and kinds["Quyết định"] == "legal"


def test_surnames_and_titles() -> None:
    surnames = [row["surname"] for row in read_tsv("surnames.tsv")[1]]
    assert surnames[:5] == ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng"]
    assert len(surnames) >= 120
    titles = {row["title"] for row in read_tsv("person_titles.tsv")[1]}
    assert {"Thứ trưởng", "thứ trưởng", "ông", "Bà", "PGS.TS", "Đại tá"} <= titles


def test_no_organization_name_extends_another_over_cua() -> None:
    # "Hội đồng nhân quyền | của Liên Hợp Quốc": when the name before "của" is itself listed,
    # "của …" governs a second ORG and stays outside (gold: "Ban Chỉ đạo về Nhân quyền" |
    # "của Chính phủ"). Names where "của" sits inside ("… quyền của phụ nữ") are unaffected.
    _, rows = read_tsv("organizations.tsv")
    for row in rows:
        names = {n.casefold() for n in names_of(row, "names")}
        for n in names:
            parts = n.split(" của ")
            heads = {" của ".join(parts[:i]) for i in range(1, len(parts))}
            assert not heads & names, f"organizations.tsv: {n!r} extends a listed name"
