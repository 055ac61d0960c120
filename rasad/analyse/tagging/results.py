"""What tagging returns: the article's :class:`Tags` and the :class:`Event` rows of the attacks and
strikes it reports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rasad.analyse import matching


@dataclass
class Event:
    event_date: str | None
    time_precision: int | None
    site: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    country: str | None
    admin1: str | None
    event_type: str
    weapon: str | None
    projectiles: int | None
    killed: int | None
    wounded: int | None
    claimed_by: str | None
    sentence: str
    # "report": news the article gives of the attack; "mention": an earlier attack told as
    # background, dated only by its own words (see rasad.analyse.tagging.dating)
    role: str = "report"
    date_earliest: str | None = None  # the days event_date at time_precision allows (event_dates.span)
    date_latest: str | None = None


@dataclass
class Tags:
    relevance: str
    score: float
    evidence: list[str]
    sites: list[str]
    actors: list[str]
    weapons: list[str]
    event_types: list[str]
    countries: list[str]
    events: list[Event] = field(default_factory=list)
    # US or coalition strikes reported (event type "air-strike"): the response, rows of their own
    responses: list[Event] = field(default_factory=list)
    matches: list[matching.Match] = field(default_factory=list, repr=False)
    # the original text of each sentence a match is in, by sentence number (what article_tags
    # keeps as evidence): the sentences alone, not the whole prepared text, cross the worker pipe
    match_sentences: dict[int, str] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict:
        """The documented output of ``rasad tag``: exactly these keys."""
        return {
            "relevance": self.relevance, "score": self.score, "sites": self.sites, "actors": self.actors,
            "event_types": self.event_types, "countries": self.countries,
            "events": [asdict(event) for event in self.events],
            "responses": [asdict(event) for event in self.responses],
        }
