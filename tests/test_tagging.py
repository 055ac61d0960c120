from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from datetime import date

import pytest

from rasad.analyse import gazetteer, matching, tagging
from rasad.analyse.event_dates import DAY, WEEK, resolve, resolve_reported
from rasad.analyse.tagging import tag
from rasad.text.arabic import normalize
from rasad.text.arabic_numbers import is_dual, number_before
from tests.conftest import REPOSITORY

SEEDS = REPOSITORY / "tests" / "fixtures" / "seeds"
PUBLISHED = {"000": date(2024, 4, 22), "001": date(2022, 1, 5), "002": date(2024, 2, 5), "003": date(2023, 11, 1),
             "004": date(2024, 7, 26)}


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


def ids(text: str, kind: str) -> set[str]:
    return {m.id for m in matching.find(gazetteer.cached(), kind, matching.Text.of(text))}


@pytest.mark.parametrize("text", ["قصفت الفصائل قاعدة عين الأسد", "وعين الاسد تعرضت", "بقاعدة عين الأسـد الجويّة",
                                  "في ناحية البغدادي", "استهدفت وعين الأسد"])
def test_sites_match_through_clitics_and_spelling_variants(text):
    assert ids(text, "site") == {"ain-al-asad"}


def test_article_forms_with_clitics():
    assert ids("هجوم على قاعدة التنف وبالتنف وللتنف", "site") == {"al-tanf"}
    assert ids("أعلن للتحالف الدولي والتحالف الدولي", "actor") == {"coalition"}
    assert ids("المؤسسة والتنفيذ", "site") == set()  # «التنف» inside another word is not a match


def test_matches_point_at_the_original_text_and_sentence():
    text = "عاجل.\nسقطت خمسة صواريخ على قاعدة «عين الأسـد» الجوية."
    match = next(m for m in matching.find(gazetteer.cached(), "site", matching.Text.of(text)))
    assert text[match.start:match.end] == match.surface == "عين الأسـد"
    assert match.sentence == 1


def test_the_yemen_coalition_is_not_the_international_coalition():
    yemen = tag("أعلن التحالف بقيادة السعودية أن دفاعاته اعترضت صاروخا باليستيا أطلقه الحوثيون باتجاه جازان.")
    assert "coalition" not in yemen.actors and yemen.relevance == "none"
    syria = tag("أعلن التحالف الدولي أن قاعدة التنف في سوريا تعرضت لهجوم بطائرة مسيرة.")
    assert "coalition" in syria.actors and syria.relevance == "core"


def test_a_us_strike_is_related_not_an_attack_on_us_forces():
    result = tag("شنت طائرات أمريكية غارات جوية على مواقع لكتائب حزب الله في البوكمال شرقي سوريا.")
    assert result.relevance == "related" and "air-strike" in result.event_types and result.events == []


def test_attacks_outside_iraq_syria_and_jordan_are_not_reported():
    result = tag("قتل جنديان أمريكيان في هجوم بعبوة ناسفة استهدف دوريتهما في أفغانستان.")
    assert result.relevance == "none" and result.events == [] and result.event_types == [] and result.countries == []
    assert result.weapons == ["ied"]  # what the text names is still tagged


@pytest.mark.parametrize(("words", "value"), [("خمسة", 5), ("ثماني", 8), ("بثلاث", 3), ("ثلاثة عشر", 13),
                                               ("25", 25), ("خمسة وعشرين", 25)])
def test_arabic_number_words(words, value):
    assert number_before(normalize(words).split()) == value


def test_duals():
    assert is_dual(normalize("مسيرتين")) and is_dual(normalize("صاروخين")) and not is_dual(normalize("صواريخ"))


@pytest.mark.parametrize(("sentence", "expected"), [
    ("استهدفت هجمات صاروخية، الأربعاء، قواعد", (date(2024, 7, 24), DAY)),
    ("وقع الهجوم أمس الثلاثاء", (date(2024, 7, 23), DAY)),
    ("شهدت ليلة الجمعة قصف موقعين", (date(2024, 7, 25), DAY)),
    ("فجر اليوم الجمعة (26 آب \\ تموز 2024)", (date(2024, 7, 26), DAY)),
    ("الأسبوع الماضي", (date(2024, 7, 19), WEEK)),
    ("أول أمس", (date(2024, 7, 24), DAY)),
])
def test_event_dates_resolve_against_the_publication_date(sentence, expected):
    assert resolve(normalize(sentence), date(2024, 7, 26)) == expected  # a Friday


def test_the_night_of_a_day_depends_on_when_it_was_written():
    saturday = date(2018, 8, 18)
    assert resolve(normalize("هاجم مسلحون القاعدة ليلة الجمعة"), saturday) == (date(2018, 8, 17), DAY)
    assert resolve(normalize("هاجم مسلحون القاعدة ليل الجمعة"), date(2018, 8, 17)) == (date(2018, 8, 17), DAY)


def test_seed_001_sites_weapons_and_projectile_counts():
    result = tag(seed("001"), published=PUBLISHED["001"])
    assert result.relevance == "core"
    assert {"ain-al-asad", "green-village", "al-omar", "baghdad-airport", "erbil-airport", "al-tanf"} <= set(result.sites)
    assert {"rocket-attack", "drone-attack"} <= set(result.event_types)
    ain_al_asad = [e for e in result.events if e.site == "ain-al-asad" and e.weapon == "rocket"]
    assert ain_al_asad and ain_al_asad[0].projectiles == 5 and ain_al_asad[0].event_date == "2022-01-05"
    assert ain_al_asad[0].latitude == pytest.approx(33.7857) and ain_al_asad[0].country == "IQ"
    # «بثماني قذائف صاروخة» (sic): shells of unnamed kind, eight of them
    green_village = [e for e in result.events if e.site == "green-village" and e.weapon]
    assert [(e.weapon, e.projectiles, e.event_type) for e in green_village] == [("shell", 8, "rocket-attack")]


