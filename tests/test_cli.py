from __future__ import annotations

import re

import click
import pytest

from rasad.cli import main
from tests.conftest import REPOSITORY, run_rasad

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
def test_every_command_is_documented_in_the_readme(name):
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert f"rasad {name}" in readme


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
