"""Sentence verdicts: whether a sentence reports an attack on US or coalition forces, a strike by them
or other military activity of theirs, and which sentences of an article do.
"""

from __future__ import annotations

import re
from datetime import date

from rasad.analyse import matching
from rasad.analyse.event_dates import resolve_reported
from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.analyse.tagging.patterns import (ACCIDENT, ACTIVITY, ATTACK, BACKGROUND, CAMPAIGN, COUNTRY_PRESENCE,
                                            DENIED_STRIKE, DONE_BY, EARLIER_WORDS, ELSEWHERE, ELSEWHERE_AT,
                                            FOREIGN_FORCES, HABITUAL, HOST_AGAIN, HYPOTHETICAL, LAST_YEAR,
                                            LEAVING_REGION, LINKED_HEADLINE, NONE_THERE, NOT_TARGET_BEFORE,
                                            NOT_TROOPS_LEAVING, PARTNER, PLACE_AGAIN, POSSIBLE_AFTER, POSSIBLE_BEFORE,
                                            READ_MORE, REGION, SOMEONE_ELSES, SUFFERED, TARGET, US_EMBASSY,
                                            US_PERSONS, US_PRESENCE, US_OR_COALITION, US_STRIKES, US_WORD, YEAR)
from rasad.analyse.tagging.places import host_places, is_area, us_places
from rasad.text.arabic import normalize

ATTACK_REACH = 90
"""How far (in characters of the normalized sentence) an attack word may precede its target."""
SUFFERED_REACH = 110
"""How far after its target a verb it suffered may come («جنديا أميركيا وآخر من التحالف ... قتلا»)."""


def about_us(sentence: str, kinds: SentenceMatches) -> bool:
    """Does the sentence concern US or coalition forces or their bases?"""
    return (any(m.id in US_OR_COALITION for m in kinds["actor"]) or bool(kinds["site"])
            or TARGET.search(sentence) is not None or US_STRIKES.search(sentence) is not None)


def _possible_strike(sentence: str, start: int, end: int) -> bool:
    """Is the strike phrase at *start*–*end* only possible, expected or pending: «أي ضربة عسكرية
    أمريكية محتملة», «الضربة الأميركية المرتقبة», «قرار شن ضربات غربية»?"""
    return bool(POSSIBLE_AFTER.match(sentence, end) or POSSIBLE_BEFORE.search(sentence[max(0, start - 20):start]))


def classify(prepared: matching.Text, by_sentence: MatchesBySentence, excluded: set[int], published: date | None,
             gazetteer: Gazetteer) -> tuple[list[int], list[int], list[int]]:
    """The sentences that report an attack on US/coalition forces, a strike by them, and other
    military activity of theirs (see _sentence_verdict); background and other countries left out."""
    found: dict[str, list[int]] = {"attack": [], "strike": [], "activity": []}
    hosting = host_places(prepared, by_sentence, gazetteer)
    # Where the text last said things happen: a strike or other activity in a sentence that names
    # no place of its own is where the sentences before it were.
    place = None
    for number in range(len(prepared)):
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence[number]
        if number in excluded and not kinds["site"] or _is_background(sentence, published):
            continue
        place, about_another_country = _where(sentence, kinds, place)
        if about_another_country:
            continue
        previous = prepared.normalized_sentence(number - 1) if number else ""
        verdict = _sentence_verdict(prepared, number, sentence, kinds, gazetteer,
                                    us_places(previous, by_sentence[number - 1], gazetteer), hosting)
        if verdict == "attack" and US_STRIKES.search(sentence):
            found["strike"].append(number)  # «... قصفت قاعدة حرير، فردت القوات الأمريكية بغارات»
        if (counted := _counted(verdict, number, sentence, previous, place)) is not None:
            found[counted].append(number)
    return found["attack"], found["strike"], found["activity"]


def _counted(verdict: str | None, number: int, sentence: str, previous: str, place: str | None) -> str | None:
    """What sentence *number*'s *verdict* counts as: a habitual strike is activity; a strike or
    activity where the text said things happen elsewhere, or in the headline of another story the
    page links to, is none of the article's."""
    if verdict == "strike" and HABITUAL.search(sentence):
        verdict = "activity"
    if verdict in ("strike", "activity") and (place == "elsewhere" or _links_elsewhere(number, sentence, previous)):
        return None  # «... القوات الأمريكية في أفغانستان. وقال إن قائد القوات الأمريكية حضر الاجتماع»
    return verdict


LINKS_FROM = 3
"""Sentences from this one on may be headlines of other stories (before it: the article's own
headline and lead)."""


