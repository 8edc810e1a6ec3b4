"""The review report: pages per article, dashboard, gold marks, paging, coded errors, CLI."""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import GOLD
from extract.cli import main
from extract.errors import ReportError
from extract.evaluation.model import EvalArgument, EvalEvent, EvalMention, PredDocument, Predictions
from extract.evaluation.predictions import write_predictions
from extract.report import render_report
from extract.report.data import document_text
from extract.tables.schemas import DOCUMENTS

TEXT = "Bộ Nội vụ ký Hiệp định Việt Nam – Nhật Bản năm 2020.\r\nHai bên họp.\n"


def _at(needle: str, label: str, value: str | float | None, ident: str, **attrs) -> EvalMention:
    start = TEXT.index(needle)
    return EvalMention(ident, start, start + len(needle), label, needle, value, **attrs)


ORG = _at("Bộ Nội vụ", "ORG", "MOHA", "d:ORG")
AGREEMENT = _at(
    "Hiệp định Việt Nam – Nhật Bản", "AGREEMENT", "VJEPA", "d:AGR", kind="trade_agreement"
)
VNM = _at("Việt Nam", "GPE", "VNM", "d:VNM")
JPN = _at("Nhật Bản", "GPE", "JPN", "d:JPN")
DATE = _at("năm 2020", "DATE", "2020", "d:DATE", kind="date")
COUNT = _at("Hai bên", "COUNT", 2.0, "d:COUNT", unit="bên")
SIGN = EvalEvent("d:SIGN", "SIGN", 10, 12, (EvalArgument("participant", "d:ORG"),))
MEET = EvalEvent("d:MEET", "MEET", TEXT.index("họp"), TEXT.index("họp") + 3)


def _gold_line(mentions: list[EvalMention], events: list[EvalEvent]) -> str:
    return json.dumps(
        {
            "doc_id": "d",
            "text": TEXT,
            "published": None,
            "mentions": [
                {
                    "id": m.id,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "text": m.text,
                    "value": m.value,
                    "attrs": m.attrs(),
                }
                for m in mentions
            ],
            "events": [
                {
                    "id": e.id,
                    "type": e.type,
                    "trigger": {"start": e.trigger_start, "end": e.trigger_end},
                    "arguments": [{"role": a.role, "mention": a.mention_id} for a in e.arguments],
                }
                for e in events
            ],
        },
        ensure_ascii=False,
    )


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    """An output folder of one article (source file beside it) and a gold file that disagrees."""
    source = tmp_path / "d.txt"
    source.write_bytes(TEXT.encode("utf-8"))
    wrong_date = _at("năm 2020", "DATE", "2021", "d:DATE", kind="date")
    pred = PredDocument(
        doc_id="d",
        sha256=hashlib.sha256(TEXT.encode()).hexdigest(),
        status="ok",
        source_path=str(source),
        mentions=(ORG, AGREEMENT, VNM, wrong_date, COUNT),
        events=(SIGN, MEET),
    )
    out = write_predictions(Predictions(None, {"d": pred}), tmp_path / "out", texts={"d": TEXT})
    gold = tmp_path / "gold.jsonl"
    # Gold: JPN is missed, COUNT is spurious, the MEET event is spurious, a JOIN is missed.
    join = EvalEvent("g:JOIN", "JOIN", 10, 12, (EvalArgument("agreement", "d:AGR"),))
    gold.write_text(
        _gold_line([ORG, AGREEMENT, VNM, JPN, DATE], [SIGN, join]) + "\n", encoding="utf-8"
    )
    return out, gold


