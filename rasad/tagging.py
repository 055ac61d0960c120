"""Tagging: what an article reports about attacks on US and coalition forces, as a pure function
of (title, text, publication date) → :class:`Tags`.

- **Matches** of the gazetteer (sites, actors, weapons, event types, countries) on the normalized
  text, clitics allowed (rasad.matching); «التحالف» in a sentence about Yemen is not the
  international coalition.
- **Attack sentences**: a sentence that names a US/coalition target (a gazetteer base, US or
  coalition forces, a US base, convoy or the embassy) together with an attack word or a weapon,
  where the target is attacked rather than attacking (a «غارات أمريكية» sentence reports a US
  strike, not an attack on US forces). Claims, denials and interceptions of such attacks count.
- **Relevance**: ``core`` with at least one attack sentence in Iraq, Syria or Jordan; ``related``
  when US/coalition forces appear with military activity (strikes, reinforcements, exercises,
  presence or withdrawal, threats); ``none`` otherwise; with a score and the deciding sentences.
- **Events** for core articles: one per attacked site (or per attack sentence without a site),
  with date and precision (rasad.event_dates), coordinates from the gazetteer, weapon, number of
  projectiles, killed, wounded and who claimed it.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from rasad import matching
from rasad.arabic import normalize
from rasad.arabic_numbers import is_dual, number_before
from rasad.event_dates import resolve
from rasad.gazetteer import Gazetteer, cached

# Normalized patterns. A US/coalition target named without a gazetteer entry:
_TARGET = re.compile(
    r"(?<!\w)(?:[وف]?[بلك]?)(?:ال)?(?:قاعده|قواعد|مقر|مقرات|رتل|ارتال|قافله|قوافل|دوريه|دوريات|معسكر|موقع|مواقع|نقطه|منشات)"
    r"\s+(?:عسكري(?:ه)?\s+)?(?:امريكي|اميركي|امريكيه|اميركيه|للتحالف|التحالف|للقوات الامريكيه|للقوات الاميركيه|"
    r"تابع(?:ه)? للتحالف|تابع(?:ه)? للقوات الامريكيه|تستضيف قوات|تضم قوات)"
    r"|(?<!\w)[وف]?[بلك]?(?:ال)?(?:جنود|عسكريين|مستشارين|قوات)\s+(?:ال)?(?:امريكيين|اميركيين|امريكيه|اميركيه|التحالف)"
    r"|السفاره الامريكيه|السفاره الاميركيه"
)
_ATTACK = re.compile(
    r"(?<!\w)[وف]?[بلك]?(?:ال)?(?:هجوم|هجمات|هاجم\w*|استهداف|استهدف\w*|يستهدف|تستهدف|قصف\w*|سقوط|سقط\w*|"
    r"انفجار|تفجير|اطلاق|اطلق\w*|ضرب\w*|اعتداء|اعتداءات|عمليه|عمليات|تعرض\w*|رشق\w*)(?!\w)"
)
# US/coalition as the one striking: «غارات أمريكية», «ضربات للتحالف», «شنت القوات الأمريكية».
_US_STRIKES = re.compile(
    r"(?:غارات|غاره|ضربات|ضربه|قصف|طائرات|مقاتلات|طيران|هجوم|هجمات|مسيره|مسيرات)\s+(?:جويه\s+|حربيه\s+)?"
    r"(?:امريكي|اميركي|امريكيه|اميركيه|للتحالف|التحالف|القوات الامريكيه|الجيش الامريكي|للقوات الامريكيه)"
    r"|(?:شنت|نفذت|قصفت|استهدفت|ضربت|اغارت)\s+(?:ال)?(?:قوات|طائرات|مقاتلات|الولايات المتحده|واشنطن|التحالف|الجيش)"
    r"(?:\s+(?:الامريكيه|الاميركيه|الامريكي|الاميركي|الدولي|التحالف))?"
)
# Military activity tied to US/coalition forces that makes an article related.
_ACTIVITY = re.compile(
    r"انسحاب|الانسحاب|الوجود العسكري|وجود القوات|بقاء القوات|تهديد|تهدد|توعد|انتقام|رد\s|الرد|"
    r"قاعده عسكريه|قواعد عسكريه|تعزيزات|دوريه|دوريات|تدريب|مستشارين|عمليات عسكريه|غارات|ضربات"
)
_ABOUT = r"(?:(?:اكثر|اقل) من\s+|نحو\s+|حوالي\s+|قرابه\s+)?"
# «مقتل ثلاثة جنود», «مقتل 3», «ثلاثة قتلى»; «إصابة 40», «جرح أكثر من 40», «40 جريحا»
_KILLED = re.compile(rf"(?:مقتل|قتل|مصرع)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
_KILLED_AFTER = re.compile(r"(\S+(?:\s+عشر)?)\s+(?:قتلى|قتيلا|قتيل)")
_WOUNDED = re.compile(rf"(?:اصابه|جرح|واصابه|وجرح|اصيب)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
_WOUNDED_AFTER = re.compile(r"(\S+(?:\s+عشر)?)\s+(?:جرحى|جريحا|جريح|مصابين)")
# A sentence that sums up many attacks («عشرات الهجمات», «منذ ...», «23 هجوما») is not one event.
_AGGREGATE = re.compile(r"عشرات|مئات|سلسله من|(?<!\w)منذ(?!\w)|\d+\s+(?:هجوما|هجمات|عمليه)|اكثر من \d+\s+هجوم")
_CLAIM_WORDS = ("تبنت", "تبنى", "تبني", "مسووليتها", "مسووليته", "اعلنت المسووليه")
_HOSTILE_ACTORS = {"us-forces", "coalition", "sdf"}
_ATTACK_TYPES = {"rocket", "mortar", "ballistic-missile", "artillery"}


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
    matches: list[matching.Match] = field(default_factory=list, repr=False)
    text: matching.Text | None = field(default=None, repr=False)  # what the match offsets refer to

    def as_json(self) -> dict:
        """The documented output of ``rasad tag``: exactly these keys."""
        return {
            "relevance": self.relevance, "score": self.score, "sites": self.sites, "actors": self.actors,
            "event_types": self.event_types, "countries": self.countries,
            "events": [asdict(event) for event in self.events],
        }


def _casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, wounded) written in a normalized sentence; a lower bound («أكثر من 40») counts as 40."""
    def first(*patterns: re.Pattern) -> int | None:
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                if (value := number_before(m.group(1).split())) is not None:
                    return value
        return None

    return first(_KILLED, _KILLED_AFTER), first(_WOUNDED, _WOUNDED_AFTER)


