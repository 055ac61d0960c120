"""Where rasad finds its files: the repository's data, and the user's overrides.

Environment variables: ``RASAD_SOURCES`` (sources file), ``RASAD_DB`` (SQLite database).
"""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE_WEB = REPOSITORY / "sample_web" / "sites"


def default_sources_path() -> Path:
    """The sources file: ``$RASAD_SOURCES``, else the repository's ``sources.toml``."""
    return Path(os.environ.get("RASAD_SOURCES") or REPOSITORY / "sources.toml")


def default_db_path() -> Path:
    """The database: ``$RASAD_DB``, else ``data/rasad.db`` relative to the working directory."""
    return Path(os.environ.get("RASAD_DB") or "data/rasad.db")
