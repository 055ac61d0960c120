"""Incidents: one per real-world attack, from the per-article event rows (rasad.analyse.tagging) of every
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
rules give its reports the same key (rasad.store.incident_store says how corrections follow reports
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
    attacks = [r for r in bucket if r.event_type != RESPONSE]
    groups: dict[str, list[Report]] = {}
    for report in attacks:
        if report.site:
            groups.setdefault(f"{country}/{day}/{report.site}", []).append(report)
    site_of = {key: members[0].site for key, members in groups.items()}
    _join_unsited(country, day, [r for r in attacks if not r.site], groups)
    for key, members in groups.items():
        yield key, (site_of.get(key), {m.event_type for m in members}), members


def _join_unsited(country: str, day: str, unsited: list[Report], groups: dict[str, list[Report]]) -> None:
    """Add the day's attacks without a site to *groups* (key -> members, the sited ones so far):
    each joins the one group its type fits, if there is exactly one, else the group of its kind.
    A specific kind may only join a sited group; the generic attacks come last, and may also
    join what the specific ones opened."""
    site_keys = list(groups)
    for report in sorted(unsited, key=lambda r: _kind(r.event_type) is None):
        kind = _kind(report.event_type)
        key = (_unique_fit(report, groups, site_keys if kind else list(groups))
               or f"{country}/{day}/-/{kind or 'attack'}")
        groups.setdefault(key, []).append(report)


def _unique_fit(report: Report, groups: dict[str, list[Report]], among: list[str]) -> str | None:
    """The one key among *among* whose group holds a type compatible with *report*'s, if
    exactly one does: two candidates are ambiguous, and the report opens a group of its own."""
    fits = [key for key in among if any(compatible(report.event_type, m.event_type) for m in groups[key])]
    return fits[0] if len(fits) == 1 else None


def _later_key(report: Report, anchored: dict[str, tuple[str, str, str | None, set[str]]]) -> str | None:
    """The key of a report that is not an anchor: the one anchored incident it fits, if exactly
    one does (see the module docstring, rule 2), else an incident of its own for a coarse report."""
    fits = [key for key, incident in anchored.items() if _fits_anchored(report, *incident)]
    same_site = [key for key in fits if report.site is not None and anchored[key][2] == report.site]
    fits = same_site or fits  # the attack on its own site before one whose site no report named
    if len(fits) == 1:
        return fits[0]
    if fits or report.role == "mention":
        return None  # ambiguous, or background that matches no reported attack
    return _coarse_key(report)


def _fits_anchored(report: Report, country: str, day: str, site: str | None, types: set[str]) -> bool:
    """Whether an anchored incident (its country, day, site and types) could be the attack a
    coarser report or a mention tells of: same country, a day in the report's span, no
    conflicting site and a compatible type."""
    return (country == report.country and report.date_earliest <= day <= report.date_latest
            and (site is None or report.site is None or site == report.site)
            and any(compatible(report.event_type, t) for t in types))


def _coarse_key(report: Report) -> str:
    """The key of the incident a coarse report opens when it fits no anchored one, dated by the
    latest day of its span (``~`` marks the date as not to the day)."""
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
    chosen: dict[str, object] = {
        **_chosen_dates(reports),
        "event_type": _chosen_type(reports),
        "weapon": _most_common(r.weapon for r in reports),
        "projectiles": next((r.projectiles for r in _latest(reports) if r.projectiles is not None), None),
        **_chosen_place(reports),
        "claimed_by": _chosen_claimant(reports),
        **_chosen_casualties(reports),
        "notes": None,
    }
    chosen.update(overrides or {})
    return chosen


def _chosen_dates(reports: list[Report]) -> dict[str, object]:
    """The date most of the dating reports give (ties: the earliest), with the precision and
    span of the reports that give it."""
    dated = _dating_reports(reports)
    event_date = _most_common((r.event_date for r in dated), tie=lambda d: d)
    if not event_date:
        return {"event_date": event_date, "time_precision": None, "date_earliest": None, "date_latest": None}
    at_date = [r for r in dated if r.event_date == event_date] or dated
    earliest, latest = _common_span(at_date, event_date)
    return {"event_date": event_date,
            "time_precision": min(r.time_precision for r in at_date if r.time_precision),
            "date_earliest": earliest, "date_latest": latest}


def _dating_reports(reports: list[Report]) -> list[Report]:
    """The reports that date an incident: those dated to the day, else the most precise one,
    else the first (a mention's date says less than a report's)."""
    day_reports = [r for r in reports if r.role == "report" and r.time_precision == DAY]
    return day_reports or sorted((r for r in reports if r.time_precision),
                                 key=lambda r: r.time_precision)[:1] or reports[:1]


def _common_span(at_date: list[Report], event_date: str) -> tuple[str | None, str | None]:
    """(earliest, latest): the span all *at_date* reports allow, or *event_date* itself when
    their spans do not overlap."""
    earliest = max(r.date_earliest for r in at_date if r.date_earliest)
    latest = min(r.date_latest for r in at_date if r.date_latest)
    if earliest and latest and earliest > latest:
        return event_date, event_date
    return earliest, latest


def _chosen_type(reports: list[Report]) -> str | None:
    """The most reported specific type (a generic "attack" only when no report is more precise),
    ties broken by :data:`TYPE_ORDER`."""
    specific = [r.event_type for r in reports if r.event_type != "attack"]
    return _most_common(specific or [r.event_type for r in reports],
                        tie=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t))


def _chosen_place(reports: list[Report]) -> dict[str, object]:
    """The most common site and country; the region and coordinates of the first report at that
    site, or without a site the most common region at country precision (3)."""
    site = _most_common(r.site for r in reports)
    located = next((r for r in reports if r.site == site), reports[0])
    return {
        "site": site,
        "country": _most_common(r.country for r in reports),
        "admin1": located.admin1 if site else _most_common(r.admin1 for r in reports),
        "latitude": located.latitude if site else None,
        "longitude": located.longitude if site else None,
        "geo_precision": located.geo_precision if site else 3,
    }


def _chosen_claimant(reports: list[Report]) -> str | None:
    """The group most reports say claimed the attack, ties broken by the earliest report."""
    first_claim: dict[str, int] = {}
    for order, report in enumerate(reversed(_latest(reports))):  # earliest report first
        first_claim.setdefault(report.claimed_by, order)
    return _most_common((r.claimed_by for r in reports), tie=lambda group: first_claim[group])


def _chosen_casualties(reports: list[Report]) -> dict[str, object]:
    """The killed and wounded of the latest report that gives either, with its article."""
    casualties = next((r for r in _latest(reports) if r.killed is not None or r.wounded is not None), None)
    return {
        "killed": casualties.killed if casualties else None,
        "wounded": casualties.wounded if casualties else None,
        "casualties_article_id": casualties.article_id if casualties else None,
    }


def summary(reports: list[Report]) -> dict[str, object]:
    """How an incident was reported: reports, articles, sources, first and last report."""
    published = [r.published_at for r in reports if r.published_at]
    return {"reports": len(reports), "articles": len({r.article_id for r in reports}),
            "sources": len({r.source for r in reports}),
            "first_reported": min(published) if published else None,
            "last_reported": max(published) if published else None}
