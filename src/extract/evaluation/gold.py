"""Read, validate and write gold files in the ANNOTATION §7 format.

Validation collects every problem of a file before failing, so an annotator fixes them in one
pass; `GoldFormatError` carries them all, each naming the file, line, document and item.
A mention's `value` may be null: the value is then unannotated (e.g. imported from a tool that
has no values) and the pair is left out of value accuracy, but the span is still scored.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..records import (
    AGREEMENT_KINDS,
    ARGUMENT_ROLES,
    COUNT_MODS,
    DATE_KINDS,
    DATE_MODS,
    EVENT_TYPES,
    LABELS,
)
from .model import (
    ATTRIBUTE_NAMES,
    MODALITIES,
    ROLE_LABELS,
    EvalArgument,
    EvalEvent,
    EvalMention,
    GoldDocument,
)

_MODS_BY_LABEL: dict[str, tuple[str, ...]] = {"DATE": DATE_MODS, "COUNT": COUNT_MODS}
_KINDS_BY_LABEL: dict[str, tuple[str, ...]] = {"DATE": DATE_KINDS, "AGREEMENT": AGREEMENT_KINDS}
_ATTRS_BY_LABEL: dict[str, frozenset[str]] = {
    "DATE": frozenset({"kind", "mod"}),
    "AGREEMENT": frozenset({"kind"}),
    "COUNT": frozenset({"mod", "unit", "total"}),
    "PER": frozenset({"title"}),
}


@dataclass(frozen=True, slots=True)
class GoldProblem:
    """One thing wrong in a gold file: where (file:line or file task n), which item, what."""

    where: str
    message: str
    doc_id: str | None = None
    item: str | None = None

    def __str__(self) -> str:
        parts = [self.where]
        if self.doc_id is not None:
            parts.append(f"doc {self.doc_id}")
        if self.item is not None:
            parts.append(self.item)
        return f"{': '.join(parts)}: {self.message}"


@dataclass(frozen=True, slots=True)
class RawGoldRecord:
    """A decoded §7 document object before validation, with where it came from."""

    where: str
    line: int
    data: Any


class GoldFormatError(ValueError):
    """A gold file (or an import) breaks the §7 format; `problems` lists every problem found."""

    def __init__(self, source: str, problems: Iterable[GoldProblem]) -> None:
        self.source = source
        self.problems: tuple[GoldProblem, ...] = tuple(problems)
        count = len(self.problems)
        lines = [f"{source}: {count} problem{'s' if count != 1 else ''} in gold data"]
        lines.extend(f"  {problem}" for problem in self.problems)
        super().__init__("\n".join(lines))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return math.isfinite(value)


class _Checker:
    """Accumulates problems for one record; keeps the location prefix in one place."""

    def __init__(self, where: str, problems: list[GoldProblem]) -> None:
        self.where = where
        self.problems = problems
        self.doc_id: str | None = None

    def add(self, message: str, item: str | None = None) -> None:
        self.problems.append(GoldProblem(self.where, message, self.doc_id, item))


def _check_span(
    check: _Checker, raw: Mapping[str, Any], text: str, item: str
) -> tuple[int, int] | None:
    start, end = raw.get("start"), raw.get("end")
    if not _is_int(start) or not _is_int(end):
        check.add(f"start/end must be integers, got {start!r}/{end!r}", item)
        return None
    if not 0 <= start < end <= len(text):
        check.add(f"span {start}-{end} is outside the text (length {len(text)}) or empty", item)
        return None
    return start, end


def _check_attrs(
    check: _Checker, label: str, value: Any, attrs: Any, item: str
) -> dict[str, Any] | None:
    if attrs is None:
        attrs = {}
    if not isinstance(attrs, dict):
        check.add(f"attrs must be an object, got {type(attrs).__name__}", item)
        return None
    ok = True
    allowed = _ATTRS_BY_LABEL.get(label, frozenset())
    for name in sorted(attrs):
        if name not in ATTRIBUTE_NAMES:
            check.add(f"unknown attribute {name!r} (allowed: {', '.join(ATTRIBUTE_NAMES)})", item)
            ok = False
        elif name not in allowed and attrs[name] is not None:
            check.add(f"attribute {name!r} does not apply to label {label}", item)
            ok = False
    kind = attrs.get("kind")
    if label in _KINDS_BY_LABEL:
        kinds = _KINDS_BY_LABEL[label]
        if kind is None:
            # A DATE value is only meaningful with its kind; unvalued spans may omit both.
            if value is not None:
                check.add(f"{label} needs attrs.kind, one of {', '.join(kinds)}", item)
                ok = False
        elif kind not in kinds:
            check.add(f"{label} kind {kind!r} is not one of {', '.join(kinds)}", item)
            ok = False
    mod = attrs.get("mod")
    if mod is not None and label in _MODS_BY_LABEL and mod not in _MODS_BY_LABEL[label]:
        check.add(f"{label} mod {mod!r} is not one of {', '.join(_MODS_BY_LABEL[label])}", item)
        ok = False
    total = attrs.get("total")
    if total is not None and not _is_number(total):
        check.add(f"total must be a number, got {total!r}", item)
        ok = False
    for name in ("unit", "title"):
        if attrs.get(name) is not None and not isinstance(attrs[name], str):
            check.add(f"{name} must be a string, got {attrs[name]!r}", item)
            ok = False
    return attrs if ok else None


def _check_mention(
    check: _Checker, raw: Any, index: int, text: str, seen_ids: set[str]
) -> EvalMention | None:
    if not isinstance(raw, dict):
        check.add(f"mention #{index + 1} must be an object")
        return None
    mention_id = raw.get("id")
    item = f"mention {mention_id}" if isinstance(mention_id, str) else f"mention #{index + 1}"
    missing = [key for key in ("id", "start", "end", "label", "text", "value") if key not in raw]
    if missing:
        check.add(f"missing key(s) {', '.join(missing)}", item)
        return None
    ok = True
    if not isinstance(mention_id, str) or not mention_id:
        check.add(f"id must be a non-empty string, got {mention_id!r}", item)
        ok = False
    elif mention_id in seen_ids:
        check.add("duplicate mention id", item)
        ok = False
    else:
        seen_ids.add(mention_id)
    span = _check_span(check, raw, text, item)
    if span is not None and text[span[0] : span[1]] != raw["text"]:
        check.add(
            f"text {raw['text']!r} differs from the document text at {span[0]}-{span[1]}: "
            f"{text[span[0] : span[1]]!r}",
            item,
        )
        ok = False
    label, value = raw["label"], raw["value"]
    if label not in LABELS:
        check.add(f"label {label!r} is not one of {', '.join(LABELS)}", item)
        return None
    if label == "COUNT":
        if value is not None and not _is_number(value):
            check.add(f"COUNT value must be a JSON number, got {value!r}", item)
            ok = False
    elif value is not None and (not isinstance(value, str) or not value.strip()):
        check.add(f"{label} value must be a non-empty string or null, got {value!r}", item)
        ok = False
    attrs = _check_attrs(check, label, value, raw.get("attrs"), item)
    if not ok or span is None or attrs is None:
        return None
    return EvalMention(
        id=mention_id,
        start=span[0],
        end=span[1],
        label=label,
        text=raw["text"],
        value=value,
        kind=attrs.get("kind"),
        mod=attrs.get("mod"),
        unit=attrs.get("unit"),
        total=attrs.get("total"),
        title=attrs.get("title"),
    )


def _check_overlaps(check: _Checker, mentions: list[EvalMention]) -> None:
    """Spans of the same label never overlap (§1); report each overlapping pair once."""
    by_label: dict[str, list[EvalMention]] = {}
    for mention in mentions:
        by_label.setdefault(mention.label, []).append(mention)
    for label in sorted(by_label):
        ordered = sorted(by_label[label], key=lambda m: (m.start, m.end, m.id))
        reach: EvalMention | None = None
        for mention in ordered:
            if reach is not None and mention.start < reach.end:
                check.add(
                    f"overlaps {label} mention {reach.id} ({reach.start}-{reach.end}); "
                    "spans of one label never overlap",
                    f"mention {mention.id}",
                )
            if reach is None or mention.end > reach.end:
                reach = mention


def _check_event(
    check: _Checker,
    raw: Any,
    index: int,
    text: str,
    declared: Mapping[str, Any],
    valid_ids: set[str],
    seen_ids: set[str],
) -> EvalEvent | None:
    """Check one event; `declared` maps every written mention id to its label, valid or not."""
    if not isinstance(raw, dict):
        check.add(f"event #{index + 1} must be an object")
        return None
    event_id = raw.get("id")
    item = f"event {event_id}" if isinstance(event_id, str) else f"event #{index + 1}"
    missing = [key for key in ("id", "type", "trigger", "arguments") if key not in raw]
    if missing:
        check.add(f"missing key(s) {', '.join(missing)}", item)
        return None
    ok = True
    if not isinstance(event_id, str) or not event_id:
        check.add(f"id must be a non-empty string, got {event_id!r}", item)
        ok = False
    elif event_id in seen_ids:
        check.add("duplicate event id", item)
        ok = False
    else:
        seen_ids.add(event_id)
    if raw["type"] not in EVENT_TYPES:
        check.add(f"event type {raw['type']!r} is not one of {', '.join(EVENT_TYPES)}", item)
        ok = False
    trigger = raw["trigger"]
    span = None
    if isinstance(trigger, dict):
        span = _check_span(check, trigger, text, f"{item} trigger")
    else:
        check.add("trigger must be an object with start and end", item)
    arguments: list[EvalArgument] = []
    raw_arguments = raw["arguments"]
    if not isinstance(raw_arguments, list) or not raw_arguments:
        check.add("an event needs at least one argument (§6)", item)
        return None
    for position, argument in enumerate(raw_arguments, start=1):
        where = f"{item} argument #{position}"
        if not isinstance(argument, dict) or "role" not in argument or "mention" not in argument:
            check.add("argument must be an object with role and mention", where)
            ok = False
            continue
        role, mention_id = argument["role"], argument["mention"]
        if role not in ARGUMENT_ROLES:
            check.add(f"role {role!r} is not one of {', '.join(ARGUMENT_ROLES)}", where)
            ok = False
            continue
        if not isinstance(mention_id, str) or mention_id not in declared:
            check.add(f"points at mention {mention_id!r}, which does not exist", where)
            ok = False
            continue
        target_label = declared[mention_id]
        if target_label not in ROLE_LABELS[role]:
            allowed = "/".join(sorted(ROLE_LABELS[role]))
            check.add(f"role {role} takes {allowed}, mention {mention_id} is {target_label}", where)
            ok = False
            continue
        if mention_id not in valid_ids:
            # The mention itself is invalid and already reported; do not cascade.
            ok = False
            continue
        parsed = EvalArgument(role=role, mention_id=mention_id)
        if parsed in arguments:
            check.add(f"duplicate argument ({role}, {mention_id})", where)
            ok = False
            continue
        arguments.append(parsed)
    modality = raw.get("modality")
    if modality is not None and modality not in MODALITIES:
        check.add(f"modality {modality!r} is not one of {', '.join(MODALITIES)}", item)
        ok = False
    if not ok or span is None:
        return None
    return EvalEvent(
        id=event_id,
        type=raw["type"],
        trigger_start=span[0],
        trigger_end=span[1],
        arguments=tuple(arguments),
        modality=modality,
    )


def _check_record(check: _Checker, raw: Any, line: int) -> GoldDocument | None:
    if not isinstance(raw, dict):
        check.add(f"a document must be a JSON object, got {type(raw).__name__}")
        return None
    doc_id, text = raw.get("doc_id"), raw.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        check.add(f"doc_id must be a non-empty string, got {doc_id!r}")
        return None
    check.doc_id = doc_id
    if not isinstance(text, str):
        check.add(f"text must be a string, got {type(text).__name__}")
        return None
    ok = True
    published = raw.get("published")
    if published is not None:
        try:
            date.fromisoformat(published)
        except (TypeError, ValueError):
            check.add(f"published must be YYYY-MM-DD or null, got {published!r}")
            ok = False
    raw_mentions, raw_events = raw.get("mentions"), raw.get("events", [])
    if not isinstance(raw_mentions, list):
        check.add("mentions must be a list")
        return None
    if not isinstance(raw_events, list):
        check.add("events must be a list")
        return None
    mention_ids: set[str] = set()
    mentions: list[EvalMention] = []
    for index, item in enumerate(raw_mentions):
        mention = _check_mention(check, item, index, text, mention_ids)
        ok = ok and mention is not None
        if mention is not None:
            mentions.append(mention)
    _check_overlaps(check, mentions)
    declared = {
        item["id"]: item.get("label")
        for item in raw_mentions
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    valid_ids = {mention.id for mention in mentions}
    event_ids: set[str] = set()
    events: list[EvalEvent] = []
    for index, item in enumerate(raw_events):
        event = _check_event(check, item, index, text, declared, valid_ids, event_ids)
        ok = ok and event is not None
        if event is not None:
            events.append(event)
    if not ok:
        return None
    return GoldDocument(
        doc_id=doc_id,
        text=text,
        published=published,
        mentions=tuple(mentions),
        events=tuple(events),
        line=line,
    )


def parse_gold_records(records: Iterable[RawGoldRecord], *, source: str) -> list[GoldDocument]:
    """Validate decoded §7 records; raise `GoldFormatError` listing every problem."""
    problems: list[GoldProblem] = []
    documents: list[GoldDocument] = []
    first_seen: dict[str, str] = {}
    for record in records:
        check = _Checker(record.where, problems)
        before = len(problems)
        document = _check_record(check, record.data, record.line)
        doc_id = record.data.get("doc_id") if isinstance(record.data, dict) else None
        if isinstance(doc_id, str) and doc_id:
            if doc_id in first_seen:
                check.add(f"duplicate doc_id (first at {first_seen[doc_id]})")
            else:
                first_seen[doc_id] = record.where
        if document is not None and len(problems) == before:
            documents.append(document)
    if problems:
        raise GoldFormatError(source, problems)
    return documents


def parse_gold_lines(lines: Iterable[str], *, source: str) -> list[GoldDocument]:
    """Parse and validate the lines of a §7 JSONL gold file; blank lines are skipped."""
    problems: list[GoldProblem] = []
    records: list[RawGoldRecord] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            records.append(RawGoldRecord(where, number, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(GoldProblem(where, f"invalid JSON: {exc.msg} (column {exc.colno})"))
    try:
        documents = parse_gold_records(records, source=source)
    except GoldFormatError as exc:
        problems.extend(exc.problems)
        documents = []
    if problems:
        raise GoldFormatError(source, sorted(problems, key=_problem_order))
    if not documents:
        raise GoldFormatError(source, [GoldProblem(source, "no documents in gold file")])
    return documents


def _problem_order(problem: GoldProblem) -> tuple[int, str]:
    line = problem.where.rsplit(":", 1)[-1]
    return (int(line) if line.isdigit() else 0, problem.where)


def load_gold(path: str | Path) -> list[GoldDocument]:
    """Load and validate a §7 gold JSONL file; raise `GoldFormatError` listing every problem."""
    source = str(path)
    try:
        content = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldFormatError(source, [GoldProblem(source, "file not found")]) from None
    except UnicodeDecodeError as exc:
        problem = GoldProblem(source, f"not UTF-8 (byte offset {exc.start})")
        raise GoldFormatError(source, [problem]) from None
    except OSError as exc:
        raise GoldFormatError(source, [GoldProblem(source, exc.strerror or str(exc))]) from None
    # splitlines() would also split on U+2028 etc. inside JSON strings; JSONL lines end at \n.
    return parse_gold_lines(content.split("\n"), source=source)


def mention_to_json(mention: EvalMention) -> dict[str, Any]:
    """The §7 JSON object of one mention."""
    return {
        "id": mention.id,
        "start": mention.start,
        "end": mention.end,
        "label": mention.label,
        "text": mention.text,
        "value": mention.value,
        "attrs": mention.attrs(),
    }


def document_to_json(document: GoldDocument) -> dict[str, Any]:
    """The §7 JSON object of one gold document."""
    return {
        "doc_id": document.doc_id,
        "text": document.text,
        "published": document.published,
        "mentions": [mention_to_json(mention) for mention in document.mentions],
        "events": [
            {
                "id": event.id,
                "type": event.type,
                "trigger": {"start": event.trigger_start, "end": event.trigger_end},
                "arguments": [
                    {"role": argument.role, "mention": argument.mention_id}
                    for argument in event.arguments
                ],
            }
            | ({"modality": event.modality} if event.modality is not None else {})
            for event in document.events
        ],
    }


def dumps_gold(documents: Iterable[GoldDocument]) -> str:
    """Serialize gold documents as §7 JSONL text (one document per line, UTF-8 kept)."""
    return "".join(
        json.dumps(document_to_json(document), ensure_ascii=False) + "\n" for document in documents
    )


def dump_gold(documents: Iterable[GoldDocument], path: str | Path) -> None:
    """Write gold documents to a §7 JSONL file."""
    Path(path).write_text(dumps_gold(documents), encoding="utf-8")