def test_an_event_type_follows_the_weapon_the_gazetteer_ranks_first():
    order = gazetteer.cached().weapon_event_types
    assert list(order)[:2] == ["drone", "ied"] and order["shell"] == order["mortar"] == "rocket-attack"
    result = tag("استهدف هجوم بالصواريخ والطائرات المسيرة قاعدة عين الأسد غرب العراق فجر اليوم.", published=date(2024, 1, 2))
    assert [e.event_type for e in result.events if e.site == "ain-al-asad"] == ["drone-attack"]


def test_seed_002_tower_22_casualties():
    result = tag(seed("002"), published=PUBLISHED["002"])
    tower = [e for e in result.events if e.site == "tower-22"]
    assert tower and (tower[0].killed, tower[0].wounded, tower[0].country) == (3, 40, "JO")
    assert "islamic-resistance-iraq" in result.actors


@pytest.mark.parametrize("number", sorted(PUBLISHED))
def test_every_seed_is_core(number):
    result = tag(seed(number), published=PUBLISHED[number])
    assert result.relevance == "core" and result.events and result.evidence


def test_rasad_tag_prints_exactly_the_documented_keys(tmp_path):
    result = subprocess.run([sys.executable, "-m", "rasad", "tag", str(next(SEEDS.glob("004_*.txt"))), "-",
                             "--published", "2024-07-26"],
                            input="مباراة ودية بين فريقين في كرة القدم انتهت بالتعادل.", cwd=REPOSITORY,
                            capture_output=True, text=True, check=True)
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    keys = {"file", "relevance", "score", "sites", "actors", "event_types", "countries", "events", "responses"}
    assert set(first) == set(second) == keys  # "file": there are several inputs
    assert first["file"].endswith(".txt") and second["file"] == "-"
    assert first["relevance"] == "core" and "ain-al-asad" in first["sites"]
    assert any(e["event_date"] == "2024-07-25" for e in first["events"])  # «ليلة الجمعة»
    assert second["relevance"] == "none" and second["events"] == []


@pytest.mark.parametrize("module_name", [f"rasad.analyse.tagging.{module.name}" for module in pkgutil.iter_modules(tagging.__path__)]
                         + ["rasad.analyse.event_dates", "rasad.text.arabic_dates", "rasad.text.arabic_numbers"])
def test_every_pattern_is_written_in_the_normalized_spelling_it_matches(module_name):
    import importlib
    import re

    module = importlib.import_module(module_name)
    unfolded = set("أإآٱىةؤئ")
    for name, value in vars(module).items():
        if isinstance(value, re.Pattern):
            assert not unfolded & set(value.pattern), f"{module_name}.{name} can never match normalized text"
        elif isinstance(value, dict) and all(isinstance(k, str) for k in value):
            assert not any(unfolded & set(k) for k in value), f"{module_name}.{name} has unnormalized keys"


def test_a_strike_by_unnamed_aircraft_is_not_a_us_strike():
    result = tag("وقصفت طائرات بلا طيار مواقع تابعة لتنظيم الدولة قرب البوكمال في سوريا بعد الهجوم.")
    assert result.relevance == "none"


def test_us_bases_outside_iraq_syria_and_jordan_are_not_this_monitor():
    result = tag("قاعدة العديد العسكرية الأمريكية الأكبر في الخليج ستبقى بشكل دائم في قطر. "
                 "وتنفذ الطائرات من القاعدة مهام في العراق وسوريا منذ سنوات.")
    assert result.relevance != "core" and "IQ" not in result.countries


def test_a_withdrawal_announcement_is_related():
    result = tag("قال الرئيس الأمريكي إن الولايات المتحدة ستغادر سوريا قريبا جدا وستسحب قواتها من هناك.")
    assert result.relevance == "related"


def test_a_threat_to_attack_us_forces_is_related_not_core():
    result = tag("وهددت تركيا بمهاجمة القوات الأمريكية المتحالفة مع الوحدات الكردية في منبج شمالي سوريا.")
    assert result.relevance == "related" and result.events == []


def test_military_activity_without_a_strike_has_no_country_but_a_strike_has():
    threat = tag("هددت تركيا بمهاجمة القوات الأمريكية المنتشرة في منبج شمالي سوريا.")
    assert threat.relevance == "related" and threat.countries == []
    strike = tag("قصفت طائرات التحالف الدولي مواقع لميليشيات موالية للنظام في المنطقة. وتقع المنطقة في سوريا.")
    assert strike.relevance == "related" and strike.countries == ["SY"]


def test_a_town_where_us_forces_are_is_not_by_itself_us_activity():
    result = tag("قال الرئيس التركي إن العمليات العسكرية ستمتد إلى منبج في شمال سوريا.")
    assert result.relevance == "none"


def test_an_attack_during_a_long_past_battle_is_background():
    result = tag("وكان التنظيم يستخدم الطائرات المسيرة لاستهداف قوات التحالف الدولي إبان معركة الرقة في سوريا.")
    assert result.relevance == "none"


@pytest.mark.parametrize("text", [
    "شن مسلحون هجوما على أكبر قاعدة لقوات التحالف في دير الزور بسوريا.",  # the accusative «هجوما»
    "عبر المسلحون النهر ليقصفوا قاعدة كان فيها مستشارون أمريكيون في سوريا.",  # the imperfect «ليقصفوا»
])
def test_attack_words_in_the_accusative_and_the_imperfect(text):
    assert tag(text).relevance == "core"


