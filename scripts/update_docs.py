"""Write the docs that are generated from the code: the settings list in ``settings.py``'s
docstring (from ``rasad/settings_registry.py``) and the CLI reference ``docs/cli.md`` (from the
Click commands). ``tests/test_docs.py`` fails when either is stale.

    .venv/bin/python scripts/update_docs.py

Settings read: none.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.settings_registry import describe  # noqa: E402

SETTINGS_FILE = REPOSITORY / "settings.py"
SETTINGS_START = "this list from it):\n"


def settings_module_text() -> str:
    """settings.py with its docstring's list of settings written from the registry."""
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    start = text.index(SETTINGS_START) + len(SETTINGS_START)
    end = text.index('"""\n', start)
    return text[:start] + describe() + "\n" + text[end:]


def main() -> None:
    SETTINGS_FILE.write_text(settings_module_text(), encoding="utf-8")


if __name__ == "__main__":
    main()
