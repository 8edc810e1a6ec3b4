"""Convert annotation-tool exports (Label Studio JSON, doccano JSONL) into §7 gold documents.

Conventions shared by both tools:
- a span label is a §1 label, optionally with its kind after a colon ("DATE:interval",
  "AGREEMENT:treaty"), so a tool without per-span attributes can still carry kinds;
- a span labelled with a §6 event type ("MEET", "SIGN", …) is an event trigger, and a relation
  between a trigger and a mention, labelled with a role, is an event argument;
- values: Label Studio per-region TextArea/Choices results named value/kind/mod/unit/total/
  title (linked to the region by its id); doccano has none. Without a value, LOC and PER take
  their text ("the name as written", §1) and other labels stay null (span scored, value not).
Mention and event ids are renumbered m1…, e1… in text order. The result is validated with the
same rules as `load_gold`, so a bad export raises `GoldFormatError` naming the task or line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..records import EVENT_TYPES, LABELS
from .gold import GoldFormatError, GoldProblem, RawGoldRecord, parse_gold_records
from .model import ROLE_LABELS, GoldDocument

#: Per-region controls read from Label Studio results (from_name → §7 field).
ATTRIBUTE_CONTROLS: tuple[str, ...] = ("value", "kind", "mod", "unit", "total", "title")
_TEXT_VALUED_LABELS = frozenset({"LOC", "PER"})


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Validated gold documents plus non-fatal notes (skipped tasks, missing values)."""

    documents: tuple[GoldDocument, ...]
    warnings: tuple[str, ...] = ()


@dataclass(slots=True)
class _Span:
    """A labelled region as found in the tool's export, before ids are assigned."""

    key: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    value: Any = None


@dataclass(frozen=True, slots=True)
class _Link:
    source: str
    target: str
    roles: tuple[str, ...]


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _to_number(value: Any) -> Any:
    """Numbers typed into a text box become JSON numbers; anything else is left for validation."""
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(" ", ""))
        except ValueError:
            return value
        return int(number) if number.is_integer() else number
    return value


def _utf16_to_index(text: str, offset: int) -> int | None:
    """Python index of a UTF-16 code-unit offset (JavaScript tools count astral chars twice)."""
    units = 0
    for index, char in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text) if units == offset else None


def _resolve_offsets(text: str, start: Any, end: Any, surface: Any) -> tuple[Any, Any]:
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(surface, str):
        return start, end
    if text[start:end] == surface or not any(ord(c) > 0xFFFF for c in text):
        return start, end
    py_start, py_end = _utf16_to_index(text, start), _utf16_to_index(text, end)
    if py_start is not None and py_end is not None and text[py_start:py_end] == surface:
        return py_start, py_end
    return start, end


def _split_label(raw: str) -> tuple[str, str | None]:
    label, _, kind = raw.partition(":")
    return label.strip(), (kind.strip() or None)


def _build_record(
    doc_id: str,
    text: str,
    published: Any,
    spans: list[_Span],
    links: list[_Link],
    where: str,
    problems: list[GoldProblem],
) -> dict[str, Any]:
    """Assemble a §7 record from spans and trigger→mention links; ids in text order."""
    triggers = [s for s in spans if s.label in EVENT_TYPES]
    mentions = [s for s in spans if s.label not in EVENT_TYPES]
    mentions.sort(key=lambda s: (s.start, s.end, s.label) if isinstance(s.start, int) else (0,))
    triggers.sort(key=lambda s: (s.start, s.end, s.label) if isinstance(s.start, int) else (0,))
    mention_ids: dict[str, list[tuple[str, str]]] = {}
    records = []
    for number, span in enumerate(mentions, start=1):
        mention_id = f"m{number}"
        mention_ids.setdefault(span.key, []).append((mention_id, span.label))
        surface = text[span.start : span.end] if isinstance(span.start, int) else ""
        value = span.value
        if value is None and span.label in _TEXT_VALUED_LABELS and surface:
            value = _collapse(surface)
        if span.label == "COUNT":
            value = _to_number(value)
        attrs = dict(span.attrs)
        if "total" in attrs:
            attrs["total"] = _to_number(attrs["total"])
        records.append(
            {
                "id": mention_id,
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "text": surface,
                "value": value,
                "attrs": attrs,
            }
        )
    events = []
    trigger_keys = {span.key for span in triggers}
    for number, trigger in enumerate(triggers, start=1):
        arguments = []
        for link in links:
            if trigger.key not in (link.source, link.target):
                continue
            other = link.target if link.source == trigger.key else link.source
            if other in trigger_keys:
                problems.append(GoldProblem(where, "relation links two event triggers", doc_id))
                continue
            for role in link.roles:
                allowed = ROLE_LABELS.get(role, frozenset())
                targets = mention_ids.get(other, [])
                fitting = [mid for mid, label in targets if label in allowed] or [
                    mid for mid, _ in targets
                ]
                mention = fitting[0] if fitting else f"(region {other})"
                arguments.append({"role": role, "mention": mention})
        events.append(
            {
                "id": f"e{number}",
                "type": trigger.label,
                "trigger": {"start": trigger.start, "end": trigger.end},
                "arguments": arguments,
            }
        )
    for link in links:
        if link.source not in trigger_keys and link.target not in trigger_keys:
            problems.append(
                GoldProblem(
                    where,
                    f"relation {'/'.join(link.roles) or '(no role)'} between two mentions: "
                    "one end must be an event trigger",
                    doc_id,
                )
            )
        elif not link.roles:
            problems.append(GoldProblem(where, "relation without a role label", doc_id))
    return {
        "doc_id": doc_id,
        "text": text,
        "published": published,
        "mentions": records,
        "events": events,
    }