@pytest.mark.parametrize("text", [
    "شن الجيش السوري هجوما على مواقع التنظيم بغطاء جوي من قوات التحالف الدولي في سوريا.",  # the coalition acts
    "قصفت طائرات مجهولة مواقع للفصائل بين البوكمال والتنف في سوريا.",  # al-Tanf as a place, not what was hit
    # forces that took part in the answer to an attack were not attacked
    "وتكرر الهجوم على مدينة دوما في سوريا، ما أدى إلى رد أمريكي بعملية عسكرية جديدة بمشاركة قوات فرنسية وبريطانية.",
])
def test_forces_named_as_acting_or_a_site_named_as_a_place_are_not_targets(text):
    assert tag(text).relevance != "core"


@pytest.mark.parametrize("text", [
    "وكانت قوات التحالف ردت بغارة جوية على منصة الإطلاق في سوريا.",
    "وكانت الولايات المتحدة قد شنت غارة شمال سوريا.",
    "ورد عليه التحالف بضربة جوية في دير الزور بسوريا.",
])
def test_us_strikes_whoever_comes_first_in_the_sentence(text):
    result = tag(text)
    assert result.relevance == "related" and "air-strike" in result.event_types


def test_an_attack_and_the_us_answer_in_one_sentence_are_both_reported():
    result = tag("قصفت الفصائل قاعدة حرير في أربيل بطائرة مسيرة، فردت القوات الأمريكية بغارات جوية على مواقعها في العراق.")
    assert result.relevance == "core" and {"drone-attack", "air-strike"} <= set(result.event_types)


def test_a_denial_in_the_participle_form():
    result = tag("قال المتحدث باسم التحالف الدولي إنه سمع بالتقارير، نافيا شن التحالف أي ضربات في سوريا.")
    assert "denial" in result.event_types


@pytest.mark.parametrize(("sentence", "expected"), [
    ("نفذوا هجوما في 7 فبراير/شباط على القوات الأمريكية", date(2018, 2, 7)),  # no year: the paper's
    ("في السابع من شباط", date(2018, 2, 7)),  # the day as an ordinal word
    ("في الحادي والعشرين من كانون الأول", date(2017, 12, 21)),  # no year, after the paper's date: last year
    ("ونشرت الوكالة في 13 فبراير 2018 تقريرا عن هجوم 7 فبراير", date(2018, 2, 7)),  # the attack named by its date
])
def test_dates_without_a_year_and_with_ordinal_days(sentence, expected):
    assert resolve(normalize(sentence), date(2018, 2, 14)) == (expected, DAY)


def test_the_date_of_a_report_is_not_the_date_of_what_it_reports():
    saturday = date(2018, 3, 31)
    result = tag("ذكرت وزارة الدفاع البريطانية، يوم السبت، أن جنديا بريطانيا قتل في انفجار عبوة ناسفة في سوريا. "
                 "وأوضحت أن الجندي قتل في التاسع والعشرين من مارس خلال مهمة مع القوات الأمريكية.", published=saturday)
    assert [e.event_date for e in result.events] == ["2018-03-29"]
    alone = tag("ذكرت وزارة الدفاع البريطانية، يوم السبت، أن جنديا بريطانيا قتل في انفجار عبوة ناسفة في سوريا.",
                published=saturday)
    assert [e.event_date for e in alone.events] == ["2018-03-31"]  # nothing better than the report's date


def test_a_core_article_reports_its_attack_even_without_site_weapon_or_date():
    result = tag("عبر المسلحون النهر ليقصفوا قاعدة كان فيها مستشارون أمريكيون في سوريا.")
    assert result.relevance == "core" and len(result.events) == 1


@pytest.mark.parametrize(("text", "event_type"), [
    ("قتل شخص في تفجير استهدف سيارة عسكرية على طريق قاعدة للتحالف الدولي في سوريا.", "ied"),
    ("هاجم مسلحون من تنظيم داعش قاعدة للتحالف الدولي في دير الزور بسوريا.", "armed-assault"),
])
def test_the_event_type_of_an_attack_without_a_named_weapon(text, event_type):
    result = tag(text)
    assert result.relevance == "core" and event_type in result.event_types


def test_a_noun_and_its_adjective_take_the_article_together():
    assert ids("بالطائرة المسيرة والعبوة الناسفة", "weapon") == {"drone", "ied"}
    assert ids("في أعقاب الهجمات الصاروخية", "event_type") == {"rocket-attack"}


def test_the_sentences_after_an_attack_tell_how_it_was_done():
    result = tag("قتل جنديان أمريكيان في منبج شمالي سوريا الأسبوع الماضي.\n\"\n"
                 "وأوضح المتحدث أن انفجار عبوة ناسفة أدى لمقتلهما خلال مهمة.", published=date(2018, 4, 2))
    assert result.relevance == "core" and "ied" in result.event_types
    assert [(e.event_type, e.weapon) for e in result.events] == [("ied", "ied")]


@pytest.mark.parametrize("denial", ["وهو ما نفاه التحالف الدولي.", "وقال المتحدث: لم يشن التحالف غارات قرب البوكمال."])
def test_denials_with_a_pronoun_or_a_negated_strike(denial):
    result = tag("اتهمت دمشق التحالف الدولي بشن غارة جوية على موقع عسكري في سوريا. " + denial)
    assert "denial" in result.event_types


def test_a_negated_claim_is_no_claim_but_an_announced_attack_is():
    unclaimed = tag("سقطت صواريخ على قاعدة عين الأسد في العراق. ولا يتم تبني هذه الهجمات عادة.")
    assert unclaimed.relevance == "core" and "claim" not in unclaimed.event_types
    claimed = tag("أعلنت المقاومة الإسلامية في العراق عن استهداف قاعدة حرير الأمريكية في أربيل بطائرة مسيرة.")
    assert "claim" in claimed.event_types and claimed.events[0].claimed_by == "islamic-resistance-iraq"