class _Elements(HTMLParser):
    """Elements by attribute, and the text inside the element with id `doc-text`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[dict[str, str]] = []
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.elements.append({"tag": tag, **values})
        if self.depth or values.get("id") == "doc-text":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)

    def having(self, name: str) -> list[dict[str, str]]:
        return [e for e in self.elements if name in e]


def _page(path: Path) -> _Elements:
    parser = _Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _article(report: Path, doc_id: str) -> Path:
    return report.parent / f"{report.stem}_files" / "articles" / f"{doc_id}.html"


def test_gold_marks_true_false_positives_and_misses(
    tiny: tuple[Path, Path], tmp_path: Path
) -> None:
    out, gold = tiny
    report = render_report(out, tmp_path / "r" / "report.html", gold=gold)
    page = _page(_article(report, "d"))
    classes = {e["data-mention-id"]: e["class"].split() for e in page.having("data-mention-id")}
    assert "g-tp" in classes["d:ORG"] and "g-note" not in classes["d:ORG"]
    assert "g-tp" in classes["d:DATE"] and "g-note" in classes["d:DATE"]  # wrong value
    assert "g-fp" in classes["d:COUNT"]
    missed = page.having("data-gold-id")
    assert [(e["data-gold-id"], e["data-label"]) for e in missed] == [("d:JPN", "GPE")]
    triggers = {e["data-event-id"]: e["class"].split() for e in page.having("data-event-id")}
    assert "g-tp" in triggers["d:SIGN"] and "g-fp" in triggers["d:MEET"]
    assert [e["data-gold-event-id"] for e in page.having("data-gold-event-id")] == ["g:JOIN"]
    assert "".join(page.text) == TEXT  # highlighting never changes the text, CR included
    dashboard = report.read_text(encoding="utf-8")
    assert "Scores against the gold" in dashboard
    assert re.search(
        r"<th>all mentions</th><td>5</td><td>5</td><td>4</td><td>1</td><td>1</td>", dashboard
    )


def test_nested_mentions_and_event_payload(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    out, _ = tiny
    report = render_report(out, tmp_path / "report.html")
    html = _article(report, "d").read_text(encoding="utf-8")
    agreement = html.index('data-mention-id="d:AGR"')
    inner = html.index('data-mention-id="d:VNM"')
    assert agreement < inner < html.index("</mark>", agreement)
    payload = json.loads(re.search(r'id="events-data">(.*?)</script>', html).group(1))
    assert payload["d:SIGN"]["type"] == "SIGN"
    assert payload["d:SIGN"]["arguments"][0]["mention_id"] == "d:ORG"
    assert 'title="ORG · Bộ Nội vụ\nvalue: MOHA\nsource: evaluation' in html
    assert "g-tp" not in html  # no gold, no verdicts


def test_seed_pages_hold_every_row_and_nothing_is_fetched(
    seed_outputs: Path, tmp_path: Path
) -> None:
    report = render_report(seed_outputs, tmp_path / "report.html", gold=GOLD)
    mentions = pq.read_table(seed_outputs / "mentions.parquet").to_pylist()
    events = pq.read_table(seed_outputs / "events.parquet").to_pylist()
    documents = pq.read_table(seed_outputs / "documents.parquet").to_pylist()
    for document in documents:
        doc_id = document["doc_id"]
        page = _page(_article(report, doc_id))
        ids = [e["data-mention-id"] for e in page.having("data-mention-id")]
        assert sorted(ids) == sorted(m["mention_id"] for m in mentions if m["doc_id"] == doc_id)
        triggers = [e["data-event-id"] for e in page.having("data-event-id")]
        assert sorted(triggers) == sorted(e["event_id"] for e in events if e["doc_id"] == doc_id)
        assert "".join(page.text) == document_text(document, seed_outputs)
    for path in [report, *report.parent.glob("report_files/**/*.html")]:
        for element in _page(path).elements:
            for attribute in ("src", "href"):
                url = element.get(attribute, "") if element["tag"] != "a" else ""
                assert not re.match(r"[a-z]+://", url), (path, element)


def test_documents_text_column_is_preferred_to_the_source_file(tiny, tmp_path: Path) -> None:
    out, _ = tiny
    rows = pq.read_table(out / "documents.parquet").to_pylist()
    schema = DOCUMENTS  # documents.text is part of the schema (issue 13)
    for row in rows:
        row["source_path"], row["text"] = "/nonexistent/d.txt", TEXT
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), out / "documents.parquet")
    problems: list[str] = []
    report = render_report(out, tmp_path / "report.html", on_problem=problems.append)
    assert problems == []
    assert len(_page(_article(report, "d")).having("data-mention-id")) == 5


def test_missing_source_is_a_coded_problem_on_the_page(tiny, tmp_path: Path) -> None:
    out, _ = tiny
    Path(pq.read_table(out / "documents.parquet").column("source_path")[0].as_py()).unlink()
    problems: list[str] = []
    report = render_report(out, tmp_path / "report.html", on_problem=problems.append)
    assert len(problems) == 1 and problems[0].startswith("[E091] document d: source file")
    html = _article(report, "d").read_text(encoding="utf-8")
    assert "[E091]" in html and "data-mention-id" not in html
    assert "[E091]" in report.read_text(encoding="utf-8")


def test_changed_source_is_not_highlighted(tiny, tmp_path: Path) -> None:
    out, _ = tiny
    source = Path(pq.read_table(out / "documents.parquet").column("source_path")[0].as_py())
    source.write_text("X" + TEXT, encoding="utf-8")
    with pytest.raises(ReportError, match=r"\[E091\].*SHA-256 differs"):
        document_text(pq.read_table(out / "documents.parquet").to_pylist()[0], out)


def test_paging_and_doc_selection(seed_outputs: Path, tmp_path: Path) -> None:
    report = render_report(seed_outputs, tmp_path / "report.html", page_size=2)
    files = tmp_path / "report_files"
    assert sorted(p.name for p in files.glob("index-*.html")) == ["index-2.html", "index-3.html"]
    dashboard = _page(report)
    hrefs = [e.get("href", "") for e in dashboard.elements]
    listed = [h for h in hrefs if h.startswith("report_files/articles/") and "#" not in h]
    assert len(listed) == 2  # first page of the index
    assert "page 1 of 3" in report.read_text(encoding="utf-8")
    for page in [report, *files.rglob("*.html")]:
        for element in _page(page).elements:
            target = element.get("href", "") if element["tag"] in ("a", "link") else ""
            target = target or (element.get("src", "") if element["tag"] == "script" else "")
            local = target.split("#")[0]
            if local and not re.match(r"[a-z]+:", local):
                assert (page.parent / local).is_file(), (page, target)
    chosen = "002_e4b13fc76061c447"
    render_report(seed_outputs, tmp_path / "report.html", doc_ids=[chosen])
    assert [p.stem for p in (files / "articles").glob("*.html")] == [chosen]
    assert not (files / "index-2.html").exists()  # the previous render's pages are gone


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("no_tables", "E090"),
        ("unknown_doc", "E092"),
        ("bad_gold", "E093"),
        ("folder", "E094"),
        ("foreign", "E094"),
    ],
)
def test_coded_errors(tiny, tmp_path: Path, setup: str, code: str) -> None:
    out, gold = tiny
    output = tmp_path / "rep" / "report.html"
    kwargs: dict = {}
    if setup == "no_tables":
        out = tmp_path / "empty"
        out.mkdir()
    elif setup == "unknown_doc":
        kwargs["doc_ids"] = ["d", "nope"]
    elif setup == "bad_gold":
        gold.write_text("{not json\n", encoding="utf-8")
        kwargs["gold"] = gold
    elif setup == "folder":
        output.mkdir(parents=True)
    else:
        (tmp_path / "rep" / "report_files").mkdir(parents=True)
    with pytest.raises(ReportError, match=rf"^\[{code}\]"):
        render_report(out, output, **kwargs)


def test_cli_report(tiny, tmp_path: Path, capsys) -> None:
    out, gold = tiny
    assert main(["report", str(out), "--gold", str(gold), "--doc", "d"]) == 0
    assert (out / "reports" / "report.html").is_file()
    assert "report ->" in capsys.readouterr().out
    assert main(["report", str(out), "--doc", "zzz", "-o", str(tmp_path / "x.html")]) == 2
    assert "[E092] unknown document id(s) zzz" in capsys.readouterr().err


def test_top_tables_rank_by_articles_and_link_to_a_mention(
    seed_outputs: Path, tmp_path: Path
) -> None:
    report = render_report(seed_outputs, tmp_path / "report.html")
    rows = pq.read_table(seed_outputs / "mentions.parquet").to_pylist()
    docs: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for row in rows:
        if row["label"] == "GPE":
            docs.setdefault(row["value"], set()).add(row["doc_id"])
            counts[row["value"]] = counts.get(row["value"], 0) + 1
    expected = sorted(docs, key=lambda v: (-len(docs[v]), -counts[v], v))[:15]
    html = report.read_text(encoding="utf-8")
    table = html[html.index('id="top-gpe"') : html.index("</table>", html.index('id="top-gpe"'))]
    assert re.findall(r"<td><code>([^<]+)</code></td>", table) == expected
    links = re.findall(r'href="report_files/articles/[^"#]+#([^"]+)"', table)
    by_id = {row["mention_id"]: row for row in rows}
    assert len(links) == len(expected)
    assert [by_id[link]["value"] for link in links] == expected


def test_stories_table_is_listed_with_links_to_its_events(tiny, tmp_path: Path) -> None:
    out, _ = tiny
    story = {
        "story_id": "S1",
        "type": "SIGN",
        "date_start": "2020-01-01",
        "date_end": "2020-12-31",
        "participants": ["ORG:MOHA"],
        "agreement_id": "AGREEMENT:VJEPA",
        "n_articles": 1,
        "event_ids": ["d:SIGN"],
        "doc_ids": ["d"],
        "first_event_id": "d:SIGN",
    }
    pq.write_table(pa.Table.from_pylist([story]), out / "stories.parquet")
    html = render_report(out, tmp_path / "report.html").read_text(encoding="utf-8")
    table = html[html.index('id="stories"') : html.index("</table>", html.index('id="stories"'))]
    assert "<td>S1</td><td>SIGN</td><td>2020-01-01</td>" in table
    assert "<td>ORG:MOHA</td>" in table
    assert 'href="report_files/articles/d.html#d:SIGN"' in table
    (out / "stories.parquet").unlink()
    html = render_report(out, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "No stories table in this output" in html


def test_failed_document_shows_its_error_not_a_text_problem(tiny, tmp_path: Path) -> None:
    out, _ = tiny
    rows = pq.read_table(out / "documents.parquet").to_pylist()
    rows[0].update(status="error", error="[E001] d.txt: not valid UTF-8", source_path="gone.txt")
    pq.write_table(pa.Table.from_pylist(rows, schema=DOCUMENTS), out / "documents.parquet")
    problems: list[str] = []
    report = render_report(out, tmp_path / "report.html", on_problem=problems.append)
    assert problems == []
    assert "status error: [E001] d.txt: not valid UTF-8" in _article(report, "d").read_text()
    assert 'class="status-error"' in report.read_text(encoding="utf-8")