# --------------------------------------------------------------------------- Label Studio


def _pick_annotation(task: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The most recently updated annotation that was not cancelled (last one on ties)."""
    candidates = [
        (str(a.get("updated_at") or a.get("created_at") or ""), index, a)
        for index, a in enumerate(task.get("annotations") or [])
        if isinstance(a, dict) and not a.get("was_cancelled")
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda item: item[:2])[2]


def _labelstudio_doc_id(task: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    for candidate in (data.get("doc_id"), data.get("id"), task.get("id")):
        if candidate is not None and str(candidate).strip():
            return str(candidate).strip()
    return None


def _control_value(result: Mapping[str, Any]) -> Any:
    value = result.get("value") or {}
    if result.get("type") == "choices":
        choices = value.get("choices") or []
        return choices[0] if choices else None
    texts = value.get("text")
    if isinstance(texts, list):
        texts = [t for t in texts if isinstance(t, str) and t.strip()]
        return texts[-1].strip() if texts else None
    return texts.strip() if isinstance(texts, str) and texts.strip() else None


def _labelstudio_task(
    task: Any, position: int, source: str, problems: list[GoldProblem], warnings: list[str]
) -> RawGoldRecord | None:
    where = f"{source} task #{position}"
    if not isinstance(task, dict):
        problems.append(GoldProblem(where, "a task must be a JSON object"))
        return None
    if task.get("id") is not None:
        where = f"{source} task {task['id']}"
    data = task.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        problems.append(GoldProblem(where, "task has no data.text string"))
        return None
    text = data["text"]
    doc_id = _labelstudio_doc_id(task, data)
    if doc_id is None:
        problems.append(GoldProblem(where, "no doc_id: set data.doc_id, data.id or the task id"))
        return None
    annotation = _pick_annotation(task)
    if annotation is None:
        warnings.append(f"{where}: doc {doc_id} has no (non-cancelled) annotation; skipped")
        return None
    results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
    controls: dict[str, dict[str, Any]] = {}
    for result in results:
        name = result.get("from_name")
        if result.get("type") in ("textarea", "choices") and name in ATTRIBUTE_CONTROLS:
            found = _control_value(result)
            if found is not None and result.get("id") is not None:
                controls.setdefault(str(result["id"]), {})[name] = found
    spans: list[_Span] = []
    links: list[_Link] = []
    for result in results:
        kind = result.get("type")
        if kind == "relation":
            roles = tuple(str(r) for r in result.get("labels") or [])
            links.append(_Link(str(result.get("from_id")), str(result.get("to_id")), roles))
            continue
        if kind != "labels":
            continue
        value = result.get("value") or {}
        key = str(result.get("id"))
        start, end = _resolve_offsets(text, value.get("start"), value.get("end"), value.get("text"))
        region_controls = controls.get(key, {})
        for raw_label in value.get("labels") or []:
            label, label_kind = _split_label(str(raw_label))
            attrs = {
                name: region_controls[name]
                for name in ("kind", "mod", "unit", "total", "title")
                if name in region_controls and label not in EVENT_TYPES
            }
            if label_kind is not None and "kind" not in attrs:
                attrs["kind"] = label_kind
            spans.append(_Span(key, start, end, label, attrs, region_controls.get("value")))
    published = data.get("published")
    record = _build_record(doc_id, text, published, spans, links, where, problems)
    return RawGoldRecord(where, position, record)


def import_labelstudio(export: Any, *, source: str) -> ImportResult:
    """Convert a Label Studio JSON export (list of tasks) into validated gold documents."""
    tasks = export if isinstance(export, list) else [export]
    problems: list[GoldProblem] = []
    warnings: list[str] = []
    records: list[RawGoldRecord] = []
    for position, task in enumerate(tasks, start=1):
        built = _labelstudio_task(task, position, source, problems, warnings)
        if built is not None:
            records.append(built)
    return _finish(records, problems, warnings, source)


def load_labelstudio(path: str | Path) -> ImportResult:
    """Read and convert a Label Studio JSON export file."""
    return import_labelstudio(_read_json(path), source=str(path))


# --------------------------------------------------------------------------- doccano


def _doccano_doc_id(record: Mapping[str, Any]) -> str | None:
    meta = record.get("meta") or record.get("metadata") or {}
    candidates = [record.get("doc_id")]
    if isinstance(meta, dict):
        candidates.append(meta.get("doc_id"))
    candidates.append(record.get("id"))
    for candidate in candidates:
        if candidate is not None and str(candidate).strip():
            return str(candidate).strip()
    return None


def _doccano_spans(
    record: Mapping[str, Any], where: str, problems: list[GoldProblem]
) -> list[_Span]:
    spans: list[_Span] = []
    if "entities" in record:
        for index, entity in enumerate(record.get("entities") or [], start=1):
            if not isinstance(entity, dict) or "label" not in entity:
                problems.append(GoldProblem(where, f"entity #{index} is not a labelled object"))
                continue
            label, kind = _split_label(str(entity["label"]))
            key = str(entity.get("id", f"#{index}"))
            attrs = {"kind": kind} if kind else {}
            spans.append(
                _Span(key, entity.get("start_offset"), entity.get("end_offset"), label, attrs)
            )
        return spans
    triples = record.get("label", record.get("labels")) or []
    for index, triple in enumerate(triples, start=1):
        if not isinstance(triple, list | tuple) or len(triple) != 3:
            problems.append(
                GoldProblem(where, f"label #{index} must be [start, end, label], got {triple!r}")
            )
            continue
        label, kind = _split_label(str(triple[2]))
        attrs = {"kind": kind} if kind else {}
        spans.append(_Span(f"#{index}", triple[0], triple[1], label, attrs))
    return spans


def _relation_roles(relation: Mapping[str, Any]) -> tuple[str, ...]:
    role = relation.get("type") or relation.get("label")
    return (str(role),) if role else ()


def import_doccano(lines: Iterable[str], *, source: str) -> ImportResult:
    """Convert doccano JSONL (`label` triples or `entities`/`relations`) into gold documents."""
    problems: list[GoldProblem] = []
    warnings: list[str] = []
    records: list[RawGoldRecord] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(GoldProblem(where, f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            problems.append(GoldProblem(where, "a doccano line must be an object with text"))
            continue
        doc_id = _doccano_doc_id(record)
        if doc_id is None:
            problems.append(GoldProblem(where, "no doc_id: set doc_id, meta.doc_id or id"))
            continue
        spans = _doccano_spans(record, where, problems)
        links = [
            _Link(str(r.get("from_id")), str(r.get("to_id")), _relation_roles(r))
            for r in record.get("relations") or []
            if isinstance(r, dict)
        ]
        published = record.get("published")
        built = _build_record(doc_id, record["text"], published, spans, links, where, problems)
        records.append(RawGoldRecord(where, number, built))
    return _finish(records, problems, warnings, source)


def load_doccano(path: str | Path) -> ImportResult:
    """Read and convert a doccano JSONL export file."""
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(str(path), [GoldProblem(str(path), f"cannot read: {exc}")]) from None
    return import_doccano(content.split("\n"), source=str(path))


# --------------------------------------------------------------------------- shared


def _read_json(path: str | Path) -> Any:
    source = str(path)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problem = GoldProblem(f"{source}:{exc.lineno}", f"invalid JSON: {exc.msg}")
        raise GoldFormatError(source, [problem]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFormatError(source, [GoldProblem(source, f"cannot read: {exc}")]) from None


def _finish(
    records: list[RawGoldRecord],
    problems: list[GoldProblem],
    warnings: list[str],
    source: str,
) -> ImportResult:
    try:
        documents = parse_gold_records(records, source=source)
    except GoldFormatError as exc:
        problems = problems + list(exc.problems)
        documents = []
    if problems:
        raise GoldFormatError(source, problems)
    if not documents:
        raise GoldFormatError(source, [GoldProblem(source, "no annotated documents found")])
    unvalued = sum(1 for doc in documents for m in doc.mentions if m.value is None)
    if unvalued:
        warnings.append(
            f"{source}: {unvalued} mention(s) have no value; their spans are scored, "
            "their values are not"
        )
    return ImportResult(documents=tuple(documents), warnings=tuple(warnings))


def known_span_labels() -> tuple[str, ...]:
    """Labels an annotation project should offer: §1 labels then §6 event types."""
    return LABELS + EVENT_TYPES