def test_reinforcements_in_other_words():
    result = tag("قال وزير الدفاع الأمريكي إن فرنسا أرسلت جنودا إلى سوريا لتعزيز القوات الأمريكية هناك.")
    assert result.relevance == "related" and "reinforcement" in result.event_types


def test_leaving_is_withdrawal_talk():
    assert tag("قال ترامب إن الولايات المتحدة سوف تخرج من سوريا قريبا جدا.").relevance == "related"


def test_a_us_place_named_again_without_saying_whose():
    before = "حذرت واشنطن من مهاجمة القنصلية الأمريكية في البصرة. "
    assert tag(before + "وقالت إن هجمات وقعت ضد القنصلية في الأيام الماضية في العراق.").relevance == "core"
    assert tag(before + "وقالت إن هجمات وقعت ضد القنصلية الإيرانية في العراق.").relevance != "core"
    base = "تضم قاعدة التنف قوات أمريكية في سوريا. "
    assert tag(base + "وأعلن تنظيم القاعدة هجمات على مواقع للجيش السوري.").relevance != "core"


def test_intent_to_attack_is_not_an_attack():
    result = tag("قال الرئيس التركي إنه عازم على توسيع الهجوم ليشمل أماكن تمركز قوات أمريكية في منبج بسوريا.")
    assert result.relevance == "related"


def test_coalition_advisers_quoted_and_described():
    result = tag('وفي 21 يونيو، تعرض "مستشارون" عسكريون في التحالف لإطلاق نار قرب التنف في سوريا.',
                 published=date(2018, 7, 1))
    assert result.relevance == "core" and [e.event_date for e in result.events] == ["2018-06-21"]


@pytest.mark.parametrize(("text", "countries"), [
    ("شن التحالف الدولي غارة على موقع للحشد الشعبي العراقي في البادية السورية.", ["SY"]),  # whose vs where
    ("قصفت طائرات التحالف الدولي موقعا قرب الحدود العراقية في دير الزور بسوريا.", ["SY"]),  # the border's other side
    ("قصفت طائرات تتبع التحالف الدولي مواقع في شرق سوريا.", ["SY"]),
])
def test_where_a_strike_happened(text, countries):
    result = tag(text)
    assert result.relevance == "related" and result.countries == countries


def test_what_usually_happens_is_no_strike():
    result = tag("وعادة ما يشن التحالف الدولي غارات ضد الجهاديين في سوريا والعراق.")
    assert "air-strike" not in result.event_types and result.countries == []


def test_western_strikes():
    assert "air-strike" in tag("تحدث ماكرون إلى ترامب قبيل الضربات الجوية الغربية على مواقع في سوريا.").event_types


def test_the_longest_variant_wins():
    assert ids("أطلق صاروخ باليستي وصاروخ آخر", "weapon") == {"ballistic-missile", "rocket"}
    text = matching.Text.of("صاروخ باليستي")
    assert [m.id for m in matching.find(gazetteer.cached(), "weapon", text)] == ["ballistic-missile"]


def test_the_reporting_clause_ends_at_its_complementizer_with_a_pronoun():
    sentence = normalize("قالت الوزارة، الأحد، إنها تعرضت لهجوم بطائرة مسيرة")
    assert resolve_reported(sentence, date(2024, 7, 26)) is None
    assert resolve(sentence, date(2024, 7, 26)) == (date(2024, 7, 21), DAY)


@pytest.mark.parametrize("text", [
    "وقالت المندوبة إن على الأسد ألا يراهن على عدم رد الولايات المتحدة في سوريا.",
    "وردت واشنطن بالانسحاب من المعاهدة مع إيران بشأن العراق.",
    "وأحيت الفصائل في العراق الذكرى السنوية لاغتيال سليماني في ضربة أمريكية قرب مطار بغداد.",
])
def test_answers_without_a_strike_and_anniversaries_are_no_strike(text):
    assert "air-strike" not in tag(text).event_types


@pytest.mark.parametrize("text", [
    "أطلقت القوات الأمريكية في العراق سراح ثلاثة معتقلين.",  # «إطلاق سراح» is a release
    "مقتل سبعة جنود أمريكيين بتحطم مروحيتهم غرب العراق.",  # a crash
    "دمر القصف الذي شنه الجيش السوري وقوات التحالف أحياء كاملة في سوريا.",  # the coalition among those shelling
    "قال قائد عسكري أمريكي إن غارة قتلت مدنيين في الموصل بالعراق.",  # an officer speaks
    "شنت طائرات حربية غارات لقوات التحالف على مواقع داعش في سوريا.",  # the coalition's strikes
    "وقال: إذا تعرضنا لهجوم فلن نتردد في الدفاع عن القوات الأمريكية في سوريا.",  # a condition
    "أدت ضربة صاروخية إلى مقتل عسكريين إيرانيين في قاعدة التنف الجوية السورية.",  # another army's base
])
def test_what_is_no_attack_on_us_or_coalition_forces(text):
    assert tag(text).relevance != "core"


def test_a_town_keeps_its_country_adjective():
    assert tag("قتل جنديان أمريكيان في انفجار عبوة ناسفة في مدينة منبج السورية.").relevance == "core"


def test_weapons_named_as_equipment_and_bombs_dropped():
    result = tag("وهاجم مسلحون من داعش القاعدة التي تضم قوات التحالف الدولي ومنصات لإطلاق الصواريخ في سوريا.")
    assert result.relevance == "core" and "rocket-attack" not in result.event_types
    dropped = tag("وأسقطت طائرة بريطانية قنبلة موجهة قرب قاعدة التنف بعد تعرض مستشارين في التحالف لإطلاق نار في سوريا.")
    assert "interception" not in dropped.event_types


def test_adopting_a_resolution_is_no_claim():
    result = tag("وتحلق طائرات التحالف الدولي فوق التنف في سوريا بعد فشل مجلس الأمن في تبني مشاريع قرار.")
    assert "claim" not in result.event_types


