"""Exports: incidents and per-article events with ACLED-like columns (CSV with a byte order mark,
so that spreadsheet programs read the Arabic as UTF-8; JSON; GeoJSON, where a row without
coordinates keeps a null geometry) and articles (JSON Lines)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

from rasad import incident_query

EVENT_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "country",
                 "admin1", "location", "latitude", "longitude", "geo_precision", "source", "source_url", "notes",
                 "fatalities", "injuries")


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
    """One dict per incident (see rasad.incident_query): ACLED's CSV columns for csv, else the
    JSON export's keys."""
    found = incident_query.incidents(db, filters)
    rows = [incident_query.export_row(incident, gazetteer) for incident in found]
    if fmt == "csv":
        return [incident_query.csv_row(row, incident) for row, incident in zip(rows, found)]
    return rows


def write_rows(rows: Iterator[dict], fmt: str, out: IO[str], csv_columns: tuple[str, ...] = EVENT_COLUMNS) -> int:
    """Write *rows* as csv, json or geojson; returns how many."""
    rows = list(rows)
    if fmt == "csv":
        out.write("\ufeff")
        writer = csv.DictWriter(out, fieldnames=csv_columns)
        writer.writeheader()
        writer.writerows(rows)
    elif fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:  # geojson: only located rows have a geometry
        features = [{"type": "Feature",
                     "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}
                     if r["latitude"] is not None else None,
                     "properties": r} for r in rows]
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
        out.write("\n")
    return len(rows)


def articles(db, *, source: str | None, since: str | None, relevance: str | None) -> Iterator[dict]:
    where, args = [], []
    for clause, value in (("source = ?", source), ("substr(published_at, 1, 10) >= ?", since), ("relevance = ?", relevance)):
        if value:
            where.append(clause)
            args.append(value)
    sql = ("SELECT id, url, source, title, author, published_at, date_source, language, text, relevance, "
           "relevance_score, story_id, duplicate_of FROM articles"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id")
    columns = ("id", "url", "source", "title", "author", "published_at", "date_source", "language", "text",
               "relevance", "relevance_score", "story_id", "duplicate_of")
    for row in db.execute(sql, args):
        yield dict(zip(columns, row))
