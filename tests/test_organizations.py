"""ORG grammar: heads and names, offices, organs, acronyms, source tags, unit-word places."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.extractors.lexicon import SyllableMatcher
from extract.extractors.organizations import (
    SOURCE,
    KnownOrg,
    OrganizationExtractor,
    OrgLexicons,
    _without_brand_countries,
    credit_acronyms,
    foreign_governments,
    is_org_acronym,
    load_org_lexicons,
    looks_vietnamese,
    name_key,
    parenthesised_acronyms,
    parse_head,
    source_tag,
)
from extract.records import Mention
from extract.segment.tokens import tokenize, underthesea_tagger

LEXICONS = Path(__file__).resolve().parents[1] / "pipeline" / "lexicons"

# Head rows in the format of org_heads.tsv (head, type, note).
HEADS = [
    ("Bộ", "vn_ministry", "lower_ok: 'Bộ Kế hoạch và Đầu tư'. Excludes 'Bộ luật', 'Bộ trưởng'"),
    ("Cục", "vn_department", "lower_ok: 'Cục Việc làm'"),
    ("Vụ", "vn_department", "lower_ok: 'Vụ Hợp tác quốc tế'"),
    ("Trung tâm", "any", "lower_ok: 'Trung tâm chỉnh hình Kiến An'"),
    ("Hiệp hội", "association", "lower_ok: 'Hiệp hội nghề công tác xã hội ASEAN'"),
    ("Tổ chức", "any", "lower_ok: 'Tổ chức phát triển nhân lực quốc tế Nhật Bản'"),
    ("Hội", "association", "lower_ok: 'Hội Người cao tuổi'; excludes 'Hội nghị', 'Hội thảo'"),
    ("Hội đồng", "any", "lower_ok: 'Hội đồng tiền lương quốc gia'"),
    ("Ban", "vn_central", "cap_next: 'Ban Bí thư'"),
    ("Ban Chấp hành", "party", "cap_next: 'Ban Chấp hành Trung ương'"),
    ("Đảng", "party", "cap_next: 'Đảng Cộng sản Việt Nam'"),
    ("Đảng ủy", "party", "cap_next: 'Đảng ủy Chính phủ'"),
    ("Văn phòng", "vn_department", "lower_ok: 'Văn phòng Chính phủ'"),
    ("Phái đoàn", "foreign_gov", "lower_ok: 'Phái đoàn thường trực'"),
    ("Chính phủ", "foreign_gov", "country_next: 'Chính phủ Hàn Quốc'"),
    ("Đại sứ quán", "foreign_gov", "country_next: 'Đại sứ quán Nhật Bản'"),
    ("Diễn đàn", "forum", "lower_ok: standing forums only"),
    ("Chương trình", "un_agency", "lower_ok: 'Chương trình phát triển Liên hợp quốc'"),
    ("Sở", "vn_local", "lower_ok: 'Sở Nội vụ'"),
    ("Trường THCS", "school", "cap_next: 'Trường THCS Nguyễn Du'"),
    ("Bệnh viện", "hospital", "cap_next: 'Bệnh viện K'"),
    ("Đại học", "university", "cap_next: 'Đại học Huế'"),
    ("Quân khu", "military", "cap_next: 'Quân khu 7'"),
    ("Trạm y tế", "hospital", "place_next: 'Trạm y tế xã X'"),
    ("Công an", "vn_local", "place_next: 'Công an tỉnh X'"),
    ("Nhà máy", "company", "lower_ok: 'Nhà máy xi măng Hoàng Thạch'"),
    ("CLB", "association", "cap_next: 'CLB Hà Nội'"),
    ("Công ty", "company", "lower_ok: 'Công ty cổ phần X'"),
]
TITLES = {"Bộ trưởng": "office", "Vụ trưởng": "office", "Thủ tướng": "office", "bà": "honorific"}
SURNAMES = frozenset({"nguyễn", "trần", "lê", "phạm", "hà", "hoa"})
ORGS = {
    "ILO": ("un_agency", "", ["Tổ chức Lao động quốc tế", "ILO"]),
    "MOHA": ("vn_ministry", "VNM", ["Bộ Nội vụ"]),
    "UN": ("un_agency", "", ["Liên hợp quốc"]),
    "Chính phủ Việt Nam": ("vn_central", "VNM", ["Chính phủ", "Chính phủ Việt Nam"]),
    "Hội Nông dân": ("association", "VNM", ["Hội Nông dân Việt Nam"]),
    "MOLISA": ("vn_ministry", "VNM", ["Bộ LĐTB-XH"]),
    "MOFA": ("vn_ministry", "VNM", ["Bộ Ngoại giao"]),
    "Bộ Giao thông vận tải": ("vn_ministry", "VNM", ["Bộ Giao thông vận tải"]),
    "UNICEF": ("un_agency", "", ["UNICEF", "Unicef"]),
    "Báo Nhân Dân": ("media", "VNM", ["Nhân dân"]),
    "Đại học Quốc gia Hà Nội": ("university", "VNM", ["Đại học Quốc gia Hà Nội"]),
}
COUNTRIES = {
    "VNM": ["Việt Nam"],
    "KOR": ["Hàn Quốc"],
    "USA": ["Hoa Kỳ"],
    "JPN": ["Nhật Bản"],
    "LAO": ["Lào"],
}
PLACES = ["Hà Nội", "Đà Nẵng", "Phú Thọ", "Mekong", "Đồng Nai"]


def _org_lexicons() -> OrgLexicons:
    heads = {" ".join(name_key(h)): parse_head(h, t, n) for h, t, n in HEADS}
    organizations = {
        name_key(name): KnownOrg(value, type_, country)
        for value, (type_, country, names) in ORGS.items()
        for name in names
    }
    return OrgLexicons(heads, TITLES, SURNAMES, organizations)


def _gazetteer() -> SyllableMatcher[tuple[str, str]]:
    """A stand-in for the lexicon gazetteer: (label, value) per listed name."""
    matcher: SyllableMatcher[tuple[str, str]] = SyllableMatcher()
    for iso3, names in COUNTRIES.items():
        for name in names:
            matcher.add(name, ("GPE", iso3))
    for name in PLACES:
        matcher.add(name, ("LOC", name))
    for value, (_type, _country, names) in ORGS.items():
        for name in names:
            matcher.add(name, ("ORG", value))
    return matcher


def known_mentions(matcher: SyllableMatcher[tuple[str, str]], text: str) -> list[Mention]:
    """Lexicon mentions of a sentence, as the gazetteer stage would leave them."""
    found = []
    for hit in matcher.find(text):
        label, value = hit.payloads[0]
        source = "lexicon:places:city" if label == "LOC" else "lexicon:test"
        found.append(Mention(hit.start, hit.end, label, value, source))
    return found


@pytest.fixture(scope="module")
def run():
    """Gazetteer + organization grammar on one sentence: the grammar's mentions as tuples."""
    tagger = underthesea_tagger()
    gazetteer = _gazetteer()
    extractor = OrganizationExtractor(_org_lexicons())

    def _run(text: str) -> list[tuple[str, str, str]]:
        tokens = tokenize(text, 0, len(text), tagger=tagger)
        known = known_mentions(gazetteer, text)
        found = extractor.match_sentence(text, tokens, published=None, known=known)
        return [(m.label, text[m.start : m.end], str(m.value)) for m in found]

    return _run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # head + capitalised word + the name's lowercase words, stopping at a verb
        (
            "Hôm qua, Cục Quản lý lao động ngoài nước đã công bố danh sách.",
            ("ORG", "Cục Quản lý lao động ngoài nước", "Cục Quản lý lao động ngoài nước"),
        ),
        # stops at a comma; "và" joining a second organization starts a new one
        (
            "Vụ Kế hoạch tài chính và Cục Bảo trợ xã hội cùng tham dự.",
            ("ORG", "Vụ Kế hoạch tài chính", "Vụ Kế hoạch tài chính"),
        ),
        (
            "Vụ Kế hoạch tài chính và Cục Bảo trợ xã hội cùng tham dự.",
            ("ORG", "Cục Bảo trợ xã hội", "Cục Bảo trợ xã hội"),
        ),
        # "và" + capitalised word inside one name
        (
            "Bộ Thương mại và Công nghiệp Hàn Quốc vừa cử đoàn sang.",
            (
                "ORG",
                "Bộ Thương mại và Công nghiệp Hàn Quốc",
                "Bộ Thương mại và Công nghiệp Hàn Quốc",
            ),
        ),
        # lowercase descriptors ending in a listed place
        (
            "Trung tâm phục hồi chức năng Đà Nẵng vừa khánh thành.",
            ("ORG", "Trung tâm phục hồi chức năng Đà Nẵng", "Trung tâm phục hồi chức năng Đà Nẵng"),
        ),
        # a foreign ministry keeps its trailing country
        (
            "Đoàn đã làm việc với Bộ Lao động Hoa Kỳ về an toàn lao động.",
            ("ORG", "Bộ Lao động Hoa Kỳ", "Bộ Lao động Hoa Kỳ"),
        ),
        # a listed state body followed by another country is that country's body
        (
            "Bộ trưởng đã gặp Bộ Nội vụ Lào tại Viêng Chăn.",
            ("ORG", "Bộ Nội vụ Lào", "Bộ Nội vụ Lào"),
        ),
        # ... and by its own country it keeps its canonical key
        ("Đại diện Bộ Nội vụ Việt Nam phát biểu.", ("ORG", "Bộ Nội vụ Việt Nam", "MOHA")),
        # governments named by a country, capitalised or not
        (
            "Dự án do Chính phủ Nhật Bản tài trợ.",
            ("ORG", "Chính phủ Nhật Bản", "Chính phủ Nhật Bản"),
        ),
        ("Dự án do chính phủ Lào đề xuất.", ("ORG", "chính phủ Lào", "chính phủ Lào")),
        # the title stays outside the name; a following person name ends it
        (
            "Vụ trưởng Vụ Kế hoạch tài chính Trần Văn Bình phát biểu.",
            ("ORG", "Vụ Kế hoạch tài chính", "Vụ Kế hoạch tài chính"),
        ),
        # a ministry written inside a minister's title (§9), valued through the lexicon
        ("Bộ trưởng Nội vụ Nguyễn Văn Hải dự họp.", ("ORG", "Nội vụ", "MOHA")),
        # governing organs of a listed body are one ORG valued as written (§9)
        (
            "Việt Nam là thành viên Hội đồng Quản trị ILO nhiệm kỳ mới.",
            ("ORG", "Hội đồng Quản trị ILO", "Hội đồng Quản trị ILO"),
        ),
        (
            "Thực hiện chỉ đạo của Đảng ủy Chính phủ.",
            ("ORG", "Đảng ủy Chính phủ", "Đảng ủy Chính phủ"),
        ),
        # a body and its term
        (
            "Nghị quyết của Ban Chấp hành Trung ương Đảng khóa XIII đã nêu rõ.",
            (
                "ORG",
                "Ban Chấp hành Trung ương Đảng khóa XIII",
                "Ban Chấp hành Trung ương Đảng khóa XIII",
            ),
        ),
        # embassies: the host country after "tại" is where they are, not their name
        (
            "Đại sứ quán Hàn Quốc tại Việt Nam tổ chức buổi gặp mặt.",
            ("ORG", "Đại sứ quán Hàn Quốc", "Đại sứ quán Hàn Quốc"),
        ),
        # an unlisted name and its acronym share the name's value (§1)
        (
            "Hiệp hội Xuất khẩu lao động Việt Nam (VAMAS) đã kiến nghị.",
            ("ORG", "VAMAS", "Hiệp hội Xuất khẩu lao động Việt Nam"),
        ),
        # a listed acronym gives an unlisted spelling of the name its canonical key
        (
            "Tổ chức Lao động Toàn cầu (ILO) đã hỗ trợ.",
            ("ORG", "Tổ chức Lao động Toàn cầu", "ILO"),
        ),
        # a listed name that is not a §3 key is valued as written
        ("Hội Nông dân Việt Nam Tỉnh cũng tham gia.", None),
        # an office before an unlisted acronym: the acronym alone is the ORG
        ("Văn phòng HRD tại Hà Nội mở cửa.", ("ORG", "HRD", "HRD")),
        # unit word + capitalised name is a LOC
        ("Cán bộ xã Tân Lập (Phú Thọ) đón đoàn.", ("LOC", "xã Tân Lập", "xã Tân Lập")),
        ("Đoàn đến thăm tỉnh Gyeonggi hôm qua.", ("LOC", "tỉnh Gyeonggi", "tỉnh Gyeonggi")),
        # streets and hamlets named after people or dates are places (their unit word included)
        (
            "Cửa hàng ở phố Lý Thường Kiệt đông khách.",
            ("LOC", "phố Lý Thường Kiệt", "phố Lý Thường Kiệt"),
        ),
        ("Người dân thôn Trần Phú đã góp đất.", ("LOC", "thôn Trần Phú", "thôn Trần Phú")),
        ("Xe dừng trên đường 30 tháng 4 hôm qua.", ("LOC", "đường 30 tháng 4", "đường 30 tháng 4")),
        ("Nhà hàng nằm ở đường 3/2 gần chợ.", ("LOC", "đường 3/2", "đường 3/2")),
        # "bản" (village) before a name tagged a proper noun; a spaced dash ends the name
        ("Du khách đến bản Cát Cát ở Sa Pa.", ("LOC", "bản Cát Cát", "bản Cát Cát")),
        (
            "Trường học 15 Bản Phiêng - Huyện Mường Khương đã khánh thành.",
            ("LOC", "Huyện Mường Khương", "Huyện Mường Khương"),
        ),
        ("Đoàn tới huyện Cư M'gar hôm qua.", ("LOC", "huyện Cư M'gar", "huyện Cư M'gar")),
        # a list where the unit word stands before the first item only
        ("Lũ quét qua các xã Pá Hu, Tà Si Láng và Bản Công.", ("LOC", "Tà Si Láng", "Tà Si Láng")),
        ("Lũ quét qua các xã Pá Hu, Tà Si Láng và Bản Công.", ("LOC", "Bản Công", "Bản Công")),
        ("Hai huyện Đăk Glei, Tu Mơ Rông bị ảnh hưởng.", ("LOC", "Tu Mơ Rông", "Tu Mơ Rông")),
        # a river region with its descriptor
        (
            "Hạn hán kéo dài ở lưu vực sông Mekong.",
            ("LOC", "lưu vực sông Mekong", "lưu vực sông Mekong"),
        ),
        # the head wins over the person-name rule for schools and hospitals
        (
            "Trường THCS Lê Quý Đôn đạt giải nhất.",
            ("ORG", "Trường THCS Lê Quý Đôn", "Trường THCS Lê Quý Đôn"),
        ),
        (
            "Bệnh viện Trưng Vương tiếp nhận bệnh nhân.",
            ("ORG", "Bệnh viện Trưng Vương", "Bệnh viện Trưng Vương"),
        ),
        ("Công ty Trần Gia phân phối sản phẩm.", ("ORG", "Công ty Trần Gia", "Công ty Trần Gia")),
        # numbers that end a name; a listed word used as a facility's name
        ("Quân khu 9 tổ chức hội thao.", ("ORG", "Quân khu 9", "Quân khu 9")),
        (
            "Bác sĩ Bệnh viện Quân y 175 đã phẫu thuật.",
            ("ORG", "Bệnh viện Quân y 175", "Bệnh viện Quân y 175"),
        ),
        (
            "Bệnh viện Nhân dân Gia Định quá tải.",
            ("ORG", "Bệnh viện Nhân dân Gia Định", "Bệnh viện Nhân dân Gia Định"),
        ),
        # new heads followed by a place or a lowercase descriptor ending in a name
        (
            "Trạm y tế phường Tân Định đã tiêm vắc xin.",
            ("ORG", "Trạm y tế phường Tân Định", "Trạm y tế phường Tân Định"),
        ),
        (
            "Công an tỉnh Bình Dương vừa khởi tố vụ án.",
            ("ORG", "Công an tỉnh Bình Dương", "Công an tỉnh Bình Dương"),
        ),
        (
            "Nhà máy nhiệt điện Phả Lại tạm dừng.",
            ("ORG", "Nhà máy nhiệt điện Phả Lại", "Nhà máy nhiệt điện Phả Lại"),
        ),
        # a campus number completes a name
        (
            "Đại học Quốc gia Hà Nội cơ sở 2 khởi công.",
            ("ORG", "Đại học Quốc gia Hà Nội cơ sở 2", "Đại học Quốc gia Hà Nội cơ sở 2"),
        ),
        # an acronym with its place, in parentheses (sharing the name's value) or not
        ("Theo HCDC Đà Nẵng, số ca bệnh giảm.", ("ORG", "HCDC Đà Nẵng", "HCDC Đà Nẵng")),
        (
            "Trung tâm Kiểm soát bệnh tật Đà Nẵng (KSBT Đà Nẵng) khuyến cáo.",
            ("ORG", "KSBT Đà Nẵng", "Trung tâm Kiểm soát bệnh tật Đà Nẵng"),
        ),
        # Latin brands after a lowercase company word; outlets after "phóng viên", "báo"
        ("Hãng xe Ford và hãng Xiaomi công bố.", ("ORG", "Xiaomi", "Xiaomi")),
        ("Cổ phiếu của công ty Nokia giảm.", ("ORG", "Nokia", "Nokia")),
        ("Hãng hàng không Qantas và Emirates mở đường bay.", ("ORG", "Emirates", "Emirates")),
        ("Kia Motors vừa ra mắt mẫu xe mới.", ("ORG", "Kia Motors", "Kia Motors")),
        # lowercase descriptors after a head when a sub-national place ends them
        (
            "Bệnh viện đa khoa tỉnh Phú Thọ quá tải.",
            ("ORG", "Bệnh viện đa khoa tỉnh Phú Thọ", "Bệnh viện đa khoa tỉnh Phú Thọ"),
        ),
        (
            "Sở giáo dục và đào tạo Đà Nẵng công bố điểm thi.",
            ("ORG", "Sở giáo dục và đào tạo Đà Nẵng", "Sở giáo dục và đào tạo Đà Nẵng"),
        ),
        # a sports club by its place
        ("Trận đấu giữa CLB Đà Nẵng và đội khách.", ("ORG", "CLB Đà Nẵng", "CLB Đà Nẵng")),
        # a provincial department named after a ministry's field, then its place
        (
            "Sở Giao thông vận tải Đà Nẵng phân luồng xe.",
            ("ORG", "Sở Giao thông vận tải Đà Nẵng", "Sở Giao thông vận tải Đà Nẵng"),
        ),
        ("Theo phóng viên TTO có mặt tại hiện trường.", ("ORG", "TTO", "TTO")),
        ("Theo tờ The Guardian, cuộc đàm phán bế tắc.", ("ORG", "The Guardian", "The Guardian")),
        # a listed ministry written with a lowercase "bộ" keeps its key
        ("Lãnh đạo bộ Ngoại giao hai nước hội đàm.", ("ORG", "bộ Ngoại giao", "MOFA")),
        # an acronym ends before a lowercase verb, not before its place's unit word
        ("Sở GD-ĐT thông báo lịch thi.", ("ORG", "Sở GD-ĐT", "Sở GD-ĐT")),
        (
            "Sở GD-ĐT tỉnh Thanh Hóa thông báo lịch thi.",
            ("ORG", "Sở GD-ĐT tỉnh Thanh Hóa", "Sở GD-ĐT tỉnh Thanh Hóa"),
        ),
    ],
)
def test_grammar_finds(run, text: str, expected: tuple[str, str, str] | None) -> None:
    found = run(text)
    if expected is None:
        assert not [m for m in found if m[0] == "ORG"], found
    else:
        assert expected in found, found


