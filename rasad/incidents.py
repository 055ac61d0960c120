"""Incidents: one per real-world attack, from the per-article event rows (rasad.tagging) of every
article, as a pure function of those rows and the analysts' corrections.

Which reports are one attack (:func:`assign`), by rules that depend only on the set of reports,
never on the order they arrived in:

1. **Anchors** are reports (not mentions) dated to the day, in Iraq, Syria or Jordan. Anchors
   with the same country, day and site are one incident. An anchor without a site joins the one
   site incident of its country and day whose type is compatible, if there is exactly one; the
   others are one incident per country, day and kind of attack (indirect fire, IED, assault). A
   generic "attack" is compatible with every kind: without a site, it joins the one incident of
   its country and day, sited or not, if there is exactly one.
2. **Coarser reports** (dated to the week or month) and **mentions** (earlier attacks told as
   background, dated by their own words) join the one anchored incident of their country whose
   day falls in their span and whose site and type are compatible (one on their own site before
   those without a site), if there is exactly one.
   Otherwise a coarse report opens an incident of its own (country, site, kind, latest day),
   and a mention stays unlinked: a mention alone never opens an incident.
3. **Responses**, the US or coalition strikes (event type "air-strike"), are incidents of their
   own, one per country and day, by the same rules, and never merge with an attack.
4. **Corrections** (:class:`Corrections`) rewrite the outcome: a merged incident's reports go to
   the incident it was merged into, an article split off an incident gets an incident of its own
   (splits and merges followed in turn), and the reports of a rejected incident stay in it
   whatever a new report changes around them.

Every incident has a key made of what decided it (``IQ/2024-01-20/ain-al-asad``), so an incident
keeps its identity, and its corrections, through re-tagging and re-clustering as long as the
rules give its reports the same key (rasad.incident_store says how corrections follow reports
whose key changes).

Each field of an incident takes one value by a stated rule (:func:`choose`), and every report
keeps its own: the date most day-precision reports give (ties: the earliest); the most common
site, weapon and specific type; the latest casualty and projectile figures, with their article;
the group most reports say claimed it (ties: the earliest report), from claims only.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

DAY = 1
COUNTRIES = ("IQ", "SY", "JO")
"""Only attacks in these countries are incidents."""
RESPONSE = "air-strike"
"""The event type of a US or coalition strike: incidents of their own kind (the response), never
merged with an attack."""
_KIND = {"rocket-attack": "fire", "drone-attack": "fire", "interception": "fire", "ied": "ied",
         "armed-assault": "assault"}
"""The kind of attack an event type is; a type not listed (the generic "attack") fits any kind."""
TYPE_ORDER = ("drone-attack", "rocket-attack", "ied", "armed-assault", "interception", "attack", RESPONSE)
"""The order that breaks ties between equally reported event types."""


@dataclass(frozen=True)
class Report:
    """One event row of one article, as clustering and choosing read it."""
    event_id: int
    article_id: int
    source: str
    url: str
    published_at: str | None
    country: str | None
    site: str | None
    event_type: str
    role: str
    event_date: str | None
    time_precision: int | None
    date_earliest: str | None
    date_latest: str | None
    weapon: str | None = None
    projectiles: int | None = None
    killed: int | None = None
    wounded: int | None = None
    claimed_by: str | None = None
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None

    @property
    def eligible(self) -> bool:
        return self.country in COUNTRIES and self.date_latest is not None

    @property
    def identity(self) -> tuple:
        """What identifies this report across re-tagging (event ids do not survive it)."""
        return self.article_id, self.country, self.site, self.event_type, self.event_date, self.role

    @property
    def anchor(self) -> bool:
        return self.eligible and self.role == "report" and self.time_precision == DAY


@dataclass
class Corrections:
    """The analysts' corrections that change which reports are one incident."""
    merged_into: dict[str, str] = field(default_factory=dict)  # key -> the key it was merged into
    split: set[tuple[str, int]] = field(default_factory=set)  # (key, article id) split off
    pinned: dict[tuple, str] = field(default_factory=dict)  # report identity -> the rejected incident it stays in

    def final_key(self, key: str, report: Report) -> str:
        """Where a report the rules put under *key* goes: kept in an incident rejected with it,
        else through every split and merge in turn."""
        if (pinned := self.pinned.get(report.identity)) is not None:
            return pinned
        seen: set[str] = set()
        while key not in seen:
            seen.add(key)
            if (key, report.article_id) in self.split:
                key = split_key(key, report.article_id)
            elif key in self.merged_into:
                key = self.merged_into[key]
            else:
                break
        return key


