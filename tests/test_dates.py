"""The Vietnamese DATE grammar: spans, TIMEX values, kinds, mods and exclusions."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.extractors import dates as dates_module
from extract.extractors.dates import find_dates

PUB = date(2024, 6, 14)

Expected = tuple[str, str, str, str | None]  # span text, value, kind, mod


def _found(text: str, published: date | None) -> list[Expected]:
    mentions = find_dates(text, published=published)
    for m in mentions:
        assert m.label == "DATE"
        assert m.source.startswith("date_grammar:")
    return [(text[m.start : m.end], str(m.value), str(m.kind), m.mod) for m in mentions]


def _d(span: str, value: str, kind: str = "date", mod: str | None = None) -> Expected:
    return (span, value, kind, mod)


# Every case lists all DATE mentions of the sentence, so extra mentions fail the test too.
CASES: list[tuple[str, date | None, list[Expected]]] = [
    # --- day, month, year forms
    (
        "Hội nghị khai mạc ngày 12 tháng 3 năm 2024 tại Đà Nẵng.",
        PUB,
        [_d("ngày 12 tháng 3 năm 2024", "2024-03-12")],
    ),
    ("Ngày 8/6, đoàn đại biểu đến Viêng Chăn.", PUB, [_d("Ngày 8/6", "2024-06-08")]),
    ("Ngày 8/6, đoàn đại biểu đến Viêng Chăn.", None, [_d("Ngày 8/6", "XXXX-06-08")]),
    ("Ngày 28/12, Bộ họp tổng kết.", date(2024, 1, 5), [_d("Ngày 28/12", "2023-12-28")]),
    ("Ngày 10/2 sẽ khai mạc hội chợ.", date(2024, 1, 20), [_d("Ngày 10/2", "2024-02-10")]),
    ("Đến tháng 9/2023, dự án đã giải ngân.", PUB, [_d("tháng 9/2023", "2023-09")]),
    ("Dự án kết thúc vào tháng 9 năm 2023.", PUB, [_d("tháng 9 năm 2023", "2023-09")]),
    ("Trong tháng 9-2023, hai bên gặp nhau.", PUB, [_d("tháng 9-2023", "2023-09")]),
    ("Hiệp định được ký vào tháng Giêng năm 2020.", PUB, [_d("tháng Giêng năm 2020", "2020-01")]),
    ("Năm 2017, hai bên ký kết bản ghi nhớ.", PUB, [_d("Năm 2017", "2017")]),
    ("Việt Nam gia nhập tổ chức này vào năm 1995.", PUB, [_d("năm 1995", "1995")]),
    ("Diễn đàn Lao động ASEAN 2023 được tổ chức tại Jakarta.", PUB, [_d("2023", "2023")]),
    # --- numeric forms and headers
    ("Văn bản ký ngày 15-3-2022 tại Hà Nội.", PUB, [_d("ngày 15-3-2022", "2022-03-15")]),
    ("Văn bản ký ngày 15.3.2022 tại Hà Nội.", PUB, [_d("ngày 15.3.2022", "2022-03-15")]),
    ("date 2022-03-15", PUB, [_d("2022-03-15", "2022-03-15")]),
    ("Thứ Sáu, 8 /3/2024 10:05", PUB, [_d("8 /3/2024", "2024-03-08")]),
    ("Thứ Sáu, 8/3/2024", PUB, [_d("8/3/2024", "2024-03-08")]),
    ("08:15 AM 20/03/2024", PUB, [_d("20/03/2024", "2024-03-20")]),
    ("10:42 - 21/05/2023", PUB, [_d("21/05/2023", "2023-05-21")]),
    ("Ngày 4-6, tại Huế, hai Bộ ký biên bản.", PUB, [_d("Ngày 4-6", "2024-06-04")]),
    (
        "Hội nghị diễn ra ngày 6.11 theo hình thức trực tuyến.",
        None,
        [_d("ngày 6.11", "XXXX-11-06")],
    ),
    # --- part of day belongs to the span
    ("Trưa 3/5, Phó Thủ tướng tiếp đoàn.", PUB, [_d("Trưa 3/5", "2024-05-03")]),
    ("Chiều ngày 14/6, hai bên hội đàm.", PUB, [_d("Chiều ngày 14/6", "2024-06-14")]),
    ("Tối 20/11 có buổi chiêu đãi.", date(2023, 11, 21), [_d("Tối 20/11", "2023-11-20")]),
    ("Rạng sáng 2/1, đoàn về nước.", date(2024, 1, 3), [_d("Rạng sáng 2/1", "2024-01-02")]),
    # --- intervals
    (
        "Giai đoạn 1954-1975 là thời kỳ kháng chiến.",
        PUB,
        [_d("Giai đoạn 1954-1975", "1954/1975", "interval")],
    ),
    ("1986 - 2000: Đổi mới và mở cửa", PUB, [_d("1986 - 2000", "1986/2000", "interval")]),
    (
        "Kế hoạch giai đoạn 2026-2030 đã được phê duyệt.",
        PUB,
        [_d("giai đoạn 2026-2030", "2026/2030", "interval")],
    ),
    (
        "Thời kỳ 2001 – 2010 đánh dấu nhiều đổi thay.",
        PUB,
        [_d("Thời kỳ 2001 – 2010", "2001/2010", "interval")],
    ),
    (
        "Từ năm 2008 đến năm 2012, Bộ đã cử 300 cán bộ đi học.",
        PUB,
        [_d("năm 2008 đến năm 2012", "2008/2012", "interval")],
    ),
    ("Từ 2015 đến nay, chương trình mở rộng.", PUB, [_d("2015 đến nay", "2015/2024", "interval")]),
    (
        "Từ 2015 đến nay, chương trình mở rộng.",
        None,
        [_d("2015 đến nay", "2015/PRESENT_REF", "interval")],
    ),
    (
        "Kể từ năm 2010 đến hiện nay, số lao động tăng gấp đôi.",
        PUB,
        [_d("năm 2010 đến hiện nay", "2010/2024", "interval")],
    ),
    (
        "Chương trình EPS (2004 - nay) rất thành công.",
        PUB,
        [_d("2004 - nay", "2004/2024", "interval")],
    ),
    (
        "Từ tháng 6 đến tháng 8/2021, dịch bệnh lan rộng.",
        PUB,
        [_d("tháng 6 đến tháng 8/2021", "2021-06/2021-08", "interval")],
    ),
    (
        "Trong tháng 4-6/2021, đoàn làm việc tại Nhật.",
        PUB,
        [_d("tháng 4-6/2021", "2021-04/2021-06", "interval")],
    ),
    ("Ông giữ chức Chủ tịch năm 2018-2019.", PUB, [_d("năm 2018-2019", "2018/2019", "interval")]),
    ("Khai giảng năm học 2023-2024.", PUB, [_d("năm học 2023-2024", "2023/2024", "interval")]),
    (
        "Hội thảo diễn ra ngày 21-22/11 tại Hà Nội.",
        date(2023, 11, 25),
        [_d("ngày 21-22/11", "2023-11-21/2023-11-22", "interval")],
    ),
    (
        "Từ ngày 3 đến ngày 6/9/2023, đoàn thăm Lào.",
        PUB,
        [_d("ngày 3 đến ngày 6/9/2023", "2023-09-03/2023-09-06", "interval")],
    ),
    (
        "Hội nghị họp vào ngày 7-9 tháng 5 năm 2023.",
        PUB,
        [_d("ngày 7-9 tháng 5 năm 2023", "2023-05-07/2023-05-09", "interval")],
    ),
    (
        "Từ ngày 25/5/2014 đến 10/6/2014, hội nghị diễn ra tại Geneva.",
        PUB,
        [_d("ngày 25/5/2014 đến 10/6/2014", "2014-05-25/2014-06-10", "interval")],
    ),
    (
        "Tăng trưởng 6 tháng đầu năm 2024 đạt 6%.",
        PUB,
        [_d("6 tháng đầu năm 2024", "2024-01/2024-06", "interval")],
    ),
    (
        "Nhiệm vụ 6 tháng cuối năm rất nặng nề.",
        date(2023, 8, 1),
        [_d("6 tháng cuối năm", "2023-07/2023-12", "interval")],
    ),
    # --- mods on points
    ("Đầu năm 2024, Bộ tổ chức hội nghị.", PUB, [_d("Đầu năm 2024", "2024", mod="START")]),
    ("Dự kiến cuối năm 2023 hoàn thành.", PUB, [_d("cuối năm 2023", "2023", mod="END")]),
    ("Giữa năm 2022 dịch bệnh giảm.", PUB, [_d("Giữa năm 2022", "2022")]),
    (
        "Khoảng năm 2000, tổ chức bắt đầu hoạt động.",
        PUB,
        [_d("Khoảng năm 2000", "2000", mod="APPROX")],
    ),
    ("Cuối tháng 11/2025 sẽ tổng kết.", PUB, [_d("Cuối tháng 11/2025", "2025-11", mod="END")]),
    ("Công việc dồn đến cuối năm.", PUB, [_d("cuối năm", "2024", mod="END")]),
    # --- quarters
    ("Trong quý II/2023, xuất khẩu tăng.", PUB, [_d("quý II/2023", "2023-Q2")]),
    ("Số liệu quý 4 năm 2022 cho thấy.", PUB, [_d("quý 4 năm 2022", "2022-Q4")]),
    (
        "Trong quý I, quý II và quý III/2020 Bộ đều đạt kế hoạch.",
        PUB,
        [_d("quý I", "2020-Q1"), _d("quý II", "2020-Q2"), _d("quý III/2020", "2020-Q3")],
    ),
    (
        "Kế hoạch tháng 5 và tháng 6/2022 đã hoàn thành.",
        PUB,
        [_d("tháng 5", "2022-05"), _d("tháng 6/2022", "2022-06")],
    ),
    # --- relative to publication
    ("Năm qua, công tác đối ngoại đạt nhiều kết quả.", PUB, [_d("Năm qua", "2023")]),
    ("Năm ngoái, Bộ đã ký ba thỏa thuận.", PUB, [_d("Năm ngoái", "2023")]),
    ("Kế hoạch năm nay tập trung vào thị trường Đức.", PUB, [_d("năm nay", "2024")]),
    ("Năm tới, hai bên sẽ ký hiệp định.", PUB, [_d("Năm tới", "2025")]),
    ("Năm sau, hội nghị sẽ tổ chức tại Lào.", PUB, [_d("Năm sau", "2025")]),
    ("Năm nay, Bộ tập trung vào đào tạo.", None, [_d("Năm nay", "XXXX")]),
    ("Tháng trước, đoàn đã sang Nhật.", date(2024, 1, 10), [_d("Tháng trước", "2023-12")]),
    ("Tuần tới, hai bên sẽ đàm phán.", date(2025, 11, 27), [_d("Tuần tới", "2025-W49")]),
    (
        "Hội nghị diễn ra hôm nay (14/6).",
        PUB,
        [_d("hôm nay", "2024-06-14"), _d("14/6", "2024-06-14")],
    ),
    ("Sáng nay, Bộ trưởng tiếp Đại sứ.", PUB, [_d("Sáng nay", "2024-06-14")]),
    ("Nhiều tổ chức phải dừng hoạt động trong năm do thiếu kinh phí.", PUB, [_d("năm", "2024")]),
    # --- durations
    ("Kỷ niệm 75 năm thành lập ngành.", PUB, [_d("75 năm", "P75Y", "duration")]),
    (
        "Sau hơn 3 năm đàm phán, hai bên ký kết.",
        PUB,
        [_d("hơn 3 năm", "P3Y", "duration", "MORE_THAN")],
    ),
    ("Dự án kéo dài gần 20 năm.", PUB, [_d("gần 20 năm", "P20Y", "duration", "LESS_THAN")]),
    ("Cần khoảng 6 tháng để chuẩn bị.", PUB, [_d("khoảng 6 tháng", "P6M", "duration", "APPROX")]),
    ("Phải mất mấy năm mới hoàn thành.", PUB, [_d("mấy năm", "PXY", "duration")]),
    ("Hai bên đã hợp tác nhiều tháng.", PUB, [_d("nhiều tháng", "PXM", "duration")]),
    (
        "Trong 40 năm qua, quan hệ không ngừng phát triển.",
        PUB,
        [_d("40 năm qua", "P40Y", "duration")],
    ),
    ("Trong 5 năm tới, Bộ ưu tiên đào tạo.", PUB, [_d("5 năm tới", "P5Y", "duration")]),
    ("Kế hoạch cho 3 năm tiếp theo đã sẵn sàng.", PUB, [_d("3 năm tiếp theo", "P3Y", "duration")]),
    (
        "Trong 15 năm tới đây, hai nước hợp tác sâu hơn.",
        PUB,
        [_d("15 năm tới đây", "P15Y", "duration")],
    ),
    ("Quan hệ hai nước những năm qua rất tốt đẹp.", PUB, [_d("những năm qua", "PXY", "duration")]),
    ("Thực tập sinh làm việc trong thời gian hai năm.", PUB, [_d("hai năm", "P2Y", "duration")]),
    ("Khóa học kéo dài bốn tháng.", PUB, [_d("bốn tháng", "P4M", "duration")]),
    ("Chương trình đã triển khai mười lăm năm.", PUB, [_d("mười lăm năm", "P15Y", "duration")]),
    ("Hội nghị kéo dài hai ngày.", PUB, [_d("hai ngày", "P2D", "duration")]),
    ("Hợp đồng có thời hạn 1 năm 6 tháng.", PUB, [_d("1 năm 6 tháng", "P1Y6M", "duration")]),
    (
        "Trong hai thập kỷ qua, kinh tế tăng trưởng.",
        PUB,
        [_d("hai thập kỷ qua", "P20Y", "duration")],
    ),
    # --- sets
    ("Diễn đàn được tổ chức 3 năm một lần.", PUB, [_d("3 năm một lần", "P3Y", "set")]),
    ("Đối thoại được tổ chức hai năm một lần.", PUB, [_d("hai năm một lần", "P2Y", "set")]),
    ("Hội nghị hằng năm của các Bộ trưởng.", PUB, [_d("hằng năm", "P1Y", "set")]),
    ("Báo cáo hàng năm gửi Chính phủ.", PUB, [_d("hàng năm", "P1Y", "set")]),
    ("Cơ chế đối thoại thường niên được duy trì.", PUB, [_d("thường niên", "P1Y", "set")]),
    ("Các bên họp hằng tháng để trao đổi.", PUB, [_d("hằng tháng", "P1M", "set")]),
    ("Mỗi năm có khoảng 500 học viên sang học.", PUB, [_d("Mỗi năm", "P1Y", "set")]),
    ("Đại hội được tổ chức 5 năm/lần.", PUB, [_d("5 năm/lần", "P5Y", "set")]),
    # --- decades and centuries
    ("Trong thập niên 1980, hợp tác lao động phát triển.", PUB, [_d("thập niên 1980", "198")]),
    ("Từ những năm 1970, Việt Nam cử người đi học.", PUB, [_d("những năm 1970", "197")]),
    (
        "Những năm 90 của thế kỷ trước là thời kỳ khó khăn.",
        PUB,
        [_d("Những năm 90 của thế kỷ trước", "199")],
    ),
    ("Bước vào thế kỷ XXI, quan hệ phát triển mạnh.", PUB, [_d("thế kỷ XXI", "20")]),
    (
        "Cuối thế kỷ 20, hai nước bình thường hóa quan hệ.",
        PUB,
        [_d("Cuối thế kỷ 20", "19", mod="END")],
    ),
    # --- governing prepositions stay outside
    ("Trước ngày 5/7, các đơn vị phải báo cáo.", PUB, [_d("ngày 5/7", "2024-07-05")]),
    ("Sau năm 1975, đất nước thống nhất.", PUB, [_d("năm 1975", "1975")]),
    ("Tại hội nghị năm 2019, các bên thống nhất.", PUB, [_d("năm 2019", "2019")]),
    # --- bare d/m: date or fraction
    ("Lễ ký kết diễn ra 15/1 tại Hà Nội.", date(2024, 1, 16), [_d("15/1", "2024-01-15")]),
    ("Từ 1/7, mức lương cơ sở tăng.", PUB, [_d("1/7", "2024-07-01")]),
    ("Hôm 5/6, đoàn đã về nước.", PUB, [_d("Hôm 5/6", "2024-06-05")]),
    ("Thứ Hai (10/6), hai bên hội đàm.", PUB, [_d("10/6", "2024-06-10")]),
    # --- day-month with "-" announced by a range or list word, no "ngày"
    (
        "Từ 3-7 đến 9-7, đội tuyển tập huấn ở Đà Lạt.",
        PUB,
        [_d("3-7 đến 9-7", "2024-07-03/2024-07-09", "interval")],
    ),
    ("Hồ sơ nhận đến 25-6, sau đó xét duyệt.", PUB, [_d("25-6", "2024-06-25")]),
    (
        "Kết quả thi được công bố hôm qua (13-6).",
        PUB,
        [_d("hôm qua", "2024-06-13"), _d("13-6", "2024-06-13")],
    ),
    ("Thứ Tư, 12-6, mưa lớn kéo dài.", PUB, [_d("12-6", "2024-06-12")]),
    (
        "Lễ hội diễn ra các ngày 7, 8 và 9-6 ở Huế.",
        PUB,
        [_d("ngày 7", "2024-06-07"), _d("8", "2024-06-08"), _d("9-6", "2024-06-09")],
    ),
    (
        "Triển lãm mở cửa ngày 10 đến 12-6.",
        PUB,
        [_d("ngày 10 đến 12-6", "2024-06-10/2024-06-12", "interval")],
    ),
    # --- a clock time keeps its part of day
    ("Lúc 8 giờ 30 sáng 11-6, xe khởi hành.", PUB, [_d("11-6", "2024-06-11")]),
    # --- lunar dates: the solar day of the lunar year nearest publication
    ("Sáng mùng 2 Tết, chợ hoa vẫn đông.", date(2024, 2, 1), [_d("Sáng mùng 2 Tết", "2024-02-11")]),
    (
        "Đêm 30 Tết, pháo hoa được bắn ở nhiều nơi.",
        date(2025, 1, 20),
        [_d("Đêm 30 Tết", "2025-01-28")],
    ),
    (
        "Rằm tháng Giêng năm 2023, chùa đông khách.",
        PUB,
        [_d("Rằm tháng Giêng năm 2023", "2023-02-05")],
    ),
    ("Mồng một Tết, cả nhà đi chúc Tết.", None, [_d("Mồng một Tết", "XXXX-XX-XX")]),
    (
        "Học sinh nghỉ từ 25 tháng Chạp đến mùng 5 tháng Giêng.",
        date(2025, 1, 10),
        [_d("25 tháng Chạp đến mùng 5 tháng Giêng", "2025-01-24/2025-02-02", "interval")],
    ),
    (
        "Lễ giỗ Tổ rơi vào ngày 10 tháng 3 âm lịch.",
        date(2024, 4, 10),
        [_d("ngày 10 tháng 3 âm lịch", "2024-04-18")],
    ),
    # --- holidays announce a bare day-month, also as a range
    (
        "Kỳ nghỉ lễ 30/4 - 1/5 năm nay dài 5 ngày.",
        PUB,
        [
            _d("30/4 - 1/5 năm nay", "2024-04-30/2024-05-01", "interval"),
            _d("5 ngày", "P5D", "duration"),
        ],
    ),
    ("Đường phố rợp cờ mừng Quốc khánh 2/9.", date(2024, 8, 30), [_d("2/9", "2024-09-02")]),
    # --- a weekday placed by a relative week (PUB is a Friday)
    ("Thứ Ba tuần tới, tòa sẽ xét xử.", PUB, [_d("Thứ Ba tuần tới", "2024-06-18")]),
    ("Chủ nhật tuần trước, đoàn đã về.", PUB, [_d("Chủ nhật tuần trước", "2024-06-09")]),
    ("Thứ Hai này trường khai giảng.", PUB, [_d("Thứ Hai này", "2024-06-10")]),
    ("Thứ Hai tuần tới trường khai giảng.", None, [_d("Thứ Hai tuần tới", "XXXX-XX-XX")]),
    # --- English month names (dateparser), never filling unwritten parts
    ("Tuesday, June 11, 2024", PUB, [_d("Tuesday, June 11, 2024", "2024-06-11")]),
    ("Báo cáo ra ngày 3 March 2021 tại Geneva.", PUB, [_d("3 March 2021", "2021-03-03")]),
    ("Bản tin phát hành Sept 2019.", PUB, [_d("Sept 2019", "2019-09")]),
    ("Sự kiện dự kiến vào July 4.", None, [_d("July 4", "XXXX-07-04")]),
    ("Friday, May 10, 2024", PUB, [_d("Friday, May 10, 2024", "2024-05-10")]),
]

# Sentences with no DATE at all.
NEGATIVES: list[str] = [
    "Hiện nay, Việt Nam có quan hệ với nhiều nước.",
    "Thời gian qua, hai bên hợp tác tốt.",
    "Gần đây, nhiều doanh nghiệp tham gia chương trình.",
    "Đến nay, chương trình vẫn được duy trì.",
    "Ngày nay, tư tưởng đó vẫn còn nguyên giá trị.",
    "Cập nhật lúc 08:15",
    "07:39",
    "Theo Quyết định số 1234/QĐ-BNV, Bộ thành lập tổ công tác.",
    "Thực hiện Nghị quyết 18-NQ/TW của Trung ương.",
    "Dự án VIE/01/015 do UNDP tài trợ.",
    "Căn cứ Nghị định 38/2020/NĐ-CP của Chính phủ.",
    "Theo Thông tư 05/2020, doanh nghiệp phải báo cáo.",
    "Việt Nam đã phê chuẩn 7/8 công ước cơ bản.",
    "Tỷ lệ 3/4 số tỉnh đã hoàn thành.",
    "Tổng đài hỗ trợ hoạt động 24/7.",
    "Đây thực sự là một năm nhiều biến động.",
    "Những năm tháng khó khăn đã qua.",
    "Dịch Covid-19 ảnh hưởng nghiêm trọng.",
    "Hội nghị lần thứ 5 đã thành công.",
    "Đây là năm thứ ba liên tiếp Bộ hoàn thành kế hoạch.",
    "Đoàn có 2023 người tham dự.",
    "Số hộ nghèo giảm còn 1/2.",
    "Nhà số 12/3 đường Láng.",
    # numbers that name streets and classes, ranges of counts
    "Cửa hàng nằm trên đường 3 tháng 2, quận 10.",
    "Xe buýt chạy qua phố 19/5 mỗi sáng.",
    "Em học lớp 11/2 của trường.",
    "Mỗi hộ có từ 3-5 người, chi phí tăng từ 2-4%.",
    # "mùng N" alone is a day of an unnamed month
    "Các em được nghỉ mùng hai.",
    # "May" is also a Vietnamese word (garment): without a year it is no month
    "Tổng công ty May 10 tuyển thêm công nhân.",
    # a score in brackets
    "Đội chủ nhà thắng đội khách (2-1) trong trận cầu hấp dẫn.",
]


@pytest.mark.parametrize(("text", "published", "expected"), CASES)
def test_find_dates(text: str, published: date | None, expected: list[Expected]) -> None:
    assert _found(text, published) == expected


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_date(text: str) -> None:
    assert _found(text, PUB) == []


def test_compound_word_before_relative_year() -> None:
    # "đầu tư" (investment) is not "đầu" (beginning) + a number: only "năm ngoái" is a date.
    text = "Vốn đầu tư năm ngoái của doanh nghiệp tăng."
    assert _found(text, PUB) == [_d("năm ngoái", "2023")]


def test_time_before_date_is_not_a_day_range() -> None:
    # "10 - 21/05/2023" must not become the 10th-21st of May: "10" is the minutes of a time.
    assert _found("07:10 - 21/05/2023", PUB) == [_d("21/05/2023", "2023-05-21")]


def test_set_is_not_also_a_duration() -> None:
    mentions = find_dates("Diễn đàn được tổ chức 2 năm một lần.", published=PUB)
    assert [(m.kind, m.value) for m in mentions] == [("set", "P2Y")]


def test_offsets_and_sources() -> None:
    text = "Ngày 5/8/2022, tại Hà Nội, hội nghị giai đoạn 2021-2025 khai mạc."
    mentions = find_dates(text, published=PUB)
    period = text.index("giai đoạn")
    assert [(m.start, m.end) for m in mentions] == [(0, 13), (period, period + 19)]
    assert text[period : period + 19] == "giai đoạn 2021-2025"
    assert [m.source for m in mentions] == ["date_grammar:dmy", "date_grammar:interval"]


def test_spans_never_overlap() -> None:
    text = "Từ năm 2016 đến năm 2020, sau hơn 5 năm đàm phán, 2 năm một lần, năm 2021-2022."
    mentions = find_dates(text, published=PUB)
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


def test_no_publication_never_uses_today() -> None:
    mentions = find_dates("Tháng trước, ngày 3/3 và năm ngoái.", published=None)
    assert [m.value for m in mentions] == ["XXXX-XX", "XXXX-03-03", "XXXX"]


_PIECES = [
    "ngày",
    "tháng",
    "năm",
    "quý",
    "I",
    "2020",
    "2021",
    "15/1",
    "3-5/2020",
    "đến",
    "nay",
    "từ",
    "-",
    "–",
    " ",
    "hơn",
    "5",
    "hai",
    "một",
    "lần",
    "qua",
    "tới",
    "giai đoạn",
    "/",
    ".",
    ",",
    "Sáng",
    "thế kỷ",
    "XXI",
    "những",
    "hằng",
    "06-NQ/TW",
    "9/10",
    "07:39",
    "(",
    ")",
    "đầu",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.booleans())
def test_mentions_are_in_bounds_and_disjoint(pieces: list[str], with_date: bool) -> None:
    text = " ".join(pieces)
    mentions = find_dates(text, published=PUB if with_date else None)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end
        assert m.kind in ("date", "interval", "duration", "set")
        assert text[m.start] != " " and text[m.end - 1] != " "
        previous_end = m.end


def test_context_rules_are_marked() -> None:
    [bare] = find_dates("Lễ ký kết diễn ra 15/1 tại Hà Nội.", published=PUB)
    [written] = find_dates("Lễ ký kết diễn ra ngày 15/1 tại Hà Nội.", published=PUB)
    assert bare.source == "date_grammar:dm_bare"
    assert written.source == "date_grammar:dm"
    assert bare.confidence < written.confidence == 1.0


def _ungated(text: str, published: date | None) -> list:
    """`find_dates` with every rule run on every text, as if all its cues occurred."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates_module._Cues, "all_in_text", lambda self, cues: True)
        return find_dates(text, published=published)


# Cues only let rules skip text they cannot match: the result never depends on them.
_CUE_CASES = [text for text, _, _ in CASES] + [
    "CHIỀU NAY, BAN TỔ CHỨC CÔNG BỐ KẾT QUẢ QUÝ II/2023 VÀ KẾ HOẠCH THÁNG MƯỜI HAI.",
    "Từ 2/9 đến 5/9/2022 và trong 10 ngày tới, hội chợ mở cửa hằng ngày.",
    "Ngày 15 / 1 / 2019, dự án khởi công; sau 2 năm rưỡi thì hoàn thành.",
    "Trong những thập niên 80, 90 của thế kỷ trước, nhiều người rời quê.",
    "Đoàn công tác đến Lào hôm qua và sẽ trở về vào sáng mai.",
]


@pytest.mark.parametrize("text", _CUE_CASES)
def test_cues_never_change_the_result(text: str) -> None:
    assert find_dates(text, published=PUB) == _ungated(text, PUB)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "NĂM", "Tháng", "QUÝ", "hôm", "mai"]), max_size=14))
def test_cues_never_change_random_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert find_dates(text, published=PUB) == _ungated(text, PUB)
