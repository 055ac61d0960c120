"""Where things are: countries named as places, sites that are areas rather than bases, US places a
sentence names, and whether the article places US or coalition forces in the region.
"""

from __future__ import annotations

from rasad.analyse import matching
from rasad.analyse.gazetteer import Gazetteer
from rasad.analyse.tagging.matches import MatchesBySentence, SentenceMatches
from rasad.analyse.tagging.patterns import (BORDER, HOSTED_IN, LOCATIVE, NEAR, PLACES, PLACE_NOUN, TARGET,
                                            US_OR_COALITION)
from rasad.text.arabic import normalize

REGION_COUNTRIES = frozenset({"IQ", "SY", "JO"})
"""The countries whose attacks on US and coalition forces rasad follows (gazetteer country ids)."""


def countries_of(sentences: list[int], by_sentence: MatchesBySentence, gazetteer: Gazetteer,
                 prepared: matching.Text) -> set[str]:
    """Where the events of *sentences* happened: their sites' countries, else the countries they
    name as places (see _names_a_place)."""
    found: set[str] = set()
    for number in sentences:
        kinds = by_sentence[number]
        sites = {gazetteer.get("site", m.id)["country"] for m in kinds["site"]}
        found |= sites or {m.id for m in kinds["country"] if m.id in REGION_COUNTRIES and _names_a_place(prepared, m)}
    return found


def _located_in(prepared: matching.Text, country: matching.Match) -> bool:
    at = prepared.position(country.start)
    before = prepared.normalized[max(0, at - 24):at]
    if normalize(country.surface).startswith("ب"):
        return True
    return LOCATIVE.search(before) is not None and NEAR.search(before) is None


def _names_a_place(prepared: matching.Text, country: matching.Match) -> bool:
    """«في سوريا», «البادية السورية» name where; «الحشد الشعبي العراقي», «الجيش السوري» say whose,
    and «قرب الحدود العراقية» is on the other side of the border."""
    at = prepared.position(country.start)
    before = prepared.normalized[max(0, at - 16):at]
    if BORDER.search(before):
        return False
    return not normalize(country.surface).endswith(("ي", "يه")) or PLACE_NOUN.search(before) is not None


def is_area(gazetteer: Gazetteer, site: matching.Match) -> bool:
    """Does *site* name a town or district where US or coalition forces or offices are, rather
    than their base: a site with ``area = true``, or one of its ``area_variants`` («المنطقة الخضراء»
    houses the Iraqi government and many embassies besides the US one)?"""
    entry = gazetteer.get("site", site.id)
    surface = normalize(site.surface)
    return bool(entry["area"]) or any(normalize(variant) in surface for variant in entry["area_variants"] or [])


def us_places(sentence: str, kinds: SentenceMatches, gazetteer: Gazetteer) -> set[str]:
    """Which of a base, an embassy or a consulate of the US or the coalition *sentence* names."""
    named = " ".join([m.group(0) for m in TARGET.finditer(sentence)] + [
        normalize(m.surface) for m in kinds["site"] if not is_area(gazetteer, m)])
    return {place for place in PLACES if place in named}


def host_places(prepared: matching.Text, by_sentence: MatchesBySentence, gazetteer: Gazetteer) -> set[str]:
    """The airports and compounds («مطار», «مجمع») a sentence of the article says a US base,
    embassy or consulate lies in."""
    found = set()
    for m in HOSTED_IN.finditer(prepared.normalized):
        number = prepared.sentence_of(m.start())
        if us_places(prepared.normalized_sentence(number), by_sentence[number], gazetteer):
            found.add(m.group(1))
    return found


def placed_in_region(prepared: matching.Text, by_sentence: MatchesBySentence, excluded: set[int], sentences: set[int],
                     gazetteer: Gazetteer) -> bool:
    """Does one of *sentences* (not excluded) place US or coalition forces in Iraq, Syria or Jordan:
    the forces and a place of the region («القوات الأمريكية في سوريا», «قاعدة التنف»)?"""
    return any(_places_forces(prepared, number, by_sentence[number], gazetteer)
               for number in sorted(sentences) if number not in excluded)


def _places_forces(prepared: matching.Text, number: int, kinds: SentenceMatches, gazetteer: Gazetteer) -> bool:
    """Does sentence *number* name US or coalition forces and a base, or a country of the region
    as where they are, right after them (see PLACEMENT_REACH)?"""
    sentence = prepared.normalized_sentence(number)
    base = prepared.sentence_starts[number]
    forces_end = [prepared.position(m.end - 1) + 1 - base for m in kinds["actor"]
                  if m.id in US_OR_COALITION] + [m.end() for m in TARGET.finditer(sentence)]
    if not forces_end:
        return False
    return any(not is_area(gazetteer, m) for m in kinds["site"]) or any(
        m.id in REGION_COUNTRIES and _names_a_place(prepared, m) and _located_in(prepared, m)
        and any(0 <= prepared.position(m.start) - base - end <= PLACEMENT_REACH for end in forces_end)
        for m in kinds["country"])


PLACEMENT_REACH = 25
"""How far (characters, about three words) after the forces the country they are in may come:
«القوات الأمريكية في سوريا», «جنود أمريكيون منتشرون في شرق سوريا»; farther, the country is where
something else is («أطلقت الولايات المتحدة ... صواريخ على منشآت في سوريا»)."""
