"""The `extract` command: help, run summary, exit codes and coded errors."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.cli import build_parser, main


def test_help_explains_every_run_option(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["run", "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for option in ("--out", "--config", "--workers", "--engine", "--scheduler", "--quiet"):
        assert option in text


def test_subcommands_are_registered() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices
    assert {"run", "stages", "eval", "query", "import-gold", "export-labelstudio"} <= set(commands)


def test_run_prints_a_summary(tmp_path: Path, text_only_config: Path, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Tin\nBộ Nội vụ họp.\n", encoding="utf-8")
    (raw / "bad.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "out"
    code = main(
        ["run", str(raw), "--out", str(out), "--config", str(text_only_config), "--workers", "1"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert "2 documents processed" in captured.out and "1 failed" in captured.out
    assert "[E001]" in captured.err and "bad.txt" in captured.err
    assert pq.read_table(out / "documents.parquet").num_rows == 2


def test_missing_input_is_reported_with_nonzero_exit(
    tmp_path: Path, text_only_config: Path, capsys
):
    missing = tmp_path / "nope"
    code = main(
        ["run", str(missing), "--out", str(tmp_path / "o"), "--config", str(text_only_config)]
    )
    assert code == 1
    assert "[E008]" in capsys.readouterr().err


def test_bad_config_exits_2_with_the_message(tmp_path: Path, capsys) -> None:
    config = tmp_path / "p.toml"
    config.write_text('[pipeline]\nstages = ["tokens"]\n', encoding="utf-8")
    code = main(["run", str(tmp_path), "--out", str(tmp_path / "o"), "--config", str(config)])
    assert code == 2
    assert "[E024]" in capsys.readouterr().err


def test_stages_lists_requirements(capsys) -> None:
    assert main(["stages"]) == 0
    out = capsys.readouterr().out
    assert "gazetteer" in out and "requires" in out and "provides" in out


def test_query_runs_sql_over_the_tables(tmp_path: Path, text_only_config: Path, capsys) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Tin\nBộ Nội vụ họp. Hai bên ký kết.\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["run", str(raw), "--out", str(out), "--config", str(text_only_config), "--quiet"])
    capsys.readouterr()
    code = main(
        ["query", "SELECT count(*) AS n FROM sentences", "--out", str(out), "--format", "csv"]
    )
    assert code == 0
    assert capsys.readouterr().out.splitlines() == ["n", "3"]
    assert main(["query", "SELECT * FROM no_such_table", "--out", str(out)]) == 2
