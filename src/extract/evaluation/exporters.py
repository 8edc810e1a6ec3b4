"""Export pipeline output as Label Studio pre-annotations, so analysts correct instead of type.

Each document becomes a task `{"data": {"text", "doc_id"}, "predictions": [{"model_version",
"result"}]}`; a mention is a `labels` region (from_name "label", to_name "text") plus per-region
TextArea/Choices results (value, kind, mod, unit, total, title) with the region's id; an event
is a region labelled with its type plus one relation per argument, labelled with the role.
`LABEL_STUDIO_CONFIG` is the matching labelling interface. The importer reads this back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
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
from .model import EvalMention, Predictions


def _config() -> str:
    labels = "\n".join(f'    <Label value="{label}"/>' for label in (*LABELS, *EVENT_TYPES))
    kinds = "\n".join(
        f'    <Choice value="{kind}"/>' for kind in dict.fromkeys((*DATE_KINDS, *AGREEMENT_KINDS))
    )
    mods = "\n".join(
        f'    <Choice value="{mod}"/>' for mod in dict.fromkeys((*DATE_MODS, *COUNT_MODS))
    )
    roles = "\n".join(f'    <Relation value="{role}"/>' for role in ARGUMENT_ROLES)
    return f"""<View>
  <Relations>
{roles}
  </Relations>
  <Labels name="label" toName="text">
{labels}
  </Labels>
  <Text name="text" value="$text"/>
  <View visibleWhen="region-selected">
    <TextArea name="value" toName="text" perRegion="true" maxSubmissions="1"
              placeholder="normalized value"/>
    <Choices name="kind" toName="text" perRegion="true">
{kinds}
    </Choices>
    <Choices name="mod" toName="text" perRegion="true">
{mods}
    </Choices>
    <TextArea name="unit" toName="text" perRegion="true" maxSubmissions="1"/>
    <TextArea name="total" toName="text" perRegion="true" maxSubmissions="1"/>
    <TextArea name="title" toName="text" perRegion="true" maxSubmissions="1"/>
  </View>
</View>
"""


#: Label Studio labelling config matching the exported tasks and read back by the importer.
LABEL_STUDIO_CONFIG = _config()


@dataclass(frozen=True, slots=True)
class TextsResult:
    """Document texts found for export, and why others were left out."""

    texts: dict[str, str]
    warnings: tuple[str, ...] = ()


def _plain(value: str | float) -> str:
    """Text-box form of a value: integral numbers without a trailing .0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _region(region_id: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]},
    }


def _control(
    region_id: str, mention: EvalMention, name: str, shown: str, control: str
) -> dict[str, Any]:
    payload: dict[str, Any] = {"start": mention.start, "end": mention.end}
    payload["choices" if control == "choices" else "text"] = [shown]
    return {
        "id": region_id,
        "from_name": name,
        "to_name": "text",
        "type": control,
        "value": payload,
    }


def _mention_results(region_id: str, mention: EvalMention, text: str) -> list[dict[str, Any]]:
    results = [_region(region_id, mention.start, mention.end, text, mention.label)]
    if mention.value is not None:
        results.append(_control(region_id, mention, "value", _plain(mention.value), "textarea"))
    for name, control in (("kind", "choices"), ("mod", "choices")):
        attribute = getattr(mention, name)
        if attribute is not None:
            results.append(_control(region_id, mention, name, str(attribute), control))
    for name in ("unit", "total", "title"):
        attribute = getattr(mention, name)
        if attribute is not None:
            results.append(_control(region_id, mention, name, _plain(attribute), "textarea"))
    return results


def _fresh_id(base: str, used: set[str]) -> str:
    """A region id unique within the task (mention and event ids may collide)."""
    candidate, suffix = base, 1
    while candidate in used:
        suffix += 1
        candidate = f"{base}_{suffix}"
    used.add(candidate)
    return candidate