def split_key(key: str, article_id: int) -> str:
    return f"{key}|article:{article_id}"


def _kind(event_type: str) -> str | None:
    return _KIND.get(event_type)


def compatible(type_a: str, type_b: str) -> bool:
    if (type_a == RESPONSE) != (type_b == RESPONSE):
        return False
    kind_a, kind_b = _kind(type_a), _kind(type_b)
    return kind_a is None or kind_b is None or kind_a == kind_b


def assign(reports: list[Report], corrections: Corrections | None = None) -> dict[int, str | None]:
    """The incident key of every report (None: linked to no incident). See the module docstring."""
    corrections = corrections or Corrections()
    keys: dict[int, str | None] = {r.event_id: None for r in reports}
    # incident key -> (country, day, site, types) of the anchored incidents, for the later reports
    anchored: dict[str, tuple[str, str, str | None, set[str]]] = {}
    buckets: dict[tuple[str, str], list[Report]] = {}
    for report in reports:
        if report.anchor:
            buckets.setdefault((report.country, report.event_date), []).append(report)
    for (country, day), bucket in sorted(buckets.items()):
        for key, (site, types), members in _anchored_in_bucket(country, day, bucket):
            anchored[key] = (country, day, site, types)
            for report in members:
                keys[report.event_id] = key
    for report in reports:
        if report.eligible and not report.anchor:
            keys[report.event_id] = _later_key(report, anchored)
    return {r.event_id: corrections.final_key(keys[r.event_id], r) if keys[r.event_id] else None for r in reports}


def _anchored_in_bucket(country: str, day: str, bucket: list[Report]):
    """(key, (site, types), members) of the incidents of one country and day: the day's strikes
    by US or coalition forces are one response, the attacks are grouped by site and kind."""
    responses = [r for r in bucket if r.event_type == RESPONSE]
    if responses:
        yield f"{country}/{day}/response", (None, {RESPONSE}), responses
    bucket = [r for r in bucket if r.event_type != RESPONSE]
    groups: dict[str, list[Report]] = {}
    site_of: dict[str, str | None] = {}
    for report in bucket:
        if report.site:
            key = f"{country}/{day}/{report.site}"
            groups.setdefault(key, []).append(report)
            site_of[key] = report.site
    site_keys = list(groups)

    def unique_fit(report: Report, among: list[str]) -> str | None:
        fits = [key for key in among if any(compatible(report.event_type, m.event_type) for m in groups[key])]
        return fits[0] if len(fits) == 1 else None

    # specific kinds first, then the generic attacks, which may fit what the specific ones opened
    unsited = sorted((r for r in bucket if not r.site), key=lambda r: _kind(r.event_type) is None)
    for report in unsited:
        kind = _kind(report.event_type)
        key = unique_fit(report, site_keys if kind else list(groups)) or f"{country}/{day}/-/{kind or 'attack'}"
        groups.setdefault(key, []).append(report)
        site_of.setdefault(key, None)
    for key, members in groups.items():
        yield key, (site_of[key], {m.event_type for m in members}), members


