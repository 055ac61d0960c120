"""Incidents in the database: the ``incidents`` rows, the ``incident_reports`` that link each event
row to its incident, and the analysts' ``incident_corrections``. The rules are rasad.analyse.incidents';
this module reads their inputs and writes their results.

- :func:`refresh` keeps incidents current as articles are tagged: the events whose country and
  days touch the changed ones are found through the ``events_country_span`` index (no span is
  longer than a month, which bounds the range read) and assigned again, with only the events
  their spans can reach.
- :func:`recluster` rebuilds every incident from the stored events (``rasad recluster``).
- :func:`correct` records a correction (who, when, what), which every later refresh applies.
  Corrections follow their reports: the reports of a rejected incident stay in it whatever new
  reports change around them, and when a verified or corrected incident's reports all move to
  another incident (a new report named its site), its verification and fields go with them.

Callers hold the transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from rasad.analyse import incidents
from rasad.analyse.incidents import Corrections, Report
from rasad.base import clock

_REPORT_SQL = """SELECT e.id, e.article_id, a.source, a.url, a.published_at, e.country, e.site, e.event_type,
       e.role, e.event_date, e.time_precision, e.date_earliest, e.date_latest, e.weapon, e.projectiles, e.killed,
       e.wounded, e.claimed_by, e.admin1, e.latitude, e.longitude, e.geo_precision
FROM events e JOIN articles a ON a.id = e.article_id"""
STATUSES = ("unreviewed", "verified", "rejected")
Span = tuple[str | None, str | None, str | None]
"""(country, earliest day, latest day) of an event row."""


def _reports(db, where: str, args: Iterable) -> list[Report]:
    return [Report(*row) for row in db.execute(f"{_REPORT_SQL} WHERE {where}", list(args))]


def load_corrections(db) -> Corrections:
    corrections = Corrections()
    rejected: dict[str, str | None] = {}  # key -> the identities of its reports when rejected, while it stays so
    for key, action, value in db.execute(
            "SELECT incident_key, action, value FROM incident_corrections WHERE action IN "
            "('merge', 'split', 'verify', 'reject') ORDER BY id"):
        if action == "merge":
            corrections.merged_into[key] = value
        elif action == "split":
            corrections.split.add((key, int(value)))
        else:
            rejected[key] = value if action == "reject" else None
    for key, identities in rejected.items():
        for identity in json.loads(identities) if identities else []:
            corrections.pinned[tuple(identity)] = key
    return corrections


def review_of(db, key: str) -> tuple[str, dict[str, object]]:
    """(status, the fields analysts set) of the incident with *key*: the latest of each wins."""
    status, overrides = "unreviewed", {}
    for action, field, value in db.execute(
            "SELECT action, field, value FROM incident_corrections WHERE incident_key = ? AND action IN "
            "('verify', 'reject', 'set') ORDER BY id", (key,)):
        if action == "set":
            overrides[field] = json.loads(value)
        else:
            status = "verified" if action == "verify" else "rejected"
    return status, overrides


def event_spans(db, article_id: int) -> tuple[list[Span], list[int]]:
    """The spans of an article's stored events and the incidents they are reports of (read before
    its events are replaced)."""
    spans = db.execute("SELECT country, date_earliest, date_latest FROM events WHERE article_id = ?",
                       (article_id,)).fetchall()
    linked = [row[0] for row in db.execute("SELECT DISTINCT incident_id FROM incident_reports WHERE article_id = ?",
                                           (article_id,))]
    return spans, linked


def _windows(spans: Iterable[Span]) -> dict[str, list[list[str]]]:
    """Per country, the changed spans joined where they overlap."""
    by_country: dict[str, list[list[str]]] = {}
    for country, earliest, latest in sorted(s for s in spans if s[0] in incidents.COUNTRIES and s[1] and s[2]):
        windows = by_country.setdefault(country, [])
        if windows and earliest <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], latest)
        else:
            windows.append([earliest, latest])
    return by_country


MAX_SPAN_DAYS = 31
"""No event's span is longer (a month; a week's is 13 days): it bounds the index range read."""
_CHUNK = 500
"""Ids per ``IN (...)`` list, well under SQLite's limit on bound variables."""


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), _CHUNK):
        yield values[start:start + _CHUNK]


