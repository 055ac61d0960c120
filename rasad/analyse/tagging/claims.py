"""Claims of attacks: whether a sentence claims one, and which armed group."""

from __future__ import annotations

from rasad.analyse import matching
from rasad.analyse.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.analyse.tagging.patterns import ANNOUNCED_ATTACK, HOSTILE_ACTORS, NEGATION, NOT_CLAIMANT_BEFORE


def claims_an_attack(prepared: matching.Text, number: int, kinds: SentenceMatches) -> bool:
    """Does sentence *number* claim an attack: a claim word not negated, or an armed group
    announcing it?"""
    sentence = prepared.normalized_sentence(number)
    base = prepared.sentence_starts[number]
    claim_words = [prepared.position(m.start) - base for m in kinds["event_type"] if m.id == "claim"]
    groups = [m for m in kinds["actor"] if m.id not in HOSTILE_ACTORS]
    return any(not NEGATION.search(sentence[max(0, at - 20):at]) for at in claim_words) or bool(
        groups and ANNOUNCED_ATTACK.search(sentence))
CLAIMANT_REACH = 80
"""How far from a claim word («تبنت», «أعلنت ... عن استهداف») its group may be named."""


def _claimant(prepared: matching.Text, number: int, kinds: SentenceMatches) -> str | None:
    """The group sentence *number* says claimed an attack: of the groups named near its claim
    words, the nearest one that is not named as accused or as someone's backer."""
    if not claims_an_attack(prepared, number, kinds):
        return None
    sentence = prepared.normalized_sentence(number)
    base = prepared.sentence_starts[number]
    at = [prepared.position(m.start) - base for m in kinds["event_type"] if m.id == "claim"]
    at += [m.start() for m in ANNOUNCED_ATTACK.finditer(sentence)]
    best: tuple[int, str] | None = None
    for actor in kinds["actor"]:
        if actor.id in HOSTILE_ACTORS:
            continue
        start = prepared.position(actor.start) - base
        if NOT_CLAIMANT_BEFORE.search(sentence[max(0, start - 40):start]):
            continue
        distance = min((abs(start - claim) for claim in at), default=CLAIMANT_REACH + 1)
        if distance <= CLAIMANT_REACH and (best is None or distance < best[0]):
            best = (distance, actor.id)
    return best[1] if best else None


def claims_by_site(prepared: matching.Text, by_sentence: MatchesBySentence) -> dict[str | None, str]:
    """Who claimed what: by site for a claim sentence that names one, under None for the others
    (they claim the article's attacks in general)."""
    claims: dict[str | None, str] = {}
    for number in range(len(prepared)):
        kinds = by_sentence[number]
        if (group := _claimant(prepared, number, kinds)) is not None:
            for site in [m.id for m in kinds["site"]] or [None]:
                claims.setdefault(site, group)
    return claims