@pytest.mark.parametrize(("text", "relevance"), [
    ("هناك مخاوف من أن ترى موسكو الوقت مثاليا لشن هجوم على التنف في سوريا.", "related"),  # a fear
    ("وتتوزع دير الزور في سوريا بين مناطق الحكومة وأخرى تحت سيطرة القوات الكردية المتحالفة مع الجيش الأمريكي.", "none"),
    ("وزادت التوقعات بعد أن أعلن ترامب انسحاب الولايات المتحدة من الاتفاق النووي، بحسب مصادر في سوريا.", "none"),
])
def test_fears_backers_and_agreements_are_no_attack_or_activity(text, relevance):
    assert tag(text).relevance == relevance


def test_clashes_feared_or_reinforcements_negated_are_not_reported():
    result = tag("ودعا أردوغان القوات الأمريكية إلى مغادرة منبج في سوريا، ما يثير مخاوف من اشتباكات. "
                 "ولم يلاحظ أي تعزيزات للقوات الأمريكية في سوريا.")
    assert not {"armed-assault", "reinforcement"} & set(result.event_types)


def test_an_attack_anchored_by_the_next_sentence_and_one_person_killed():
    result = tag("ذكر المرصد، الاثنين، أن انفجارا في شمال سوريا استهدف سيارة على الطريق إلى قاعدة تتمركز فيها قوات "
                 "التحالف الدولي. وأورد المرصد أن الانفجار أسفر عن مقتل شخص على الأقل. "
                 "ولم يتمكن المرصد من تحديد جنسية العسكري الذي قتل. وكان المرصد تحدث في الثاني من أبريل عن استهداف قاعدة للتحالف الدولي في سوريا.",
                 published=date(2018, 6, 4))
    assert {(e.event_date, e.killed) for e in result.events} >= {("2018-06-04", 1)}


def test_the_same_day_is_not_today():
    assert resolve(normalize("قتل جنديان في نفس اليوم الذي أدلى فيه ترامب بتصريحاته"), date(2018, 4, 3)) is None
    assert resolve(normalize("وقع الهجوم في اليوم التالي"), date(2018, 4, 3)) is None


@pytest.mark.parametrize("text", [
    "شنت مقاتلتان أمريكيتان غارات جوية على مدينة هجين في سوريا.",
    "قتلت طائرات حربية ومروحيات ومدفعيات أمريكية أكثر من 100 من المهاجمين شرق سوريا.",
    "نفذت عدة غارات من قبل العراقيين أو التحالف الدولي في هجين بسوريا.",
    "قصفت الفصائل موقعين في سوريا، فيما ردت القوات الأمريكية فورا عبر طيرانها الحربي.",
])
def test_more_ways_to_tell_a_us_strike(text):
    assert "air-strike" in tag(text).event_types


def test_activity_where_the_text_last_said_it_is():
    result = tag("أصيب أمريكيان في هجوم في أفغانستان. وقال مسؤول إن قائد القوات الأمريكية حضر الاجتماع. "
                 "وأعلن مبعوث الأمم المتحدة إلى سوريا تنحيه.")
    assert result.relevance == "none"


def test_the_green_zone_is_the_us_embassy_only_when_the_text_says_so():
    assert tag("سقطت قذائف هاون داخل المنطقة الخضراء ببغداد دون خسائر.").relevance == "none"
    said = tag("سقطت ثلاث قذائف مورتر داخل المنطقة الخضراء في بغداد حيث توجد السفارة الأميركية.")
    assert said.relevance == "core" and said.sites == ["us-embassy-baghdad"] and said.event_types == ["rocket-attack"]


def test_an_airport_a_us_consulate_lies_in():
    text = "أطلق مجهولون ثلاثة صواريخ كاتيوشا على مطار البصرة في العراق. وتقع القنصلية الأميركية في البصرة داخل محيط المطار."
    assert tag(text).relevance == "core"
    assert tag(text.split(". ")[0] + ".").relevance == "none"


def test_reinforcement_verbs_and_convoys_hit():
    sent = tag("وذكرت مصادر أن الولايات المتحدة أرسلت أكثر من 200 عسكري إلى قاعدة التنف في سوريا.")
    assert "reinforcement" in sent.event_types
    hit = tag("شن الطيران الأمريكي غارات مكثفة على رتل من القوات الموالية للحكومة السورية قرب دير الزور.")
    assert "reinforcement" not in hit.event_types and "air-strike" in hit.event_types


def test_a_us_strike_denied_is_us_activity():
    result = tag("وقال المسؤول ذلك بعد أن نفت الولايات المتحدة أن تكون هي من قصف موقعا لقوات الحشد الشعبي في سوريا.")
    assert result.relevance == "related" and "denial" in result.event_types


def test_last_year_in_words_is_background_but_since_last_year_is_not():
    background = tag("وكانت القوات الأمريكية قد نفذت ضربة انتقامية العام الماضي على قاعدة الشعيرات في سوريا.")
    assert "air-strike" not in background.event_types
    ongoing = tag("وتنفذ القوات الأمريكية ضربات جوية ضد الميليشيات الموالية للنظام في سوريا منذ العام الماضي.")
    assert ongoing.relevance == "related"


def test_special_forces_and_military_strikes_but_not_possible_ones():
    attacked = tag("قتلت طائرات عسكرية أميركية نحو 300 من المرتزقة قرب دير الزور في سوريا إثر تعرض مجموعة تابعة "
                   "للقوات الخاصة الأميركية لهجوم في المنطقة.")
    assert attacked.relevance == "core" and "air-strike" in attacked.event_types
    for text in ("تحدث الوزير في سوريا عن الضربة الأمريكية المحتملة.", "وسترد موسكو فورا على أي ضربة أمريكية في سوريا.",
                 "لا تزال الضبابية تحيط بقرار شن ضربات عسكرية غربية ضد دمشق في سوريا."):
        assert "air-strike" not in tag(text).event_types


