"""The README's pandas and DuckDB examples run against the seed outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"
_EXAMPLE = re.compile(r"<!-- example: (\w+) -->\s*```python\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    return _EXAMPLE.findall(README.read_text(encoding="utf-8"))


def test_readme_has_the_promised_examples() -> None:
    assert {name for name, _ in _examples()} >= {"pandas", "duckdb"}


@pytest.mark.parametrize(("name", "code"), _examples(), ids=[n for n, _ in _examples()])
def test_readme_example_runs(name: str, code: str, seed_outputs: Path, capsys) -> None:
    exec(compile(code, f"README example {name}", "exec"), {"OUT": str(seed_outputs)})
    printed = capsys.readouterr().out
    assert printed.strip(), "the example printed nothing"
    if name == "pandas":
        assert "ILO" in printed
