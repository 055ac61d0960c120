"""Event building: the attacks a core article reports (anchored, one per site, day and kind of attack,
completed from the sentences that tell more of them) and the US or coalition strikes.
"""

from __future__ import annotations

from datetime import date

from rasad import matching
from rasad.event_dates import resolve_reported, span
from rasad.gazetteer import Gazetteer
from rasad.tagging.claims import claims_by_site
from rasad.tagging.counts import casualties, count_projectiles
from rasad.tagging.dating import opening_date, when
from rasad.tagging.event_types import ATTACK_TYPES_NAMED, attack_type
from rasad.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.tagging.patterns import AGGREGATE, BLAST, CAPTION, ELSEWHERE
from rasad.tagging.places import REGION_COUNTRIES, countries_of
from rasad.tagging.results import Event

FOLLOWING_SENTENCES = 2
"""How many sentences after an attack sentence may go on telling of the same attack."""


def sentences_telling_more(prepared: matching.Text, number: int, by_sentence: MatchesBySentence, reporting: set[int], excluded: set[int]) -> list[int]:
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
                or kinds.ids("event_type") & ATTACK_TYPES_NAMED):
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


def build_responses(prepared: matching.Text, by_sentence: MatchesBySentence, strike_sentences: list[int], gazetteer: Gazetteer,
               published: date | None, region: str | None) -> list[Event]:
    """US or coalition strikes the article reports, one per day and country (event type
    "air-strike"): where the sentence names a place in Iraq, Syria or Jordan, else *region*,
    the one country of the article's attacks and strikes."""
    opening = opening_date(prepared, published)
    responses: list[Event] = []
    for number in _single(prepared, strike_sentences):
        sentence = prepared.normalized_sentence(number)
        (day, precision), mention = when(prepared, number, published, opening)
        earliest, latest = span(day, precision, published) if day else (None, None)
        for country in sorted(countries_of([number], by_sentence, gazetteer, prepared) & REGION_COUNTRIES) or [region]:
            if any((e.event_date, e.country) == (day and day.isoformat(), country) for e in responses):
                continue
            killed, wounded = casualties(sentence)
            responses.append(Event(
                event_date=day.isoformat() if day else None, time_precision=precision, site=None, latitude=None,
                longitude=None, geo_precision=None, country=country, admin1=None, event_type="air-strike", weapon=None,
                projectiles=None, killed=killed, wounded=wounded, claimed_by=None, sentence=prepared.sentence(number),
                role="mention" if mention else "report", date_earliest=earliest.isoformat() if earliest else None,
                date_latest=latest.isoformat() if latest else None))
    return responses


def build_events(prepared: matching.Text, gazetteer: Gazetteer, by_sentence: MatchesBySentence, attack_sentences: list[int],
            details: dict[int, list[int]], published: date | None) -> list[Event]:
    claims = claims_by_site(prepared, by_sentence)
    opening = opening_date(prepared, published)
    # An event is one attack, not a summary of many, with an anchor (a site, a weapon, a date or
    # casualties) in its sentence or in those telling more of it («انفجار استهدف سيارة عسكرية. وأورد
    # المرصد أن الانفجار أسفر عن مقتل شخص»); a core article without any anchored attack still
    # reports its first one.
    single = _single(prepared, attack_sentences)
    anchored = [n for n in single if any(_has_anchor(prepared.normalized_sentence(told), by_sentence[told], published)
                                         for told in [n] + details[n])]
    events: list[Event] = []
    for number in anchored or single[:1]:
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence[number]
        killed, wounded = casualties(sentence)
        sites = list(dict.fromkeys(m.id for m in kinds["site"])) or [None]
        # How it was done and with what toll, from the sentence or else from those telling more of it.
        told = [(sentence, kinds)] + [(prepared.normalized_sentence(n), by_sentence[n]) for n in details[number]]
        weapon = next((told_kinds["weapon"][0] for _, told_kinds in told if told_kinds["weapon"]), None)
        event_type = next((t for t in (attack_type(*pair, gazetteer) for pair in told) if t != "attack"), "attack")
        if (killed, wounded) == (None, None):
            killed, wounded = next((c for c in (casualties(text) for text, _ in told[1:]) if c != (None, None)),
                                   (None, None))
        resolved, mention = when(prepared, number, published, opening)
        earliest, latest = span(*resolved, published) if resolved[0] else (None, None)
        sentence_countries = [m.id for m in kinds["country"]]
        for site_id in sites:
            site = gazetteer.get("site", site_id) if site_id else None
            day = resolved[0].isoformat() if resolved[0] else None
            event = next((e for e in events if _same_attack(e, site_id, day, event_type)), None)
            if event is not None:
                if event.event_type == "attack":  # a later sentence names how
                    event.event_type, event.weapon = event_type, weapon.id if weapon else None
                event.projectiles = event.projectiles or (count_projectiles(prepared, weapon) if weapon else None)
                event.killed = event.killed or killed
                event.wounded = event.wounded or wounded
                if event.role == "mention" and not mention:
                    event.role = "report"
                continue
            events.append(Event(
                event_date=day,
                time_precision=resolved[1],
                site=site_id,
                latitude=site["lat"] if site else None,
                longitude=site["lon"] if site else None,
                geo_precision=(1 if site["lat"] is not None else 2) if site else None,
                country=site["country"] if site else (sentence_countries[0] if sentence_countries else None),
                admin1=site["admin1"] if site else None,
                event_type=event_type,
                weapon=weapon.id if weapon else None,
                projectiles=count_projectiles(prepared, weapon) if weapon and len(sites) == 1 else None,
                killed=killed,
                wounded=wounded,
                claimed_by=claims.get(site_id, claims.get(None)),
                sentence=prepared.sentence(number),
                role="mention" if mention else "report",
                date_earliest=earliest.isoformat() if earliest else None,
                date_latest=latest.isoformat() if latest else None,
            ))
    return events


def _same_attack(event: Event, site_id: str | None, day: str | None, event_type: str) -> bool:
    """Does a sentence about an attack on *site_id* on *day* tell of *event* again?"""
    return (event.site, event.event_date) == (site_id, day) and (
        event.event_type == event_type or "attack" in (event.event_type, event_type))
