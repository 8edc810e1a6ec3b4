"""Saved HTML pages: the article's main text and its metadata, with trafilatura.

The stored text of an HTML document is trafilatura's plain-text output, one paragraph per line;
menus, related links, comments and footers are left out. Every offset of the tables indexes
that text (stored in `documents.text`), not the HTML source.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import FIRST_DATE, LAST_DATE

# htmldate's own limits would reject a page dated after today, so a run's result would depend
# on the day it runs; the range check of `dates.parse_published` applies instead. Only markup
# and metadata are searched: a date found in the body by pattern search is a guess.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "min_date": FIRST_DATE.isoformat(),
    "max_date": LAST_DATE.isoformat(),
}


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    """What a page gives: main text (None when there is none) and its metadata."""

    text: str | None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    site_name: str | None = None


def extract_html(page: str | bytes) -> HtmlArticle:
    """Main text (paragraphs as lines) plus title, date, canonical URL and site name."""
    import trafilatura

    found = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if found is None:
        return HtmlArticle(None)
    text = found.text or None
    return HtmlArticle(
        text=text if text and text.strip() else None,
        title=found.title or None,
        published=found.date or None,
        url=found.url or None,
        site_name=found.sitename or None,
    )
