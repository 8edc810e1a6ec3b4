"""Render an output folder as a static, offline HTML review report (dashboard, index, articles)."""

from __future__ import annotations

import html
import json
import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyarrow.compute as pc
from spacy.displacy.render import DEFAULT_LABEL_COLORS

from ..errors import Errors, ReportError
from ..evaluation.scorer import LabelCounts, Scores, format_value
from ..records import LABELS
from .chart import TYPE_COLORS, PeriodCounts, count_periods, stacked_bar_svg
from .data import Corpus, Grouped, Row, document_text, load_corpus, read_texts
from .goldview import GoldView, build_gold_view
from .markup import Span, escape_text, render_spans

PAGE_SIZE = 100
TOP_N = 15
MARKER = ".extract-report"

#: displaCy's palette, under our label names (PER is its PERSON, COUNT its CARDINAL...).
LABEL_COLORS: dict[str, str] = {
    "ORG": DEFAULT_LABEL_COLORS["ORG"],
    "GPE": DEFAULT_LABEL_COLORS["GPE"],
    "LOC": DEFAULT_LABEL_COLORS["LOC"],
    "PER": DEFAULT_LABEL_COLORS["PERSON"],
    "DATE": DEFAULT_LABEL_COLORS["DATE"],
    "COUNT": "#d6dbb0",  # displaCy's CARDINAL is too pale to see under a nested span
    "AGREEMENT": DEFAULT_LABEL_COLORS["LAW"],
}
FALLBACK_COLOR = "#dddddd"
MENTION_DETAILS = ("value", "kind", "mod", "unit", "total", "title", "source", "confidence")
EVENT_FIELDS = (
    "type",
    "modality",
    "date_value",
    "date_start",
    "date_end",
    "date_granularity",
    "date_source",
    "trigger_text",
    "confidence",
    "source",
)


def esc(value: Any) -> str:
    """HTML-escaped text of a value; empty for None."""
    return "" if value is None else html.escape(str(value), quote=True)


def _label_class(label: str) -> str:
    return "m-" + re.sub(r"[^A-Za-z0-9_-]", "_", label)


def _page_name(doc_id: str, used: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)[:80] or "doc"
    name, n = base, 1
    while name.lower() in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name.lower())
    return f"{name}.html"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _json_script(element_id: str, data: Any) -> str:
    # "</" inside a string would end the script element early.
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{payload}</script>'


@dataclass
class _Site:
    """Where every page lives, relative to the folder of `report.html`."""

    output: Path
    files: Path
    pages: dict[str, str]  # doc_id -> "articles/<name>.html" under files
    page_size: int

    @property
    def files_rel(self) -> str:
        return self.files.name

    def index_href(self, number: int, *, from_dashboard: bool) -> str:
        """Link to index page `number` (1-based; page 1 is on the dashboard)."""
        if from_dashboard:
            return "#articles" if number == 1 else f"{self.files_rel}/index-{number}.html"
        return f"../{self.output.name}#articles" if number == 1 else f"index-{number}.html"

    def index_of(self, position: int) -> int:
        """The index page listing the document at `position`."""
        return position // self.page_size + 1


def _head(title: str, css: str) -> str:
    return (
        '<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)}</title><link rel="icon" href="data:,">'
        f'<link rel="stylesheet" href="{css}"></head>'
    )


def _label_css() -> str:
    rules = [f".{_label_class(label)}{{--c:{color}}}" for label, color in LABEL_COLORS.items()]
    rules += [f".t-{kind}{{--tc:{color}}}" for kind, color in TYPE_COLORS.items()]
    return "\n".join(rules) + "\n"


def _write_assets(files: Path) -> None:
    assets = files / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    static = resources.files("extract.report") / "static"
    css = (static / "report.css").read_text(encoding="utf-8") + _label_css()
    (assets / "report.css").write_text(css, encoding="utf-8")
    (assets / "report.js").write_bytes((static / "report.js").read_bytes())


