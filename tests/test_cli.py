from __future__ import annotations

import csv
import io
import json
import re

import click
import pytest

from rasad.cli import main
from rasad.query.output import table
from tests.conftest import REPOSITORY, load_script, run_rasad

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_a_docstring_with_an_example(name):
    command = main.commands[name]
    assert command.help and "Example:" in command.help
    assert re.search(rf"^\s+rasad {name}\b", command.help, re.M)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_takes_sources_and_db(name):
    options = {opt for param in main.commands[name].params if isinstance(param, click.Option) for opt in param.opts}
    assert {"--sources", "--db"} <= options


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_its_row_in_the_readme_and_its_help_in_the_reference(name):
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `rasad {name}[ `]", readme, re.M)  # `rasad runs` is not `rasad run`
    reference = (REPOSITORY / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"\n## rasad {name}\n\n```\nUsage: rasad {name} [OPTIONS]" in reference


def test_the_cli_reference_is_written_from_the_commands():
    reference = (REPOSITORY / "docs" / "cli.md").read_text(encoding="utf-8")
    assert load_script("update_docs").cli_reference_text() == reference, "run scripts/update_docs.py"


def test_help_lists_every_command():
    result = run_rasad("--help")
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_the_readme_starts_with_the_two_commands_and_ci_runs_them():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", readme, re.S)
    setup, tests = blocks[0].strip(), blocks[1].strip()
    assert "rasad demo" in setup and "pip install" in setup
    assert "pytest" in tests
    ci = (REPOSITORY / ".ci" / "run").read_text()
    assert tests in ci
    assert setup.split(" && ")[0] in ci


READ_COMMANDS = [("status",), ("runs",), ("search", "عين الأسد"), ("export", "incidents"), ("report", "-o", "r.html"),
                 ("dupes",), ("incidents",), ("incident", "1"), ("recluster",), ("retag",), ("reextract",),
                 ("trigger", "youm7")]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda args: args[0])
def test_a_command_that_reads_never_creates_a_database(args, tmp_path):
    db = tmp_path / "typo" / "rasdd.db"
    result = run_rasad(*args, "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert f"no database at {db}" in result.stderr and "Traceback" not in result.stderr
    assert not db.exists() and not db.parent.exists()


@pytest.mark.parametrize("command", [("search", "عين الأسد", "--source"), ("runs",), ("export", "incidents", "--source"),
                                     ("retag", "--source"), ("dupes", "--source"), ("incidents", "--source")],
                         ids=lambda command: command[0])
def test_a_misspelled_source_is_refused_with_the_known_ones(command, tmp_path):
    db = tmp_path / "rasad.db"
    line = {"url": "https://x.example/1", "title": "خبر", "published_at": "2024-01-02",
            "text": "نص خبر طويل بما يكفي ليكون مقالا كاملا عن حدث ما وقع أمس في المدينة. " * 6}
    (tmp_path / "a.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run_rasad("import", str(tmp_path / "a.jsonl"), "--source", "my-archive", "--db", str(db)).returncode == 0
    result = run_rasad(*command, "youm", "--db", str(db))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "unknown source 'youm'" in result.stderr and "youm7" in result.stderr and "my-archive" in result.stderr
    known = run_rasad(*command, "my-archive", "--db", str(db))
    assert known.returncode == 0, known.stderr


OUTPUT_COMMANDS = [("search", "قاعدة"), ("status",), ("runs",), ("sources",), ("dupes",), ("incidents",)]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS, ids=lambda command: command[0])
def test_read_commands_print_rows_as_json_csv_or_lines_and_nothing_else_on_stdout(command, demo_db):
    db = str(demo_db[0])
    as_json = run_rasad(*command, "--json", "--db", db)
    assert as_json.returncode == 0, as_json.stderr
    rows = json.loads(as_json.stdout)
    assert rows and all(isinstance(row, dict) and row.keys() == rows[0].keys() for row in rows)
    lines = run_rasad(*command, "--nl", "--db", db).stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    table = list(csv.DictReader(io.StringIO(run_rasad(*command, "--csv", "--db", db).stdout)))
    assert len(table) == len(rows) and list(table[0]) == list(rows[0])
    assert [row[key] for row in table for key in rows[0]] == [
        "" if row[key] is None else str(row[key]) for row in rows for key in rows[0]]
    plain = run_rasad(*command, "--db", db)
    assert plain.returncode == 0 and plain.stdout.strip() and "{" not in plain.stdout.splitlines()[0]
    both = run_rasad(*command, "--json", "--nl", "--db", db)
    assert both.returncode == 2 and "choose one of --json, --nl" in both.stderr and not both.stdout


def test_one_table_printer_aligns_every_table(capsys):
    table([("NAME", "N"), ("a-long-name", 12), ("b", 3)], indent="  ", min_widths=(4, 8), right=frozenset({1}))
    table([("X", "Y"), ("1", None)])
    assert capsys.readouterr().out.splitlines() == ["  NAME                N", "  a-long-name        12",
                                                    "  b                   3", "X  Y", "1  None"]
