"""``rasad incidents`` and ``rasad incident``: incidents listed and shown for review, and the
analysts' corrections parsed, checked against the gazetteer and recorded (rasad.store.incident_store)."""

from __future__ import annotations

from datetime import date

import click

from rasad.analyse.event_dates import span
from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.incidents import split_key
from rasad.query import incident_query
from rasad.query.output import table
from rasad.store import incident_store
from rasad.store.db import transaction
from rasad.store.incident_store import CorrectionError

_INTEGER_FIELDS = ("time_precision", "projectiles", "killed", "wounded")
_GAZETTEER_FIELDS = {"site": "site", "claimed_by": "actor", "event_type": "event_type", "weapon": "weapon"}
SETTABLE = ("event_date", "time_precision", "event_type", "weapon", "projectiles", "site", "country", "admin1",
            "claimed_by", "killed", "wounded", "notes")


def _counts(incident: dict) -> str:
    return " ".join(f"{label}={incident[label]}" for label in ("killed", "wounded", "projectiles")
                    if incident[label] is not None)


def incident_records(db, filters: incident_query.Filters, limit: int) -> list[dict]:
    """The incidents the list shows, newest first, as records."""
    return [{"id": i["id"], "event_date": i["event_date"], "time_precision": i["time_precision"],
             "country": i["country"], "location": incident_query.location(i), "event_type": i["event_type"],
             "claimed_by": i["claimed_by"], "killed": i["killed"], "wounded": i["wounded"],
             "projectiles": i["projectiles"], "articles": i["articles"], "outlets": i["sources"],
             "status": i["status"]} for i in incident_query.incidents(db, filters, limit)]


def show_incidents(records: list[dict]) -> None:
    rows = [("ID", "DATE", "PREC", "COUNTRY", "LOCATION", "TYPE", "CLAIMED BY", "COUNTS", "ARTICLES", "OUTLETS", "STATUS")]
    rows += [(i["id"], i["event_date"] or "-", i["time_precision"] or "-", i["country"], i["location"][:30],
              i["event_type"], i["claimed_by"] or "-", _counts(i) or "-", i["articles"], i["outlets"], i["status"])
             for i in records]
    table(rows)


def show(db, incident_id: int) -> None:
    incident = next(db.query("SELECT i.*, s.name AS site_name FROM incidents i LEFT JOIN sites s ON s.id = i.site "
                             "WHERE i.id = ?", (incident_id,)), None)
    if incident is None:
        raise CorrectionError(f"no incident {incident_id}")
    click.echo(f"incident {incident_id} ({incident['status']}), key {incident['key']}")
    click.echo(f"  {incident['articles']} articles from {incident['sources']} outlets, reported "
               f"{incident['first_reported']} to {incident['last_reported']}")
    click.echo(f"  location: {incident_query.location(incident)}")
    reports = incident_query.evidence(db, incident_id)
    fields = ("event_date", "time_precision", "event_type", "site", "weapon", "projectiles", "killed", "wounded",
              "claimed_by")
    rows = [("FIELD", "CHOSEN", *(f"#{n}" for n in range(1, len(reports) + 1)))]
    rows += [(name, _shown(incident[name]), *(_shown(r[name]) for r in reports)) for name in fields]
    click.echo("")
    table(rows)
    click.echo("\nReports:")
    for number, report in enumerate(reports, start=1):
        click.echo(f"  #{number} {report['role']} · article {report['article_id']} · {report['source']} · "
                   f"{(report['published_at'] or '')[:10]} · {report['url']}")
        click.echo(f"     «{report['sentence'][:300]}»")
    if incident["casualties_article_id"]:
        click.echo(f"\nCasualties from article {incident['casualties_article_id']} (the latest report that gives them).")
    history = incident_query.corrections(db, incident["key"])
    if history:
        click.echo("\nCorrections:")
        for entry in history:
            what = " ".join(part for part in (entry["action"], entry["field"], entry["value"]) if part)
            click.echo(f"  {entry['made_at']}  {entry['made_by']}: {what}")


def _shown(value) -> str:
    return "-" if value is None else str(value)


def parse_value(field: str, text: str, gazetteer: Gazetteer):
    """The value of a ``field=value`` correction, checked: "null" clears a field."""
    if field not in SETTABLE:
        raise CorrectionError(f"{field!r} cannot be set; fields: {', '.join(SETTABLE)}")
    if text in ("null", ""):
        return None
    if field in _INTEGER_FIELDS:
        if not _is_number(text) or (field == "time_precision" and text not in ("1", "2", "3")):
            raise CorrectionError(f"{field} must be " + ("1 (day), 2 (week) or 3 (month)" if field == "time_precision"
                                                          else "a whole number") + f", not {text!r}")
        return int(text)
    if field == "event_date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise CorrectionError(f"event_date must be YYYY-MM-DD, not {text!r}") from None
    if field == "country" and text not in incident_query.COUNTRY_NAMES:
        raise CorrectionError(f"country must be one of {', '.join(incident_query.COUNTRY_NAMES)}")
    if field in _GAZETTEER_FIELDS and text not in gazetteer.of(_GAZETTEER_FIELDS[field]):
        raise CorrectionError(f"{text!r} is no {_GAZETTEER_FIELDS[field]} of the gazetteer; "
                              f"known: {', '.join(gazetteer.of(_GAZETTEER_FIELDS[field]))}")
    return text