def _prepare_output(output: Path) -> Path:
    """Create the output's folder and an empty `<stem>_files` folder beside it."""
    files = output.with_name(f"{output.stem}_files")
    try:
        if output.is_dir():
            raise ReportError(Errors.E094.format(path=output, reason="it is a folder"))
        output.parent.mkdir(parents=True, exist_ok=True)
        if files.exists():
            if not (files / MARKER).exists():
                reason = f"{files} exists and was not written by `extract report`"
                raise ReportError(Errors.E094.format(path=output, reason=reason))
            shutil.rmtree(files)
        files.mkdir()
        (files / MARKER).write_text("written by extract report; replaced on each render\n")
    except OSError as exc:
        raise ReportError(Errors.E094.format(path=output, reason=exc.strerror or exc)) from None
    return files


# --------------------------------------------------------------------------- article pages


def _mention_title(row: Row, note: str | None, status: str | None) -> str:
    lines = [f"{row['label']} · {row.get('text') or ''}"]
    lines += [f"{key}: {_plain(row[key])}" for key in MENTION_DETAILS if row.get(key) is not None]
    lines.append(f"sentence {row.get('sentence_id')} · {row['mention_id']}")
    if status:
        lines.append({"tp": "gold: true positive", "fp": "gold: false positive"}[status])
    if note:
        lines.append(note)
    return "\n".join(lines)


def _offsets_ok(text: str, start: Any, end: Any, surface: Any) -> bool:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        return False
    return surface is None or text[start:end] == surface


def _article_spans(
    text: str, mentions: Sequence[Row], events: Sequence[Row], gold: GoldView | None, doc_id: str
) -> tuple[list[Span], list[str]]:
    """The spans of one article, and E091 problems for rows whose offsets do not fit the text."""
    spans: list[Span] = []
    problems: list[str] = []
    scored = gold is not None and gold.scored(doc_id)
    for order, row in enumerate(mentions):
        if not _offsets_ok(text, row["start"], row["end"], row.get("text")):
            reason = f"mention {row['mention_id']} does not match the text at its offsets"
            problems.append(Errors.E091.format(doc_id=doc_id, reason=reason))
            continue
        status = gold.mention_status.get(row["mention_id"]) if scored and gold else None
        note = gold.mention_notes.get(row["mention_id"]) if scored and gold else None
        classes = f"m {_label_class(row['label'])}"
        if status:
            classes += f" g-{status}" + (" g-note" if note else "")
        attrs = {
            "id": row["mention_id"],
            "data-mention-id": row["mention_id"],
            "data-label": row["label"],
            "title": _mention_title(row, note, status),
        }
        spans.append(Span(row["start"], row["end"], classes, attrs, row["mention_id"], order))
    for order, row in enumerate(events, start=len(spans)):
        start, end = row["trigger_start"], row["trigger_end"]
        if not _offsets_ok(text, start, end, row.get("trigger_text")):
            reason = f"event {row['event_id']} trigger does not match the text at its offsets"
            problems.append(Errors.E091.format(doc_id=doc_id, reason=reason))
            continue
        status = gold.event_status.get(row["event_id"]) if scored and gold else None
        classes = f"trigger t-{row['type']}" + (f" g-{status}" if status else "")
        title = f"{row['type']} ({row.get('modality') or 'asserted'}) · {row['event_id']}"
        if status:
            title += "\ngold: " + {"tp": "true positive", "fp": "false positive"}[status]
        attrs = {
            "id": row["event_id"],
            "data-event-id": row["event_id"],
            "data-type": row["type"],
            "title": title + "\nclick for its arguments",
            "tabindex": "0",
        }
        spans.append(Span(start, end, classes, attrs, row["event_id"], order, tag="span"))
    if scored and gold:
        order = len(spans)
        for mention in gold.missed_mentions.get(doc_id, ()):
            order += 1
            title = f"missed (false negative): {mention.label} · {mention.text}\n"
            title += f"gold value: {format_value(mention)} · gold id {mention.id}"
            attrs = {"data-gold-id": mention.id, "data-label": mention.label, "title": title}
            classes = f"gold-fn {_label_class(mention.label)}"
            spans.append(Span(mention.start, mention.end, classes, attrs, mention.id, order))
        for event in gold.missed_events.get(doc_id, ()):
            order += 1
            attrs = {
                "data-gold-event-id": event.gold_id,
                "data-type": event.type,
                "title": f"missed event (false negative): {event.type} · gold id {event.gold_id}",
            }
            spans.append(
                Span(event.start, event.end, "gold-fn-trigger", attrs, event.gold_id, order, "span")
            )
    return spans, problems