@pytest.mark.parametrize(
    ("text", "not_expected"),
    [
        # generic references are never ORG (§1)
        ("Bộ đã triển khai nhiều hoạt động.", "Bộ"),
        ("Các Bộ, ngành cần phối hợp chặt chẽ.", "Bộ"),
        ("Đảng và Nhà nước luôn quan tâm.", "Đảng"),
        # an office of a listed body is that body: no "Văn phòng …" ORG (§1)
        ("Văn phòng ILO tại Hà Nội đã tổ chức hội thảo.", "Văn phòng ILO"),
        ("Văn phòng HRD tại Hà Nội mở cửa.", "Văn phòng HRD"),
        (
            "Giám đốc Văn phòng Tổ chức Lao động quốc tế (ILO) tại Việt Nam phát biểu.",
            "Văn phòng Tổ chức Lao động quốc tế",
        ),
        # representations and meetings are not ORGs
        (
            "Phái đoàn thường trực Việt Nam bên cạnh Liên hợp quốc.",
            "Phái đoàn thường trực Việt Nam",
        ),
        ("Hội nghị Thượng đỉnh đã bế mạc.", "Hội nghị Thượng đỉnh"),
        ("Diễn đàn Hợp tác Lao động năm nay rất sôi nổi.", "Diễn đàn Hợp tác Lao động"),
        # excluded head words: "Bộ luật", "Bộ trưởng"
        ("Bộ luật Lao động được sửa đổi.", "Bộ luật Lao động"),
        ("Bộ trưởng Lê Văn Hà phát biểu.", "Bộ trưởng Lê Văn Hà"),
        # a roman numeral is not a name: "Đảng XII"
        ("Nghị quyết Đại hội Đảng XII nêu rõ.", "Đảng XII"),
        # a programme is an ORG only as a UN programme
        ("Chương trình Việc làm bền vững được triển khai.", "Chương trình Việc làm bền vững"),
        # a listed body must not be swallowed by a longer grammar span
        ("Bộ Nội vụ chủ trì hội nghị.", "Bộ Nội vụ chủ trì"),
        # generic abbreviations in parentheses are not ORGs
        ("Các tổ chức phi chính phủ (NGO) cũng tham gia.", "NGO"),
        # a parenthesised acronym does not expand another acronym
        ("Chương trình công tác của các Bộ trưởng ILO (ALM-WP) được duyệt.", "ALM-WP"),
        # a person's name after a complete ORG is its officer, not part of the name
        (
            "Giám đốc Bệnh viện Đa khoa Đồng Nai Trần Văn Hùng cho biết.",
            "Bệnh viện Đa khoa Đồng Nai Trần Văn Hùng",
        ),
        # a number that counts something after the name is not part of it
        ("Sở Y tế 3 lần kiểm tra cơ sở này.", "Sở Y tế 3"),
        # classifiers and events are not heads with descriptors
        ("Bộ phim Đà Nẵng ngày ấy ra rạp.", "Bộ phim Đà Nẵng"),
        ("Vụ tai nạn Đà Nẵng gây ùn tắc.", "Vụ tai nạn Đà Nẵng"),
        # a descriptor that ends in a country is not enough
        ("Bệnh viện tư nhân Hàn Quốc mở chi nhánh.", "Bệnh viện tư nhân Hàn Quốc"),
        # a country after an acronym: the body and the country (§9)
        ("Văn phòng Unicef Việt Nam (UNICEF Việt Nam) cho biết.", "UNICEF Việt Nam"),
        # a road between cities is not a street named after them
        ("Xe chạy trên tuyến đường Hà Nội - Đà Nẵng.", "đường Hà Nội"),
        # an economic indicator is not a local body
        ("Chỉ số CPI Hà Nội tăng nhẹ.", "CPI Hà Nội"),
        # one place with its unit is not a list: what follows is another phrase
        ("Ông ở xã Tân Hòa, Ủy ban đã xác nhận.", "Ủy ban"),
        ("Dân các xã Tân Hòa, Ủy ban xã và công an cùng có mặt.", "Ủy"),
        # "cán bộ", "toàn bộ": "bộ" inside another word
        ("Toàn bộ Nội vụ đã được rà soát.", "bộ Nội vụ"),
        # Vietnamese names after a company word are not brands
        ("Công ty Hòa Bình và hãng Thành Công ký hợp đồng.", "Thành Công"),
        # "Bản" = a copy of an instrument, not a village
        ("Hai bên ký Bản Ghi nhớ về lao động.", "Bản Ghi"),
        ("Hai bên ký Bản Tuyên bố Chung về hợp tác.", "Bản Tuyên bố Chung"),
        ("Ông ký bản Hiệp định Thương mại.", "bản Hiệp định Thương mại"),
        # a spaced dash separates two places
        ("Đoàn qua bản Phiêng Lót - Huyện Mường Khương.", "bản Phiêng Lót - Huyện Mường"),
    ],
)
def test_grammar_rejects(run, text: str, not_expected: str) -> None:
    assert not_expected not in [surface for _label, surface, _value in run(text)]