@pytest.mark.parametrize(("text", "relevance"), [
    # the war on ISIS, told without the forces' presence: none
    ("قصفت طائرات التحالف الدولي مواقع لتنظيم داعش في المنطقة. وتقع المنطقة في سوريا.", "none"),
    # the same with the forces placed in Syria: related
    ("قصفت طائرات التحالف الدولي مواقع لتنظيم داعش في المنطقة. وتنتشر القوات الأمريكية في قاعدة التنف في سوريا.", "related"),
    # Western strikes on regime sites, no US forces in Syria: none, strikes planned included
    ("شنت الولايات المتحدة وبريطانيا وفرنسا ضربات على أهداف للنظام السوري في دمشق وحمص.", "none"),
    ("وأكد ماتيس استعداد البنتاغون لتقديم خيارات بشأن ضربات جوية على سوريا.", "none"),
    # Syria named as what is struck, sailed near or where a strike will fall does not place US forces there
    ("كشفت وزارة الدفاع الأمريكية تفاصيل الضربة على سوريا، وقالت إن الصواريخ أصابت مركزا للأبحاث قرب دمشق.", "none"),
    ("تتمركز مدمرتان أمريكيتان في البحر المتوسط بالقرب من سوريا، وهما مستعدتان لإطلاق صواريخ كروز.", "none"),
    ("يترقب العالم ضربة غربية وشيكة في سوريا، وأي ضربة أمريكية ستشارك فيها البحرية.", "none"),
    ("وحذر الروس من أن أي ضربة أمريكية على سوريا ستكون لها عواقب وخيمة.", "none"),
    ("شنت الولايات المتحدة ضربات على سوريا فجر السبت. وقالت وزارة الدفاع الأمريكية إن الصواريخ أصابت ثلاث منشآت "
     "للأسلحة الكيماوية في سوريا.", "none"),
    # a presence word far from the country says something else («منتشرة» of prejudice, not troops)
    ("وبعد عودتها إلى أمريكا من زيارة إلى الأردن، قررت أن تواجه الصور النمطية التي كانت منتشرة في كل مكان حولها.", "none"),
    # ... while forces said to be in Syria, or Russians killed by their strikes, make it related
    ("يترقب العالم ضربة غربية وشيكة في سوريا. وتنتشر قوات أمريكية في شرق سوريا منذ سنوات.", "related"),
    ("ونفى الوزير التقارير عن مقتل عدد من الروس بضربات عسكرية أمريكية شرق سوريا.", "related"),
    # a strike on Iran-backed forces: related
    ("قالت مصادر إن طائرات أمريكية قصفت مواقع للحشد الشعبي قرب القائم في العراق.", "related"),
    # ... and one they deny, the strike told with its article («الغارة»)
    ("نفت القيادة المركزية الأمريكية مسؤوليتها عن الغارة التي استهدفت مواقع للحشد الشعبي قرب البوكمال في سوريا.",
     "related"),
    # Washington's threats or sanctions are not its forces' activity; its troops leaving are
    ("توعدت موسكو برد قاس على الإجراءات الأمريكية في سوريا.", "none"),
    ("قال مسؤول إن الولايات المتحدة ستسحب جنودها من سوريا قريبا.", "related"),
    # a US base outside the region, whatever its aircraft do in Syria: none
    ("وتضم قاعدة العديد الجوية في قطر نحو 10 آلاف جندي أمريكي وتنطلق منها الطائرات التي تقصف داعش في سوريا.", "none"),
    # a warning about attacking US forces is no attack
    ("وقال الجنرال: يجب على أي طرف منخرط في سوريا أن يفهم أن مهاجمة القوات المسلحة الأميركية ستكون سياسة سيئة.", "related"),
    # their reinforcements, patrols and convoys told by the nationality alone are presence ...
    ("وصلت تعزيزات عسكرية أمريكية جديدة إلى قاعدة في ريف الحسكة شمال شرق سوريا.", "related"),
    ("رصد ناشطون رتلا عسكريا أمريكيا يضم عشرين آلية يدخل الأراضي السورية قادما من العراق.", "related"),
    # ... where they are in the region: not in Europe or at sea elsewhere, whatever the article says of Syria
    ("وصلت تعزيزات عسكرية أمريكية إلى بولندا في إطار مناورات حلف الأطلسي. وقال الكرملين إن روسيا تراقب الوضع "
     "في سوريا.", "none"),
    ("اعترضت دورية أمريكية سفينة إيرانية في مضيق هرمز. وقالت طهران إن السفينة كانت تنقل نفطا إلى سوريا.", "none"),
    # deploying troops is presence; bases not said to be theirs are another army's
    ("وتنشر الولايات المتحدة نحو ألفي جندي في شرق سوريا.", "related"),
    ("أخلى الجيش السوري قواعد عسكرية في حمص تحسبا للتهديدات الأمريكية.", "none"),
    ("وتواصلت الخارجية الأمريكية مع منظمات إنسانية منتشرة في ريف دمشق بسوريا.", "none"),
    # a withdrawal an earlier statement spoke of dates what the sentence tells, it is not what it tells
    ("وقال الوزير إن الوضع في دمشق هادئ، بعد يومين من إعلان ترامب أنه يريد سحب القوات الأمريكية من سوريا.", "none"),
    ("وبعد يومين من إعلان ترامب، بدأت القوات الأمريكية الانسحاب من قاعدة في سوريا.", "related"),
    # the war on ISIS and military operations on the regime told as such, a year-old strike: none
    ("ويتلقى المقاتلون الأكراد الدعم من القوات الأمريكية التي شنت حربا على تنظيم داعش في سوريا.", "none"),
    ("وشاركت قوات فرنسية وبريطانية في عملية عسكرية أمريكية على منشآت للنظام السوري.", "none"),
    ("ردت القوات الأمريكية بضربات على مواقع يشتبه باحتوائها أسلحة كيمائية في سوريا.", "none"),
    ("وتأتي التطورات بعد مرور عام على ضربة أمريكية استهدفت مطارا عسكريا في سوريا.", "none"),
    # allied forces named around a strike on ISIS without being hit do not make it a strike on them
    ("شنت طائرات أمريكية غارات على مواقع لتنظيم داعش في سوريا. وكان حزب الله قد انضم إلى القتال إلى جانب الحكومة.",
     "none"),
    # attacks during a named campaign told without a day are its history; with a day they are news
    ("واستخدم التنظيم الطائرات المسيرة ضد قوات التحالف خلال معركة الموصل في العراق.", "none"),
    ("واستهدفت مسيرات التنظيم مواقع قوات التحالف الدولي خلال عملية \"غضب الفرات\" في سوريا.", "none"),
    ("قتل جندي من التحالف خلال معارك هجين في سوريا أمس.", "core"),
    # US forces in a sentence about China are not US forces in the region
    ("تحدث الوزير عن سوريا. وقال خبراء عسكريون إن الطائرة الجديدة تزيد الضغط على الجيش الأمريكي وسط التوتر بين بكين "
     "وواشنطن.", "none"),
])
def test_relevance_follows_the_definition(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


def test_forces_named_in_passing_in_a_long_article_are_not_what_it_is_about():
    others = [f"وقال التاجر رقم {number} إن أسعار القمح ارتفعت في أسواق المدينة." for number in range(24)]
    withdrawal = "وقال مسؤول إن الولايات المتحدة ستسحب جنودها من سوريا قريبا."
    in_passing = " ".join(others[:12] + [withdrawal] + others[12:])
    assert tag(in_passing, "أسعار القمح ترتفع", date(2018, 6, 1)).relevance == "none"
    in_the_lead = " ".join([withdrawal] + others)
    assert tag(in_the_lead, "أسعار القمح ترتفع", date(2018, 6, 1)).relevance == "related"
    told_again = " ".join(others[:12] + [withdrawal] + others[12:20] + [withdrawal] + others[20:])
    assert tag(told_again, "أسعار القمح ترتفع", date(2018, 6, 1)).relevance == "related"


def test_rasad_tag_says_why_an_input_gives_nothing(tmp_path):
    empty, binary, page = tmp_path / "empty.txt", tmp_path / "image.png", tmp_path / "page.html"
    empty.write_text("  \n", encoding="utf-8")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    page.write_text("<html><body><p>من نحن</p></body></html>", encoding="utf-8")
    for args, message in (([str(empty)], "empty input"), ([str(binary)], "not text"), ([str(page), "--html"], "not an article")):
        result = subprocess.run([sys.executable, "-m", "rasad", "tag", *args], cwd=REPOSITORY, capture_output=True,
                                text=True)
        assert result.returncode == 1 and message in result.stderr and result.stdout == "", (args, result.stderr)
    one = subprocess.run([sys.executable, "-m", "rasad", "tag", "-"], input="قصفت صواريخ قاعدة عين الأسد اليوم.",
                         cwd=REPOSITORY, capture_output=True, text=True)
    assert one.returncode == 0 and "file" not in json.loads(one.stdout)  # one input: no file key


def test_normalize_and_tag_need_no_sources_file(tmp_path):
    missing = tmp_path / "nowhere.toml"
    result = subprocess.run([sys.executable, "-m", "rasad", "normalize", "عيـن الأسَد", "--sources", str(missing)],
                            cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "عين الاسد"
    result = subprocess.run([sys.executable, "-m", "rasad", "tag", "-", "--sources", str(missing)],
                            input="نص قصير عن الطقس.", cwd=REPOSITORY, capture_output=True, text=True)
    assert result.returncode == 0 and json.loads(result.stdout)["relevance"] == "none"



def test_matches_by_sentence_are_empty_for_a_sentence_without_any():
    from rasad.analyse.tagging.matches import MatchesBySentence, article_matches

    prepared = matching.Text.of("سقطت صواريخ على قاعدة عين الأسد.\nوقال مسؤول إن الهجوم لم يسفر عن إصابات.")
    found, excluded = article_matches(gazetteer.cached(), prepared)
    by_sentence = MatchesBySentence(found)
    assert by_sentence[0].ids("site") == {"ain-al-asad"} and by_sentence[0].ids("weapon") == {"rocket"}
    assert by_sentence[1]["site"] == [] and by_sentence[1].ids("weapon") == set() and excluded == set()
    assert by_sentence[-1]["actor"] == []  # «the sentence before» the first


@pytest.mark.parametrize(("text", "relevance"), [
    # presence told as a noun with the nationality as its adjective is their forces being there
    ("وانتقد الوزير الوجود الأمريكي في شرق سوريا ووصفه بأنه احتلال.", "related"),
    ("وتطالب الفصائل بإنهاء التواجد العسكري الأميركي في العراق.", "related"),
    # ... not another nationality's presence, nor the US role in talks
    ("وانتقد الوزير الوجود الإيراني في سوريا وقال إن واشنطن تتابع الوضع.", "none"),
    ("وأشاد الوزير بالدور الأمريكي في مفاوضات جنيف بشأن سوريا.", "none"),
])
def test_us_presence_told_as_a_noun(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # the Americans as the ones who are there and should leave
    ("وقال الرئيس السوري إن على الأمريكيين أن يغادروا شرق سوريا عاجلا أو آجلا.", "related"),
    # ... not Americans as a people met or spoken to
    ("والتقى وفد من رجال الأعمال الأمريكيين وزير الاقتصاد العراقي في بغداد.", "none"),
])
def test_the_americans_leaving(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # the president who decides where the troops are, and staying in a country of the region
    ("وقال مسؤول فرنسي إنه أقنع ترامب بالبقاء في سوريا لفترة أطول.", "related"),
    ("وأكد متحدث باسم البنتاغون بقاءهم في منبج لمنع عودة التنظيم.", "related"),
    ("وبدا الرئيس الأمريكي كأنه تراجع عن قرار الخروج من سوريا.", "related"),
    # ... not staying in an agreement or in power, nor the president's words on other matters
    ("وحث الأوروبيون ترامب على البقاء في الاتفاق النووي بينما يزور الوزير سوريا.", "none"),
    ("وقال ترامب إن الأسد لن يبقى في السلطة طويلا في سوريا.", "none"),
])
def test_the_president_and_staying_in_the_region(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


def test_headlines_of_other_stories_the_page_links_to_are_no_evidence():
    body = ("ذكرت وكالة أنباء أن ستة مدنيين أصيبوا في قصف على قرية في عفرين شمال سوريا. وقال مدير المستشفى إن حالتهم مستقرة. "
            "وأضاف أن المستشفى يعاني من نقص الأدوية.")
    teaser = "\nتركيا تحذر القوات الأمريكية في منبج السورية: إذا ارتدوا زي المسلحين فلن نفرق بينهم"
    assert tag(body + teaser, "مصابون في عفرين", date(2018, 2, 17)).relevance == "none"
    read_more = "\nاقرأ أيضا..\nالبنتاغون يرسل مزيدا من الجنود إلى شرق سوريا"
    assert tag(body + read_more, "مصابون في عفرين", date(2018, 2, 17)).relevance == "none"
    # the same told as a sentence of the text is what it reports
    told = "\nوحذرت تركيا القوات الأمريكية في منبج السورية من أنها لن تفرق بينها وبين المسلحين."
    assert tag(body + told, "مصابون في عفرين", date(2018, 2, 17)).relevance == "related"


@pytest.mark.parametrize(("text", "relevance"), [
    # US forces with another country's army, told by its nationality, or in Europe, are not in the region
    ("وذكر الجيش الكويتي أن قواته أجرت تدريبات مشتركة مع قوات أمريكية. وحضر التدريبات ملحق عسكري من الأردن.", "none"),
    ("تحدث الوزير في بغداد عن الاقتصاد. وأعلن البنتاغون نشر مزيد من القوات الأمريكية في أوروبا.", "none"),
    # ... while the Iraqi army or Jordan's with them is
    ("وأجرى الجيش العراقي تدريبات مشتركة مع قوات أمريكية قرب بغداد.", "related"),
])
def test_us_forces_with_another_countrys_army_or_in_europe(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # US forces as one of all the foreign forces a statement lists
    ("وبموجب الخطة، ستدعو موسكو جميع القوات الأجنبية في سوريا إلى المغادرة، بما فيها التركية والقوات الأمريكية.", "none"),
    ("وطالب البرلمان بخروج القوات الأجنبية من العراق ومنها القوات الأمريكية والتركية.", "none"),
    # ... but US forces told leaving by themselves are news of theirs
    ("وطالب البرلمان بخروج القوات الأمريكية من العراق خلال عام.", "related"),
])
def test_us_forces_in_a_list_of_all_foreign_forces(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # a life or an era told as the past of another story
    ("وصنع الزعيم اسمه من قتاله القوات الأمريكية في العراق، ويقود اليوم أكبر كتلة في البرلمان.", "none"),
    ("واشتهر القائد بمعاركه ضد القوات الأميركية في الأنبار بالعراق.", "none"),
    ("ومع وصول الرئيس الجديد إلى البيت الأبيض سارعت واشنطن بسحب القوات الأمريكية من العراق.", "none"),
    # ... the same forces in today's news are not
    ("ويقود الزعيم اليوم حملة تطالب بسحب القوات الأمريكية من العراق.", "related"),
])
def test_a_life_or_an_era_told_as_background(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # a statement that there is none of it is not activity
    ("وقال المحافظ إنه لا يوجد أي نشاط عسكري للقوات الأمريكية في الموصل بالعراق.", "none"),
    ("ونفى القائد وجود أي تفاهمات مع التحالف الدولي حول انسحاب الفصائل من كركوك في العراق.", "none"),
    # a redeployment of forces not said to be theirs is not theirs
    ("وسلم التحالف الدولي مقترحا بشأن إعادة الانتشار في المناطق المتنازع عليها في العراق.", "none"),
    # ... while their own redeployment, or their presence said plainly, is
    ("وبدأت إعادة انتشار القوات الأمريكية في قواعد غرب العراق.", "related"),
    ("وقال المحافظ إن القوات الأمريكية تنتشر في قاعدة قرب الموصل بالعراق، وإنه لا يوجد أي خطر على المدنيين.", "related"),
])
def test_none_there_and_others_redeploying_are_no_activity(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance


@pytest.mark.parametrize(("text", "relevance"), [
    # the president or the Americans leaving a country of the region, and troops being there
    ("وقال ترامب إن بلاده ستخرج من سوريا قريبا جدا.", "related"),
    ("وقال الوزير الأسبق إن وجود ألفي جندي أمريكي شمال سوريا لن يحل المشكلة.", "related"),
    # ... not leaving an agreement or a council, nor others leaving the region
    ("وأعلن ترامب الانسحاب من الاتفاق النووي، وقال المسؤولون الأمريكيون إن ذلك لن يغير سياستهم في سوريا.", "none"),
    ("واتفق ترامب وبوتين على ضرورة خروج الإيرانيين من سوريا.", "none"),
])
def test_the_president_or_the_americans_leaving_the_region(text, relevance):
    assert tag(text, "", date(2018, 6, 1)).relevance == relevance
