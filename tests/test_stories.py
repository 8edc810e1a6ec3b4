"""The stories registry: events of different articles reporting one real-world event, grouped."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import RAW
from extract.consolidate.registries import build_stories
from extract.consolidate.stories import HUB_EVENTS, PUBLICATION_WINDOW
from extract.tables.writer import table_path


@dataclass
class Ev:
    """One event of a test article: type, trigger offset, participants, own date, agreement."""

    type: str
    at: int
    participants: tuple[tuple[str, str], ...] = ()
    day: tuple[date, date] | None = None
    agreement: str | None = None
    trigger: str = "ký kết"
    modality: str = "asserted"


@dataclass
class Article:
    doc_id: str
    published: date | None
    events: list[Ev] = field(default_factory=list)
    sha256: str | None = None


def _frames(articles: list[Article]) -> dict[str, pd.DataFrame]:
    documents, mentions, events, arguments = [], [], [], []
    for article in articles:
        documents.append(
            {
                "doc_id": article.doc_id,
                "sha256": article.sha256 or f"sha-{article.doc_id}",
                "published": article.published,
            }
        )
        for ev in article.events:
            event_id = f"{article.doc_id}:{ev.type}:{ev.at}-{ev.at + 3}"
            events.append(
                {
                    "doc_id": article.doc_id,
                    "event_id": event_id,
                    "sentence_id": 0,
                    "type": ev.type,
                    "trigger_start": ev.at,
                    "trigger_end": ev.at + 3,
                    "trigger_text": ev.trigger,
                    "modality": ev.modality,
                    "date_source": "argument" if ev.day else "publication",
                    "date_start": ev.day[0] if ev.day else article.published,
                    "date_end": ev.day[1] if ev.day else article.published,
                }
            )
            filled = [("participant", label, value) for label, value in ev.participants]
            if ev.agreement:
                filled.append(("agreement", "AGREEMENT", ev.agreement))
            for offset, (role, label, value) in enumerate(filled, start=1):
                start = ev.at + 10 * offset
                mention_id = f"{article.doc_id}:{label}:{start}-{start + 5}"
                mentions.append(
                    {
                        "doc_id": article.doc_id,
                        "mention_id": mention_id,
                        "start": start,
                        "end": start + 5,
                        "label": label,
                        "text": value,
                        "value": value,
                        "kind": None,
                    }
                )
                arguments.append(
                    {
                        "doc_id": article.doc_id,
                        "event_id": event_id,
                        "role": role,
                        "mention_id": mention_id,
                        "value": value,
                    }
                )
    columns = {
        "mentions": ["doc_id", "mention_id", "start", "end", "label", "text", "value", "kind"],
        "event_arguments": ["doc_id", "event_id", "role", "mention_id", "value"],
    }
    return {
        "documents": pd.DataFrame(documents),
        "mentions": pd.DataFrame(mentions, columns=columns["mentions"]),
        "events": pd.DataFrame(events),
        "event_arguments": pd.DataFrame(arguments, columns=columns["event_arguments"]),
    }


def _stories(articles: list[Article]) -> list[dict]:
    frames = _frames(articles)
    table = build_stories(
        frames["mentions"], frames["documents"], frames["events"], frames["event_arguments"]
    )
    return table.to_pylist()


def _grouping(articles: list[Article]) -> list[list[str]]:
    return sorted(story["event_ids"] for story in _stories(articles))


JPN = ("GPE", "JPN")
KOR = ("GPE", "KOR")
MOLISA = ("ORG", "MOLISA")
AUG_11 = (date(2025, 8, 11), date(2025, 8, 11))
AUGUST = (date(2025, 8, 1), date(2025, 8, 31))


def test_two_reports_of_one_signing_are_one_story_with_its_provenance() -> None:
    stories = _stories(
        [
            Article("b", date(2025, 8, 13), [Ev("SIGN", 40, (KOR, MOLISA))]),
            Article("a", date(2025, 8, 11), [Ev("SIGN", 5, (KOR,), AUG_11, "EPS")]),
        ]
    )
    assert len(stories) == 1
    (story,) = stories
    assert story["event_ids"] == ["a:SIGN:5-8", "b:SIGN:40-43"]
    assert story["doc_ids"] == ["a", "b"] and story["n_articles"] == 2
    assert story["participants"] == ["GPE:KOR", "ORG:MOLISA"]
    assert story["agreement_id"] == "AGREEMENT:EPS"
    assert (story["date_start"], story["date_end"]) == AUG_11
    assert story["first_published"] == date(2025, 8, 11)
    assert story["first_event_id"] == "a:SIGN:5-8"
    assert story["story_id"] == "story:a:SIGN:5-8"


@pytest.mark.parametrize(
    ("first", "second", "together"),
    [
        # Both dated to the day: only the same day.
        (Ev("SIGN", 0, (JPN,), AUG_11), Ev("SIGN", 0, (JPN,), AUG_11), True),
        (Ev("SIGN", 0, (JPN,), AUG_11), Ev("SIGN", 0, (JPN,), (date(2025, 8, 12),) * 2), False),
        # A day inside the other's month overlaps.
        (Ev("MEET", 0, (JPN,), AUG_11), Ev("MEET", 0, (JPN,), AUGUST), True),
        # Different type, no shared participant, different agreements: never.
        (Ev("SIGN", 0, (JPN,), AUG_11), Ev("MEET", 0, (JPN,), AUG_11), False),
        (Ev("SIGN", 0, (JPN,), AUG_11), Ev("SIGN", 0, (KOR,), AUG_11), False),
        (Ev("SIGN", 0, (JPN,), AUG_11, "MoU A"), Ev("SIGN", 0, (JPN,), AUG_11, "MoU B"), False),
        # An agreement is enough to share when one report names no signatory.
        (Ev("SIGN", 0, (JPN,), AUG_11, "EPS"), Ev("SIGN", 0, (), AUG_11, "EPS"), True),
    ],
)  # fmt: skip
def test_linking_rules_across_articles(first: Ev, second: Ev, together: bool) -> None:
    grouping = _grouping(
        [Article("a", date(2025, 8, 11), [first]), Article("b", date(2025, 8, 11), [second])]
    )
    assert (len(grouping) == 1) is together


@pytest.mark.parametrize(
    ("days_apart", "together"),
    [(0, True), (PUBLICATION_WINDOW, True), (PUBLICATION_WINDOW + 1, False)],
)
def test_undated_reports_link_within_the_publication_window(
    days_apart: int, together: bool
) -> None:
    later = date.fromordinal(date(2025, 8, 11).toordinal() + days_apart)
    grouping = _grouping(
        [
            Article("a", date(2025, 8, 11), [Ev("MEET", 0, (JPN,))]),
            Article("b", later, [Ev("MEET", 0, (JPN,))]),
        ]
    )
    assert (len(grouping) == 1) is together


def test_a_report_published_before_the_dated_event_is_another_event() -> None:
    grouping = _grouping(
        [
            Article("a", date(2025, 8, 20), [Ev("MEET", 0, (JPN,), (date(2025, 8, 19),) * 2)]),
            Article("b", date(2025, 8, 18), [Ev("MEET", 0, (JPN,))]),
        ]
    )
    assert len(grouping) == 2


def test_repeated_mentions_in_one_article_are_one_story_unless_their_dates_differ() -> None:
    article = Article(
        "a",
        date(2025, 8, 11),
        [
            Ev("SIGN", 0, (JPN, MOLISA)),  # headline
            Ev("SIGN", 100, (JPN,), AUG_11),  # lead
            Ev("SIGN", 300, (MOLISA,)),  # body
            Ev("SIGN", 500, (JPN,), (date(2013, 1, 1), date(2013, 12, 31))),  # history
        ],
    )
    assert _grouping([article]) == [
        ["a:SIGN:0-3", "a:SIGN:100-103", "a:SIGN:300-303"],
        ["a:SIGN:500-503"],
    ]


def test_a_visit_and_a_meeting_during_it_are_two_events() -> None:
    visit = Ev("MEET", 0, (JPN, MOLISA), trigger="chuyến thăm")
    meeting = Ev("MEET", 100, (JPN, MOLISA), trigger="hội đàm")
    again = Ev("MEET", 200, (JPN,), trigger="thăm và làm việc")
    assert _grouping([Article("a", date(2025, 8, 11), [visit, meeting, again])]) == [
        ["a:MEET:0-3", "a:MEET:200-203"],
        ["a:MEET:100-103"],
    ]


def test_a_planned_event_is_not_the_done_one_of_the_same_article() -> None:
    done = Ev("SIGN", 0, (JPN,))
    planned = Ev("SIGN", 100, (JPN,), modality="planned")
    assert len(_grouping([Article("a", date(2025, 8, 11), [done, planned])])) == 2
    # An announcement and the report of the signing, in two articles, are one signing.
    announced = Article("a", date(2025, 8, 10), [planned])
    reported = Article("b", date(2025, 8, 11), [done])
    assert len(_grouping([announced, reported])) == 1


def test_a_background_participant_alone_does_not_link_articles() -> None:
    vnm = ("GPE", "VNM")
    # Viet Nam takes part in every event: sharing it says nothing about which meeting is meant.
    articles = [
        Article(f"d{i}", date(2025, 8, 11), [Ev("MEET", 0, (vnm, ("ORG", f"Partner {i}")))])
        for i in range(25)
    ]
    assert len(_grouping(articles)) == 25
    articles.append(Article("z", date(2025, 8, 11), [Ev("MEET", 0, (vnm, ("ORG", "Partner 3")))]))
    assert ["d3:MEET:0-3", "z:MEET:0-3"] in _grouping(articles)


def _day(offset: int) -> date:
    return date.fromordinal(date(2025, 8, 1).toordinal() + offset)


def test_links_do_not_chain_a_story_over_weeks() -> None:
    # A ministry at a meeting every other day: each report links to the next one, but a story
    # never spreads over more than a week of publications.
    articles = [
        Article(f"d{i:02d}", _day(2 * i), [Ev("MEET", 0, (MOLISA, ("ORG", f"Partner {i}")))])
        for i in range(10)
    ]
    published = {a.doc_id: a.published for a in articles}
    stories = _stories(articles)
    assert 1 < len(stories) < 10
    for story in stories:
        days = [published[doc_id] for doc_id in story["doc_ids"]]
        assert (max(days) - min(days)).days <= 2 * PUBLICATION_WINDOW + 1


def test_a_participant_of_many_events_in_one_window_does_not_link_them() -> None:
    busy = [
        Article(f"m{i:02d}", _day(0), [Ev("MEET", 0, (MOLISA, ("ORG", f"Partner {i}")))])
        for i in range(HUB_EVENTS + 1)
    ]
    # Enough other events that MOLISA is no background participant of the whole corpus.
    others = [
        Article(f"o{i:02d}", _day(40 + 10 * i), [Ev("FUND", 0, (("ORG", f"Donor {i}"),))])
        for i in range(30)
    ]
    assert len(_grouping(busy + others)) == len(busy) + len(others)
    assert len(_grouping(busy[:2] + others)) == 1 + len(others)


def test_duplicate_texts_land_in_the_same_stories_whatever_their_metadata() -> None:
    events = [Ev("MEET", 0, (JPN,)), Ev("SIGN", 50, (KOR,))]
    grouping = _grouping(
        [
            Article("a", date(2025, 8, 11), events, sha256="same"),
            Article("copy", None, events, sha256="same"),
        ]
    )
    assert grouping == [["a:MEET:0-3", "copy:MEET:0-3"], ["a:SIGN:50-53", "copy:SIGN:50-53"]]


def test_stories_do_not_depend_on_row_order() -> None:
    articles = [
        Article("a", date(2025, 8, 11), [Ev("SIGN", 5, (KOR,), AUG_11), Ev("MEET", 9, (JPN,))]),
        Article("b", date(2025, 8, 12), [Ev("SIGN", 40, (KOR, MOLISA)), Ev("MEET", 3, (KOR,))]),
    ]
    frames = _frames(articles)
    shuffled = {name: frame.iloc[::-1].reset_index(drop=True) for name, frame in frames.items()}
    first = build_stories(
        *(frames[n] for n in ("mentions", "documents", "events", "event_arguments"))
    )
    second = build_stories(
        *(shuffled[n] for n in ("mentions", "documents", "events", "event_arguments"))
    )
    assert first.equals(second)


def test_a_duplicated_article_in_a_pipeline_run_lands_in_the_same_stories(tmp_path: Path) -> None:
    from extract.runner.engine import run

    source = RAW / "004_73ebf77103015721.txt"
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(source, inputs / "a.txt")
    shutil.copy(source, inputs / "b.txt")
    out = tmp_path / "out"
    run([inputs], out, workers=1)
    stories = pq.read_table(table_path(out, "stories")).to_pylist()
    events = pq.read_table(table_path(out, "events")).to_pylist()
    assert events
    story_of = {e: s["story_id"] for s in stories for e in s["event_ids"]}
    for event in events:
        if event["doc_id"] == "a":
            twin = "b" + event["event_id"][1:]
            assert story_of[event["event_id"]] == story_of[twin]