def test_foreign_country_word_inside_a_foreign_name() -> None:
    # "Vietnam" inside an English company name belongs to the name; "Việt Nam" inside a
    # Vietnamese one, or after an acronym, stays a GPE.
    text = "Samsung Electronics Vietnam và Cục BHXH Việt Nam"
    samsung = Mention(0, 27, "ORG", "x", "lexicon:organizations")
    vietnam = Mention(20, 27, "GPE", "VNM", "lexicon:countries")
    bhxh = Mention(32, 48, "ORG", "y", SOURCE)
    viet_nam = Mention(40, 48, "GPE", "VNM", "lexicon:countries")
    kept = _without_brand_countries(text, [samsung, vietnam, bhxh, viet_nam])
    assert kept == [samsung, bhxh, viet_nam]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "Thị thực mới của Canada thể hiện cam kết của Chính phủ của Thủ tướng Mark Carney.",
            "Chính phủ Canada",
        ),
        # a Vietnamese leader, or no single foreign country: the bare word keeps its reading
        ("Chính phủ của Thủ tướng Phạm Minh Chính hỗ trợ Canada.", None),
        ("Chính phủ của Thủ tướng Anthony Albanese làm việc với Canada và Nhật Bản.", None),
    ],
)
def test_foreign_government_by_its_leader(text: str, value: str | None) -> None:
    known = known_mentions(_gazetteer(), text)
    known += [Mention(text.index("Canada"), text.index("Canada") + 6, "GPE", "CAN", "test")]
    found = foreign_governments(text, known)
    assert [m.value for m in found] == ([value] if value else [])


