"""The README's examples, run as printed (after its install and demo) on a copy of the demo's
database: every `sh` block's commands, and the views table's queries."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import REPOSITORY

README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
# Commands the README shows that this test leaves to others, with why.
NOT_RUN_HERE = {
    "python3 -m venv": "the install: .ci/run runs it on a fresh clone",
    "-m pytest": "the tests themselves",
    "rasad run": "the daemon runs until stopped: tests/test_daemon.py",
    "rasad crawl": "reaches the outlets' real sites",
    "ant_to_jsonl.py": "needs ../shared, which a clone does not have",
    "import ant.jsonl": "follows the line above; tests/test_import.py imports ANT fixtures",
    "redis-server": "a server: the redis_server fixture (tests/conftest.py) starts one for each test that needs it",
    "rasad worker": "runs until stopped: tests/test_distributed.py",
    "rasad backfill": "needs Redis, workers and a CC-NEWS file: tests/test_distributed.py backfills a WARC",
}


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    lines = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    return [line for line in lines if not any(marker in line for marker in NOT_RUN_HERE)]


def test_the_examples_are_found_and_use_paths_that_work_after_the_install():
    commands = readme_commands()
    assert len(commands) >= 20
    for command in commands:
        program = command.split()[0]
        assert program.startswith(".venv/bin/"), command  # the install does not activate the virtualenv


@pytest.fixture
def workdir(demo_db, tmp_path) -> Path:
    """A checkout as the README leaves it: the demo's data/rasad.db, the virtualenv, the tests' files."""
    (tmp_path / "data").mkdir()
    shutil.copy(demo_db[0], tmp_path / "data" / "rasad.db")
    (tmp_path / ".venv").symlink_to(Path(sys.prefix))
    (tmp_path / "tests").symlink_to(REPOSITORY / "tests")
    return tmp_path


def _ids(db: Path) -> dict[str, str]:
    """Numbers for the placeholders of the incident review, from the database."""
    with closing(sqlite3.connect(db)) as conn:
        # two attacks told by different articles, so that the merged one can be split again
        first, other, article = conn.execute("""
            SELECT a.incident_id, b.incident_id, b.article_id FROM incident_reports a JOIN incident_reports b
            ON b.incident_id != a.incident_id AND b.article_id NOT IN
               (SELECT article_id FROM incident_reports WHERE incident_id = a.incident_id)
            JOIN incidents i ON i.id = a.incident_id JOIN incidents j ON j.id = b.incident_id
            WHERE i.event_type != 'air-strike' AND j.event_type != 'air-strike'
            ORDER BY a.incident_id, b.incident_id LIMIT 1""").fetchone()
    return {"OTHER_ID": str(other), "ARTICLE_ID": str(article), "ID": str(first)}


def test_every_example_runs_as_printed(workdir):
    env = {key: value for key, value in os.environ.items() if not key.startswith("RASAD_")}
    # bare `rasad` or `sqlite-utils` would fail, as on a machine where the virtualenv is not active
    env["PATH"] = os.pathsep.join(part for part in env["PATH"].split(os.pathsep)
                                  if Path(part).resolve() != Path(sys.executable).parent.resolve())
    ids = _ids(workdir / "data" / "rasad.db")
    for command in readme_commands():
        for placeholder, value in ids.items():  # OTHER_ID and ARTICLE_ID before ID
            command = re.sub(rf"\b{placeholder}\b", value, command)
        written = re.search(r"-o (\S+)", command)
        result = subprocess.run(["bash", "-c", command], cwd=workdir, env=env, capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr, (command, result.stderr)
        if written:
            assert (workdir / written[1]).stat().st_size > 0, command
        else:  # rows on stdout; a command that only reports (trigger) says so on stderr
            assert result.stdout.strip() or result.stderr.strip(), command


def test_every_view_query_of_the_readme_runs_and_answers(demo_db):
    queries = re.findall(r"^\| [^|]+ \| `(select [^`]+)` \|$", README, re.M)
    assert len(queries) >= 8
    with closing(sqlite3.connect(demo_db[0])) as conn:
        for query in queries:
            assert conn.execute(query).fetchall(), query



def test_the_measured_summary_quotes_the_figures_of_bench_readme():
    """Each row of the README's summary links to a part of bench/README.md that has its figures."""
    summary = README[README.index("## Measured\n"):README.index("## Where to change what\n")]
    rows = re.findall(r"^\| \[[^]]+\]\(bench/README\.md#([a-z-]+)\) \| (.+) \|$", summary, re.M)
    assert len(rows) >= 8
    bench = (REPOSITORY / "bench" / "README.md").read_text(encoding="utf-8")
    parts = {re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-"): text  # GitHub's anchors
             for title, text in re.findall(r"^### ([^\n]+)\n(.*?)(?=^##|\Z)", bench, re.M | re.S)}
    for anchor, figures in rows:
        for figure in re.findall(r"\d+(?:[.,]\d+)*", figures):
            assert figure in parts[anchor], (anchor, figure)
