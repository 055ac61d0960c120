"""Event building: the attacks a core article reports (anchored, one per site, day and kind of attack,
completed from the sentences that tell more of them) and the US or coalition strikes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasad.analyse import matching
from rasad.analyse.event_dates import resolve_reported, span
from rasad.analyse.gazetteer import Entry, Gazetteer
from rasad.analyse.tagging.claims import claims_by_site
from rasad.analyse.tagging.counts import casualties, count_projectiles
from rasad.analyse.tagging.dating import opening_date, when
from rasad.analyse.tagging.event_types import ATTACK_TYPES_NAMED, attack_type
from rasad.analyse.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.analyse.tagging.patterns import AGGREGATE, BLAST, CAPTION, ELSEWHERE
from rasad.analyse.tagging.places import REGION_COUNTRIES, countries_of
from rasad.analyse.tagging.results import Event

FOLLOWING_SENTENCES = 2
"""How many sentences after an attack sentence may go on telling of the same attack."""


def sentences_telling_more(prepared: matching.Text, number: int, by_sentence: MatchesBySentence, reporting: set[int],
                           excluded: set[int]) -> list[int]:
    """The sentences right after attack sentence *number* that tell how it was done, casualties
    or the weapon («... تعرضت القاعدة لهجوم. وقال المسؤول إن ثلاثة صواريخ سقطت داخلها»): they
    name no place of their own and report no other attack or strike. Lines too short to be
    sentences («"») are skipped."""
    found = []
    for following in range(number + 1, min(len(prepared), number + 1 + FOLLOWING_SENTENCES + 1)):
        sentence = prepared.normalized_sentence(following)
        kinds = by_sentence[following]
        if len(sentence.split()) < 3:
            continue
        if following in reporting or following in excluded or kinds["site"] or ELSEWHERE.search(sentence):
            break
        if not (kinds["weapon"] or BLAST.search(sentence)
                or kinds.ids("event_type").intersection(ATTACK_TYPES_NAMED)):
            break
        found.append(following)
        if len(found) == FOLLOWING_SENTENCES:
            break
    return found


def _has_anchor(sentence: str, kinds: SentenceMatches, published: date | None) -> bool:
    return bool(kinds["site"] or kinds["weapon"] or resolve_reported(sentence, published)
                or casualties(sentence) != (None, None))


def _single(prepared: matching.Text, sentences: list[int]) -> list[int]:
    """The sentences that tell of one attack or strike: not a summary of many, not a photo caption."""
    return [n for n in sentences if not AGGREGATE.search(prepared.normalized_sentence(n))
            and not CAPTION.search(prepared.normalized_sentence(n))]


def build_responses(prepared: matching.Text, by_sentence: MatchesBySentence, strike_sentences: list[int],
                    gazetteer: Gazetteer, published: date | None, region: str | None) -> list[Event]:
    """US or coalition strikes the article reports, one per day and country (event type
    "air-strike"): where the sentence names a place in Iraq, Syria or Jordan, else *region*,
    the one country of the article's attacks and strikes."""
    opening = opening_date(prepared, published)
    responses: list[Event] = []
    for number in _single(prepared, strike_sentences):
        dated = _dating(prepared, number, published, opening)
        killed, wounded = casualties(prepared.normalized_sentence(number))
        for country in sorted(countries_of([number], by_sentence, gazetteer, prepared) & REGION_COUNTRIES) or [region]:
            if any((e.event_date, e.country) == (dated["event_date"], country) for e in responses):
                continue
            responses.append(Event(
                site=None, latitude=None, longitude=None, geo_precision=None, country=country, admin1=None,
                event_type="air-strike", weapon=None, projectiles=None, killed=killed, wounded=wounded,
                claimed_by=None, sentence=prepared.sentence(number), **dated))
    return responses


def _dating(prepared: matching.Text, number: int, published: date | None,
            opening: tuple[date, int] | None) -> dict:
    """The Event fields of when what sentence *number* reports happened (see dating.when): date,
    precision, the days they allow, and whether it is news or told as background."""
    (day, precision), mention = when(prepared, number, published, opening)
    earliest, latest = span(day, precision, published) if day else (None, None)
    return {"event_date": day.isoformat() if day else None, "time_precision": precision,
            "role": "mention" if mention else "report",
            "date_earliest": earliest.isoformat() if earliest else None,
            "date_latest": latest.isoformat() if latest else None}


@dataclass
class _Attack:
    """What an attack sentence and the sentences telling more of it say of the attack."""
    number: int
    sites: list[str | None]  # [None]: no site named
    country: str | None  # the first country the sentence names
    event_type: str
    weapon: matching.Match | None
    killed: int | None
    wounded: int | None
    dated: dict  # see _dating


def build_events(prepared: matching.Text, gazetteer: Gazetteer, by_sentence: MatchesBySentence,
                 attack_sentences: list[int], details: dict[int, list[int]], published: date | None) -> list[Event]:
    """The attacks a core article reports (see _told_attacks), one event per site, day and kind of
    attack: a later sentence about the same one completes its event."""
    claims = claims_by_site(prepared, by_sentence)
    opening = opening_date(prepared, published)
    events: list[Event] = []
    for number in _told_attacks(prepared, by_sentence, attack_sentences, details, published):
        attack = _attack(prepared, gazetteer, by_sentence, number, details[number], published, opening)
        for site_id in attack.sites:
            event = next((e for e in events if _same_attack(e, site_id, attack.dated["event_date"], attack.event_type)),
                         None)
            if event is None:
                events.append(_event(prepared, gazetteer, attack, site_id, claims))
            else:
                _tell_more(prepared, event, attack)
    return events


def _told_attacks(prepared: matching.Text, by_sentence: MatchesBySentence, attack_sentences: list[int],
                  details: dict[int, list[int]], published: date | None) -> list[int]:
    """The attack sentences that make events. An event is one attack, not a summary of many, with an
    anchor (a site, a weapon, a date or casualties) in its sentence or in those telling more of it
    («انفجار استهدف سيارة عسكرية. وأورد المرصد أن الانفجار أسفر عن مقتل شخص»); a core article without
    any anchored attack still reports its first one."""
    single = _single(prepared, attack_sentences)
    anchored = [n for n in single if any(_has_anchor(prepared.normalized_sentence(told), by_sentence[told], published)
                                         for told in [n] + details[n])]
    return anchored or single[:1]


def _attack(prepared: matching.Text, gazetteer: Gazetteer, by_sentence: MatchesBySentence, number: int,
            more: list[int], published: date | None, opening: tuple[date, int] | None) -> _Attack:
    """What attack sentence *number* says, and how it was done and with what toll from the
    sentences *more* that tell more of it when it does not say."""
    sentence = prepared.normalized_sentence(number)
    kinds = by_sentence[number]
    told = [(sentence, kinds)] + [(prepared.normalized_sentence(n), by_sentence[n]) for n in more]
    killed, wounded = casualties(sentence)
    if (killed, wounded) == (None, None):
        killed, wounded = next((c for c in (casualties(text) for text, _ in told[1:]) if c != (None, None)),
                               (None, None))
    countries = [m.id for m in kinds["country"]]
    return _Attack(
        number=number,
        sites=list(dict.fromkeys(m.id for m in kinds["site"])) or [None],
        country=countries[0] if countries else None,
        event_type=next((t for t in (attack_type(*pair, gazetteer) for pair in told) if t != "attack"), "attack"),
        weapon=next((told_kinds["weapon"][0] for _, told_kinds in told if told_kinds["weapon"]), None),
        killed=killed,
        wounded=wounded,
        dated=_dating(prepared, number, published, opening),
    )


def _event(prepared: matching.Text, gazetteer: Gazetteer, attack: _Attack, site_id: str | None,
           claims: dict[str | None, str]) -> Event:
    weapon = attack.weapon
    return Event(
        site=site_id,
        **_place(gazetteer.get("site", site_id) if site_id else None, attack.country),
        event_type=attack.event_type,
        weapon=weapon.id if weapon else None,
        # the number fired is of one site's attack
        projectiles=count_projectiles(prepared, weapon) if weapon and len(attack.sites) == 1 else None,
        killed=attack.killed,
        wounded=attack.wounded,
        claimed_by=claims.get(site_id, claims.get(None)),
        sentence=prepared.sentence(attack.number),
        **attack.dated,
    )


def _place(site: Entry | None, country: str | None) -> dict:
    """The Event fields of where an attack was: its site's, else only *country*, the one its
    sentence names."""
    if site is None:
        return {"latitude": None, "longitude": None, "geo_precision": None, "country": country, "admin1": None}
    return {"latitude": site["lat"], "longitude": site["lon"], "geo_precision": 1 if site["lat"] is not None else 2,
            "country": site["country"], "admin1": site["admin1"]}


def _tell_more(prepared: matching.Text, event: Event, attack: _Attack) -> None:
    """Complete *event* with what a later sentence about the same attack says."""
    if event.event_type == "attack":  # a later sentence names how
        event.event_type, event.weapon = attack.event_type, attack.weapon.id if attack.weapon else None
    event.projectiles = event.projectiles or (count_projectiles(prepared, attack.weapon) if attack.weapon else None)
    event.killed = event.killed or attack.killed
    event.wounded = event.wounded or attack.wounded
    if event.role == "mention" and attack.dated["role"] == "report":
        event.role = "report"


def _same_attack(event: Event, site_id: str | None, day: str | None, event_type: str) -> bool:
    """Does a sentence about an attack on *site_id* on *day* tell of *event* again?"""
    return (event.site, event.event_date) == (site_id, day) and (
        event.event_type == event_type or "attack" in (event.event_type, event_type))