def test_multiword_acronym_reused_later() -> None:
    extractor = OrganizationExtractor(_org_lexicons())
    text = "Về phía HCDC Đà Nẵng có ông Hải."
    found = extractor.reused_acronyms(text, [], {"HCDC Đà Nẵng": "Trung tâm X"})
    assert [(text[m.start : m.end], m.value) for m in found] == [("HCDC Đà Nẵng", "Trung tâm X")]


def test_source_tag_and_credit(run) -> None:
    found = run("(VOV) - Sáng nay đoàn đã tới Hà Nội (Ảnh: Thu Hà/VNA)")
    assert ("ORG", "VOV", "VOV") in found
    assert ("ORG", "VNA", "VNA") in found


def test_source_tag_spans() -> None:
    assert source_tag("(Dân trí) - Chiều nay") == (1, 8)
    assert source_tag("Chiều nay (Dân trí)") is None
    assert source_tag("(ảnh minh họa) tiếp") is None
    assert credit_acronyms("đón khách. (Ảnh: Minh Anh/TTXVN)") == [(26, 31)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("HRD", True),
        ("VAMAS", True),
        ("LĐ-TB&XH", True),
        ("NGO", False),
        ("INGOs", False),
        ("ODA", False),
        ("XII", False),
        ("COVID-19", False),
        ("USD", False),
        ("Hà", False),
    ],
)
def test_is_org_acronym(word: str, expected: bool) -> None:
    assert is_org_acronym(word) is expected


