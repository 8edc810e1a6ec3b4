"""Reading every input format end to end: mixed folders, HTML = text, metadata sheets, offsets."""

from __future__ import annotations

import csv
import gzip
import html
import json
import string
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXTRA, RAW
from extract.cli import main
from extract.errors import ExitCode
from extract.ingest.metadata import load_metadata
from extract.ingest.reader import InputOptions, read_inputs
from extract.runner.config import load_config
from extract.runner.engine import load_pipeline, run
from extract.runner.progress import estimate_total
from extract.tables.writer import table_path

# ../shared/corpus_extra beside the main checkout; from a worktree in ../wt/<name>, one level up.
SHEET = next(
    (
        p / "SOURCES.tsv"
        for p in (EXTRA, EXTRA.parents[2] / "shared" / "corpus_extra")
        if p.is_dir()
    ),
    EXTRA / "SOURCES.tsv",
)

OFFSET_COLUMNS = {
    "sentences": [("start", "end", "text")],
    "mentions": [("start", "end", "text")],
    "events": [("trigger_start", "trigger_end", "trigger_text")],
}


def _rows(out: Path, name: str) -> list[dict]:
    return pq.read_table(table_path(out, name)).to_pylist()


def assert_offsets_index_documents_text(rows: dict[str, list[dict]]) -> int:
    """Every offset of every table points into documents.text; returns the spans checked."""
    texts = {d["doc_id"]: d["text"] for d in rows["documents"]}
    checked = 0
    for table, spans in OFFSET_COLUMNS.items():
        for row in rows.get(table, []):
            for start, end, surface in spans:
                assert texts[row["doc_id"]][row[start] : row[end]] == row[surface], (table, row)
                checked += 1
    return checked


def seed_page(text: str, *, published: str | None) -> str:
    """A saved page of a seed article: its lines as paragraphs, amid menus, links, comments."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    body = "\n".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    date_meta = f'<meta property="article:published_time" content="{published}">' * bool(published)
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{html.escape(lines[0])} - Bộ Nội vụ</title>{date_meta}
<link rel="canonical" href="https://moha.gov.vn/tin-tuc/bai-viet.html">
<meta property="og:site_name" content="Cổng thông tin Bộ Nội vụ"></head><body>
<header><nav><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu</a> |
<a href="/tin-tuc">Tin tức</a> | <a href="/van-ban">Văn bản</a></nav></header>
<div id="main"><article><h1>{html.escape(lines[0])}</h1>{body}</article>
<div class="related"><h3>Tin khác</h3><ul><li><a href="/1">Hội nghị ASEAN về lao động tại Lào</a>
</li><li><a href="/2">Đoàn công tác thăm Cộng hòa Liên bang Đức</a></li></ul></div>
<div id="comments"><h4>Ý kiến bạn đọc</h4><p class="comment">Tổ chức Di cư Quốc tế (IOM) cần
hỗ trợ thêm cho Myanmar.</p></div></div><footer>Bản quyền thuộc Bộ Nội vụ. Địa chỉ: Hà Nội.
</footer></body></html>"""