def predictions_to_labelstudio(
    predictions: Predictions, texts: Mapping[str, str], *, model_version: str = "extract"
) -> list[dict[str, Any]]:
    """Label Studio tasks with pre-annotations for every predicted document that has a text."""
    tasks = []
    for doc_id in sorted(predictions.documents):
        if doc_id not in texts:
            continue
        document, text = predictions.documents[doc_id], texts[doc_id]
        results: list[dict[str, Any]] = []
        region_ids: dict[str, str] = {}
        used: set[str] = set()
        for mention in sorted(document.mentions, key=lambda m: (m.start, m.end, m.label, m.id)):
            region_id = _fresh_id(mention.id, used)
            region_ids[mention.id] = region_id
            results.extend(_mention_results(region_id, mention, text))
        for event in sorted(document.events, key=lambda e: (e.trigger_start, e.trigger_end, e.id)):
            trigger_id = _fresh_id(f"trigger_{event.id}", used)
            results.append(
                _region(trigger_id, event.trigger_start, event.trigger_end, text, event.type)
            )
            for argument in event.arguments:
                if argument.mention_id not in region_ids:
                    continue
                results.append(
                    {
                        "from_id": trigger_id,
                        "to_id": region_ids[argument.mention_id],
                        "type": "relation",
                        "direction": "right",
                        "labels": [argument.role],
                    }
                )
        tasks.append(
            {
                "data": {"text": text, "doc_id": doc_id},
                "predictions": [{"model_version": model_version, "result": results}],
            }
        )
    return tasks


def tasks_to_json(tasks: list[dict[str, Any]]) -> str:
    """Serialize tasks for Label Studio import (stable key order, UTF-8 kept)."""
    return json.dumps(tasks, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _resolve_source(path_text: str, out_dir: Path | None) -> Path | None:
    if not path_text:
        return None
    path = Path(path_text)
    candidates = [path] if path.is_absolute() else [path, *([out_dir / path] if out_dir else [])]
    return next((candidate for candidate in candidates if candidate.is_file()), None)


def collect_texts(predictions: Predictions, *, texts_file: str | Path | None = None) -> TextsResult:
    """Texts of predicted documents: a JSONL of {doc_id, text}, documents.text or source_path.

    A text whose SHA-256 differs from documents.sha256 is left out (its offsets would be wrong).
    Raise ValueError when `texts_file` cannot be read.
    """
    candidates: dict[str, str] = {}
    warnings: list[str] = []
    if texts_file is not None:
        try:
            lines = Path(texts_file).read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"{texts_file}: cannot read texts: {exc}") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{texts_file}:{number}: invalid JSON: {exc.msg}") from None
            if not isinstance(record, dict) or not all(
                isinstance(record.get(key), str) for key in ("doc_id", "text")
            ):
                raise ValueError(f"{texts_file}:{number}: needs string doc_id and text")
            candidates[record["doc_id"]] = record["text"]
    texts: dict[str, str] = {}
    for doc_id in sorted(predictions.documents):
        document = predictions.documents[doc_id]
        if doc_id in candidates or document.text is not None:
            # A given texts file wins; else the tables' own text (any working directory).
            text = candidates.get(doc_id, document.text or "")
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        else:
            source = _resolve_source(document.source_path, predictions.out_dir)
            if source is None:
                warnings.append(
                    f"warning: document {doc_id}: source {document.source_path or '(none)'} "
                    "not found; not exported"
                )
                continue
            raw = source.read_bytes()
            digest = hashlib.sha256(raw).hexdigest()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                warnings.append(f"warning: document {doc_id}: {source} is not UTF-8; not exported")
                continue
        if digest != document.sha256:
            warnings.append(
                f"warning: document {doc_id}: text sha256 differs from documents.sha256; "
                "not exported"
            )
            continue
        texts[doc_id] = text
    return TextsResult(texts=texts, warnings=tuple(warnings))