def test_parenthesised_acronyms() -> None:
    text = "Quỹ Hỗ trợ (QHT) và (NGO) cùng (khoảng 20)"
    assert parenthesised_acronyms(text) == [(12, 15, "QHT")]


def test_acronym_reused_later_in_the_document() -> None:
    extractor = OrganizationExtractor(_org_lexicons())
    text = "Ngoài ra VAMAS còn đề xuất."
    found = extractor.reused_acronyms(text, [], {"VAMAS": "Hiệp hội Xuất khẩu"})
    assert [(text[m.start : m.end], m.value) for m in found] == [("VAMAS", "Hiệp hội Xuất khẩu")]
    # A §3 key from the lexicon, or a longer name around it, keeps the span.
    canonical = [Mention(9, 14, "ORG", "ILO", "lexicon:organizations")]
    assert extractor.reused_acronyms(text, canonical, {"VAMAS": "Y"}) == []
    longer = [Mention(0, 14, "ORG", "Ngoài ra VAMAS", "org_grammar")]
    assert extractor.reused_acronyms(text, longer, {"VAMAS": "Y"}) == []
    # A lexicon spelling only (no §3 key) gives way to the name the text defined.
    spelled = [Mention(9, 14, "ORG", "VAMAS", "lexicon:organizations")]
    found = extractor.reused_acronyms(text, spelled, {"VAMAS": "Y"})
    assert [(m.start, m.end, m.value) for m in found] == [(9, 14, "Y")]


