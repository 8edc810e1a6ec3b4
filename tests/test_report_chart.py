"""Events per month/year: which period an event counts in, gap filling, the SVG bars."""

from __future__ import annotations

import re

import pytest

from extract.report.chart import count_periods, event_period, stacked_bar_svg


@pytest.mark.parametrize(
    ("event", "published", "granularity", "expected"),
    [
        ({"date_value": "2019-01-15"}, None, "month", ("2019-01", "event")),
        ({"date_value": "2019-01"}, "2020-05-01", "month", ("2019-01", "event")),
        ({"date_value": "P80Y"}, "2019-01-15", "month", ("2019-01", "publication")),
        ({"date_value": "2020"}, "2019-03-02", "month", ("2019-03", "publication")),
        ({"date_value": "2020"}, "2019-03-02", "year", ("2020", "event")),
        ({"date_value": "XXXX-01-13"}, None, "month", (None, "undated")),
        ({"date_value": "2019-13"}, None, "month", (None, "undated")),
        (
            {"date_start": "2018-06-01", "date_value": "2019-01"},
            None,
            "month",
            ("2018-06", "event"),
        ),
        ({"date_value": "2021/2025"}, None, "year", ("2021", "event")),
        ({"date_value": "20215"}, None, "year", (None, "undated")),
    ],
)
def test_event_period(
    event: dict, published: str | None, granularity: str, expected: tuple
) -> None:
    assert event_period(event, published, granularity) == expected


def _events() -> list[dict]:
    return [
        {"doc_id": "a", "type": "SIGN", "date_value": "2019-11-02"},
        {"doc_id": "a", "type": "SIGN", "date_value": "2019-11"},
        {"doc_id": "a", "type": "MEET", "date_value": "2020-02-01"},
        {"doc_id": "b", "type": "MEET", "date_value": None},
        {"doc_id": "c", "type": "FUND", "date_value": "P5Y"},
    ]


def test_counts_fill_the_gaps_and_say_how_each_event_was_dated() -> None:
    data = count_periods(_events(), {"a": None, "b": "2020-01-09", "c": None})
    assert data.months == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert data.counts[("2019-11", "SIGN")] == 2
    assert data.counts[("2020-01", "MEET")] == 1
    assert (data.by_event_date, data.by_publication, data.undated) == (3, 1, 1)
    years = count_periods(_events(), {"b": "2020-01-09"}, "year")
    assert years.months == ["2019", "2020"]


def test_svg_has_one_bar_per_period_and_type_with_its_count() -> None:
    data = count_periods(_events(), {"b": "2020-01-09"})
    svg = stacked_bar_svg(data, element_id="chart")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" id="chart"')
    bars = re.findall(r'data-period="([^"]+)" data-type="([^"]+)"', svg)
    assert sorted(bars) == [("2019-11", "SIGN"), ("2020-01", "MEET"), ("2020-02", "MEET")]
    assert "<title>2019-11 · SIGN: 2</title>" in svg
    heights = [float(h) for h in re.findall(r'class="bar"[^>]*height="([\d.]+)"', svg)]
    assert heights[0] == pytest.approx(2 * heights[1])  # 2 SIGN events vs 1 MEET


def test_nothing_to_draw_is_said() -> None:
    data = count_periods([{"doc_id": "a", "type": "MEET", "date_value": None}], {})
    assert stacked_bar_svg(data, element_id="chart") == '<p class="empty">No dated events.</p>'
