"""Nested and crossing spans as HTML: valid nesting, one head per span, the text unchanged."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from extract.report.markup import Span, escape_text, render_spans


class _Reader(HTMLParser):
    """Collect the text as a browser would, the heads per id and the nesting depth of each."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.stack: list[str] = []
        self.heads: dict[str, tuple[int, list[str]]] = {}
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "id" in values:
            self.heads[values["id"] or ""] = (len("".join(self.text)), list(self.stack))
        if "data-part-of" in values:
            self.parts.append(values["data-part-of"] or "")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    assert reader.stack == [], "unclosed elements"
    return reader


def _span(start: int, end: int, ref: str, order: int = 0, tag: str = "mark") -> Span:
    return Span(start, end, "m", {"id": ref}, ref, order, tag)


TEXT = "Hiệp định Việt Nam – Nhật Bản được ký."


def test_a_contained_span_nests_inside_its_container() -> None:
    agreement = _span(0, 29, "agreement")
    gpe = _span(10, 18, "gpe")
    reader = _read(render_spans(TEXT, [gpe, agreement]))
    assert "".join(reader.text) == TEXT
    assert reader.heads["agreement"] == (0, [])
    assert reader.heads["gpe"] == (10, ["mark"])
    assert reader.parts == []


def test_crossing_spans_split_the_later_one_without_a_second_head() -> None:
    first, second = _span(0, 18, "a"), _span(10, 29, "b")
    markup = render_spans(TEXT, [first, second])
    reader = _read(markup)
    assert "".join(reader.text) == TEXT
    assert set(reader.heads) == {"a", "b"}
    assert reader.parts == ["b"]
    assert markup.count('id="b"') == 1


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\r\nb", "a&#13;\nb"),
        ("<b> & </b>", "&lt;b&gt; &amp; &lt;/b&gt;"),
        ('"quoted"', '"quoted"'),
    ],
)
def test_escape_keeps_what_the_parser_would_change(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped
    assert "".join(_read(escape_text(text)).text) == text


def test_identical_spans_nest_in_the_given_order_and_bad_spans_are_dropped() -> None:
    mention = _span(0, 9, "mention", order=0)
    trigger = _span(0, 9, "trigger", order=1, tag="span")
    outside = _span(30, 99, "outside")
    empty = _span(5, 5, "empty")
    reader = _read(render_spans(TEXT, [trigger, outside, mention, empty]))
    assert reader.heads["trigger"][1] == ["mark"]
    assert set(reader.heads) == {"mention", "trigger"}
    assert "".join(reader.text) == TEXT


def test_attributes_are_escaped_and_continuations_keep_the_title() -> None:
    a = Span(0, 18, "m", {"id": "a", "title": 'say "hi" <x>'}, "a")
    b = Span(10, 29, "m", {"id": "b", "title": "b & c"}, "b")
    markup = render_spans(TEXT, [a, b])
    assert 'title="say &quot;hi&quot; &lt;x&gt;"' in markup
    assert markup.count('title="b &amp; c"') == 2  # head and continuation
