"""Exports: incidents and per-article events with ACLED-like columns (CSV with a byte order mark,
so that spreadsheet programs read the Arabic as UTF-8; JSON; GeoJSON, where a row without
coordinates keeps a null geometry) and articles (JSON Lines).

Each ``--format`` is one writer registered with :func:`writer`; ``rasad export`` takes its
choices, its default and its help from :data:`WRITERS`. Settings read: none.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

from rasad.query import incident_query

EVENT_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_url", "notes",
                 "fatalities", "injuries")
# The articles export is a chosen few of the columns: a new column of Article is exported once named here.
ARTICLE_COLUMNS = ("id", "url", "source", "title", "author", "published_at", "date_source", "language", "text",
                   "relevance", "relevance_score", "story_id", "duplicate_of")
COLUMNS = {"incidents": incident_query.CSV_COLUMNS, "events": EVENT_COLUMNS, "articles": ARTICLE_COLUMNS}


def events(db, gazetteer) -> Iterator[dict]:
    """One dict per event, in ACLED's vocabulary: actor1 the attacker (when claimed), actor2 the
    forces attacked (US / international coalition); for a response, the reverse."""
    types = gazetteer.of("event_type")
    actors = gazetteer.of("actor")
    for row in db.execute(
        """SELECT e.event_date, e.time_precision, e.event_type, e.claimed_by, e.country, e.admin1, s.name, e.latitude,
                  e.longitude, e.geo_precision, a.source, a.url, e.sentence, e.killed, e.wounded, e.weapon, e.projectiles
           FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN sites s ON s.id = e.site
           ORDER BY e.event_date, e.id"""
    ):
        (date, precision, kind, claimed_by, country, admin1, location, lat, lon, geo, source, url, sentence, killed,
         wounded, weapon, projectiles) = row
        entry = types.get(kind)
        details = ", ".join(part for part in (weapon and f"weapon: {weapon}",
                                               projectiles and f"projectiles: {projectiles}") if part)
        yield {
            "event_date": date, "time_precision": precision,
            "event_type": entry["acled_event_type"] if entry and entry["acled_event_type"] else kind,
            "sub_event_type": entry["acled_sub_event_type"] if entry else None,
            **dict(zip(("actor1", "actor2"), incident_query.actors(kind, actors[claimed_by].name
                                                                    if claimed_by in actors else None))),
            "country": country, "admin1": admin1,
            "location": location, "latitude": lat, "longitude": lon, "geo_precision": geo, "source": source,
            "source_url": url, "notes": f"{sentence} ({details})" if details else sentence,
            "fatalities": killed, "injuries": wounded,
        }


def incidents(db, gazetteer, filters: incident_query.Filters, fmt: str) -> list[dict]:
    """One dict per incident (see rasad.query.incident_query): ACLED's CSV columns for csv, else the
    JSON export's keys."""
    found = incident_query.incidents(db, filters)
    rows = [incident_query.export_row(incident, gazetteer) for incident in found]
    if fmt == "csv":
        return [incident_query.csv_row(row, incident) for row, incident in zip(rows, found)]
    return rows


@dataclass(frozen=True)
class Writer:
    """One ``--format``: ``write(rows, out, columns)`` writes *rows* (dicts with *columns*, in
    that order) to *out* and returns how many; *exports* is what it can write."""

    write: Callable[[Iterable[dict], IO[str], tuple[str, ...]], int]
    exports: tuple[str, ...]


WRITERS: dict[str, Writer] = {}  # by format, in the order registered: the first that exports a thing is its default


def writer(fmt: str, *, exports: tuple[str, ...] = ("incidents", "events")) -> Callable:
    """Registers the decorated function as the writer of ``--format FMT`` for *exports*."""

    def register(write: Callable[[Iterable[dict], IO[str], tuple[str, ...]], int]) -> Callable:
        WRITERS[fmt] = Writer(write, exports)
        return write

    return register


def default_format(what: str) -> str:
    return next(fmt for fmt, registered in WRITERS.items() if what in registered.exports)


def formats_help() -> str:
    """``--format``'s help: which formats each export takes, its default first."""
    exports = dict.fromkeys(what for registered in WRITERS.values() for what in registered.exports)
    return "; ".join(f"{what}: " + ", ".join(fmt for fmt, registered in WRITERS.items() if what in registered.exports)
                     for what in exports) + " (the first is the default)."


@writer("csv")
def _csv(rows: Iterable[dict], out: IO[str], columns: tuple[str, ...]) -> int:
    rows = list(rows)
    out.write("\ufeff")
    csv_writer = csv.DictWriter(out, fieldnames=columns)
    csv_writer.writeheader()
    csv_writer.writerows(rows)
    return len(rows)


@writer("json")
def _json(rows: Iterable[dict], out: IO[str], columns: tuple[str, ...]) -> int:
    rows = list(rows)
    json.dump(rows, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(rows)


@writer("geojson")
def _geojson(rows: Iterable[dict], out: IO[str], columns: tuple[str, ...]) -> int:
    """Only located rows have a geometry."""
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}
                 if r["latitude"] is not None else None,
                 "properties": r} for r in rows]
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


@writer("jsonl", exports=("articles",))
def _jsonl(rows: Iterable[dict], out: IO[str], columns: tuple[str, ...]) -> int:
    """One JSON object per line, written as the rows come."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def articles(db, *, source: str | None, since: str | None, relevance: str | None) -> Iterator[dict]:
    where, args = [], []
    for clause, value in (("source = ?", source), ("substr(published_at, 1, 10) >= ?", since), ("relevance = ?", relevance)):
        if value:
            where.append(clause)
            args.append(value)
    sql = (f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id")
    for row in db.execute(sql, args):
        yield dict(zip(ARTICLE_COLUMNS, row))

