"""Write the docs that are generated from the code: the settings list in ``settings.py``'s
docstring (from ``rasad/base/settings_registry.py``) and the CLI reference ``docs/cli.md`` (from the
Click commands). ``tests/test_settings.py`` and ``tests/test_cli.py`` fail when either is stale.

    .venv/bin/python scripts/update_docs.py

Settings read: none.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

import click  # noqa: E402

from rasad.base.settings_registry import describe  # noqa: E402
from rasad.cli import main as rasad  # noqa: E402

CLI_REFERENCE = REPOSITORY / "docs" / "cli.md"
SETTINGS_FILE = REPOSITORY / "settings.py"
WIDTH = 100  # the help's lines, whatever the terminal that writes the file
SETTINGS_START = "this list from it):\n"


def settings_module_text() -> str:
    """settings.py with its docstring's list of settings written from the registry."""
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    start = text.index(SETTINGS_START) + len(SETTINGS_START)
    end = text.index('"""\n', start)
    return text[:start] + describe() + "\n" + text[end:]


def command_help(name: str) -> str:
    """``rasad NAME --help`` as Click prints it at :data:`WIDTH` columns."""
    parent = click.Context(rasad, info_name="rasad", terminal_width=WIDTH, max_content_width=WIDTH)
    command = rasad.commands[name]
    return command.get_help(click.Context(command, info_name=name, parent=parent))


def cli_reference_text() -> str:
    """docs/cli.md: every command's ``--help``, in alphabetical order."""
    parts = ["# rasad's commands\n\nEvery command's `--help`, written by `scripts/update_docs.py` from the Click "
             "commands\n(`tests/test_cli.py` fails when it is stale). The README's Commands table says what each "
             "is for.\n"]
    parts += [f"\n## rasad {name}\n\n```\n{command_help(name)}\n```\n" for name in sorted(rasad.commands)]
    return "".join(parts)


def main() -> None:
    SETTINGS_FILE.write_text(settings_module_text(), encoding="utf-8")
    CLI_REFERENCE.write_text(cli_reference_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