def _events_payload(events: Sequence[Row], arguments: Sequence[Row], gold: GoldView | None) -> dict:
    by_event: dict[str, list[Row]] = {}
    for row in arguments:
        by_event.setdefault(row["event_id"], []).append(row)
    payload = {}
    for row in events:
        entry = {key: _plain(row.get(key)) for key in EVENT_FIELDS if row.get(key) is not None}
        entry["sentence_id"] = row.get("sentence_id")
        if gold is not None and row["event_id"] in gold.event_status:
            entry["gold"] = gold.event_status[row["event_id"]]
        entry["arguments"] = [
            {key: _plain(arg.get(key)) for key in ("role", "mention_id", "label", "value", "text")}
            for arg in by_event.get(row["event_id"], ())
        ]
        payload[row["event_id"]] = entry
    return payload


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)  # float32 confidences print as 0.8500000238418579
    return value if isinstance(value, str | int | bool) or value is None else str(value)


def _legend(mentions: Sequence[Row], events: Sequence[Row], gold: bool) -> str:
    counts = Counter(row["label"] for row in mentions)
    labels = [label for label in LABELS if counts[label]] + sorted(set(counts) - set(LABELS))
    chips = [
        f'<span class="chip m {_label_class(label)}">{esc(label)} <b>{counts[label]}</b></span>'
        for label in labels
    ]
    chips.append(f'<span class="chip trigger-chip">event trigger <b>{len(events)}</b></span>')
    if gold:
        chips += [
            '<span class="chip g-tp">true positive</span>',
            '<span class="chip g-fp">false positive</span>',
            '<span class="chip gold-fn">missed (false negative)</span>',
            '<span class="chip g-note">TP with wrong value or boundary</span>',
        ]
    return f'<div class="legend">{"".join(chips)}</div>'


def _doc_scores(gold: GoldView, doc_id: str) -> str:
    if doc_id in gold.mismatched:
        return '<p class="warn">Gold text differs from this document (SHA-256): not scored.</p>'
    document = gold.report.documents.get(doc_id)
    if document is None or document.status != "scored":
        return '<p class="muted">Not in the gold file.</p>'
    rows = []
    for label in gold.report.labels:
        counts = document.counts(label)
        if counts.gold or counts.pred:
            rows.append(_score_row(label, counts))
    rows.append(_score_row("all mentions", document.micro(gold.report.labels), total=True))
    rows.append(_event_score_row("events", document.events.gold, document.events))
    rows.append(_event_score_row("arguments", document.arguments.gold, document.arguments))
    return _score_table(rows, "Scores against the gold")


def _score_row(name: str, counts: LabelCounts, *, total: bool = False) -> str:
    overlap, strict = counts.overlap, counts.strict
    fp = counts.pred - counts.overlap_tp
    fn = counts.gold - counts.overlap_tp
    cls = ' class="total"' if total else ""
    return (
        f"<tr{cls}><th>{esc(name)}</th><td>{counts.gold}</td><td>{counts.pred}</td>"
        f"<td>{counts.overlap_tp}</td><td>{fp}</td><td>{fn}</td>{_prf(overlap)}"
        f"<td>{_fmt(strict.f1)}</td><td>{_fmt(counts.value_accuracy)}</td></tr>"
    )


