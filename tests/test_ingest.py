"""Reading inputs and detecting publication dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extract.ingest.published import detect_published
from extract.ingest.reader import expand_inputs, read_inputs


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tiêu đề bài\n03:59 PM 15/01/2019\n(LĐXH) Sáng 15/1, ...", date(2019, 1, 15)),
        ("Tiêu đề\n- Tác giả\n- 07:39 - 30/01/2022\nNội dung", date(2022, 1, 30)),
        (" date 2025-11-27 Sáng 27/11, Bộ Nội vụ tổ chức hội nghị.", date(2025, 11, 27)),
        ("Thứ Hai, 02/03/2020 08:15 (GMT+7)\nBài viết", date(2020, 3, 2)),
        ("Tin tức\nCập nhật: 5-6-2023\nNội dung", date(2023, 6, 5)),
        # A date inside a long body sentence is not a dateline.
        (
            "Tiêu đề\nNgày 15/01/2019, Bộ Lao động - Thương binh và Xã hội đã ký kết với đối tác "
            "một bản ghi nhớ quan trọng về hợp tác lao động.",
            None,
        ),
        ("Ngay từ năm 1947, Chủ tịch Hồ Chí Minh đã tuyên bố.", None),
        ("Tiêu đề\n31/02/2020 10:00\n", None),  # impossible date
        ("date 9999-12-31 Bộ Nội vụ họp.", None),  # a placeholder, out of range
        ("\ufeffdate 2025-11-27 Sáng 27/11, Bộ Nội vụ họp.", date(2025, 11, 27)),  # BOM
    ],
)
def test_detect_published(text: str, expected: date | None) -> None:
    assert detect_published(text)[0] == expected


def test_published_span_points_at_the_date() -> None:
    text = "Tiêu đề\n03:59 PM 15/01/2019\nNội dung"
    _, (start, end) = detect_published(text)
    assert text[start:end] == "15/01/2019"


def test_text_files_and_bad_inputs(tmp_path: Path) -> None:
    good = _write(tmp_path / "a.txt", "Bộ Nội vụ họp.".encode())
    latin = _write(tmp_path / "b.txt", "Hà Nội".encode("cp1258", errors="replace") + b"\xff")
    empty = _write(tmp_path / "c.txt", b"")
    blank = _write(tmp_path / "d.txt", b" \n\t\r\n")
    crlf = _write(tmp_path / "e.txt", "Dòng một.\r\nDòng hai.\r\n".encode())
    docs = {d.doc_id: d for d in read_inputs([good, latin, empty, blank, crlf])}
    assert docs["a"].error is None and docs["a"].text == "Bộ Nội vụ họp."
    assert "[E001]" in docs["b"].error and "b.txt" in docs["b"].error
    assert "[E002]" in docs["c"].error
    assert "[E003]" in docs["d"].error
    assert docs["e"].text == "Dòng một.\r\nDòng hai.\r\n"  # CRLF kept: offsets index the file


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"doc_id": "x1", "text": "Nội dung", "published": "2020-05-01", "url": "u"}),
        "{not json",
        json.dumps({"doc_id": "x2"}),
        json.dumps({"doc_id": "x3", "text": "t", "published": "05/2020"}),  # no day
        json.dumps({"doc_id": "x4", "text": "t", "published": "01/05/2020"}),  # day first
    ]
    path = _write(tmp_path / "batch.jsonl", "\n".join(lines).encode())
    docs = list(read_inputs([path]))
    assert docs[0].doc_id == "x1" and docs[0].published == date(2020, 5, 1)
    assert docs[0].published_from == "metadata" and docs[0].url == "u"
    assert "[E005]" in docs[1].error and "batch.jsonl:2" in docs[1].error
    assert "[E006]" in docs[2].error and "'text'" in docs[2].error
    assert "[E009]" in docs[3].error
    assert docs[4].error is None and docs[4].published == date(2020, 5, 1)


def test_duplicate_doc_id_is_an_error_not_a_drop(tmp_path: Path) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = _write(tmp_path / "one" / "same.txt", "Bài một".encode())
    second = _write(tmp_path / "two" / "same.txt", "Bài hai".encode())
    docs = list(read_inputs([first, second]))
    assert docs[0].doc_id == "same" and docs[0].error is None
    assert "[E004]" in docs[1].error and str(first) in docs[1].error
    assert docs[1].doc_id != "same"


def test_expand_inputs_reports_missing_and_lists_unsupported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    files, errors = expand_inputs([tmp_path, tmp_path / "notes.md", tmp_path / "missing.txt"])
    # notes.md is listed once (found in the folder, then given again) with no format.
    assert [(f.path, f.format) for f in files] == [
        (tmp_path / "a.txt", "txt"),
        (tmp_path / "notes.md", None),
    ]
    assert len(errors) == 1 and "[E008]" in errors[0]
    docs = list(read_inputs(files))
    assert docs[1].skipped and "[E007]" in docs[1].error and docs[1].doc_id == "notes.md"
