"""The `extract` command: help, run summary, exit statuses, validated options, coded errors."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from extract.cli import app, main
from extract.errors import ExitCode
from extract.runner import engine
from extract.tables.store import OutputStore

REPO = Path(__file__).resolve().parents[1]


def _run(*argv: str | Path) -> int:
    return main([str(a) for a in argv])


def _raw(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        path = raw / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
    return raw


def test_help_explains_every_run_option_and_the_exit_statuses(capsys) -> None:
    assert _run("run", "--help") == ExitCode.OK
    text = capsys.readouterr().out
    for option in (
        "--out",
        "--config",
        "--workers",
        "--engine",
        "--format",
        "--metadata",
        "--text-column",
        "--allow-errors",
        "--prune",
        "--wait",
        "--quiet",
    ):
        assert option in text, option
    assert "Exit status" in text and "130" in text


def test_subcommands_are_registered() -> None:
    import typer.main

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert {"run", "stages", "eval", "query", "import-gold", "export-labelstudio"} <= set(commands)


def test_run_prints_a_summary_and_exits_1_when_a_document_failed(
    tmp_path: Path, text_only_config: Path, capsys
) -> None:
    raw = _raw(tmp_path, {"a.txt": "Tin\nBộ Nội vụ họp.\n", "bad.txt": b"\xff\xfe\x00"})
    out = tmp_path / "out"
    code = _run("run", raw, "--out", out, "--config", text_only_config, "--workers", "1")
    captured = capsys.readouterr()
    assert code == ExitCode.DOCUMENTS_FAILED
    assert "documents processed" in captured.out and "│   2 │" in captured.out
    assert "[E001]" in captured.err and "bad.txt" in captured.err
    assert pq.read_table(out / "documents.parquet").num_rows == 2
    # The tables are published all the same; --allow-errors turns the status into 0.
    (raw / "bad.txt").write_bytes(b"\xff\xfe\x01")
    assert _run("run", raw, "--out", out, "--config", text_only_config, "--allow-errors") == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--workers", "0"], "--workers"),
        (["--engine", "spark"], "--engine"),
        (["--wait", "-1"], "--wait"),
        (["--format", "docx"], "--format"),
        (["--scheduler", "tcp://h:8786"], "--engine dask"),
        (["--no-such-option"], "no-such-option"),
    ],
)
def test_bad_options_are_usage_errors(
    tmp_path: Path, text_only_config: Path, capsys, argv: list[str], message: str
) -> None:
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp."})
    code = _run("run", raw, "--out", tmp_path / "o", "--config", text_only_config, *argv)
    assert code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_missing_input_is_a_usage_error_before_anything_runs(
    tmp_path: Path, text_only_config: Path, capsys
) -> None:
    code = _run("run", tmp_path / "nope", "--out", tmp_path / "o", "--config", text_only_config)
    assert code == ExitCode.USAGE
    assert "[E008]" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_out_that_is_a_file_is_a_usage_error(tmp_path: Path, text_only_config: Path, capsys):
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp."})
    target = tmp_path / "out.parquet"
    target.write_bytes(b"not a folder")
    assert _run("run", raw, "--out", target, "--config", text_only_config) == ExitCode.USAGE
    assert "is a file" in capsys.readouterr().err
    assert target.read_bytes() == b"not a folder"


def test_bad_config_exits_with_the_config_status(tmp_path: Path, capsys) -> None:
    config = tmp_path / "p.toml"
    config.write_text('[pipeline]\nstages = ["tokens"]\n', encoding="utf-8")
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp."})
    assert _run("run", raw, "--out", tmp_path / "o", "--config", config) == ExitCode.CONFIG
    assert "[E024]" in capsys.readouterr().err


def test_locked_output_and_interrupt_have_their_own_statuses(
    tmp_path: Path, text_only_config: Path, monkeypatch, capsys
) -> None:
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp."})
    out = tmp_path / "o"
    with OutputStore(out).locked(timeout=0):
        # The lock is held here: a run with --wait 0 gives up at once.
        code = _run("run", raw, "--out", out, "--config", text_only_config, "--wait", "0")
    assert code == ExitCode.LOCKED
    assert "[E043]" in capsys.readouterr().err

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "run", interrupted)
    assert _run("run", raw, "--out", out, "--config", text_only_config) == ExitCode.INTERRUPTED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err


def test_stdin_needs_a_format_and_is_read_with_it(
    tmp_path: Path, text_only_config: Path, monkeypatch, capsys
) -> None:
    out = tmp_path / "o"
    assert _run("run", "-", "--out", out, "--config", text_only_config) == ExitCode.USAGE
    assert "--format" in capsys.readouterr().err
    lines = [
        {"doc_id": "s1", "text": "Bộ Nội vụ họp.", "published": "15/01/2019", "site": "a.vn"},
        {"doc_id": "s2", "text": "Hai bên ký kết."},
    ]
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = _run("run", "-", "--format", "jsonl", "--out", out, "--config", text_only_config)
    assert code == ExitCode.OK
    docs = {r["doc_id"]: r for r in pq.read_table(out / "documents.parquet").to_pylist()}
    assert docs["s1"]["published"].isoformat() == "2019-01-15"
    assert json.loads(docs["s1"]["meta"]) == {"site": "a.vn"}
    assert docs["s2"]["source_path"] == "<stdin>:2" and docs["s2"]["input_format"] == "jsonl"


def test_a_path_given_twice_is_not_a_duplicate_of_itself(
    tmp_path: Path, text_only_config: Path
) -> None:
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp."})
    again = raw / ".." / "raw" / "a.txt"
    code = _run(
        "run", raw, again, raw / "a.txt", "--out", tmp_path / "o", "--config", text_only_config
    )
    assert code == ExitCode.OK
    rows = pq.read_table(tmp_path / "o" / "documents.parquet").to_pylist()
    assert [(r["doc_id"], r["status"]) for r in rows] == [("a", "ok")]


def test_prune_removes_documents_gone_from_the_inputs(
    tmp_path: Path, text_only_config: Path
) -> None:
    raw = _raw(tmp_path, {"a.txt": "Bộ Nội vụ họp.", "b.txt": "Hai bên ký kết."})
    out = tmp_path / "o"
    assert _run("run", raw, "--out", out, "--config", text_only_config, "--quiet") == 0
    (raw / "b.txt").unlink()

    def doc_ids(table: str) -> set[str]:
        return {r["doc_id"] for r in pq.read_table(out / f"{table}.parquet").to_pylist()}

    assert _run("run", raw, "--out", out, "--config", text_only_config, "--quiet") == 0
    assert doc_ids("documents") == {"a", "b"} and "b" in doc_ids("sentences")  # kept
    assert _run("run", raw, "--out", out, "--config", text_only_config, "--prune") == 0
    assert doc_ids("documents") == {"a"} and doc_ids("sentences") == {"a"}


def test_progress_lines_when_not_a_terminal() -> None:
    from extract.runner.progress import RunProgress

    stream = io.StringIO()
    with RunProgress(3, terminal=False, stream=stream, interval=0.0) as progress:
        for _ in range(3):
            progress.advance(None)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("extract: 1/3 documents, ") and "/s, ETA " in lines[0]
    assert lines[-1].startswith("extract: 3/3 documents")


def test_stages_lists_requirements(capsys) -> None:
    assert _run("stages") == 0
    out = capsys.readouterr().out
    assert "gazetteer" in out and "requires" in out and "provides" in out


def test_query_runs_sql_over_the_tables(tmp_path: Path, text_only_config: Path, capsys) -> None:
    raw = _raw(tmp_path, {"a.txt": "Tin\nBộ Nội vụ họp. Hai bên ký kết.\n"})
    out = tmp_path / "out"
    _run("run", raw, "--out", out, "--config", text_only_config, "--quiet")
    capsys.readouterr()
    assert _run("query", "SELECT count(*) AS n FROM sentences", "--out", out, "--csv") == 0
    assert capsys.readouterr().out.splitlines() == ["n", "3"]
    assert _run("query", "SELECT * FROM no_such_table", "--out", out) == ExitCode.USAGE


def test_tables_work_from_another_working_directory(tmp_path: Path, text_only_config: Path) -> None:
    raw = _raw(tmp_path, {"a.txt": "Tin\nBộ Nội vụ họp.\n"})
    out = tmp_path / "out"
    assert _run("run", raw, "--out", out, "--config", text_only_config, "--quiet") == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (raw / "a.txt").unlink()  # the tables hold the text: the source is no longer needed
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "extract",
            "export-labelstudio",
            "--out",
            str(out),
            "--tasks",
            "t.json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (task,) = json.loads((elsewhere / "t.json").read_text(encoding="utf-8"))
    assert task["data"]["text"] == "Tin\nBộ Nội vụ họp.\n"


def test_metadata_sheet_option(tmp_path: Path, text_only_config: Path, capsys) -> None:
    raw = _raw(tmp_path, {"a.txt": "Tin\nNgày 15/1, Bộ Nội vụ họp.\n"})
    sheet = raw / "SOURCES.tsv"  # inside the input folder: used as the sheet, not read as input
    sheet.write_text(
        "file\turl\tsource_site\tpublication_date_if_known\n"
        "a.txt\thttps://a.vn/1\ta.vn\t2019-01-20\n"
        "missing.txt\t\tb.vn\t\n",
        encoding="utf-8",
    )
    out = tmp_path / "o"
    argv = ["run", raw, "--out", out, "--config", text_only_config, "--metadata", sheet]
    assert _run(*argv) == ExitCode.OK
    assert "[E067]" in capsys.readouterr().err  # a sheet row that matched nothing is reported
    (doc,) = pq.read_table(out / "documents.parquet").to_pylist()
    assert doc["published"].isoformat() == "2019-01-20" and doc["url"] == "https://a.vn/1"
    assert json.loads(doc["meta"]) == {"source_site": "a.vn"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("url\nhttps://a.vn\n", encoding="utf-8")
    assert _run(*argv[:-1], bad) == ExitCode.USAGE
    assert "[E066]" in capsys.readouterr().err


def test_progress_total_is_unknown_when_counting_would_reread_too_much(
    tmp_path: Path, monkeypatch
) -> None:
    from extract.ingest.reader import expand_inputs
    from extract.runner import progress

    raw = _raw(tmp_path, {"a.txt": "x", "b.jsonl": '{"doc_id": "b", "text": "y"}\n' * 3})
    files, _ = expand_inputs([raw])
    assert progress.count_documents(files) == 4
    monkeypatch.setattr(progress, "COUNT_BYTES", 10)
    assert progress.count_documents(files) is None