def test_mixed_folder_runs_in_one_command(tmp_path: Path, text_only_config: Path, capsys) -> None:
    seeds = sorted(RAW.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    raw = tmp_path / "raw"
    (raw / ".git").mkdir(parents=True)
    (raw / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (raw / "a.txt").write_text(texts[0], encoding="utf-8")
    (raw / "B.TXT").write_text(texts[1], encoding="utf-8")
    (raw / "page.html").write_text(seed_page(texts[2], published="2025-11-27"), "utf-8")
    with (raw / "export.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "content", "published", "source_site"])
        writer.writerow(["c1", texts[3], "15/01/2019", "molisa.gov.vn"])
    pq.write_table(pa.table({"doc_id": ["p1"], "text": [texts[4]]}), raw / "rows.parquet")
    line = {"doc_id": "j1", "text": "Bộ Nội vụ họp với ILO.", "category": "tin"}
    (raw / "lines.jsonl.gz").write_bytes(gzip.compress(json.dumps(line).encode() + b"\n"))
    (raw / "notes.docx").write_bytes(b"PK\x03\x04 a word file")
    out = tmp_path / "out"
    assert estimate_total([raw], InputOptions(), out) == 7  # the progress bar's total
    code = main(["run", str(raw), "--out", str(out), "--config", str(text_only_config)])
    captured = capsys.readouterr()
    assert code == ExitCode.OK, captured.err  # a skipped file is reported, not a failure
    assert "skipped (unsupported files) │   1" in captured.out
    assert "[E007]" in captured.err and "notes.docx" in captured.err
    docs = {d["doc_id"]: d for d in _rows(out, "documents")}
    assert {k: v["status"] for k, v in docs.items()} == {
        "a": "ok",
        "B": "ok",
        "page": "ok",
        "c1": "ok",
        "p1": "ok",
        "j1": "ok",
        "notes.docx": "skipped",
    }
    assert {k: v["input_format"] for k, v in docs.items()} == {
        "a": "txt",
        "B": "txt",
        "page": "html",
        "c1": "csv",
        "p1": "parquet",
        "j1": "jsonl",
        "notes.docx": "docx",
    }
    assert all(Path(d["source_path"].split(":")[0]).is_absolute() for d in docs.values())
    assert docs["c1"]["published"].isoformat() == "2019-01-15"
    assert json.loads(docs["c1"]["meta"]) == {"source_site": "molisa.gov.vn"}
    assert docs["page"]["url"] == "https://moha.gov.vn/tin-tuc/bai-viet.html"
    rows = {name: _rows(out, name) for name in ("documents", "sentences")}
    assert assert_offsets_index_documents_text(rows) > 100
    # A rerun reads the same inputs: everything is unchanged, the skipped file too.
    summary = run([raw], out, config=load_config(text_only_config))
    assert summary.processed == 0 and summary.unchanged == 7


def test_html_pages_give_the_same_mentions_as_their_text(seed_outputs: Path, tmp_path: Path):
    pipeline = load_pipeline(load_config())
    seeds = {d["doc_id"]: d for d in _rows(seed_outputs, "documents")}
    published = {doc_id: d["published"] for doc_id, d in seeds.items()}
    by_doc: dict[str, Counter] = {}
    for m in _rows(seed_outputs, "mentions"):
        by_doc.setdefault(m["doc_id"], Counter())[(m["label"], m["value"])] += 1
    for path in sorted(RAW.glob("*.txt")):
        date = published[path.stem]
        page = seed_page(path.read_text(encoding="utf-8"), published=date and date.isoformat())
        (source,) = read_inputs([_write(tmp_path / f"{path.stem}.html", page)])
        assert source.published == date and source.input_format == "html"
        output = pipeline.process(source)
        assert output.status == "ok", output.rows["documents"][0]["error"]
        got = Counter((m["label"], m["value"]) for m in output.rows["mentions"])
        assert got == by_doc[path.stem], path.stem
        assert assert_offsets_index_documents_text(output.rows) > 0
        document = output.rows["documents"][0]
        assert document["url"] == "https://moha.gov.vn/tin-tuc/bai-viet.html"
        assert document["title"][:300] == seeds[path.stem]["title"]  # the page's own title
        assert document["published"] == date
        assert document["published_source"] == ("html" if date else None)
        assert "Tin khác" not in document["text"] and "Myanmar" not in document["text"]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not SHEET.exists(), reason="corpus_extra not available")
def test_corpus_extra_sheet_gives_every_dated_document_its_date(
    tmp_path: Path, text_only_config: Path
) -> None:
    sheet = load_metadata(SHEET)
    dated = {key: row.published for key, row in sheet.rows.items() if row.published}
    assert dated, "the sheet lists dates"
    out = tmp_path / "out"
    options = InputOptions(metadata=sheet)
    summary = run([SHEET.parent], out, config=load_config(text_only_config), read_options=options)
    assert summary.failed == 0 and summary.skipped == 0  # the sheet itself is not an input
    assert sheet.unmatched() == [] and not summary.notes
    docs = {Path(d["source_path"]).name: d for d in _rows(out, "documents")}
    assert set(docs) == set(sheet.rows)
    for name, value in dated.items():
        assert docs[name]["published"].isoformat() == value[:10], name
        assert docs[name]["published_source"] == "metadata"
    assert all(d["url"] and json.loads(d["meta"])["source_site"] for d in docs.values())


# --- every table's offsets index documents.text, whatever the format ---------------------------

_WORDS = [
    "Bộ",
    "Nội",
    "vụ",
    "ký",
    "kết",
    "với",
    "Tổ chức Lao động Quốc tế",
    "ILO",
    "Hàn Quốc",
    "ngày 15/1/2019",
    "năm 2020",
    "1.000 lao động",
    "hoà",
    "thuỷ",
    "Việt Nam",
    "Lào",
    "\u0301",
]
_PUNCT = [" ", " ", " ", ", ", ". ", "\n", "\r\n", "\n\n", " - ", "\xa0", "\t"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(_WORDS),
                st.sampled_from(_PUNCT),
                st.text(alphabet=string.ascii_letters + "àáảãạăâđêôơư", min_size=1, max_size=6),
            ),
            min_size=3,
            max_size=40,
        )
    )
    text = "".join(parts)
    return text if text.strip() else "Bộ Nội vụ" + text


