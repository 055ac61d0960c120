"""Reading incidents for people and programs: the filtered list (``rasad incidents``, exports,
the report), one incident with its reports (``rasad incident ID``), and the export rows in
ACLED's vocabulary (for an attack actor1 the group that claimed it, actor2 the forces attacked;
for a response, the other way round)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.incidents import RESPONSE

COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
_ISO3 = {"IQ": "IRQ", "SY": "SYR", "JO": "JOR"}
ATTACKED = "US / international coalition forces"
UNIDENTIFIED = "Unidentified armed group"


@dataclass(frozen=True)
class Filters:
    """Which incidents: attacks, responses (US or coalition strikes) or ``all`` kinds; event date
    from *since* to *until* (YYYY-MM-DD), country code, site id, status (``all`` for every one; by
    default every one not rejected), source reporting it."""
    kind: str = "attack"
    since: str | None = None
    until: str | None = None
    country: str | None = None
    site: str | None = None
    status: str | None = None
    source: str | None = None

    def where(self) -> tuple[str, list]:
        clauses, args = [], []
        if self.kind != "all":
            clauses.append("i.event_type = 'air-strike'" if self.kind == "response" else "i.event_type != 'air-strike'")
        for clause, value in (("i.event_date >= ?", self.since), ("i.event_date <= ?", self.until),
                              ("i.country = ?", self.country), ("i.site = ?", self.site)):
            if value:
                clauses.append(clause)
                args.append(value)
        if self.status != "all":
            clauses.append("i.status = ?" if self.status else "i.status != 'rejected'")
            args += [self.status] if self.status else []
        if self.source:
            clauses.append("i.id IN (SELECT r.incident_id FROM incident_reports r JOIN articles a ON a.id = r.article_id "
                           "WHERE a.source = ?)")
            args.append(self.source)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def incidents(db, filters: Filters = Filters(), limit: int | None = None) -> list[dict]:
    """Incidents with their site's name and the URLs of the articles reporting them, newest first."""
    where, args = filters.where()
    found = list(db.query(
        f"SELECT i.*, s.name AS site_name FROM incidents i LEFT JOIN sites s ON s.id = i.site{where} "
        f"ORDER BY i.event_date DESC, i.id DESC" + (" LIMIT ?" if limit else ""), args + ([limit] if limit else [])))
    for incident in found:
        incident["article_urls"] = [url for (url,) in db.execute(
            "SELECT DISTINCT a.url FROM incident_reports r JOIN articles a ON a.id = r.article_id "
            "WHERE r.incident_id = ? ORDER BY a.published_at, a.id", (incident["id"],))]
        incident["outlets"] = sorted({source for (source,) in db.execute(
            "SELECT DISTINCT a.source FROM incident_reports r JOIN articles a ON a.id = r.article_id "
            "WHERE r.incident_id = ?", (incident["id"],))})
    return found


def evidence(db, incident_id: int) -> list[dict]:
    """Every report of an incident: its article, sentence and own values, oldest article first."""
    return list(db.query("SELECT * FROM incident_evidence WHERE incident_id = ? ORDER BY published_at, event_id",
                         (incident_id,)))


def corrections(db, key: str) -> list[dict]:
    return list(db.query("SELECT action, field, value, made_by, made_at FROM incident_corrections "
                         "WHERE incident_key = ? ORDER BY id", (key,)))


def location(incident: dict) -> str:
    """The place's name, or why there is none."""
    if incident.get("site_name"):
        return incident["site_name"]
    country = COUNTRY_NAMES.get(incident.get("country"), incident.get("country") or "country unknown")
    return f"site unknown ({country})"


def actors(event_type: str, claimant: str | None) -> tuple[str, str]:
    """(actor1, actor2): who struck whom. An attack: the group that claimed it, the coalition's
    forces; a response: the reverse."""
    if event_type == RESPONSE:
        return ATTACKED, UNIDENTIFIED
    return claimant or UNIDENTIFIED, ATTACKED


def export_row(incident: dict, gazetteer: Gazetteer) -> dict:
    """An incident as the JSON export gives it."""
    kind = gazetteer.of("event_type").get(incident["event_type"])
    actor = gazetteer.of("actor").get(incident["claimed_by"]) if incident["claimed_by"] else None
    striking, struck = actors(incident["event_type"], actor.name if actor else None)
    return {
        "incident_id": incident["id"], "event_date": incident["event_date"],
        "time_precision": incident["time_precision"], "date_earliest": incident["date_earliest"],
        "date_latest": incident["date_latest"],
        "event_type": (kind["acled_event_type"] if kind else None) or incident["event_type"],
        "sub_event_type": kind["acled_sub_event_type"] if kind else None,
        "rasad_event_type": incident["event_type"], "site": incident["site"],
        "country": COUNTRY_NAMES.get(incident["country"], incident["country"]), "admin1": incident["admin1"],
        "location": location(incident), "latitude": incident["latitude"], "longitude": incident["longitude"],
        "geo_precision": incident["geo_precision"], "claimed_by": incident["claimed_by"],
        "actor1": striking, "actor2": struck,
        "weapon": incident["weapon"], "projectiles": incident["projectiles"], "killed": incident["killed"],
        "wounded": incident["wounded"], "sources": incident["sources"], "reports": incident["reports"],
        "outlets": incident["outlets"], "article_urls": incident["article_urls"], "status": incident["status"],
        "notes": incident["notes"] or _notes(incident), "updated_at": incident["updated_at"],
    }


def _notes(incident: dict) -> str:
    parts = [f"{incident['articles']} article(s) from {incident['sources']} outlet(s)"]
    if not incident.get("site"):
        parts.append("site unknown")
    if incident["projectiles"]:
        parts.append(f"projectiles: {incident['projectiles']}")
    return "; ".join(parts)


CSV_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
               "actor2", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source",
               "source_scale", "notes", "fatalities", "injuries", "timestamp", "incident_id", "site", "claimed_by",
               "weapon", "projectiles", "sources", "status", "article_urls")


def csv_row(row: dict, incident: dict) -> dict:
    """An export row in ACLED's CSV columns (and rasad's own after them)."""
    updated = datetime.fromisoformat(incident["updated_at"]) if incident["updated_at"] else None
    return {
        **{c: row.get(c) for c in CSV_COLUMNS},
        "event_id_cnty": f"{_ISO3.get(incident['country'], 'XXX')}{incident['id']}",
        "year": incident["event_date"][:4] if incident["event_date"] else None,
        "source": "; ".join(incident["outlets"]), "source_scale": "Other",
        "fatalities": incident["killed"], "injuries": incident["wounded"],
        "timestamp": int(updated.timestamp()) if updated else None,
        "article_urls": " ".join(incident["article_urls"]),
    }