def _projectiles(text: matching.Text, weapon: matching.Match) -> int | None:
    surface = normalize(weapon.surface)
    first_word = surface.split()[0]
    if is_dual(first_word) or is_dual(surface.split()[-1]):
        return 2
    before = text.normalized[:text.position(weapon.start)].split()[-3:]
    value = number_before(before)
    if value is not None:
        return value
    if first_word.lstrip("وفبلك") in ("صاروخ", "قذيفه", "طائره", "مسيره", "عبوه"):
        return 1
    return None


def tag(text: str, title: str = "", published: date | None = None, gazetteer: Gazetteer | None = None) -> Tags:
    gazetteer = gazetteer or cached()
    prepared = matching.Text.of(f"{title}\n{text}" if title else text)
    found = {kind: matching.find(gazetteer, kind, prepared) for kind in ("site", "actor", "weapon", "event_type", "country")}
    excluded = {m.sentence for m in matching.find(gazetteer, "exclusion", prepared)}
    # «التحالف» next to Yemen is the Saudi-led coalition; a site or country of this monitor in the
    # same sentence keeps it.
    found["actor"] = [m for m in found["actor"] if not (m.id == "coalition" and m.sentence in excluded)]
    by_sentence: dict[int, dict[str, list[matching.Match]]] = {}
    for kind, matches in found.items():
        for m in matches:
            by_sentence.setdefault(m.sentence, {}).setdefault(kind, []).append(m)

    attack_sentences: list[int] = []
    strike_sentences: list[int] = []
    activity_sentences: list[int] = []
    for number in range(len(prepared)):
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence.get(number, {})
        if number in excluded and not kinds.get("site"):
            continue
        us_actor = any(m.id in ("us-forces", "coalition") for m in kinds.get("actor", []))
        target = bool(kinds.get("site")) or _TARGET.search(sentence) is not None
        attack_word = _ATTACK.search(sentence) is not None or bool(kinds.get("weapon")) or any(
            m.id in ("rocket-attack", "drone-attack", "ied", "armed-assault", "interception") for m in kinds.get("event_type", []))
        us_strike = _US_STRIKES.search(sentence) is not None
        if target and attack_word and not (us_strike and not kinds.get("site") and _TARGET.search(sentence) is None):
            attack_sentences.append(number)
        elif (us_actor or target) and (attack_word or us_strike):
            strike_sentences.append(number)
        elif (us_actor or target) and _ACTIVITY.search(sentence):
            activity_sentences.append(number)

    countries_in_article = {m.id for m in found["country"]} | {
        gazetteer.get("site", m.id)["country"] for m in found["site"]}
    in_region = bool(countries_in_article & {"IQ", "SY", "JO"})
    event_type_ids = {m.id for m in found["event_type"]}
    has_us = any(m.id in ("us-forces", "coalition") for m in found["actor"]) or bool(found["site"]) or bool(
        _TARGET.search(prepared.normalized))

    if attack_sentences and in_region:
        relevance, score = "core", min(1.0, 0.6 + 0.1 * len(attack_sentences))
        evidence_sentences = attack_sentences
    elif has_us and in_region and (strike_sentences or activity_sentences or event_type_ids & {"reinforcement", "exercise", "air-strike"}):
        relevance = "related"
        evidence_sentences = strike_sentences + activity_sentences
        score = round(min(0.59, 0.3 + 0.05 * len(evidence_sentences)), 2)
    else:
        relevance = "none"
        evidence_sentences = []
        score = round(min(0.29, 0.05 * (len(found["site"]) + len(found["actor"]) + len(found["weapon"]))), 2)

    events = _events(prepared, gazetteer, by_sentence, attack_sentences, found, published) if relevance == "core" else []
    event_countries = {e.country for e in events if e.country}
    if relevance != "none" and not event_countries:
        event_countries = {gazetteer.get("site", m.id)["country"] for m in found["site"]} or (
            countries_in_article & {"IQ", "SY", "JO"})
    reported_types = set(event_type_ids)
    reported_types |= {e.event_type for e in events}
    if strike_sentences:
        reported_types.add("air-strike")
    return Tags(
        relevance=relevance,
        score=round(score, 2),
        evidence=[prepared.sentence(n) for n in evidence_sentences[:5]],
        sites=sorted({m.id for m in found["site"]}),
        actors=sorted({m.id for m in found["actor"]}),
        weapons=sorted({m.id for m in found["weapon"]}),
        event_types=sorted(reported_types) if relevance != "none" else sorted(event_type_ids & {"claim", "denial"}),
        countries=sorted(event_countries) if relevance != "none" else [],
        events=events,
        matches=[m for matches in found.values() for m in matches],
        text=prepared,
    )