def _date_fields(db, incident_id: int, field: str, value) -> dict:
    """Setting the date or its precision sets the span of days they allow."""
    row = db.execute("SELECT event_date, time_precision FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    day, precision = (value, row[1]) if field == "event_date" else (row[0], value)
    if day is None or precision is None:
        return {"date_earliest": None, "date_latest": None}
    earliest, latest = span(date.fromisoformat(day), precision)
    return {"date_earliest": earliest.isoformat(), "date_latest": latest.isoformat()}


def _site_fields(site_id: str | None, gazetteer: Gazetteer) -> dict:
    """Setting a site sets where it is."""
    if site_id is None:
        return {"latitude": None, "longitude": None, "geo_precision": 3}
    site = gazetteer.get("site", site_id)
    return {"latitude": site["lat"], "longitude": site["lon"], "admin1": site["admin1"], "country": site["country"],
            "geo_precision": 1 if site["lat"] is not None else 2}


def _is_number(text: str) -> bool:
    return text.isascii() and text.isdecimal() and len(text) <= 9


def _incident_id(text: str) -> int:
    if not _is_number(text):
        raise CorrectionError(f"{text!r} is not an incident id")
    return int(text)


def run_incident_command(db, words: list[str], *, article: int | None, made_by: str, gazetteer: Gazetteer) -> None:
    """``rasad incident [ACTION] ID [ARGS]...`` (see its help)."""
    action, rest = ("show", words) if words[0].isdigit() else (words[0], words[1:])
    _check_usage(action, rest)
    incident_id = _incident_id(rest[0])
    if action == "show":
        show(db, incident_id)
        return
    if action == "split" and article is None:
        raise CorrectionError("split needs --article N: the article to split off")
    with transaction(db):
        _record(db, action, incident_id, rest[1:], article=article, made_by=made_by, gazetteer=gazetteer)
    click.echo(f"incident {incident_id}: {action} recorded by {made_by}" + (
        f"; its reports from article {article} are now incident {_split_off(db, incident_id, article)}"
        if action == "split" else ""))


_ARITY = {"show": 1, "verify": 1, "reject": 1, "merge": 2, "split": 1}
"""How many words each action but ``set`` takes, the incident id included."""


def _check_usage(action: str, rest: list[str]) -> None:
    """Refuse an unknown *action*, or one given the wrong number of words, with its usage."""
    if action not in (*_ARITY, "set"):
        raise CorrectionError(f"unknown action {action!r}; actions: show, verify, reject, merge, split, set")
    if not rest or (action in _ARITY and len(rest) != _ARITY[action]) or (action == "set" and len(rest) < 2):
        raise CorrectionError(f"usage: rasad incident {action} ID" + {"merge": " OTHER_ID", "split": " --article N",
                                                                      "set": " field=value..."}.get(action, ""))


def _record(db, action: str, incident_id: int, args: list[str], *, article: int | None, made_by: str,
            gazetteer: Gazetteer) -> None:
    """Record the correction *action* of an incident, with the words after its id."""
    if action in ("verify", "reject"):
        incident_store.correct(db, incident_id, action, made_by=made_by)
    elif action == "merge":
        incident_store.correct(db, incident_id, "merge", made_by=made_by, value=_incident_id(args[0]))
    elif action == "split":
        incident_store.correct(db, incident_id, "split", made_by=made_by, value=article)
    else:
        _set_fields(db, incident_id, args, made_by=made_by, gazetteer=gazetteer)


def _set_fields(db, incident_id: int, assignments: list[str], *, made_by: str, gazetteer: Gazetteer) -> None:
    """Record each ``field=value`` of *assignments* as a correction, with the fields that follow
    from it: a site's place, a date's span."""
    for assignment in assignments:
        field, equals, text = assignment.partition("=")
        if not equals:
            raise CorrectionError(f"{assignment!r} is not field=value")
        value = parse_value(field, text, gazetteer)
        changes = {field: value, **(_site_fields(value, gazetteer) if field == "site" else {}),
                   **(_date_fields(db, incident_id, field, value) if field in ("event_date", "time_precision")
                      else {})}
        for name, setting in changes.items():
            incident_store.correct(db, incident_id, "set", made_by=made_by, field=name, value=setting)


def _split_off(db, incident_id: int, article_id: int) -> int | None:
    """The incident an article was split off into."""
    row = db.execute("SELECT id FROM incidents WHERE key = ?",
                     (split_key(incident_store.key_of(db, incident_id), article_id),)).fetchone()
    return row[0] if row else None
