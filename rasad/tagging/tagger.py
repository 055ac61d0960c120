"""``tag``: an article's text, title and publication date to its :class:`~rasad.tagging.results.Tags`:
relevance from the sentence verdicts, then events, responses, countries and event types.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from rasad import matching
from rasad.gazetteer import Gazetteer, cached
from rasad.tagging.event_types import reported_event_types
from rasad.tagging.events import build_events, build_responses, sentences_telling_more
from rasad.tagging.matches import MatchesBySentence, drops, is_equipment
from rasad.tagging.patterns import ADOPTED, ALLIED_FORCES, NOT_FORCES_STRUCK, ONLY_STRIKES, PRESENCE
from rasad.tagging.places import countries_of, placed_in_region
from rasad.tagging.results import Tags
from rasad.tagging.verdicts import classify


def tag(text: str, title: str = "", published: date | None = None, gazetteer: Gazetteer | None = None) -> Tags:
    gazetteer = gazetteer or cached()
    prepared = matching.Text.of(f"{title}\n{text}" if title else text)
    found = {kind: matching.find(gazetteer, kind, prepared) for kind in ("site", "actor", "weapon", "event_type", "country")}
    found["weapon"] = [m for m in found["weapon"] if not is_equipment(prepared, m)]
    found["event_type"] = [m for m in found["event_type"] if not (m.id == "interception" and drops(prepared, m)) and not (
        m.id == "claim" and ADOPTED.match(prepared.normalized, prepared.position(m.end - 1) + 1))]
    excluded = {m.sentence for m in matching.find(gazetteer, "exclusion", prepared)}
    # «التحالف» next to Yemen is the Saudi-led coalition; a site or country of this monitor in the
    # same sentence keeps it.
    found["actor"] = [m for m in found["actor"] if not (m.id == "coalition" and m.sentence in excluded)]
    by_sentence = MatchesBySentence(found)

    countries_in_article = {m.id for m in found["country"]} | {
        gazetteer.get("site", m.id)["country"] for m in found["site"]}
    in_region = bool(countries_in_article & {"IQ", "SY", "JO"})
    # An article that names no place in Iraq, Syria or Jordan is "none" whatever its sentences
    # report, and "none" keeps no events, event types or countries: its sentences are not read.
    attack_sentences, strike_sentences, activity_sentences = classify(
        prepared, by_sentence, excluded, published, gazetteer) if in_region else ([], [], [])
    # Strikes alone make an article related when they hit Iran-backed, regime or allied forces, or
    # when it places US or coalition forces in the region; strikes on regime sites or on ISIS
    # told without them do not («ضربات غربية على مواقع للنظام في دمشق»).
    # Talk of strikes to come counts as strikes here («خيارات بشأن ضربات جوية على سوريا»). (What was hit
    # is often told in the sentences around the strike.)
    strike_talk = [n for n in activity_sentences if ONLY_STRIKES.search(prepared.normalized_sentence(n))
                   and not PRESENCE.search(prepared.normalized_sentence(n))]
    striking = strike_sentences + strike_talk
    told_of_strikes = {m for n in striking for m in range(n - 1, n + 3) if 0 <= m < len(prepared)}
    around = [prepared.normalized_sentence(n) for n in sorted(told_of_strikes)]
    if striking and not attack_sentences and len(strike_talk) == len(activity_sentences) and any(
            NOT_FORCES_STRUCK.search(sentence) for sentence in around) and not any(
            ALLIED_FORCES.search(sentence) for sentence in around) and not placed_in_region(
            prepared, by_sentence, excluded, set(striking), gazetteer):
        strike_sentences, activity_sentences = [], []

    if attack_sentences:
        relevance, score = "core", min(1.0, 0.6 + 0.1 * len(attack_sentences))
        evidence_sentences = attack_sentences
    elif strike_sentences or activity_sentences:  # sentences that are about US forces
        relevance = "related"
        evidence_sentences = strike_sentences + activity_sentences
        score = round(min(0.59, 0.3 + 0.05 * len(evidence_sentences)), 2)
    else:
        relevance = "none"
        evidence_sentences = []
        score = round(min(0.29, 0.05 * (len(found["site"]) + len(found["actor"]) + len(found["weapon"]))), 2)

    reporting = set(attack_sentences) | set(strike_sentences)
    details = {n: sentences_telling_more(prepared, n, by_sentence, reporting, excluded) for n in attack_sentences} \
        if relevance == "core" else {}
    events = build_events(prepared, gazetteer, by_sentence, attack_sentences, details, found, published) \
        if relevance == "core" else []
    reported = (attack_sentences if relevance == "core" else []) + strike_sentences
    event_countries = {e.country for e in events if e.country} | countries_of(reported, by_sentence, gazetteer, prepared)
    # An attack or a strike was reported somewhere: the region's country the article names most.
    # Other military activity (threats, reinforcements) has no place of its own.
    if (relevance == "core" or strike_sentences) and not event_countries:
        mentioned = Counter(m.id for m in found["country"] if m.id in ("IQ", "SY", "JO"))
        event_countries = {mentioned.most_common(1)[0][0]} if mentioned else set()
    # An attack whose sentence names no place happened where the article's attacks and strikes did,
    # when that is one country.
    if len(event_countries & {"IQ", "SY", "JO"}) == 1:
        for event in events:
            event.country = event.country or next(iter(event_countries & {"IQ", "SY", "JO"}))
    region = event_countries & {"IQ", "SY", "JO"}
    responses = build_responses(prepared, by_sentence, strike_sentences, gazetteer, published,
                           next(iter(region)) if len(region) == 1 else None) if relevance != "none" else []
    if relevance == "none":
        reported_types, event_countries = set(), set()
    else:
        reported_types = reported_event_types(prepared, by_sentence, excluded, relevance, evidence_sentences,
                                         attack_sentences, details, strike_sentences, events, gazetteer)
    matches = [m for kind_matches in found.values() for m in kind_matches]
    return Tags(
        relevance=relevance,
        score=round(score, 2),
        evidence=[prepared.sentence(n) for n in evidence_sentences[:5]],
        sites=sorted({m.id for m in found["site"]}),
        actors=sorted({m.id for m in found["actor"]}),
        weapons=sorted({m.id for m in found["weapon"]}),
        event_types=sorted(reported_types),
        countries=sorted(event_countries),
        events=events,
        responses=responses,
        matches=matches,
        match_sentences={m.sentence: prepared.sentence(m.sentence) for m in matches},
    )


def tag_article(article, gazetteer: Gazetteer | None = None) -> Tags:
    """Tags of a stored or extracted article (anything with title, text and published_at)."""
    published = date.fromisoformat(article.published_at[:10]) if article.published_at else None
    return tag(article.text, article.title, published, gazetteer)
