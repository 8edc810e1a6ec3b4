"""Information extraction from Vietnamese news on international cooperation.

import extract
nlp = extract.load()               # loads underthesea, spaCy and the lexicons once
doc = nlp(text)                    # spaCy Doc: doc.spans["mentions"], doc.ents, doc._.events
tables = extract.to_tables([doc])  # pandas DataFrames with the Parquet tables' schemas
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["DocEvent", "Pipeline", "__version__", "load", "to_tables"]

if TYPE_CHECKING:
    from .api import DocEvent, Pipeline, load, to_tables


def __getattr__(name: str) -> Any:
    # The API imports spaCy: resolved on first use so that `import extract` and the command
    # line's start stay cheap, and no model is loaded at import.
    if name in {"DocEvent", "Pipeline", "load", "to_tables"}:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