def _as_format(fmt: str, text: str, folder: Path) -> Path:
    if fmt == "txt":
        return _write(folder / "d.txt", text)
    if fmt == "jsonl":
        return _write(folder / "d.jsonl", json.dumps({"doc_id": "d", "text": text}) + "\n")
    if fmt in ("csv", "tsv"):
        path = folder / f"d.{fmt}"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, delimiter="," if fmt == "csv" else "\t")
            writer.writerows([["doc_id", "text"], ["d", text]])
        return path
    if fmt == "parquet":
        path = folder / "d.parquet"
        pq.write_table(pa.table({"doc_id": ["d"], "text": [text]}), path)
        return path
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.splitlines() if p.strip())
    return _write(folder / "d.html", f"<html><body><article>{paragraphs}</article></body></html>")


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv", "tsv", "parquet", "html"])
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=articles())
def test_offsets_index_documents_text_for_every_format(fmt: str, text: str, tmp_path: Path) -> None:
    folder = tmp_path / fmt
    folder.mkdir(exist_ok=True)
    (source,) = read_inputs([_as_format(fmt, text, folder)])
    if source.error is not None:
        assert fmt == "html" and "[E063]" in source.error  # trafilatura found nothing to keep
        return
    if fmt != "html":
        assert source.text == text  # csv keeps "\r\n" inside a quoted cell
    output = load_pipeline(load_config()).process(source)
    assert output.status == "ok", output.rows["documents"][0]["error"]
    assert output.rows["documents"][0]["text"] == source.text
    assert_offsets_index_documents_text(output.rows)


def test_bad_inputs_never_stop_a_run(tmp_path: Path, text_only_config: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text("Tin\nBộ Nội vụ họp.\n", encoding="utf-8")
    (raw / "gone.txt").symlink_to(raw / "vanished.txt")  # listed, but nothing to read
    (raw / "s.jsonl").write_text('{"doc_id": "s1", "text": "Bộ \\ud800 Nội vụ"}\n', "utf-8")
    (raw / "p.jsonl").write_text('{"doc_id": "p1", "text": "x", "published": "9999-12-31"}\n')
    bom = "Tin vắn\n03:59 PM 15/01/2019\nBộ Nội vụ họp với ILO.\n"
    (raw / "bom.txt").write_bytes(b"\xef\xbb\xbf" + bom.encode())
    line = json.dumps({"doc_id": "bj", "text": "Bộ Nội vụ họp."}).encode()
    (raw / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + line + b"\n")
    (raw / "bad.txt.gz").write_bytes(b"\x1f\x8b broken")
    (raw / "broken.parquet").write_bytes(b"PAR1 broken")
    out = tmp_path / "out"
    summary = run([raw], out, config=load_config(text_only_config))
    docs = {d["doc_id"]: d for d in _rows(out, "documents")}
    codes = {k: (d["error"] or "")[:6] for k, d in docs.items()}
    assert codes == {
        "good": "",
        "gone": "[E060]",
        "s#1": "[E062]",
        "p1": "[E061]",
        "bom": "",
        "bj": "",
        "bad": "[E060]",
        "broken": "[E065]",
    }
    assert summary.failed == 5 and summary.processed == 8
    assert docs["bom"]["published"].isoformat() == "2019-01-15"
    assert docs["bom"]["title"] == "Tin vắn" and docs["bom"]["text"].startswith("\ufeff")
    rows = {name: _rows(out, name) for name in ("documents", "sentences")}
    assert assert_offsets_index_documents_text(rows) >= 5
