"""Writing an article's tags: relevance on the article row, one ``article_tags`` row per tag
with its first evidence sentence, one ``events`` row per event and per response, and the incidents those events
leave or join (rasad.store.incident_store); and the gazetteer's sites in ``sites`` for the analysts'
view. Callers hold the transaction."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import asdict, fields

from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.tagging import Event, Tags
from rasad.base import clock
from rasad.store import incident_store

logger = logging.getLogger(__name__)
_EVENT_COLUMNS = tuple(f.name for f in fields(Event))  # a column of events per field


def sync_sites(db, gazetteer: Gazetteer) -> None:
    db.conn.executemany(
        "INSERT OR REPLACE INTO sites (id, name, country, admin1, latitude, longitude) VALUES (?, ?, ?, ?, ?, ?)",
        [(site.id, site.name, site["country"], site["admin1"], site["lat"], site["lon"])
         for site in gazetteer.of("site").values()],
    )


def save_tags(db, article_id: int, tags: Tags, tagger: str | None = None) -> None:
    """Replace what is stored of *article_id*'s tags with *tags*, made by *tagger*
    (rasad.analyse.versions.tagger), inside the caller's transaction."""
    old_spans, old_incidents = incident_store.event_spans(db, article_id)
    db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM events WHERE article_id = ?", (article_id,))
    db.execute(
        "UPDATE articles SET relevance = ?, relevance_score = ?, relevance_evidence = ?, tagged_at = ?, tagger = ? "
        "WHERE id = ?",
        (tags.relevance, tags.score, json.dumps(tags.evidence, ensure_ascii=False),
         clock.timestamp(), tagger, article_id),
    )
    rows: dict[tuple[str, str], list] = {}
    for match in tags.matches:
        key = (match.kind, match.id)
        if key in rows:
            rows[key][0] += 1
        else:
            rows[key] = [1, tags.match_sentences[match.sentence][:500], match.start]
    db.conn.executemany(
        "INSERT INTO article_tags (article_id, kind, tag_id, mentions, evidence, first_offset) VALUES (?, ?, ?, ?, ?, ?)",
        [(article_id, kind, tag_id, *values) for (kind, tag_id), values in rows.items()],
    )
    db.conn.executemany(
        f"INSERT INTO events (article_id, {', '.join(_EVENT_COLUMNS)}) VALUES (?{', ?' * len(_EVENT_COLUMNS)})",
        [(article_id, *(asdict(event)[c] for c in _EVENT_COLUMNS)) for event in tags.events + tags.responses],
    )
    if old_spans or tags.events or tags.responses:
        # The article is stored whatever becomes of its incidents: a failure of the clustering code
        # is logged and leaves them to `rasad recluster`; the database's own errors still fail it.
        db.execute("SAVEPOINT incidents")
        try:
            incident_store.refresh(db, old_spans + [(e.country, e.date_earliest, e.date_latest)
                                                    for e in tags.events + tags.responses], old_incidents)
        except sqlite3.Error:
            raise
        except Exception:
            db.execute("ROLLBACK TO incidents")
            logger.exception("incidents not updated for article %s; `rasad recluster` rebuilds them", article_id)
        db.execute("RELEASE incidents")
