"""Text with nested and overlapping spans as HTML: one head element per span, text unchanged."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A character span to wrap in an element; `attrs` go on its first element only."""

    start: int
    end: int
    classes: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    ref: str = ""
    order: int = 0
    tag: str = "mark"


def escape_text(text: str) -> str:
    """HTML-escape `text` so the parsed DOM text equals it, carriage returns included."""
    # The HTML parser turns a literal CR (LF) into LF; a character reference survives.
    return html.escape(text, quote=False).replace("\r", "&#13;")


def _attributes(items: Iterable[tuple[str, str]]) -> str:
    return "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in items)


def _open(span: Span, *, head: bool) -> str:
    if head:
        items = [("class", span.classes), *span.attrs.items()]
    else:
        # A continuation after a crossing span: same look, no id, so counts stay one per span.
        title = span.attrs.get("title")
        items = [("class", f"{span.classes} cont"), ("data-part-of", span.ref)]
        items += [("title", title)] if title else []
    return f"<{span.tag}{_attributes(items)}>"


def render_spans(text: str, spans: Sequence[Span]) -> str:
    """`text` escaped with each span wrapped; a crossing span is split, its first part keeps attrs.

    Spans outside the text or empty are ignored; the caller checks offsets before.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = {}
    for span in valid:
        starts.setdefault(span.start, []).append(span)
    for group in starts.values():
        group.sort(key=lambda s: (-s.end, s.order))
    bounds = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    out: list[str] = []
    stack: list[Span] = []
    for index, pos in enumerate(bounds):
        ending = [i for i, span in enumerate(stack) if span.end == pos]
        if ending:
            lowest = ending[0]
            popped = stack[lowest:]
            del stack[lowest:]
            out.extend(f"</{span.tag}>" for span in reversed(popped))
            for span in popped:
                if span.end > pos:
                    stack.append(span)
                    out.append(_open(span, head=False))
        for span in starts.get(pos, ()):
            stack.append(span)
            out.append(_open(span, head=True))
        if index + 1 < len(bounds):
            out.append(escape_text(text[pos : bounds[index + 1]]))
    return "".join(out)