def test_parse_head_reads_the_note() -> None:
    info = parse_head("Bộ", "vn_ministry", "lower_ok: 'Bộ Công an'. Excludes 'Bộ luật' (AGREEMENT)")
    assert info.tag == "lower_ok"
    assert not info.lower_next
    assert info.excludes == frozenset({("bộ", "luật")})
    centre = parse_head("Trung tâm", "any", "lower_ok: 'Trung tâm chỉnh hình Kiến An'")
    assert centre.lower_next
    delegation = parse_head("Đoàn", "association", "cap_next: delegations ('Đoàn công tác')")
    assert delegation.tag == "cap_next" and not delegation.lower_next


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [("Nguyễn", True), ("Kim", True), ("Park", False), ("Nyamayemombe", False), ("Lee", False)],
)
def test_looks_vietnamese(syllable: str, expected: bool) -> None:
    assert looks_vietnamese(syllable) is expected


@pytest.mark.skipif(not (LEXICONS / "org_heads.tsv").exists(), reason="lexicons not written yet")
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Bộ LĐTB-XH", "MOLISA"),
        ("LĐTB - XH", "MOLISA"),
        ("Ministry of Labour, War Invalids and Social Affairs", "MOLISA"),
        ("Bộ Lao động - Thương binh - Xã hội", "MOLISA"),
        ("hãng Apple", None),
        ("Apple", "Apple"),
        ("Facebook", "Meta"),
    ],
)
def test_project_lexicon_spellings(name: str, value: str | None) -> None:
    entry = load_org_lexicons(LEXICONS).organizations.get(name_key(name))
    assert (entry.value if entry else None) == value


