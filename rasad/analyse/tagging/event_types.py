"""The event types an article reports, and the kind of attack one sentence tells of."""

from __future__ import annotations

from rasad.analyse import matching
from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.tagging.claims import claims_an_attack
from rasad.analyse.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.analyse.tagging.patterns import ATTACK, BLAST, GROUND, HYPOTHETICAL, NEGATED, REINFORCING, STRUCK, US_STRIKES
from rasad.analyse.tagging.results import Event
from rasad.analyse.tagging.verdicts import about_us

ATTACK_TYPES_NAMED = ("rocket-attack", "drone-attack", "ied", "armed-assault")
"""The kinds of attack an event type names, in the order attack_type prefers them; a sentence that
names one goes on about an attack (see rasad.analyse.tagging.events.sentences_telling_more)."""


def _tells_of_attack_or_strike(prepared: matching.Text, number: int, by_sentence: MatchesBySentence) -> bool:
    sentence = prepared.normalized_sentence(number)
    return bool(ATTACK.search(sentence) or US_STRIKES.search(sentence)
                or "air-strike" in by_sentence[number].ids("event_type"))


def reported_event_types(prepared: matching.Text, by_sentence: MatchesBySentence, excluded: set[int],
                         gazetteer: Gazetteer, evidence_sentences: list[int], attack_sentences: list[int],
                         details: dict[int, list[int]], strike_sentences: list[int], events: list[Event]) -> set[str]:
    """Event types of what a core or related article reports: those named in its evidence sentences
    and others about US or coalition forces, those its attack sentences, the sentences telling more
    of them (*details*) and its *events* imply, claims and denials of attacks or strikes, and air
    strikes when it reports them."""
    named = [n for n in range(len(prepared)) if by_sentence[n]["event_type"]]  # the only ones that add any
    reported_types = _named_types(prepared, by_sentence, excluded, evidence_sentences, named)
    reported_types |= {e.event_type for e in events}
    reported_types |= {attack_type(prepared.normalized_sentence(n), by_sentence[n], gazetteer)
                       for n in attack_sentences + [m for more in details.values() for m in more]}
    reported_types |= _claims_and_denials(prepared, by_sentence, named)
    reported_types.discard("attack")  # the event rows say it; as an article tag it adds nothing
    if strike_sentences:
        reported_types.add("air-strike")
    return reported_types


def _named_types(prepared: matching.Text, by_sentence: MatchesBySentence, excluded: set[int],
                 evidence_sentences: list[int], named: list[int]) -> set[str]:
    """The event types the evidence sentences, and the *named* sentences about US or coalition
    forces, name of what took place (see _names_what_happened), and reinforcement told with a verb
    (see REINFORCING). Air strikes are the strike sentences' alone."""
    on_topic = set(evidence_sentences) | {
        n for n in named if n not in excluded and about_us(prepared.normalized_sentence(n), by_sentence[n])}
    types = {m.id for n in on_topic for m in by_sentence[n]["event_type"]
             if m.id != "air-strike" and _names_what_happened(prepared, n, m)}
    if any(REINFORCING.search(prepared.normalized_sentence(n)) for n in on_topic):
        types.add("reinforcement")
    return types


def _claims_and_denials(prepared: matching.Text, by_sentence: MatchesBySentence, named: list[int]) -> set[str]:
    """"claim" and "denial" when a sentence that tells of an attack or a strike claims or denies it,
    whoever does (a claim needs a claim word, among the *named* event types, or a group)."""
    with_group = {n for n in range(len(prepared)) if by_sentence[n]["actor"]}
    told = [n for n in sorted(set(named) | with_group) if _tells_of_attack_or_strike(prepared, n, by_sentence)]
    found = set()
    if any(claims_an_attack(prepared, n, by_sentence[n]) for n in told):
        found.add("claim")
    if any("denial" in by_sentence[n].ids("event_type") for n in told):
        found.add("denial")
    return found


def _names_what_happened(prepared: matching.Text, number: int, event_type: matching.Match) -> bool:
    """Does *event_type*, named in sentence *number*, tell of something that took place? Not when
    negated («لم يلاحظ أي تعزيزات»), nor an attack or a clash feared, threatened or planned
    («مخاوف من اشتباكات», «لشن هجوم صاروخي» after «تزداد المخاوف»); announced deployments are news
    of their own and stay."""
    sentence = prepared.normalized_sentence(number)
    at = prepared.position(event_type.start) - prepared.sentence_starts[number]
    if NEGATED.search(sentence[max(0, at - 30):at]):
        return False
    if event_type.id == "reinforcement" and STRUCK.search(sentence[max(0, at - 20):at]):
        return False  # «غارات مكثفة على رتل من القوات الموالية»: the convoy was hit
    return not (event_type.id in (*ATTACK_TYPES_NAMED, "interception") and HYPOTHETICAL.search(sentence))


def attack_type(sentence: str, kinds: SentenceMatches, gazetteer: Gazetteer) -> str:
    """The event type of an attack sentence: from its weapon (see Gazetteer.weapon_event_types),
    else shelling («قصف») or an armed assault («هاجم»)."""
    weapons = kinds.ids("weapon")
    types = kinds.ids("event_type")
    for weapon, event_type in gazetteer.weapon_event_types.items():
        if weapon in weapons:
            return event_type
    for event_type in ATTACK_TYPES_NAMED:
        if event_type in types:
            return event_type
    if "interception" in types:
        return "interception"
    if BLAST.search(sentence):
        return "ied"
    if GROUND.search(sentence):
        return "armed-assault"
    if "قصف" in sentence:
        return "rocket-attack"
    return "attack"
