"""What the benchmarks share: ANT articles picked by corpus id, and a database's incidents in a
form that compares equal whatever order the articles were stored in."""

from __future__ import annotations

import json
from pathlib import Path


def ant_documents(ant: Path, wanted: set[str]) -> dict[str, dict]:
    """The lines of an ANT JSONL (scripts/ant_to_jsonl.py) whose corpus id is *wanted*, by id."""
    found = {}
    with ant.open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            if doc.get("corpus_id") in wanted:
                found[doc["corpus_id"]] = doc
    return found


def incident_content(db_path: Path) -> list[tuple]:
    """Every incident's key, chosen values and reporting URLs, sorted: ids left out."""
    from rasad.store import db as database

    with database.opened(db_path) as db:
        rows = db.execute("SELECT i.key, i.event_date, i.time_precision, i.event_type, i.weapon, i.site, i.claimed_by, "
                          "i.killed, i.wounded, i.projectiles, i.articles, group_concat(a.url, ' ') FROM incidents i "
                          "JOIN incident_reports r ON r.incident_id = i.id JOIN articles a ON a.id = r.article_id "
                          "GROUP BY i.id").fetchall()
        return sorted((*row[:-1], tuple(sorted(row[-1].split()))) for row in rows)
