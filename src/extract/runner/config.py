"""Load and validate the declarative pipeline definition (`pipeline/pipeline.toml`)."""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ConfigError, Errors
from .stages import STAGES, stage_defaults, validate_chain


def _packaged_config() -> Path:
    """The default pipeline definition shipped inside the package (`extract/pipeline/`).

    In a checkout `src/extract/pipeline` is a symlink to the top-level `pipeline/`, the reviewed
    source of truth; the wheel build copies it in as package data. Either way it is found as a
    resource of the installed package, never through the checkout's layout. Resolving keeps
    messages pointing at the file one edits.
    """
    resource = importlib.resources.files("extract").joinpath("pipeline", "pipeline.toml")
    return Path(os.fspath(resource)).resolve()


DEFAULT_CONFIG = _packaged_config()
_TOP_KEYS = {"pipeline", "lexicons", "stages", "limits"}
_PIPELINE_KEYS = {"name", "stages"}
_LEXICON_KEYS = {"dir"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-document limits (`[limits]`): a document over one gets an error row, not a lost run."""

    max_document_chars: int = 2_000_000  # about a minute of processing; news is < 100 k
    max_seconds_per_document: float = 300.0  # 0 disables the time limit
    max_paragraph_chars: int = 20_000  # longer lines are cut (at spaces) before sentence splitting
    max_sentence_chars: int = 2_000  # longer sentences are cut at spaces for the rule components


_LIMIT_DEFAULTS = {name: getattr(Limits(), name) for name in Limits.__slots__}


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    """A validated pipeline definition."""

    path: Path
    name: str
    stages: tuple[str, ...]
    lexicon_dir: Path
    settings: dict[str, dict[str, Any]]
    fingerprint: str
    limits: Limits = Limits()

    @property
    def config_hash(self) -> str:
        """Hash of the config file alone (the fingerprint also covers code and lexicons)."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest()[:16]

    def stage_settings(self, stage: str) -> dict[str, Any]:
        """Settings of `stage`: defaults from the catalogue overridden by the config."""
        return {**stage_defaults(stage), **self.settings.get(stage, {})}


def _check_keys(path: Path, section: str, table: dict[str, Any], allowed: set[str]) -> None:
    for key in table:
        if key not in allowed:
            allowed_text = ", ".join(sorted(allowed)) or "(none)"
            raise ConfigError(
                Errors.E021.format(path=path, key=key, section=section, allowed=allowed_text)
            )


def _check_type(path: Path, stage: str, key: str, value: object, default: object) -> None:
    expected = type(default)
    ok = isinstance(value, expected) or (expected is float and isinstance(value, int))
    if not ok or (expected is int and isinstance(value, bool)):
        raise ConfigError(
            Errors.E025.format(
                path=path, key=key, stage=stage, expected=expected.__name__, value=value
            )
        )


def load_config(path: Path | str | None = None) -> PipelineConfig:
    """Read, validate and fingerprint a pipeline config; errors name the file and the key."""
    path = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(Errors.E020.format(path=path, reason=exc)) from exc
    _check_keys(path, "the top level", raw, _TOP_KEYS)
    pipeline = raw.get("pipeline")
    if not isinstance(pipeline, dict):
        raise ConfigError(Errors.E022.format(path=path, key="pipeline", section="the top level"))
    _check_keys(path, "[pipeline]", pipeline, _PIPELINE_KEYS)
    if "stages" not in pipeline:
        raise ConfigError(Errors.E022.format(path=path, key="stages", section="[pipeline]"))
    stages = tuple(pipeline["stages"])
    validate_chain(stages, path=path)
    lexicons = raw.get("lexicons", {})
    _check_keys(path, "[lexicons]", lexicons, _LEXICON_KEYS)
    lexicon_dir = (path.parent / lexicons.get("dir", "lexicons")).resolve()
    settings: dict[str, dict[str, Any]] = {}
    for stage, table in raw.get("stages", {}).items():
        if stage not in STAGES:
            known = ", ".join(STAGES)
            raise ConfigError(Errors.E023.format(path=path, stage=stage, known=known))
        allowed = stage_defaults(stage)
        _check_keys(path, f"[stages.{stage}]", table, set(allowed))
        for key, value in table.items():
            _check_type(path, stage, key, value, allowed[key])
        settings[stage] = dict(table)
    limits = raw.get("limits", {})
    _check_keys(path, "[limits]", limits, set(_LIMIT_DEFAULTS))
    for key, value in limits.items():
        _check_type(path, "limits", key, value, _LIMIT_DEFAULTS[key])
        if value < 0 or (value == 0 and key != "max_seconds_per_document"):
            raise ConfigError(
                Errors.E025.format(
                    path=path, key=key, stage="limits", expected="a positive number", value=value
                )
            )
    return PipelineConfig(
        path=path,
        name=str(pipeline.get("name", path.stem)),
        stages=stages,
        lexicon_dir=lexicon_dir,
        settings=settings,
        fingerprint=fingerprint(path, lexicon_dir),
        limits=Limits(**limits),
    )


def fingerprint(config_path: Path, lexicon_dir: Path) -> str:
    """Hash of the code, the config and every lexicon: any change reprocesses every document."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for file in sorted(package.rglob("*.py")):
        digest.update(file.read_bytes())
    digest.update(config_path.read_bytes())
    if lexicon_dir.is_dir():
        for file in sorted(lexicon_dir.rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(lexicon_dir).as_posix().encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