def _event_score_row(name: str, n_gold: int, counts: Any) -> str:
    if counts.pred is None:
        return f"<tr><th>{name}</th><td>{n_gold}</td><td colspan='9'>not predicted</td></tr>"
    return (
        f"<tr><th>{name}</th><td>{counts.gold}</td><td>{counts.pred}</td><td>{counts.tp}</td>"
        f"<td>{counts.pred - counts.tp}</td><td>{counts.gold - counts.tp}</td>"
        f"{_prf(counts.scores)}<td></td><td></td></tr>"
    )


def _prf(scores: Scores) -> str:
    return "".join(f"<td>{_fmt(v)}</td>" for v in (scores.precision, scores.recall, scores.f1))


def _score_table(rows: Sequence[str], caption: str) -> str:
    head = (
        "<tr><th></th><th>gold</th><th>pred</th><th>TP</th><th>FP</th><th>FN</th>"
        "<th>P</th><th>R</th><th>F1</th><th>strict F1</th><th>value acc.</th></tr>"
    )
    return (
        f'<table class="scores"><caption>{esc(caption)} (overlap matching)</caption>'
        f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _article_page(
    site: _Site,
    corpus: Corpus,
    position: int,
    text: str | None,
    problems: list[str],
    gold: GoldView | None,
) -> tuple[str, list[str]]:
    document = corpus.documents[position]
    doc_id = document["doc_id"]
    mentions = corpus.mentions.get(doc_id, [])
    events = corpus.events.get(doc_id, [])
    body_text = ""
    if text is not None:
        spans, span_problems = _article_spans(text, mentions, events, gold, doc_id)
        problems = problems + span_problems
        body_text = render_spans(text, spans)
    title = document.get("title") or doc_id
    nav = [f'<a href="../../{esc(site.output.name)}">Dashboard</a>']
    index = site.index_href(site.index_of(position), from_dashboard=False)
    nav.append(f'<a href="../{esc(index)}">Articles</a>')
    for step, name in ((-1, "← previous"), (1, "next →")):
        other = position + step
        if 0 <= other < len(corpus.documents):
            target = site.pages[corpus.documents[other]["doc_id"]]
            nav.append(
                f'<a href="../{esc(target)}" rel="{"prev" if step < 0 else "next"}">{name}</a>'
            )
    meta = [
        f"<code>{esc(doc_id)}</code>",
        f"published {esc(document.get('published') or 'unknown')}",
        f"{len(mentions)} mentions",
        f"{len(events)} events",
        f"source {esc(document.get('source_path') or '–')}",
    ]
    if document.get("url"):
        meta.append(f'<a href="{esc(document["url"])}" rel="noreferrer">original page</a>')
    status = document.get("status") or "ok"
    notes = [f'<p class="warn">{esc(p)}</p>' for p in problems]
    if status != "ok":
        notes.insert(0, f'<p class="warn">status {esc(status)}: {esc(document.get("error"))}</p>')
    event_items = "".join(
        f'<li><button type="button" class="event-button t-{esc(e["type"])}" '
        f'data-select-event="{esc(e["event_id"])}">{esc(e["type"])} · '
        f"{esc(e.get('trigger_text'))} <small>({esc(e.get('modality') or 'asserted')})</small>"
        "</button></li>"
        for e in events
    )
    parts = [
        _head(f"{title} — extract report", "../assets/report.css"),
        f'<body class="article-page" data-doc-id="{esc(doc_id)}">',
        f"<header><nav>{' · '.join(nav)}</nav><h1>{esc(title)}</h1>",
        f'<p class="meta">{" · ".join(meta)}</p>',
        _legend(mentions, events, gold is not None and gold.scored(doc_id)),
        "</header>",
        *notes,
        '<main class="layout">',
        f'<article class="doc-text" id="doc-text">{body_text}</article>',
        '<aside class="panel" id="event-panel"><h2>Event</h2>',
        '<div id="event-detail"><p class="muted">Select an event trigger (underlined) '
        "or an event below to see its type, modality, date and arguments.</p></div>",
        f'<h2>All events ({len(events)})</h2><ol class="event-list">{event_items}</ol>',
    ]
    if gold is not None:
        parts.append(_doc_scores(gold, doc_id))
    parts += [
        "</aside></main>",
        _json_script(
            "events-data", _events_payload(events, corpus.arguments.get(doc_id, []), gold)
        ),
        '<script src="../assets/report.js"></script></body></html>\n',
    ]
    return "".join(parts), problems


# --------------------------------------------------------------------------- index and dashboard


def _index_table(
    site: _Site, corpus: Corpus, page: int, gold: GoldView | None, *, from_dashboard: bool
) -> str:
    prefix = f"{site.files_rel}/" if from_dashboard else ""
    first = (page - 1) * site.page_size
    rows = []
    for position in range(first, min(first + site.page_size, len(corpus.documents))):
        document = corpus.documents[position]
        doc_id = document["doc_id"]
        link = f'<a href="{esc(prefix + site.pages[doc_id])}">{esc(doc_id)}</a>'
        status = document.get("status") or "ok"
        cells = [
            f"<td>{position + 1}</td><td>{link}</td><td>{esc(document.get('title'))}</td>",
            f"<td>{esc(document.get('published'))}</td>",
            f"<td>{corpus.mentions.count(doc_id)}</td>",
            f"<td>{corpus.events.count(doc_id)}</td>",
            f'<td class="status-{esc(status)}" title="{esc(document.get("error"))}">',
            f"{esc(status)}</td>",
        ]
        if gold is not None:
            cells.append(_index_gold_cells(gold, doc_id))
        rows.append(f"<tr>{''.join(cells)}</tr>")
    gold_head = "<th>mentions F1</th><th>FP</th><th>FN</th><th>events F1</th>" if gold else ""
    n_pages = max(1, (len(corpus.documents) + site.page_size - 1) // site.page_size)
    pager = []
    for number in range(1, n_pages + 1):
        href = site.index_href(number, from_dashboard=from_dashboard)
        cls = ' class="current"' if number == page else ""
        pager.append(f'<a href="{esc(href)}"{cls}>{number}</a>')
    return (
        f'<section id="articles"><h2>Articles ({len(corpus.documents)}) — page {page} of '
        f'{n_pages}</h2><nav class="pager">{" ".join(pager)}</nav>'
        '<table class="index"><thead><tr><th>#</th><th>doc_id</th><th>title</th>'
        "<th>published</th><th>mentions</th><th>events</th><th>status</th>"
        f"{gold_head}</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _index_gold_cells(gold: GoldView, doc_id: str) -> str:
    document = gold.report.documents.get(doc_id)
    if doc_id in gold.mismatched:
        return '<td colspan="4" class="muted">gold text differs</td>'
    if document is None or document.status != "scored":
        return '<td colspan="4" class="muted">not in gold</td>'
    counts = document.micro(gold.report.labels)
    events = document.events.scores.f1
    return (
        f"<td>{_fmt(counts.overlap.f1)}</td><td>{counts.pred - counts.overlap_tp}</td>"
        f"<td>{counts.gold - counts.overlap_tp}</td><td>{_fmt(events)}</td>"
    )


def _link(site: _Site, corpus_pages: Mapping[str, str], anchor: str | None) -> str:
    """A link from the dashboard to the article (and element) a row id points into."""
    if not anchor:
        return ""
    doc_id = anchor.rsplit(":", 2)[0]  # ids are <doc_id>:<label or type>:<start>-<end>
    page = corpus_pages.get(doc_id)
    if page is None:
        return esc(anchor)
    href = f"{site.files_rel}/{page}#{quote(anchor, safe=':')}"
    return f'<a href="{esc(href)}">{esc(doc_id)}</a>'


def _top_values(corpus: Corpus, label: str) -> list[dict[str, Any]]:
    """Values of one label ranked by number of articles: counts, commonest spelling, first id."""
    table = corpus.mentions.table
    if table is None:
        return []
    table = table.filter(pc.and_(pc.equal(table["label"], label), pc.is_valid(table["value"])))
    ranked = (
        table.group_by("value", use_threads=False)
        .aggregate([("doc_id", "count_distinct"), ("doc_id", "count"), ("mention_id", "first")])
        .to_pylist()
    )
    ranked.sort(key=lambda r: (-r["doc_id_count_distinct"], -r["doc_id_count"], r["value"]))
    ranked = ranked[:TOP_N]
    wanted = {row["value"] for row in ranked}
    spellings: dict[str, Counter[str]] = {}
    counted = table.group_by(["value", "text"]).aggregate([("doc_id", "count")]).to_pylist()
    for row in counted:
        if row["value"] in wanted:
            spellings.setdefault(row["value"], Counter())[row["text"] or ""] = row["doc_id_count"]
    for row in ranked:
        row["spelling"] = spellings[row["value"]].most_common(1)[0][0]
    return ranked


def _top_table(site: _Site, corpus: Corpus, label: str, caption: str) -> str:
    names = {
        row["value"]: row.get("display_name")
        for row in corpus.entities or ()
        if row.get("label") == label
    }
    rows = "".join(
        f"<tr><td>{esc(names.get(r['value']) or r['spelling'])}</td>"
        f"<td><code>{esc(r['value'])}</code></td><td>{r['doc_id_count_distinct']}</td>"
        f"<td>{r['doc_id_count']}</td>"
        f"<td>{_link(site, site.pages, r['mention_id_first'])}</td></tr>"
        for r in _top_values(corpus, label)
    )
    if not rows:
        rows = '<tr><td colspan="5" class="muted">none</td></tr>'
    return (
        f'<table class="top" id="top-{label.lower()}"><caption>{esc(caption)}</caption>'
        "<thead><tr><th>name</th><th>value</th><th>articles</th><th>mentions</th>"
        f"<th>first mention</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _agreements_table(site: _Site, corpus: Corpus) -> str:
    if corpus.agreements is None:
        return '<p class="muted">No agreements table in this output.</p>'
    order = {"in_force": 0, "ratified": 1, "signed": 2, "negotiating": 3, "mentioned": 4}
    rows = sorted(
        corpus.agreements,
        key=lambda r: (
            order.get(r.get("status") or "", 9),
            -(r.get("n_documents") or 0),
            r["value"],
        ),
    )
    body = "".join(
        f"<tr><td>{esc(r.get('display_name'))}</td><td><code>{esc(r['value'])}</code></td>"
        f"<td>{esc(r.get('kind'))}</td><td class='status {esc(r.get('status'))}'>"
        f"{esc(r.get('status'))}</td><td>{esc(', '.join(r.get('parties') or []))}</td>"
        f"<td>{esc(r.get('first_date'))}</td><td>{esc(r.get('n_documents'))}</td>"
        f"<td>{_link(site, site.pages, r.get('first_mention_id'))}</td></tr>"
        for r in rows
    )
    return (
        f'<table class="agreements" id="agreements"><caption>Agreements ({len(rows)})</caption>'
        "<thead><tr><th>name</th><th>value</th><th>kind</th><th>status</th><th>parties</th>"
        "<th>first date</th><th>articles</th><th>first mention</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _stories_table(site: _Site, corpus: Corpus) -> str:
    if corpus.stories is None:
        return '<p class="muted">No stories table in this output (cross-article stories).</p>'
    columns = [
        c
        for c in ("story_id", "type", "date_start", "date_end", "participants", "agreement_id")
        if any(c in row for row in corpus.stories)
    ]
    rows = sorted(
        corpus.stories, key=lambda r: (-(r.get("n_articles") or 0), str(r.get("story_id")))
    )
    body = []
    for row in rows:
        cells = [
            esc(", ".join(map(str, v)) if isinstance(v, list) else v)
            for v in (row.get(c) for c in columns)
        ]
        events = row.get("event_ids") or (
            [row["first_event_id"]] if row.get("first_event_id") else []
        )
        links = " ".join(_link(site, site.pages, event_id) for event_id in events[:10])
        body.append(
            "<tr>"
            + "".join(f"<td>{c}</td>" for c in cells)
            + f"<td>{esc(row.get('n_articles'))}</td><td>{links}</td></tr>"
        )
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    return (
        f'<table class="stories" id="stories"><caption>Stories ({len(rows)})</caption>'
        f"<thead><tr>{head}<th>articles</th><th>events</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _gold_summary(gold: GoldView) -> str:
    report = gold.report
    rows = [_score_row(label, report.label_counts(label)) for label in report.labels]
    rows.append(_score_row("all mentions", report.micro, total=True))
    rows.append(_event_score_row("events", report.events.gold, report.events))
    rows.append(_event_score_row("arguments", report.arguments.gold, report.arguments))
    notes = [
        f"<p>Gold <code>{esc(gold.path)}</code>: {len(report.documents)} documents scored.</p>"
    ]
    if report.mismatched_documents:
        ids = ", ".join(item.doc_id for item in report.mismatched_documents)
        notes.append(f'<p class="warn">Not scored, gold text differs: {esc(ids)}</p>')
    return "".join(notes) + _score_table(rows, "Scores against the gold")


def _names(grouped: Grouped) -> list[str]:
    return [] if grouped.table is None else grouped.table.column_names


def _chart_section(data: PeriodCounts, element_id: str) -> str:
    unit = data.granularity
    caption = (
        f"Each event counts in the {unit} of its own date when that date is known to the {unit} "
        f"({data.by_event_date} events), else in its article's publication {unit} "
        f"({data.by_publication}); {data.undated} events with neither are not shown."
    )
    return (
        f'<section><h2>Events per {unit} by type</h2><figure id="{element_id}">'
        f"{stacked_bar_svg(data, element_id=element_id + '-svg')}"
        f"<figcaption>{esc(caption)}</figcaption></figure></section>"
    )


def _dashboard(site: _Site, corpus: Corpus, gold: GoldView | None, problems: list[str]) -> str:
    all_events = corpus.events.columns(
        [c for c in ("doc_id", "type", "date_start", "date_value") if c in _names(corpus.events)]
    )
    published = {
        d["doc_id"]: str(d["published"]) if d.get("published") else None for d in corpus.documents
    }
    months = count_periods(all_events, published, "month")
    years = count_periods(all_events, published, "year")
    labels: Counter[str] = Counter()
    if corpus.mentions.table is not None:
        for item in pc.value_counts(corpus.mentions.table["label"]).to_pylist():
            labels[item["values"]] = item["counts"]
    statuses = Counter(d.get("status") or "ok" for d in corpus.documents)
    figures = [
        f"<b>{len(corpus.documents)}</b> articles ("
        + ", ".join(f"{n} {esc(s)}" for s, n in sorted(statuses.items()))
        + ")",
        f"<b>{sum(labels.values())}</b> mentions ("
        + ", ".join(f"{esc(k)} {v}" for k, v in sorted(labels.items()))
        + ")",
        f"<b>{len(all_events)}</b> events",
    ]
    parts = [
        _head("extract report", f"{site.files_rel}/assets/report.css"),
        '<body class="dashboard">',
        f'<header><nav><a href="{esc(site.output.name)}">Dashboard</a> · '
        f'<a href="#articles">Articles</a></nav><h1>Extraction review report</h1>',
        f'<p class="meta">{esc(corpus.out_dir)} · {" · ".join(figures)}</p></header>',
        *[f'<p class="warn">{esc(p)}</p>' for p in problems[:20]],
        f'<p class="muted">{len(problems) - 20} more problems not shown.</p>'
        if len(problems) > 20
        else "",
        _chart_section(months, "events-chart"),
        _chart_section(years, "events-by-year"),
    ]
    if gold is not None:
        parts.append(f'<section id="gold"><h2>Against the gold</h2>{_gold_summary(gold)}</section>')
    parts += [
        '<section class="tops"><h2>Main actors</h2><div class="row">',
        _top_table(site, corpus, "ORG", "Top organizations by number of articles"),
        _top_table(site, corpus, "GPE", "Top countries by number of articles"),
        "</div></section>",
        f"<section><h2>Agreements</h2>{_agreements_table(site, corpus)}</section>",
        f"<section><h2>Stories</h2>{_stories_table(site, corpus)}</section>",
        _index_table(site, corpus, 1, gold, from_dashboard=True),
        '<script src="' + f'{site.files_rel}/assets/report.js"></script></body></html>\n',
    ]
    return "".join(parts)


def _index_page(site: _Site, corpus: Corpus, page: int, gold: GoldView | None) -> str:
    return "".join(
        [
            _head(f"Articles, page {page} — extract report", "assets/report.css"),
            '<body class="index-page">',
            f'<header><nav><a href="../{esc(site.output.name)}">Dashboard</a></nav>',
            "<h1>Articles</h1></header>",
            _index_table(site, corpus, page, gold, from_dashboard=False),
            "</body></html>\n",
        ]
    )


def render_report(
    out_dir: str | Path,
    output: str | Path,
    *,
    gold: str | Path | None = None,
    doc_ids: Iterable[str] | None = None,
    page_size: int = PAGE_SIZE,
    on_problem: Callable[[str], None] | None = None,
) -> Path:
    """Write the review report of `out_dir` to `output` (plus `<stem>_files/`); return its path.

    `gold` adds TP/FP/FN marks and scores; `doc_ids` restricts the report to those documents.
    Problems with single documents (text not found, offsets that do not fit) are shown on
    the pages and passed to `on_problem`; a missing table, unknown id or bad gold raise.
    """
    root = Path(out_dir)
    corpus = load_corpus(root, doc_ids)
    view = build_gold_view(gold, root, corpus.doc_ids) if gold is not None else None
    target = Path(output)
    files = _prepare_output(target)
    used: set[str] = set()
    pages = {doc_id: f"articles/{_page_name(doc_id, used)}" for doc_id in corpus.doc_ids}
    site = _Site(output=target, files=files, pages=pages, page_size=max(1, page_size))
    _write_assets(files)
    (files / "articles").mkdir()
    texts = read_texts(root)
    problems: list[str] = []
    for position, document in enumerate(corpus.documents):
        text: str | None = None
        doc_problems: list[str] = []
        try:
            text = document_text(document, root, texts)
        except ReportError as exc:
            if (document.get("status") or "ok") == "ok":
                doc_problems.append(str(exc))
        page, doc_problems = _article_page(site, corpus, position, text, doc_problems, view)
        (files / pages[document["doc_id"]]).write_text(page, encoding="utf-8")
        problems.extend(doc_problems)
    n_pages = (len(corpus.documents) + site.page_size - 1) // site.page_size
    for number in range(2, n_pages + 1):
        (files / f"index-{number}.html").write_text(
            _index_page(site, corpus, number, view), encoding="utf-8"
        )
    target.write_text(_dashboard(site, corpus, view, problems), encoding="utf-8")
    for problem in problems:
        if on_problem is not None:
            on_problem(problem)
    return target


__all__ = ["escape_text", "render_report"]
