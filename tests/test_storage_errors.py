"""A database rasad cannot write: a read-only file, a read-only folder with a read-only file
(no -wal or -shm can be made beside it), a read-only filesystem. Reading commands work and leave
it as it is; writing commands end with one line naming the file and why, exit code 1.

Root ignores permissions, so as root the permission cases run without the capability that lets
it (setpriv); a read-only filesystem is a read-only bind mount in a mount namespace of its own
(unshare). Each case is skipped where its tool is missing or not permitted."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from rasad.store.db import MIGRATIONS, schema_version
from tests.conftest import REPOSITORY, run_rasad

PARAGRAPH = ("قالت مصادر محلية إن طائرة مسيرة استهدفت قاعدة حقل العمر النفطي في ريف دير الزور الشرقي، "
             "وأضافت المصادر أن الدفاعات الجوية تصدت للهجوم من دون وقوع إصابات في صفوف القوات. ")
TITLE = "هجوم بطائرة مسيرة على قاعدة حقل العمر"
REASONS = {"file": "the file is read-only", "folder": "the file is read-only",
           "filesystem": "the filesystem is read-only"}

Rasad = Callable[..., subprocess.CompletedProcess]


def _rasad(prefix: list[str]) -> Rasad:
    """Runs the real command line like tests.conftest.run_rasad, behind *prefix*."""

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {key: value for key, value in os.environ.items() if key != "RASAD_DB"}
        return subprocess.run([*prefix, sys.executable, "-m", "rasad", *args], cwd=REPOSITORY,
                              env={**env, "PYTHONWARNINGS": "ignore::DeprecationWarning"},
                              capture_output=True, text=True, timeout=300)

    return run


def _usable(prefix: list[str]) -> bool:
    return shutil.which(prefix[0]) is not None and subprocess.run([*prefix, "true"], capture_output=True).returncode == 0


def _without_root_powers() -> list[str]:
    """Permissions bind root too once it lacks CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH."""
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"] if os.geteuid() == 0 else []


def _read_only_mount(folder: Path) -> list[str]:
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "--mount", *(["--map-root-user"] if os.geteuid() else []), "--", "sh", "-c", script, str(folder)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A real database: two reports of one drone attack, imported."""
    folder = tmp_path_factory.mktemp("archive")
    lines = [{"url": f"https://x.example/{n}", "title": f"{TITLE} {n}", "published_at": f"2024-02-0{n}",
              "source": "my-archive", "text": PARAGRAPH * 4} for n in (1, 2)]
    jsonl = folder / "a.jsonl"
    jsonl.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = run_rasad("import", str(jsonl), "--db", str(folder / "rasad.db"))
    assert result.returncode == 0, result.stderr
    return folder / "rasad.db"


@pytest.fixture(params=list(REASONS))
def read_only(request, tmp_path) -> Callable[[Path], tuple[Path, Rasad]]:
    """Makes a read-only copy of a database, as the case says; gives its path and how to run rasad on it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    prefix = _read_only_mount(folder) if request.param == "filesystem" else _without_root_powers()
    if prefix and not _usable(prefix):
        pytest.skip(f"{prefix[0]} is missing or not permitted here")

    def make(database: Path) -> tuple[Path, Rasad]:
        copy = folder / "rasad.db"
        shutil.copyfile(database, copy)
        copy.chmod(0o444 if request.param != "filesystem" else 0o644)
        if request.param == "folder":
            folder.chmod(0o555)
        return copy, _rasad(prefix)

    yield make
    folder.chmod(0o755)  # so that pytest can clean up


def fingerprint(db: Path) -> tuple:
    """The file's bytes and its folder's names: a read leaves both as they were."""
    return hashlib.sha256(db.read_bytes()).hexdigest(), sorted(p.name for p in db.parent.iterdir())


def test_reading_commands_work_and_change_nothing(read_only, archive, tmp_path, request):
    db, rasad = read_only(archive)
    before = fingerprint(db)
    report = tmp_path / "report.html"
    for args in [("search", "حقل العمر"), ("search", "حقل العمر", "--source", "my-archive"), ("status",), ("runs",),
                 ("sources",), ("dupes",), ("export", "incidents"), ("export", "articles"), ("report", "-o", str(report)),
                 ("incidents",), ("incident", "1")]:
        result = rasad(*args, "--db", str(db))
        assert result.returncode == 0 and "Traceback" not in result.stderr, (args, result.stderr)
        if args[0] == "search":
            assert TITLE in result.stdout, args
    assert report.read_text(encoding="utf-8").startswith("<!")
    if request.node.callspec.params["read_only"] == "file":
        assert fingerprint(db)[0] == before[0]  # SQLite may leave its -shm in a folder it can write
    else:
        assert fingerprint(db) == before


@pytest.mark.parametrize("args", [("crawl", "youm7", "--sample-web"), ("import", "{jsonl}"), ("retag",),
                                  ("incident", "verify", "1"), ("recluster",)], ids=lambda args: args[0])
def test_writing_commands_end_with_one_line(read_only, archive, request, args):
    db, rasad = read_only(archive)
    before = fingerprint(db)
    result = rasad(*(arg.format(jsonl=archive.with_name("a.jsonl")) for arg in args), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"Error: cannot write {db}: {REASONS[request.node.callspec.params['read_only']]}\n"
    assert fingerprint(db)[0] == before[0]


def test_an_older_schema_is_not_migrated_but_said(read_only, tmp_path):
    old = tmp_path / "old.db"
    db = sqlite_utils.Database(old)
    for number, migration in enumerate(MIGRATIONS[:-1]):
        migration(db)
        db.execute(f"PRAGMA user_version = {number + 1}")
    db.close()
    copy, rasad = read_only(old)
    before = fingerprint(copy)
    result = rasad("search", "حقل", "--db", str(copy))
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"Error: cannot read {copy}: its schema (version {len(MIGRATIONS) - 1}) is older")
    assert "a command that writes" in result.stderr
    assert fingerprint(copy)[0] == before[0]
    # where it can be written, a reading command migrates it as ever
    assert run_rasad("search", "حقل", "--db", str(old)).returncode == 0
    assert schema_version(sqlite_utils.Database(old)) == len(MIGRATIONS)


def test_a_database_cannot_be_made_in_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    prefix = _without_root_powers()
    if prefix and not _usable(prefix):
        pytest.skip("setpriv is missing or not permitted here")
    folder.chmod(0o555)
    try:
        jsonl = tmp_path / "a.jsonl"
        jsonl.write_text(json.dumps({"url": "https://x.example/1", "title": TITLE, "text": PARAGRAPH * 4,
                                     "source": "my-archive"}, ensure_ascii=False) + "\n", encoding="utf-8")
        result = _rasad(prefix)("import", str(jsonl), "--db", str(folder / "new.db"))
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == f"Error: cannot create {folder / 'new.db'}: its folder {folder} is not writable\n"
