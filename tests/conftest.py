from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SOURCES = REPOSITORY / "sources.toml"


def run_rasad(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``rasad`` command line in a subprocess (a fresh reactor each time)."""
    full_env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", **(env or {})}
    full_env.pop("RASAD_DB", None) if env is None or "RASAD_DB" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "rasad", *args], cwd=REPOSITORY, env=full_env,
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "rasad.db"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> tuple[Path, str]:
    """A database made by ``rasad demo`` and what the demo printed; tests that write copy it."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run_rasad("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "could not store" not in result.stderr and "incidents not updated" not in result.stderr, result.stderr
    return db, result.stdout