def refresh(db, spans: Iterable[Span], incident_ids: Iterable[int] = ()) -> None:
    """Assign again every event whose country and days overlap *spans* (the events just replaced
    and their replacements), and recompute the incidents they left (*incident_ids*) or joined."""
    corrections = load_corrections(db)
    touched, moved = set(incident_ids), {}
    overlap = "e.country = ? AND e.date_earliest >= ? AND e.date_earliest <= ? AND e.date_latest >= ?"
    for country, windows in _windows(spans).items():
        for earliest, latest in windows:
            changed = _reports(db, overlap, (country, _days_before(earliest), latest, earliest))
            if not changed:
                continue
            # every event whose span the changed ones' spans reach: the anchors they may join
            low = min(r.date_earliest for r in changed)
            high = max(r.date_latest for r in changed)
            keys = incidents.assign(_reports(db, overlap, (country, _days_before(low), high, low)), corrections)
            left, went = _link(db, {r.event_id: keys[r.event_id] for r in changed},
                               {r.event_id: r.article_id for r in changed})
            touched |= left
            moved.update(went)
    _rewrite(db, touched, moved)


def _days_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=MAX_SPAN_DAYS)).isoformat()


def _link(db, keys: dict[int, str | None], articles: dict[int, int]) -> tuple[set[int], dict[int, str]]:
    """Write which incident each event is a report of. Returns the incidents before and after,
    and for each incident some of these events left, the key most of them went to."""
    before: dict[int, int] = {}
    for chunk in _chunks(list(keys)):
        before.update(db.execute(f"SELECT event_id, incident_id FROM incident_reports WHERE event_id IN "
                                 f"({', '.join('?' * len(chunk))})", chunk).fetchall())
    ids = _incident_ids(db, {key for key in keys.values() if key})
    db.conn.executemany("DELETE FROM incident_reports WHERE event_id = ?", [(e,) for e, key in keys.items() if not key])
    db.conn.executemany("INSERT OR REPLACE INTO incident_reports (event_id, incident_id, article_id) VALUES (?, ?, ?)",
                        [(e, ids[key], articles[e]) for e, key in keys.items() if key])
    went: dict[int, Counter] = {}
    for event_id, old in before.items():
        if keys[event_id] and ids[keys[event_id]] != old:
            went.setdefault(old, Counter())[keys[event_id]] += 1
    moved = {old: min(counts, key=lambda key: (-counts[key], key)) for old, counts in went.items()}
    return set(before.values()) | set(ids.values()), moved


def _incident_ids(db, keys: set[str]) -> dict[str, int]:
    """The ids of the incidents with *keys*, rows made for the new ones."""
    db.conn.executemany("INSERT OR IGNORE INTO incidents (key, status, updated_at) VALUES (?, 'unreviewed', ?)",
                        [(key, clock.timestamp()) for key in sorted(keys)])
    return {key: db.execute("SELECT id FROM incidents WHERE key = ?", (key,)).fetchone()[0] for key in keys}


