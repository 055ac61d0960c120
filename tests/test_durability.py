"""`RASAD_SYNCHRONOUS`: NORMAL by default (a power loss may undo the last commits), FULL for
every acknowledged commit to survive one; anything else is refused with one line."""

from __future__ import annotations

import json
from contextlib import closing

import pytest

from rasad.store import db as database
from tests.conftest import run_rasad


@pytest.mark.parametrize(("setting", "level"), [(None, 1), ("NORMAL", 1), ("FULL", 2), ("full", 2)])
def test_the_synchronous_setting_is_what_writers_use(tmp_db, monkeypatch, setting, level):
    if setting is None:
        monkeypatch.delenv("RASAD_SYNCHRONOUS", raising=False)
    else:
        monkeypatch.setenv("RASAD_SYNCHRONOUS", setting)
    db = database.connect(tmp_db)
    with closing(db.conn):
        assert db.execute("PRAGMA synchronous").fetchone()[0] == level  # 1: NORMAL, 2: FULL


def test_a_bad_synchronous_setting_is_refused_before_anything_is_written(tmp_path, tmp_db):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text(json.dumps({"url": "https://x.example/1", "title": "خبر", "source": "s",
                                 "text": "نص " * 200}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_rasad("import", str(jsonl), "--db", str(tmp_db), env={"RASAD_SYNCHRONOUS": "OFF"})
    assert result.returncode == 1
    assert result.stderr == "Error: RASAD_SYNCHRONOUS=OFF is not one of NORMAL, FULL\n"
    assert not tmp_db.exists()