def _links_elsewhere(number: int, sentence: str, previous: str) -> bool:
    """Is sentence *number* the headline of another story the page links to: after a «read more»
    line (READ_MORE), or a «Speaker: statement» line (LINKED_HEADLINE), past the article's lead?"""
    return number >= LINKS_FROM and (READ_MORE.match(previous) is not None or LINKED_HEADLINE.match(sentence) is not None)


def _is_background(sentence: str, published: date | None) -> bool:
    """Is *sentence* background from earlier years («العام الماضي», a year before the paper's and
    not its own), of back then («إبان», «الذكرى») or of a campaign without a day (see CAMPAIGN), not what
    the article reports?"""
    years = [int(year) for year in YEAR.findall(sentence)]
    earlier = published is not None and any(year < published.year for year in years) and published.year not in years
    campaign = CAMPAIGN.search(sentence) is not None and resolve_reported(sentence, published) is None
    return earlier or campaign or LAST_YEAR.search(sentence) is not None or BACKGROUND.search(sentence) is not None


def _where(sentence: str, kinds: SentenceMatches, place: str | None) -> tuple[str | None, bool]:
    """(where the text says things happen after *sentence*, given *place* before it: "region",
    "elsewhere" or None; is *sentence* about another country?). A sentence that names another
    country is about it unless it names a place of the region too; after one that says things
    happen there («في أفغانستان»), so are those that name only a place of the region."""
    elsewhere = ELSEWHERE.search(sentence) is not None
    in_region = (elsewhere or place == "elsewhere") and bool(kinds["site"] or REGION.search(sentence))
    if elsewhere and not in_region:
        return ("elsewhere" if ELSEWHERE_AT.search(sentence) else place), True
    return ("region" if in_region else place), False


PRESENCE_REACH = 60
"""How far (characters, about eight words) a presence word may stand from the country it is said of
(«الولايات المتحدة ستسحب جنودها»): farther, the sentence says something else of each."""


def _sentence_verdict(prepared: matching.Text, number: int, sentence: str, kinds: SentenceMatches,
                      gazetteer: Gazetteer, named_before: set[str], hosting: set[str]) -> str | None:
    """"attack" (on US/coalition forces), "strike" (by them), "activity" (other military
    activity tied to them), or None. *named_before*: the US places the sentence before named,
    which «القاعدة», «السفارة» here refer back to; *hosting*: the airports or compounds the article
    says a US place lies in (see HOSTED_IN)."""
    base = prepared.sentence_starts[number]
    sentence = _blanked(PARTNER, sentence)
    # Named as a partner's backer («القوات الكردية المتحالفة مع الجيش الأمريكي»), they are not there.
    us_named = any(m.id in US_OR_COALITION and not sentence[prepared.position(m.start) - base].isspace()
                   for m in kinds["actor"])
    strikes = [m.span() for m in US_STRIKES.finditer(sentence)]
    targets = _site_targets(prepared, base, sentence, kinds, gazetteer, us_named,
                            _unnamed_targets(sentence, strikes, named_before, hosting))
    # What an earlier statement said («بعد أيام من إعلان ترامب سحب القوات») is not what the sentence tells
    # of them: no threat to them, no activity of theirs (an attack told there is still one).
    told = _blanked(EARLIER_WORDS, sentence)
    targets_told = [(start, end) for start, end in targets if not told[start].isspace()]
    if _attacked(prepared, base, sentence, kinds, targets):
        if not HYPOTHETICAL.search(sentence):
            return "attack"
        if _attacked(prepared, base, told, kinds, targets_told):
            return "activity"  # threatened, warned of or only possible
    if strikes:  # the strike phrase itself names the US or the coalition
        return "strike" if any(not _possible_strike(sentence, *span) for span in strikes) else "activity"
    if not _tells_of_activity(told, _forces_named(prepared, base, told, kinds, gazetteer, targets_told)):
        return None
    return None if FOREIGN_FORCES.search(sentence) else "activity"  # not one of all the foreign forces listed


def _forces_named(prepared: matching.Text, base: int, told: str, kinds: SentenceMatches, gazetteer: Gazetteer,
                  targets: list[tuple[int, int]]) -> bool:
    """Does *told* (a sentence with parts blanked) still name US or coalition forces, one of
    *targets* or a base?"""
    forces_at = [prepared.position(m.start) - base for m in kinds["actor"] if m.id in US_OR_COALITION] + [
        start for start, _ in targets] + [prepared.position(m.start) - base for m in kinds["site"]
                                          if not is_area(gazetteer, m)]
    return any(not told[at].isspace() for at in forces_at)


