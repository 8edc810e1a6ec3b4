"""The stage catalogue: what each stage requires, provides and accepts as settings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, Errors


@dataclass(frozen=True, slots=True)
class StageSpec:
    """Declaration of one stage (cf. Stanza processors: requires / provides)."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]
    description: str
    settings: Mapping[str, object] = field(default_factory=dict)  # text stages only
    factory: str | None = None  # spaCy factory for stages that run on the Doc


STAGES: dict[str, StageSpec] = {
    spec.name: spec
    for spec in (
        StageSpec("normalize", (), ("normalized_text",), "NFC and tone-mark placement"),
        StageSpec("published", ("normalized_text",), ("published",), "publication date"),
        StageSpec(
            "sentences",
            ("normalized_text",),
            ("sentences",),
            "paragraph-aware sentence splitting",
            {"splitter": "underthesea"},
        ),
        StageSpec(
            "tokens",
            ("sentences",),
            ("tokens",),
            "word segmentation and POS tags",
            {"tagger": "underthesea"},
        ),
        StageSpec("doc", ("tokens",), ("doc",), "spaCy Doc from underthesea words"),
        StageSpec(
            "gazetteer",
            ("doc",),
            ("mentions", "mentions.ORG", "mentions.GPE", "mentions.LOC"),
            "lexicon names: countries, places, organizations",
            factory="vi_gazetteer",
        ),
        StageSpec(
            "dates",
            ("doc", "published"),
            ("mentions", "mentions.DATE"),
            "temporal expressions with TIMEX values",
            factory="vi_dates",
        ),
        StageSpec(
            "counts",
            ("doc",),
            ("mentions", "mentions.COUNT"),
            "counted quantities",
            factory="vi_counts",
        ),
        StageSpec(
            "agreements",
            ("doc",),
            ("mentions", "mentions.AGREEMENT"),
            "agreements and legal instruments",
            factory="vi_agreements",
        ),
        StageSpec(
            "organizations",
            ("doc",),
            ("mentions", "mentions.ORG", "mentions.LOC"),
            "organization names by grammar, acronyms in parentheses, places with unit words",
            factory="vi_organizations",
        ),
        StageSpec(
            "people",
            ("doc",),
            ("mentions", "mentions.PER"),
            "person names with titles",
            factory="vi_people",
        ),
        StageSpec(
            "statistical_ner",
            ("doc",),
            ("mentions",),
            "underthesea CRF NER as an additional signal",
            factory="vi_statistical_ner",
        ),
        StageSpec(
            "resolve",
            ("mentions",),
            ("resolved_mentions",),
            "overlap policy",
            factory="vi_resolve",
        ),
        StageSpec(
            "events",
            ("resolved_mentions",),
            ("events",),
            "typed events and their arguments",
            factory="vi_events",
        ),
    )
}


def import_components() -> None:
    """Register every spaCy factory of the pipeline (imports code only, loads no data)."""
    from ..events import component as _events  # noqa: F401
    from ..extractors import components as _components  # noqa: F401
    from ..extractors import organizations as _organizations  # noqa: F401
    from ..extractors import people as _people  # noqa: F401
    from ..extractors import statistical_ner as _statistical_ner  # noqa: F401


def stage_defaults(name: str) -> dict[str, object]:
    """Settings a stage accepts, with defaults: a component's come from its spaCy factory."""
    spec = STAGES[name]
    if spec.factory is None:
        return dict(spec.settings)
    from spacy.language import Language

    import_components()
    config = Language.get_factory_meta(spec.factory).default_config
    return {k: v for k, v in config.items() if k != "lexicon_dir"}


def validate_chain(stages: Sequence[str], *, path: Path | str = "pipeline.toml") -> None:
    """Fail fast when a stage is unknown, repeated, or needs something no earlier stage provides."""
    provided: set[str] = set()
    seen: set[str] = set()
    for name in stages:
        spec = STAGES.get(name)
        if spec is None:
            known = ", ".join(STAGES)
            raise ConfigError(Errors.E023.format(path=path, stage=name, known=known))
        if name in seen:
            raise ConfigError(Errors.E026.format(path=path, stage=name))
        for needed in spec.requires:
            if needed not in provided:
                raise ConfigError(Errors.E024.format(stage=name, needed=needed, path=path))
        provided.update(spec.provides)
        seen.add(name)