def _rewrite(db, incident_ids: Iterable[int], moved: dict[int, str] | None = None) -> None:
    """Recompute each incident's values from its reports; an incident left without any is deleted,
    its verification and fields going where its reports went (*moved*), its other corrections
    staying, by key, for when it returns."""
    incident_ids = sorted(incident_ids)
    for incident_id, target in sorted((moved or {}).items()):
        row = db.execute("SELECT key FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row and not db.execute("SELECT 1 FROM incident_reports WHERE incident_id = ? LIMIT 1", (incident_id,)).fetchone():
            db.execute("UPDATE incident_corrections SET incident_key = ? WHERE incident_key = ? AND action IN "
                       "('verify', 'set')", (target, row[0]))
    for incident_id in incident_ids:
        row = db.execute("SELECT key FROM incidents WHERE id = ?", (incident_id,)).fetchone()
        if row is None:
            continue
        reports = _reports(db, "e.id IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)", (incident_id,))
        if not reports:
            db.execute("DELETE FROM incidents WHERE id = ?", (incident_id,))
            continue
        status, overrides = review_of(db, row[0])
        values = {**incidents.choose(reports, overrides), **incidents.summary(reports), "status": status,
                  "updated_at": clock.timestamp()}
        db.execute(f"UPDATE incidents SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?",
                   [*values.values(), incident_id])


def recluster(db, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild every incident from the stored events and the corrections (an incident whose key
    the rules still give keeps its id); returns the number of incidents."""
    reports = _reports(db, "1", ())
    keys = incidents.assign(reports, load_corrections(db))
    before = {row[0] for row in db.execute("SELECT id FROM incidents")}
    touched, moved = _link(db, keys, {r.event_id: r.article_id for r in reports}) if keys else (set(), {})
    db.execute("DELETE FROM incident_reports WHERE event_id NOT IN (SELECT id FROM events)")
    every = sorted(touched | before)
    for done in range(0, len(every), 100):
        _rewrite(db, every[done:done + 100], {old: key for old, key in moved.items() if old in every[done:done + 100]})
        if progress:
            progress(min(done + 100, len(every)), len(every))
    return db.execute("SELECT count(*) FROM incidents").fetchone()[0]


class CorrectionError(ValueError):
    """A correction that cannot be made (no such incident, an unknown field or value)."""


def key_of(db, incident_id: int) -> str:
    row = db.execute("SELECT key FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if row is None:
        raise CorrectionError(f"no incident {incident_id}")
    return row[0]


def correct(db, incident_id: int, action: str, *, made_by: str, field: str | None = None, value=None) -> None:
    """Record one correction of incident *incident_id* and apply it at once. A merge takes the
    incident *value* into *incident_id*: it is recorded on the incident merged away."""
    key = key_of(db, incident_id)
    if action == "merge":
        if int(value) == incident_id:
            raise CorrectionError("an incident cannot be merged into itself")
        incident_id, key, value = int(value), key_of(db, int(value)), key
    elif action == "split":
        article_id = int(value)
        if not db.execute("SELECT 1 FROM incident_reports WHERE incident_id = ? AND article_id = ?",
                          (incident_id, article_id)).fetchone():
            raise CorrectionError(f"article {article_id} is no report of incident {incident_id}")
        if db.execute("SELECT count(DISTINCT article_id) FROM incident_reports WHERE incident_id = ?",
                      (incident_id,)).fetchone()[0] < 2:
            raise CorrectionError(f"incident {incident_id} has only article {article_id}: nothing to split it from")
    elif action == "set":
        value = json.dumps(value, ensure_ascii=False)
    elif action == "reject":  # its reports stay in it whatever new reports change around them
        value = json.dumps(sorted(r.identity for r in _reports(
            db, "e.id IN (SELECT event_id FROM incident_reports WHERE incident_id = ?)", (incident_id,))),
            ensure_ascii=False)
    db.execute("INSERT INTO incident_corrections (incident_key, action, field, value, made_by, made_at) "
               "VALUES (?, ?, ?, ?, ?, ?)", (key, action, field, None if value is None else str(value), made_by, clock.timestamp()))
    if action in ("merge", "split", "reject", "verify"):
        spans = db.execute("SELECT e.country, e.date_earliest, e.date_latest FROM events e JOIN incident_reports r "
                           "ON r.event_id = e.id WHERE r.incident_id = ?", (incident_id,)).fetchall()
        refresh(db, spans, [incident_id])
    else:
        _rewrite(db, [incident_id])