def test_project_lexicons_load() -> None:
    lexicons = load_org_lexicons(LEXICONS)
    assert "bộ" in lexicons.heads and lexicons.heads["bộ"].tag == "lower_ok"
    assert lexicons.organizations[name_key("Bộ Nội vụ")].value == "MOHA"


@pytest.mark.parametrize(
    ("text", "inside", "found"),
    [
        # a quoted title an instrument is about names a body of its own
        ('Hai bên ký biên bản về dự án xây dựng "Trung tâm Bảo trợ xã hội" tại Huế.', '"', True),
        # a body's name written inside an instrument's name without quotes is part of the name
        ("Hai bên ký biên bản về dự án xây dựng Trung tâm Bảo trợ xã hội tại Huế.", "", False),
    ],
)
def test_org_inside_an_instrument_only_from_a_quoted_title(
    text: str, inside: str, found: bool
) -> None:
    tagger = underthesea_tagger()
    extractor = OrganizationExtractor(_org_lexicons())
    tokens = tokenize(text, 0, len(text), tagger=tagger)
    start = text.index("biên bản")
    end = text.index(" tại Huế")
    known = [Mention(start, end, "AGREEMENT", text[start:end], "test", kind="minutes")]
    orgs = extractor.match_sentence(text, tokens, published=None, known=known)
    names = [text[m.start : m.end] for m in orgs if m.label == "ORG"]
    assert ("Trung tâm Bảo trợ xã hội" in names) is found


@pytest.mark.parametrize("form", ["CHLB", "CHDCND", "CHXHCN"])
def test_state_form_abbreviation_is_not_an_organization(form: str, run) -> None:
    text = f"Bộ trưởng Bộ Lao động Cộng hòa Liên bang Đức ({form} Đức) thăm Hà Nội."
    assert [m for m in run(text) if m[1] == form] == []
