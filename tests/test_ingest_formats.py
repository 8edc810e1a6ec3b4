"""Input formats, metadata sheets, dates and the bad-input matrix (ingest/formats, metadata)."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from extract.errors import InputError
from extract.ingest.dates import PublishedError, parse_published
from extract.ingest.formats import DEFAULT_COLUMNS
from extract.ingest.metadata import load_metadata
from extract.ingest.reader import InputOptions, expand_inputs, read_inputs, split_name

ARTICLE = "Tin vắn\nBộ Nội vụ làm việc với Tổ chức Lao động Quốc tế (ILO) tại Hà Nội.\n"


def page(
    paragraphs: list[str], *, title: str, published: str | None = None, canonical: str = ""
) -> str:
    """A saved news page: menu, article, related links, comments and footer around the text."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(title)} | Báo Dân trí</title>{link}{meta}
<meta property="og:site_name" content="Báo Dân trí">
<meta property="og:title" content="{html.escape(title)}"></head><body>
<header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi">Xã hội</a></li>
<li><a href="/the-gioi">Thế giới</a></li><li><a href="/kinh-doanh">Kinh doanh</a></li></ul></nav>
</header><main><article><h1>{html.escape(title)}</h1><div class="content">{body}</div></article>
<aside class="related"><h3>Tin liên quan</h3><ul>
<li><a href="/a">Nhật Bản tiếp nhận thêm thực tập sinh Việt Nam</a></li>
<li><a href="/b">Hàn Quốc ký bản ghi nhớ với Bộ Lao động</a></li></ul></aside>
<section class="comments" id="comments"><h3>Bình luận</h3>
<div class="comment"><p>Cảm ơn Liên Hợp Quốc đã giúp đỡ Campuchia!</p></div></section></main>
<footer><p>© Báo Dân trí. Giấy phép số 298/GP-BTTTT.</p></footer></body></html>"""


PARAGRAPHS = [
    "Ngày 15/1, Bộ Nội vụ làm việc với Tổ chức Lao động Quốc tế (ILO) về hợp tác lao động.",
    "Hai bên thống nhất triển khai chương trình hỗ trợ người lao động di cư tại Hà Nội.",
]


def test_split_name_matches_suffixes_case_insensitively() -> None:
    assert split_name("A.TXT") == ("A", "txt", False)
    assert split_name("batch.Jsonl.GZ") == ("batch", "jsonl", True)
    assert split_name("page.htm") == ("page", "html", False)
    assert split_name("report.docx") == ("report", None, False)


def test_html_page_gives_main_text_and_metadata_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "bai-viet.html"
    path.write_text(
        page(
            PARAGRAPHS,
            title="Bộ Nội vụ làm việc với ILO",
            published="2019-01-15T08:30:00+07:00",
            canonical="https://dantri.com.vn/xa-hoi/bai-viet.htm",
        ),
        encoding="utf-8",
    )
    (doc,) = read_inputs([path])
    assert doc.error is None and doc.input_format == "html"
    assert doc.text is not None and doc.text.split("\n")[-2:] == PARAGRAPHS  # paragraphs as lines
    for boilerplate in ("Trang chủ", "Tin liên quan", "Campuchia", "Giấy phép", "Nhật Bản"):
        assert boilerplate not in doc.text
    assert doc.title == "Bộ Nội vụ làm việc với ILO"
    assert doc.published == date(2019, 1, 15) and doc.published_from == "html"
    assert doc.url == "https://dantri.com.vn/xa-hoi/bai-viet.htm"
    assert doc.meta == {"site_name": "Báo Dân trí"}


def test_html_page_without_main_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text(
        "<html><head><title>Trang</title></head><body><div></div></body></html>", "utf-8"
    )
    (doc,) = read_inputs([path])
    assert doc.text is None and "[E063]" in doc.error


def _csv_bytes(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


@pytest.mark.parametrize("fmt", ["csv", "tsv", "parquet", "jsonl", "ndjson", "csv.gz"])
def test_tabular_formats_map_columns_and_keep_the_rest_in_meta(tmp_path: Path, fmt: str) -> None:
    rows = [
        {
            "id": "r1",
            "content": ARTICLE,
            "date": "Thứ ba, 15/1/2019 08:30",
            "url": "https://a.vn/1",
            "source_site": "a.vn",
            "category": "xa-hoi",
        },
        {"id": "r2", "content": "Hai bên ký kết.", "date": "", "url": "", "source_site": "b.vn"},
    ]
    rows[1]["category"] = ""
    path = tmp_path / f"export.{fmt}"
    if fmt.startswith("csv"):
        data = _csv_bytes(rows)
        path.write_bytes(gzip.compress(data) if fmt.endswith(".gz") else data)
    elif fmt == "tsv":
        path.write_bytes(_csv_bytes(rows, "\t"))
    elif fmt == "parquet":
        pq.write_table(pa.Table.from_pylist(rows), path)
    else:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    docs = {d.doc_id: d for d in read_inputs([path])}
    assert docs["r1"].error is None and docs["r1"].text == ARTICLE
    assert docs["r1"].published == date(2019, 1, 15) and docs["r1"].url == "https://a.vn/1"
    assert docs["r1"].meta == {"source_site": "a.vn", "category": "xa-hoi"}
    assert docs["r2"].published is None and docs["r2"].url is None
    assert docs["r2"].meta == {"source_site": "b.vn"}
    assert docs["r1"].source_path.endswith(f"export.{fmt}:{2 if 'sv' in fmt else 1}")
    assert Path(docs["r1"].source_path.rsplit(":", 1)[0]).is_absolute()


def test_explicit_column_names_and_an_html_column(tmp_path: Path) -> None:
    rows = [
        {
            "article_key": "h1",
            "raw_html": page(PARAGRAPHS, title="Tiêu đề", published="2020-03-02"),
            "body": "",
        }
    ]
    path = tmp_path / "crawl.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    columns = DEFAULT_COLUMNS.with_names(id="article_key", html="raw_html")
    (doc,) = read_inputs([path], InputOptions(columns=columns))
    assert doc.error is None and doc.input_format == "parquet+html"
    assert doc.text is not None and PARAGRAPHS[0] in doc.text and "Tin liên quan" not in doc.text
    assert doc.title == "Tiêu đề" and doc.published == date(2020, 3, 2)
    # The same file without the mapping has no id column: a coded error per row, no crash.
    (bad,) = read_inputs([path])
    assert "[E006]" in bad.error


def test_a_table_without_text_column_is_skipped_in_a_folder_and_an_error_alone(tmp_path: Path):
    sheet = tmp_path / "SOURCES.tsv"
    sheet.write_text("file\turl\nx.txt\thttps://a.vn\n", encoding="utf-8")
    files, _ = expand_inputs([tmp_path])
    (in_folder,) = read_inputs(files)
    assert in_folder.skipped and "[E064]" in in_folder.error and in_folder.doc_id == "SOURCES.tsv"
    (alone,) = read_inputs([sheet])
    assert not alone.skipped and "[E064]" in alone.error


def test_folder_rule_hidden_files_git_and_excluded_paths(tmp_path: Path) -> None:
    for name in ("a.txt", "B.TXT", ".hidden.txt", ".git/HEAD.txt", "sub/.cache/c.txt", "out/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("Bộ Nội vụ họp.", encoding="utf-8")
    files, errors = expand_inputs([tmp_path], exclude=[tmp_path / "out"])
    assert errors == []
    assert [f.relative for f in files] == ["B.TXT", "a.txt"]


def test_metadata_sheet_joins_by_file_name_and_doc_id(tmp_path: Path) -> None:
    (tmp_path / "x1.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x2.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "rows.jsonl").write_text(json.dumps({"doc_id": "j1", "text": ARTICLE}) + "\n")
    sheet = tmp_path / "meta.csv"
    sheet.write_text(
        "file,url,source_site,publication_date_if_known\n"
        "raw/x1.txt,https://a.vn/1,a.vn,2014-12-05\n"
        "x2.txt,,b.vn,\n"
        'j1,https://c.vn/j,c.vn,"January 15, 2019"\n'
        "gone.txt,,d.vn,2020-01-01\n",
        encoding="utf-8",
    )
    metadata = load_metadata(sheet)
    files, _ = expand_inputs([tmp_path], exclude=[sheet])
    docs = {d.doc_id: d for d in read_inputs(files, InputOptions(metadata=metadata))}
    assert set(docs) == {"x1", "x2", "j1"}
    assert docs["x1"].published == date(2014, 12, 5) and docs["x1"].published_from == "metadata"
    assert docs["x1"].url == "https://a.vn/1" and docs["x1"].meta == {"source_site": "a.vn"}
    assert docs["x2"].published is None and docs["x2"].meta == {"source_site": "b.vn"}
    assert docs["j1"].published == date(2019, 1, 15)
    assert metadata.unmatched() == ["gone.txt"]


@pytest.mark.parametrize(
    ("content", "code"),
    [("url\nhttps://a.vn\n", "[E066]"), ("file\tdate\na.txt\t1\na.txt\t2\n", "[E070]")],
)
def test_bad_metadata_sheets_are_coded_input_errors(tmp_path: Path, content: str, code: str):
    from extract.errors import InputError

    sheet = tmp_path / "sheet.tsv"
    sheet.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=code.replace("[", r"\[")):
        load_metadata(sheet)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/01/2019", date(2019, 1, 15)),
        ("Thứ ba, 15/1/2019 08:30", date(2019, 1, 15)),
        ("January 15, 2019", date(2019, 1, 15)),
        ("2019-01-15T23:30:00-05:00", date(2019, 1, 15)),  # the date as written, no tz shift
        ("ngày 15 tháng 1 năm 2019", date(2019, 1, 15)),
        ("1/2/2019", date(2019, 2, 1)),  # day first
        (date(2020, 5, 1), date(2020, 5, 1)),
        ("", None),
        ("nan", None),
    ],
)
def test_parse_published_free_form(value: object, expected: date | None) -> None:
    assert parse_published(value, "f.csv:2") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("15/1", "[E009]"),  # no year: never filled from today
        ("hôm qua", "[E009]"),  # relative: would need today's date
        ("2019", "[E009]"),
        ("31/02/2020", "[E009]"),
        ("9999-12-31", "[E061]"),
        ("31/12/99999", "[E061]"),
        (date(1, 1, 1), "[E061]"),
        ("Bộ Nội vụ họp ngày 15/1/2019. " * 20, "[E009]"),  # a text column mapped as the date
    ],
)
def test_parse_published_refuses_partial_and_out_of_range(value: object, code: str) -> None:
    with pytest.raises(PublishedError) as info:
        parse_published(value, "f.csv:2")
    assert str(info.value).startswith(code) and "f.csv:2" in str(info.value)


def _bad_input(tmp_path: Path, case: str) -> Path:
    """Write the input of one bad-input case; return the path to read."""
    if case == "vanished":
        return tmp_path / "vanished.txt"  # listed, then gone before it is read
    if case == "unreadable":
        path = tmp_path / "locked.txt"
        path.mkdir()  # reading a folder as a file fails like a permission problem
        return path
    if case == "surrogate_text":
        path = tmp_path / "s.jsonl"
        path.write_text('{"doc_id": "s1", "text": "Bộ \\ud800 Nội vụ"}\n', encoding="utf-8")
        return path
    if case == "surrogate_id":
        path = tmp_path / "s.jsonl"
        path.write_text('{"doc_id": "\\udfff", "text": "Bộ Nội vụ"}\n', encoding="utf-8")
        return path
    if case == "published_overflow":
        path = tmp_path / "p.jsonl"
        path.write_text('{"doc_id": "p1", "text": "x", "published": "9999-12-31"}\n', "utf-8")
        return path
    if case == "bad_gzip":
        path = tmp_path / "b.txt.gz"
        path.write_bytes(b"\x1f\x8bnot really gzip")
        return path
    if case == "bad_parquet":
        path = tmp_path / "b.parquet"
        path.write_bytes(b"PAR1 truncated")
        return path
    if case == "bad_csv_utf8":
        path = tmp_path / "b.csv"
        path.write_bytes(b"id,text\n1,\xff\xfe\n")
        return path
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("vanished", "[E060]"),
        ("unreadable", "[E060]"),
        ("surrogate_text", "[E062]"),
        ("surrogate_id", "[E062]"),
        ("published_overflow", "[E061]"),
        ("bad_gzip", "[E060]"),
        ("bad_parquet", "[E065]"),
        ("bad_csv_utf8", "[E001]"),
    ],
)
def test_bad_input_matrix_gives_one_error_document(tmp_path: Path, case: str, code: str) -> None:
    from extract.ingest.reader import InputFile

    path = _bad_input(tmp_path, case)
    fmt = split_name(path.name)[1]
    (doc,) = read_inputs([InputFile(path, fmt, str(path))])
    assert doc.error is not None and doc.error.startswith(code), doc.error
    # The error row must be writable: every string of it encodes to UTF-8.
    for value in (doc.doc_id, doc.source_path, doc.error):
        value.encode("utf-8")


def test_bom_txt_and_jsonl(tmp_path: Path) -> None:
    txt = tmp_path / "bom.txt"
    txt.write_bytes(b"\xef\xbb\xbf" + "Tin\n03:59 PM 15/01/2019\nBộ Nội vụ họp.\n".encode())
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + json.dumps({"doc_id": "j", "text": "Bộ"}).encode() + b"\n")
    docs = {d.doc_id: d for d in read_inputs([txt, jsonl])}
    # The BOM stays in the text (offsets index the file as decoded); detection skips it.
    assert docs["bom"].text.startswith("\ufeffTin") and docs["bom"].error is None
    assert docs["j"].error is None and docs["j"].text == "Bộ"


def test_standard_input_in_any_format_gzip_recognised_by_its_magic_bytes() -> None:
    from extract.ingest.reader import InputFile

    data = _csv_bytes([{"doc_id": "s1", "text": ARTICLE, "published": "January 15, 2019"}])
    for payload in (data, gzip.compress(data)):
        options = InputOptions(stdin_format="csv", stdin=io.BytesIO(payload))
        (doc,) = read_inputs([InputFile(None, None, "<stdin>")], options)
        assert doc.text == ARTICLE and doc.published == date(2019, 1, 15)
        assert doc.source_path == "<stdin>:2" and doc.input_format == "csv"
    buffer = io.BytesIO()
    pq.write_table(pa.table({"doc_id": ["q1"], "text": [ARTICLE]}), buffer)

    class Pipe(io.RawIOBase):  # standard input from a pipe: readable, not seekable
        def __init__(self, data: bytes) -> None:
            self.data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, target) -> int:  # type: ignore[override]
            return self.data.readinto(target)

    options = InputOptions(stdin_format="parquet", stdin=Pipe(buffer.getvalue()))  # type: ignore[arg-type]
    (doc,) = read_inputs([InputFile(None, None, "<stdin>")], options)
    assert doc.doc_id == "q1" and doc.text == ARTICLE
    with pytest.raises(InputError, match=r"\[E068\]"):
        list(read_inputs([InputFile(None, None, "<stdin>")], InputOptions()))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_tabular_inputs_are_streamed_not_read_whole(fmt: str) -> None:
    from extract.ingest.formats import TABULAR_READERS, TableSource

    rows = [{"doc_id": f"d{k}", "text": ARTICLE * 50} for k in range(400)]
    if fmt == "jsonl":
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    else:
        data = _csv_bytes(rows)
    stream = io.BufferedReader(io.BytesIO(data), buffer_size=8192)
    docs = TABULAR_READERS[fmt](stream, TableSource("f", "/f", "f", fmt), DEFAULT_COLUMNS)
    first = next(docs)
    # The first article comes after a few blocks, not after reading the whole file.
    assert first.doc_id == "d0" and stream.tell() < len(data) // 10
    assert sum(1 for _ in docs) == 399
