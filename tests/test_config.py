"""The pipeline definition is validated before anything runs; errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from extract.errors import ConfigError
from extract.runner.config import DEFAULT_CONFIG, load_config
from extract.runner.stages import STAGES, validate_chain

HEADER = '[pipeline]\nname = "t"\n'


def _config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pipeline.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_default_config_is_valid() -> None:
    config = load_config(DEFAULT_CONFIG)
    assert config.stages[0] == "normalize"
    assert config.lexicon_dir.is_dir()
    assert len(config.fingerprint) == 16


@pytest.mark.parametrize(
    ("body", "code", "needle"),
    [
        (HEADER + 'stages = ["normalize", "sentences", "bogus"]', "E023", "bogus"),
        (HEADER + 'stages = ["normalize", "tokens"]', "E024", "sentences"),
        (HEADER + 'stages = ["normalize", "normalize"]', "E026", "normalize"),
        (HEADER + 'stages = ["normalize"]\ncolour = 1', "E021", "colour"),
        ('[pipeline]\nname = "t"', "E022", "stages"),
        (HEADER + 'stages = ["normalize"]\n[stages.sentences]\nspliter = "x"', "E021", "spliter"),
        (
            HEADER + 'stages = ["normalize"]\n[stages.statistical_ner]\nconfidence = "high"',
            "E025",
            "confidence",
        ),
        ("[pipeline\n", "E020", "pipeline.toml"),
    ],
)
def test_bad_configs_fail_fast(tmp_path: Path, body: str, code: str, needle: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(_config(tmp_path, body))
    assert code in str(info.value) and needle in str(info.value)


def test_settings_merge_defaults(tmp_path: Path) -> None:
    path = _config(
        tmp_path, HEADER + 'stages = ["normalize"]\n[stages.statistical_ner]\nconfidence = 0.9'
    )
    settings = load_config(path).stage_settings("statistical_ner")
    assert settings["confidence"] == 0.9
    assert settings["labels"] == ["PER", "LOC", "ORG"]  # the factory's default


def test_component_settings_come_from_the_factory_defaults(tmp_path: Path) -> None:
    path = _config(tmp_path, HEADER + 'stages = ["normalize"]\n[stages.counts]\nunit = "x.tsv"')
    with pytest.raises(ConfigError, match=r"E021.*'unit'.*units"):
        load_config(path)


def test_every_stage_requirement_is_provided_by_some_stage() -> None:
    provided = {p for spec in STAGES.values() for p in spec.provides}
    for spec in STAGES.values():
        assert set(spec.requires) <= provided, spec.name
    validate_chain(list(STAGES))


def test_unknown_overlap_policy_is_a_coded_error(tmp_path: Path) -> None:
    from extract.runner.pipeline import Pipeline

    path = _config(
        tmp_path,
        HEADER + 'stages = ["normalize", "published", "sentences", "tokens", "doc", "dates", '
        '"resolve"]\n[stages.resolve]\npolicy = "shortest"',
    )
    with pytest.raises(ConfigError, match=r"E028.*shortest.*longest_per_label"):
        _ = Pipeline(load_config(path)).nlp


def test_default_config_is_a_package_resource_linked_to_the_reviewed_pipeline() -> None:
    import importlib.resources

    resource = importlib.resources.files("extract") / "pipeline" / "pipeline.toml"
    assert Path(str(resource)).resolve() == DEFAULT_CONFIG
    # In the checkout the package data is the top-level pipeline/ itself (a link, not a copy
    # that could drift from what is reviewed).
    link = REPO / "src" / "extract" / "pipeline"
    assert link.is_symlink() and link.resolve() == REPO / "pipeline"
    assert DEFAULT_CONFIG == REPO / "pipeline" / "pipeline.toml"