def _blanked(pattern: re.Pattern, sentence: str) -> str:
    """*sentence* with what *pattern* matches blanked out: the same length, so positions hold."""
    return pattern.sub(lambda m: " " * len(m.group(0)), sentence)


def _unnamed_targets(sentence: str, strikes: list[tuple[int, int]], named_before: set[str],
                     hosting: set[str]) -> list[tuple[int, int]]:
    """The spans of the US/coalition targets *sentence* names without a gazetteer site: a base,
    convoy or forces of theirs (not as the ones striking, not as a location), or the base, embassy
    or consulate the sentence before named, or an airport or compound the article says hosts one."""
    def is_agent(start: int, end: int) -> bool:
        return any(s <= start < e or s < end <= e for s, e in strikes)

    targets = [m.span() for m in TARGET.finditer(sentence)
               if not is_agent(*m.span()) and not NOT_TARGET_BEFORE.search(sentence[max(0, m.start() - 20):m.start()])]
    targets += [m.span(1) for m in PLACE_AGAIN.finditer(sentence) if m.group(1) in named_before]
    if hosting:
        targets += [m.span(1) for m in HOST_AGAIN.finditer(sentence) if m.group(1) in hosting]
    return targets


def _site_targets(prepared: matching.Text, base: int, sentence: str, kinds: SentenceMatches, gazetteer: Gazetteer,
                  us_named: bool, targets: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """*targets* and the spans of the gazetteer sites *sentence* names as targets: not as a location,
    not as another army's, and a town or area only with US forces, another target or the US embassy
    named (a site before it counts)."""
    targets = list(targets)
    for m in kinds["site"]:
        start = prepared.position(m.start) - base
        end = start + len(normalize(m.surface))
        area = is_area(gazetteer, m)
        if NOT_TARGET_BEFORE.search(sentence[max(0, start - 20):start]) or (
                not area and SOMEONE_ELSES.match(sentence, end)):  # «مدينة منبج السورية» is a Syrian town
            continue
        if not area or us_named or targets or US_EMBASSY.search(sentence):
            targets.append((start, end))
    return targets


def _attacked(prepared: matching.Text, base: int, sentence: str, kinds: SentenceMatches,
              targets: list[tuple[int, int]]) -> bool:
    """Is one of *targets* attacked: an attack word or a weapon shortly before it (not one the
    forces named after it carried out), or a word of suffering around it? A crash is no attack."""
    if ACCIDENT.search(sentence) and not kinds["weapon"]:
        return False
    cues = [m.start() for m in ATTACK.finditer(sentence)] + [
        prepared.position(m.start) - base for m in kinds["weapon"]]
    return any(
        any(0 < start - cue <= ATTACK_REACH and not DONE_BY.search(sentence[cue:start]) for cue in cues)
        or SUFFERED.search(sentence[max(0, start - 30):end + SUFFERED_REACH]) is not None
        for start, end in targets
    )


def _tells_of_activity(sentence: str, forces_named: bool) -> bool:
    """Does *sentence* tell of military activity of US or coalition forces? With their forces or
    places named (*forces_named*): any military activity of theirs. Only the country named
    («واشنطن», «الولايات المتحدة»): its forces' presence, not its threats, options or sanctions.
    Neither in what a statement says there is none of, or in others' redeployment (NONE_THERE)."""
    staying_or_leaving = _blanked(NOT_TROOPS_LEAVING, sentence)
    return _activity_told(sentence, staying_or_leaving, forces_named) and _activity_told(
        sentence, _blanked(NONE_THERE, staying_or_leaving), forces_named)


def _activity_told(sentence: str, staying_or_leaving: str, forces_named: bool) -> bool:
    """_tells_of_activity with *staying_or_leaving*, the sentence with parts blanked."""
    if forces_named and (ACTIVITY.search(staying_or_leaving) or DENIED_STRIKE.search(sentence)):
        return True
    if US_PRESENCE.search(staying_or_leaving):  # «الوجود الأمريكي في سوريا»
        return True
    if DENIED_STRIKE.search(sentence) and US_WORD.search(sentence):
        return True
    # «انسحاب أمريكا من سوريا», «ترامب يريد الخروج من سوريا»
    return _near(US_WORD, COUNTRY_PRESENCE, staying_or_leaving) or _near(US_PERSONS, LEAVING_REGION, staying_or_leaving)


def _near(first: re.Pattern, second: re.Pattern, text: str) -> bool:
    """Does a match of *first* in *text* lie within PRESENCE_REACH characters of a match of *second*?"""
    starts = [match.start() for match in first.finditer(text)]
    return bool(starts) and any(abs(start - match.start()) <= PRESENCE_REACH
                                for match in second.finditer(text) for start in starts)