def _later_key(report: Report, anchored: dict[str, tuple[str, str, str | None, set[str]]]) -> str | None:
    fits = [key for key, (country, day, site, types) in anchored.items()
            if country == report.country and report.date_earliest <= day <= report.date_latest
            and (site is None or report.site is None or site == report.site)
            and any(compatible(report.event_type, t) for t in types)]
    same_site = [key for key in fits if report.site is not None and anchored[key][2] == report.site]
    fits = same_site or fits  # the attack on its own site before one whose site no report named
    if len(fits) == 1:
        return fits[0]
    if fits or report.role == "mention":
        return None  # ambiguous, or background that matches no reported attack
    if report.event_type == RESPONSE:
        return f"{report.country}/~{report.date_latest}/response"
    return f"{report.country}/~{report.date_latest}/{report.site or '-'}/{_kind(report.event_type) or 'attack'}"


def _most_common(values, tie=lambda value: value):
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=tie)


def _in_order(report: Report) -> tuple:
    """Reports in the order of their articles' publication, then URL, then their order in the
    article: the same whatever order the articles were stored in."""
    return report.published_at or "", report.url, report.event_id


def _latest(reports: list[Report]) -> list[Report]:
    """Reports, latest article first."""
    return sorted(reports, key=_in_order, reverse=True)


def choose(reports: list[Report], overrides: dict[str, object] | None = None) -> dict[str, object]:
    """One value per field from an incident's *reports* (see the module docstring), then the
    analysts' *overrides*."""
    reports = sorted(reports, key=_in_order)
    day_reports = [r for r in reports if r.role == "report" and r.time_precision == DAY]
    dated = day_reports or sorted((r for r in reports if r.time_precision),
                                  key=lambda r: r.time_precision)[:1] or reports[:1]
    event_date = _most_common((r.event_date for r in dated), tie=lambda d: d)
    at_date = [r for r in dated if r.event_date == event_date] or dated
    site = _most_common(r.site for r in reports)
    located = next((r for r in reports if r.site == site), reports[0])
    specific = [r.event_type for r in reports if r.event_type != "attack"]
    event_type = _most_common(specific or [r.event_type for r in reports],
                              tie=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t))
    casualties = next((r for r in _latest(reports) if r.killed is not None or r.wounded is not None), None)
    projectiles = next((r.projectiles for r in _latest(reports) if r.projectiles is not None), None)
    first_claim: dict[str, int] = {}
    for order, report in enumerate(reversed(_latest(reports))):  # earliest report first
        first_claim.setdefault(report.claimed_by, order)
    chosen: dict[str, object] = {
        "event_date": event_date,
        "time_precision": min(r.time_precision for r in at_date if r.time_precision) if event_date else None,
        "date_earliest": max(r.date_earliest for r in at_date if r.date_earliest) if event_date else None,
        "date_latest": min(r.date_latest for r in at_date if r.date_latest) if event_date else None,
        "event_type": event_type,
        "weapon": _most_common(r.weapon for r in reports),
        "projectiles": projectiles,
        "site": site,
        "country": _most_common(r.country for r in reports),
        "admin1": located.admin1 if site else _most_common(r.admin1 for r in reports),
        "latitude": located.latitude if site else None,
        "longitude": located.longitude if site else None,
        "geo_precision": located.geo_precision if site else 3,
        "claimed_by": _most_common((r.claimed_by for r in reports), tie=lambda group: first_claim[group]),
        "killed": casualties.killed if casualties else None,
        "wounded": casualties.wounded if casualties else None,
        "casualties_article_id": casualties.article_id if casualties else None,
        "notes": None,
    }
    if chosen["date_earliest"] and chosen["date_latest"] and chosen["date_earliest"] > chosen["date_latest"]:
        chosen["date_earliest"] = chosen["date_latest"] = event_date  # reports' spans that do not overlap
    chosen.update(overrides or {})
    return chosen


def summary(reports: list[Report]) -> dict[str, object]:
    """How an incident was reported: reports, articles, sources, first and last report."""
    published = [r.published_at for r in reports if r.published_at]
    return {"reports": len(reports), "articles": len({r.article_id for r in reports}),
            "sources": len({r.source for r in reports}),
            "first_reported": min(published) if published else None,
            "last_reported": max(published) if published else None}
