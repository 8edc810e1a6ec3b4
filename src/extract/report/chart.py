"""Events per month by type as an inline SVG stacked bar chart (no script, no network)."""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..records import EVENT_TYPES

MONTH = re.compile(r"^(\d{4})-(\d{2})")
YEAR = re.compile(r"^(\d{4})(?![\d])")

#: One colour per event type (colour-blind friendly Okabe-Ito order, then greys).
TYPE_COLORS: dict[str, str] = dict(
    zip(
        EVENT_TYPES,
        ("#0072B2", "#D55E00", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#F0E442", "#000000"),
        strict=False,
    )
)
OTHER_COLOR = "#999999"


@dataclass(frozen=True)
class PeriodCounts:
    """Events counted by (period, type), and how the period of each was found."""

    counts: Counter[tuple[str, str]]
    by_event_date: int
    by_publication: int
    undated: int
    granularity: str = "month"

    @property
    def months(self) -> list[str]:
        """Every period from the first to the last with an event (gaps included, as zeros)."""
        present = sorted({period for period, _ in self.counts})
        if not present:
            return []
        if self.granularity == "year":
            return [f"{y:04d}" for y in range(int(present[0]), int(present[-1]) + 1)]
        year, month = map(int, present[0].split("-"))
        last = present[-1]
        months = []
        while True:
            label = f"{year:04d}-{month:02d}"
            months.append(label)
            if label >= last:
                return months
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _period(value: object, granularity: str) -> str | None:
    text = str(value)
    if granularity == "year":
        match = YEAR.match(text)
        return match.group(1) if match and match.group(1) != "0000" else None
    match = MONTH.match(text)
    if match and match.group(1) != "0000" and 1 <= int(match.group(2)) <= 12:
        return match.group(0)
    return None


def event_period(
    event: Mapping[str, object], published: str | None, granularity: str = "month"
) -> tuple[str | None, str]:
    """An event's month (or year): from its own date when that precise, else its publication's."""
    for column in ("date_start", "date_value"):
        value = event.get(column)
        if value is not None:
            period = _period(value, granularity)
            if period is not None:
                return period, "event"
            break
    if published:
        period = _period(published, granularity)
        if period is not None:
            return period, "publication"
    return None, "undated"


def count_periods(
    events: Sequence[Mapping[str, object]],
    published: Mapping[str, str | None],
    granularity: str = "month",
) -> PeriodCounts:
    """Count events per (month or year, type); `published` maps doc_id to a publication date."""
    counts: Counter[tuple[str, str]] = Counter()
    how: Counter[str] = Counter()
    for event in events:
        period, source = event_period(event, published.get(str(event["doc_id"])), granularity)
        how[source] += 1
        if period is not None:
            counts[(period, str(event["type"]))] += 1
    return PeriodCounts(counts, how["event"], how["publication"], how["undated"], granularity)


def _nice_step(maximum: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if maximum / step <= 6:
            return step
    return max(1, maximum // 5)


def stacked_bar_svg(data: PeriodCounts, *, height: int = 260, element_id: str) -> str:
    """The chart as an <svg> element; an explanatory <p> when there is nothing to draw."""
    months = data.months
    if not months:
        return '<p class="empty">No dated events.</p>'
    types = [t for t in EVENT_TYPES if any(key[1] == t for key in data.counts)]
    types += sorted({key[1] for key in data.counts} - set(types))
    totals = {m: sum(data.counts[(m, t)] for t in types) for m in months}
    top = max(totals.values())
    step = _nice_step(top)
    y_max = ((top + step - 1) // step) * step
    left, bottom, right, top_pad = 40, 52, 200, 10
    bar = max(4, min(28, 900 // len(months)))
    width = left + bar * len(months) + right
    plot_h = height - bottom - top_pad

    def y(value: float) -> float:
        return top_pad + plot_h - plot_h * value / y_max

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{element_id}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="Events per {data.granularity} by type">'
    ]
    for tick in range(0, y_max + 1, step):
        parts.append(
            f'<line x1="{left}" x2="{left + bar * len(months)}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}" class="grid"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end" class="tick">{tick}</text>'
        )
    label_every = max(1, len(months) // 24)
    for index, month in enumerate(months):
        x = left + index * bar
        base = 0
        for kind in types:
            count = data.counts[(month, kind)]
            if not count:
                continue
            color = TYPE_COLORS.get(kind, OTHER_COLOR)
            parts.append(
                f'<rect class="bar" data-period="{month}" data-type="{html.escape(kind)}" '
                f'x="{x + 1}" y="{y(base + count):.1f}" width="{bar - 2}" '
                f'height="{y(base) - y(base + count):.1f}" fill="{color}">'
                f"<title>{month} · {html.escape(kind)}: {count}</title></rect>"
            )
            base += count
        if index % label_every == 0:
            ty = height - bottom + 12
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{ty}" class="tick" text-anchor="end" '
                f'transform="rotate(-45 {x + bar / 2:.1f} {ty})">{month}</text>'
            )
    for index, kind in enumerate(types):
        ly = top_pad + index * 18
        lx = left + bar * len(months) + 16
        color = TYPE_COLORS.get(kind, OTHER_COLOR)
        total = sum(data.counts[(m, kind)] for m in months)
        parts.append(
            f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{color}"/>'
            f'<text x="{lx + 18}" y="{ly + 10}" class="legend">{html.escape(kind)} ({total})</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