def tag_article(article, gazetteer: Gazetteer | None = None) -> Tags:
    """Tags of a stored or extracted article (anything with title, text and published_at)."""
    published = date.fromisoformat(article.published_at[:10]) if article.published_at else None
    return tag(article.text, article.title, published, gazetteer)


def _events(prepared: matching.Text, gazetteer: Gazetteer, by_sentence: dict, attack_sentences: list[int],
            found: dict, published: date | None) -> list[Event]:
    claimant = None
    for number in range(len(prepared)):
        sentence = prepared.normalized_sentence(number)
        if any(word in sentence for word in _CLAIM_WORDS):
            actors = [m.id for m in by_sentence.get(number, {}).get("actor", []) if m.id not in _HOSTILE_ACTORS]
            if actors:
                claimant = actors[0]
                break
    article_date = None
    for number in range(min(3, len(prepared))):
        if (resolved := resolve(prepared.normalized_sentence(number), published)) is not None:
            article_date = resolved
            break
    events: dict[tuple, Event] = {}
    for number in attack_sentences:
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence.get(number, {})
        # An event needs an anchor (a site or a weapon) and must be one attack, not a summary.
        if not (kinds.get("site") or kinds.get("weapon")) or _AGGREGATE.search(sentence):
            continue
        sites = list(dict.fromkeys(m.id for m in kinds.get("site", []))) or [None]
        weapons = kinds.get("weapon", [])
        weapon = weapons[0] if weapons else None
        resolved = resolve(sentence, published) or article_date or ((published, 2) if published else (None, None))
        killed, wounded = _casualties(sentence)
        types = {m.id for m in kinds.get("event_type", [])}
        if weapon is not None and weapon.id == "drone":
            event_type = "drone-attack"
        elif weapon is not None and weapon.id in _ATTACK_TYPES:
            event_type = "rocket-attack"
        elif weapon is not None and weapon.id == "ied":
            event_type = "ied"
        elif "interception" in types:
            event_type = "interception"
        elif weapon is not None and weapon.id == "small-arms":
            event_type = "armed-assault"
        else:
            event_type = next((t for t in ("rocket-attack", "drone-attack", "ied", "armed-assault") if t in types), "rocket-attack")
        sentence_countries = [m.id for m in kinds.get("country", [])]
        for site_id in sites:
            site = gazetteer.get("site", site_id) if site_id else None
            key = (site_id, resolved[0]) if site_id else (None, resolved[0], number)
            if key in events:
                event = events[key]
                event.projectiles = event.projectiles or (_projectiles(prepared, weapon) if weapon else None)
                event.killed = event.killed or killed
                event.wounded = event.wounded or wounded
                continue
            events[key] = Event(
                event_date=resolved[0].isoformat() if resolved[0] else None,
                time_precision=resolved[1],
                site=site_id,
                latitude=site["lat"] if site else None,
                longitude=site["lon"] if site else None,
                geo_precision=(1 if site["lat"] is not None else 2) if site else None,
                country=site["country"] if site else (sentence_countries[0] if sentence_countries else None),
                admin1=site["admin1"] if site else None,
                event_type=event_type,
                weapon=weapon.id if weapon else None,
                projectiles=_projectiles(prepared, weapon) if weapon and len(sites) == 1 else None,
                killed=killed,
                wounded=wounded,
                claimed_by=claimant,
                sentence=prepared.sentence(number),
            )
    return list(events.values())
