"""``tag``: an article's text, title and publication date to its :class:`~rasad.analyse.tagging.results.Tags`:
relevance from the sentence verdicts, then events, responses, countries and event types.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from rasad.analyse import matching
from rasad.analyse.gazetteer import Gazetteer, cached
from rasad.analyse.tagging.event_types import reported_event_types
from rasad.analyse.tagging.events import build_events, build_responses, sentences_telling_more
from rasad.analyse.tagging.matches import MatchesByKind, MatchesBySentence, article_matches
from rasad.analyse.tagging.patterns import ALLIED_FORCES, HITTING, NOT_FORCES_STRUCK, ONLY_STRIKES, PRESENCE
from rasad.analyse.tagging.places import REGION_COUNTRIES, countries_of, placed_in_region
from rasad.analyse.tagging.results import Event, Tags
from rasad.analyse.tagging.verdicts import classify


def tag(text: str, title: str = "", published: date | None = None, gazetteer: Gazetteer | None = None) -> Tags:
    """What an article reports (see the package's docstring): *text* with *title* as its first line,
    dated against *published*, matched against *gazetteer* (default: the one in use, see
    rasad.analyse.gazetteer.cached)."""
    gazetteer = gazetteer or cached()
    prepared = matching.Text.of(f"{title}\n{text}" if title else text)
    found, excluded = article_matches(gazetteer, prepared)
    by_sentence = MatchesBySentence(found)
    attack_sentences, strike_sentences, activity_sentences = _reporting_sentences(
        prepared, by_sentence, found, excluded, published, gazetteer)
    on_others = _strikes_on_others(prepared, by_sentence, excluded, gazetteer, attack_sentences, strike_sentences,
                                   activity_sentences)
    relevance, score, evidence_sentences = _relevance(
        attack_sentences, [n for n in strike_sentences if n not in on_others],
        [n for n in activity_sentences if n not in on_others], found, len(prepared))
    if relevance == "none":  # keeps no events, event types or countries
        return _tags(prepared, found, relevance, score, evidence_sentences, set(), set(), [], [])

    # (Only a core article has attack sentences.)
    reporting = set(attack_sentences) | set(strike_sentences)
    details = {n: sentences_telling_more(prepared, n, by_sentence, reporting, excluded) for n in attack_sentences}
    events = build_events(prepared, gazetteer, by_sentence, attack_sentences, details, published)
    event_countries = _event_countries(prepared, by_sentence, found, gazetteer, attack_sentences + strike_sentences,
                                       events)
    region = event_countries & REGION_COUNTRIES
    # An attack whose sentence names no place happened where the article's attacks and strikes did,
    # when that is one country.
    if len(region) == 1:
        for event in events:
            event.country = event.country or next(iter(region))
    responses = build_responses(prepared, by_sentence, strike_sentences, gazetteer, published,
                                next(iter(region)) if len(region) == 1 else None)
    reported_types = reported_event_types(prepared, by_sentence, excluded, gazetteer, evidence_sentences,
                                          attack_sentences, details, strike_sentences, events)
    return _tags(prepared, found, relevance, score, evidence_sentences, reported_types, event_countries, events,
                 responses)


def tag_article(article, gazetteer: Gazetteer | None = None) -> Tags:
    """Tags of a stored or extracted article (anything with title, text and published_at)."""
    published = date.fromisoformat(article.published_at[:10]) if article.published_at else None
    return tag(article.text, article.title, published, gazetteer)


def _reporting_sentences(prepared: matching.Text, by_sentence: MatchesBySentence, found: MatchesByKind,
                         excluded: set[int], published: date | None,
                         gazetteer: Gazetteer) -> tuple[list[int], list[int], list[int]]:
    """The attack, strike and activity sentences (see classify). An article that names no place in
    Iraq, Syria or Jordan has none whatever its sentences report (they are not read)."""
    countries_in_article = {m.id for m in found["country"]} | {
        gazetteer.get("site", m.id)["country"] for m in found["site"]}
    if not countries_in_article & REGION_COUNTRIES:
        return [], [], []
    return classify(prepared, by_sentence, excluded, published, gazetteer)


def _strikes_on_others(prepared: matching.Text, by_sentence: MatchesBySentence, excluded: set[int],
                       gazetteer: Gazetteer, attack_sentences: list[int], strike_sentences: list[int],
                       activity_sentences: list[int]) -> set[int]:
    """The sentences of an article's strikes, or of its talk of strikes, when they hit only regime
    sites or ISIS (NOT_FORCES_STRUCK), no Iran-backed, regime or allied forces (ALLIED_FORCES), and
    the text ties them to no US or coalition forces in the region: «ضربات غربية على مواقع للنظام في
    دمشق», «شنت القوات الأمريكية حربا على تنظيم الدولة»; none in an article that reports an attack.
    Talk of strikes to come counts as strikes here («خيارات بشأن ضربات جوية على سوريا»). What was hit
    is told in the strike's sentence, or else often in the sentences around it that tell of hitting;
    those around place US forces there when they do. The strikes so found are no evidence of
    relevance: the article's other activity of US forces is, and when that makes it related, its
    strikes are reported all the same."""
    strike_talk = [n for n in activity_sentences if ONLY_STRIKES.search(prepared.normalized_sentence(n))
                   and not PRESENCE.search(prepared.normalized_sentence(n))]
    striking = set(strike_sentences + strike_talk)
    if not striking or attack_sentences:
        return set()
    around = {m for n in striking for m in range(n - 1, n + 3) if 0 <= m < len(prepared)}
    hit = [_what_was_hit(prepared, n) for n in sorted(striking)]
    if any(others for others, _ in hit) and not any(allied for _, allied in hit) and not placed_in_region(
            prepared, by_sentence, excluded, around - striking, gazetteer):
        return striking
    return set()


def _what_was_hit(prepared: matching.Text, number: int) -> tuple[bool, bool]:
    """(regime sites or ISIS, Iran-backed, regime or allied forces): what strike sentence *number*
    says it hit, or else what the sentences around it name, allied forces only in those that tell of
    hitting (HITTING), not as bystanders («انضم حزب الله إلى القتال»)."""
    sentence = prepared.normalized_sentence(number)
    if NOT_FORCES_STRUCK.search(sentence) or ALLIED_FORCES.search(sentence):
        return NOT_FORCES_STRUCK.search(sentence) is not None, ALLIED_FORCES.search(sentence) is not None
    around = [prepared.normalized_sentence(n) for n in range(max(0, number - 1), min(len(prepared), number + 3))]
    return any(NOT_FORCES_STRUCK.search(told) for told in around), any(
        ALLIED_FORCES.search(told) and HITTING.search(told) for told in around)


LEAD = 3
"""The headline and the first sentences of an article (numbers below this) say what it is about."""
PASSING_SHARE = 15
"""An article whose evidence is outside its lead and fewer than one of every this many of its
sentences names US or coalition forces in passing: it is about something else."""


def _relevance(attack_sentences: list[int], strike_sentences: list[int], activity_sentences: list[int],
               found: MatchesByKind, sentences: int) -> tuple[str, float, list[int]]:
    """(relevance, score, the sentences that are its evidence) of an article of *sentences*
    sentences: core with an attack sentence; related when its sentences about US forces are what the
    article is about (see LEAD and PASSING_SHARE); none otherwise."""
    if attack_sentences:
        return "core", min(1.0, 0.6 + 0.1 * len(attack_sentences)), attack_sentences
    evidence_sentences = strike_sentences + activity_sentences  # sentences that are about US forces
    if evidence_sentences and (min(evidence_sentences) < LEAD or len(evidence_sentences) * PASSING_SHARE >= sentences):
        return "related", round(min(0.59, 0.3 + 0.05 * len(evidence_sentences)), 2), evidence_sentences
    return "none", round(min(0.29, 0.05 * (len(found["site"]) + len(found["actor"]) + len(found["weapon"]))), 2), []


def _event_countries(prepared: matching.Text, by_sentence: MatchesBySentence, found: MatchesByKind,
                     gazetteer: Gazetteer, reported: list[int], events: list[Event]) -> set[str]:
    """Where the attacks and strikes of the *reported* sentences happened: the countries of the
    events and those the sentences name as places, else the region's country the article names
    most. Other military activity (threats, reinforcements) has no place of its own."""
    event_countries = {e.country for e in events if e.country} | countries_of(
        reported, by_sentence, gazetteer, prepared)
    if reported and not event_countries:
        mentioned = Counter(m.id for m in found["country"] if m.id in REGION_COUNTRIES)
        event_countries = {mentioned.most_common(1)[0][0]} if mentioned else set()
    return event_countries


def _tags(prepared: matching.Text, found: MatchesByKind, relevance: str, score: float,
          evidence_sentences: list[int], event_types: set[str], countries: set[str], events: list[Event],
          responses: list[Event]) -> Tags:
    matches = [m for kind_matches in found.values() for m in kind_matches]
    return Tags(
        relevance=relevance,
        score=round(score, 2),
        evidence=[prepared.sentence(n) for n in evidence_sentences[:5]],
        sites=sorted({m.id for m in found["site"]}),
        actors=sorted({m.id for m in found["actor"]}),
        weapons=sorted({m.id for m in found["weapon"]}),
        event_types=sorted(event_types),
        countries=sorted(countries),
        events=events,
        responses=responses,
        matches=matches,
        match_sentences={m.sentence: prepared.sentence(m.sentence) for m in matches},
    )
