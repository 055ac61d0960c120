"""Tagging: what an article reports about attacks on US and coalition forces, as a pure function
of (title, text, publication date) → :class:`Tags`.

- **Matches** of the gazetteer (sites, actors, weapons, event types, countries) on the normalized
  text, clitics allowed (rasad.matching); «التحالف» in a sentence about Yemen is not the
  international coalition; a weapon named as equipment («منصات لإطلاق الصواريخ») is no means of
  attack, «أسقط» a bomb is no interception, «تبنى» a resolution no claim.
- **Attack sentences**: a sentence that names a US/coalition target (a gazetteer base, US or
  coalition forces, a US base, convoy or the embassy, «القاعدة», «السفارة» referring back to
  one the sentence before named, or an airport the article says a US place lies in) together
  with an attack word or a weapon, where the target is attacked rather than attacking (a «غارات
  أمريكية» sentence reports a US strike, not an attack on US forces) and is not merely a place
  («قرب التنف»; a town or the Green Zone only with US forces or the embassy named). Threats,
  intentions and fears are activity; long-past or habitual attacks are background. Claims,
  denials and interceptions count.
- **Strike sentences**: a US/coalition strike whatever the word order («شنت القوات الأمريكية
  غارات», «قوات التحالف ردت بغارة جوية», «غارات شنها التحالف», «غارات من قبل التحالف»), also
  inside an attack sentence.
- **Relevance**: ``core`` with at least one attack sentence in Iraq, Syria or Jordan; ``related``
  when US/coalition forces appear with military activity (strikes, strikes they deny,
  reinforcements, exercises, presence or withdrawal, threats) where the text last said things
  happen, not in another country; ``none`` otherwise; with a score and the deciding sentences.
- **Event types** of what happened: not those named negated, nor attacks feared or threatened.
- **Responses**: the US or coalition strikes a core or related article reports, one row each per
  day and country (event type "air-strike"), dated like events; linked to no attack.
- **Events** for core articles: one per attacked site and kind of attack (or per day without a
  site), with date and precision (rasad.event_dates: the attack's own date before the date of a
  report about it), coordinates from the gazetteer, weapon, number of projectiles, killed,
  wounded (from the sentence, or the sentences right after it that tell more of the same
  attack) and who claimed it. Countries are where attacks and strikes happened: places named,
  not nationalities («الحشد الشعبي العراقي»).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from rasad import matching
from rasad.arabic import compile_arabic, normalize
from rasad.arabic_numbers import is_dual, number_before
from rasad.event_dates import WEEK, resolve, resolve_reported, span
from rasad.gazetteer import Gazetteer, cached

# Normalized patterns. «القوات الخاصة الأمريكية», «للقوات البرية الأميركية»: the branch between the
# forces and whose they are.
_BRANCH = r"(?:(?:ال)?(?:خاصه|بريه|جويه|بحريه|مسلحه)\s+)?"
# A US/coalition target named without a gazetteer entry:
_TARGET = compile_arabic(
    r"(?<!\w)(?:[وف]?[بلك]?)(?:ال)?(?:قاعده|قواعد|قاعدتي|مقر|مقرات|رتل|ارتال|قافله|قوافل|دوريه|دوريات|معسكر|موقع|موقعين|مواقع|نقطه|منشات|مصالح|"
    r"مجموعه|مجموعات|وحده|وحدات|فريق)"
    rf"\s+(?:عسكري(?:ه)?\s+)?(?:امريكي|اميركي|امريكيه|اميركيه|للتحالف|التحالف|للقوات {_BRANCH}(?:الامريكيه|الاميركيه)|"
    rf"لقوات {_BRANCH}(?:ال)?(?:امريكيه|اميركيه|التحالف)|"
    rf"تابع(?:ه|ين|تين)? للتحالف|تابع(?:ه|ين|تين)? للقوات {_BRANCH}(?:الامريكيه|الاميركيه)|تستضيف قوات|تضم قوات)"
    r"|(?<!\w)[وف]?[بلك]?(?:ال)?(?:جنود|جندي|جنديين|جنديان|جنديا|عسكريين|عسكريون|مستشارين|مستشارون|مستشار|قوات)[\"»]?"
    r"(?:\s+(?:عسكريين|عسكريون))?[،,]?\s+"  # «"مستشارين" عسكريين في التحالف»
    r"(?:ال)?(?:امريكيين|اميركيين|امريكيون|اميركيون|امريكيان|اميركيان|امريكيه|اميركيه|امريكي|اميركي|امريكيا|"
    r"اميركيا|التحالف|من التحالف|في التحالف|بريطاني|بريطانيا|بريطانيين|فرنسي|فرنسيا|فرنسيين)"  # coalition members
    r"|(?:السفاره|القنصليه) (?:الامريكيه|الاميركيه) (?:في|ب)(?:بغداد|البصره|اربيل|العراق|المنطقه الخضراء)"
    r"|(?:قاعده|القاعده|قواعد|القواعد|مطار|المطار|معسكر|موقع)(?:\s+\S+){0,4}\s+(?:التي\s+)?"
    r"(?:تستخدمه|تستخدمها|يستخدمه|تستضيف|يستضيف|تضم|يضم|يتمركز فيها|تتمركز فيها|توجد فيها|يوجد فيه|"
    r"يتواجد فيها|تتواجد فيها|كان فيها|كانت فيها|فيها)\s+(?:\S+\s+)?"
    r"(?:ال)?(?:قوات|جنود|مستشارين|مستشارون|عسكريين)\s+(?:ال)?(?:امريكيين|اميركيين|امريكيون|اميركيون|امريكيه|اميركيه|التحالف|للتحالف)"
    rf"|(?<!\w)[وف]?(?:[بك]?ال|[بك])?قوات {_BRANCH}(?:ال)?(?:امريكيه|اميركيه|التحالف)"  # «لقوات»: theirs, «غارات لقوات التحالف»
)
# The target suffered the attack: «تعرضت قاعدة ... لهجوم», «... لقصف».
_SUFFERED = compile_arabic(
    r"(?<!\w)[وف]?(?:تعرض\w*|لهجوم|لهجمات|لقصف|لاستهداف|لضربه|قتل|قتلا|قتلوا|اصيب|اصيبا|اصيبوا|جرح|جرحوا|(?:ال)?مقتول\w*)(?!\w)"
    r"|(?<!\w)(?:في|ب)(?:هجوم|انفجار|قصف|تفجير)(?!\w)|(?<!\w)(?:في|جراء) (?:هجوم|انفجار|قصف|تفجير)(?!\w)")
ATTACK_REACH = 90
SUFFERED_REACH = 110
"""How far after its target a verb it suffered may come («جنديا أميركيا وآخر من التحالف ... قتلا»)."""
"""How far (in characters of the normalized sentence) an attack word may precede its target."""
_YEAR = compile_arabic(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_ATTACK = compile_arabic(
    r"(?<!\w)[وف]?[بلك]?(?:ال)?(?:هجوم|هجمات|هاجم\w*|استهداف|استهدف\w*|قصف\w*|سقوط|سقط\w*|"
    r"[يت](?:هاجم|ستهدف|قصف|ضرب)\w*|"  # the imperfect: «يستهدف», «ليقصفوا», «تهاجم»
    r"مقتل|مصرع|اصابه|جرح|قتل|قتلت|قتلوا|قتلا|مهاجمه|"
    r"انفجار|تفجير|ضرب\w*|اعتداء|اعتداءات|عمليه|عمليات|تعرض\w*|رشق\w*)ا?(?!\w)"
)  # «ا?»: the accusative of an indefinite noun, «شن هجوما». «إطلاق» alone is no attack
# («إطلاق سراح», «أطلقت مبادرة»): launched weapons are attack words of their own.
# US/coalition as the one striking: «غارات أمريكية», «ضربات للتحالف», «شنت القوات الأمريكية»,
# «قوات التحالف ردت بغارة جوية», «ورد عليه التحالف بضربة», «غارات شنها التحالف». Britain and
# France strike in Syria and Iraq as coalition members.
_NATIONALITY = (r"(?:امريكي|اميركي|امريكيه|اميركيه|بريطاني|بريطانيه|فرنسي|فرنسيه|غربيه|"  # «الضربات الغربية»
                r"امريكيتان|امريكيتين|اميركيتان|اميركيتين|بريطانيتان|بريطانيتين)")  # «مقاتلتان أمريكيتان»
_US_AGENT = (rf"(?:الولايات المتحده|واشنطن|الامريكان|الاميركان|بريطانيا|فرنسا|التحالف|"
             rf"(?:ال)?(?:قوات|طائرات|طائرتان|طائرتين|مقاتلات|مقاتلتان|مقاتلتين|الجيش|طيران|الطيران)\s+(?:الحربي\s+)?"
             rf"(?:ال)?(?:{_NATIONALITY}|التحالف))")
_STRIKE_VERB = r"(?:شن|شنت|نفذ|نفذت|قصف|قصفت|استهدف|استهدفت|ضرب|ضربت|اغار|اغارت|قتل|قتلت)"
# Answering is a strike only with one: «ردت بغارة جوية», not «ردت بالانسحاب», «عدم رد واشنطن».
_ANSWER = r"(?:رد|ردت|ردوا)"
_AIR_STRIKE = r"(?:غاره|غارات|ضربه|ضربات|قصف جوي|قصفا جويا)"
# Means of fire joined before the adjective they share: «طائرات حربية ومروحيات ومدفعيات أمريكية»,
# «الغارات الجوية والمدفعية للتحالف».
_MORE_FIRE = (r"(?:و(?:ال)?(?:غارات|ضربات|قصف|طائرات|مقاتلات|مروحيات|طيران|مدفعيات|مدفعيه|مسيرات|صواريخ)\s+"
              r"(?:ال)?(?:جويه\s+|حربيه\s+|عسكريه\s+)?){0,3}")
_US_STRIKES = compile_arabic(
    r"(?:غارات|غاره|غاراتها|ضربات|ضربه|قصف|طائرات|مقاتلات|طيران|هجوم|هجمات|مسيره|مسيرات)\s+(?:ال)?(?:جويه\s+|حربيه\s+|عسكريه\s+|جوي\s+)?"
    rf"{_MORE_FIRE}(?:ال)?(?:{_NATIONALITY}|للتحالف|التحالف|القوات الامريكيه|الجيش الامريكي|للقوات الامريكيه)"
    # the agent of a passive: «نفذت عدة غارات من قبل العراقيين أو التحالف الدولي»
    rf"|{_AIR_STRIKE}\s+(?:\S+\s+){{0,2}}?(?:من قبل|من جانب|على يد)\s+(?:\S+\s+){{0,2}}?{_US_AGENT}"
    rf"|{_STRIKE_VERB}\s+{_US_AGENT}"
    rf"|{_ANSWER}\s+(?:عليه\s+|عليها\s+|عليهم\s+)?{_US_AGENT}\s+(?:\S+\s+){{0,2}}?(?:ب|عبر\s+)?(?:ال)?"
    rf"(?:{_AIR_STRIKE}|طيرانها|طائراتها|مقاتلاتها)"  # «ردت القوات الأمريكية فورا عبر طيرانها الحربي»
    rf"|{_US_AGENT}(?:\s+\S+){{0,2}}?\s+(?:قد\s+)?(?:{_STRIKE_VERB}|{_ANSWER})\s+(?:\S+\s+){{0,3}}?ب?(?:ال)?{_AIR_STRIKE}"
    rf"|{_AIR_STRIKE}\s+(?:التي\s+|الذي\s+)?(?:شن|نفذ)\w*\s+(?:\S+\s+)?{_US_AGENT}"
    r"|(?:الطيران|طيران)\s+(?:الحربي\s+)?(?:الامريكي|الاميركي|التابع للتحالف|للتحالف|التحالف)"
    r"|(?:طائرات|طائره|مقاتلات|الطيران|طيران)\s+(?:\S+\s+)?(?:تتبع|تابعه|التابعه|التابع)\s+(?:ل|لل)?(?:ال)?(?:تحالف|قوات الامريكيه)"
)
# A strike denied: «نفت الولايات المتحدة أن تكون هي من قصف موقعا للحشد»; with the US named, news of
# their activity as much as a strike they report.
_DENIED_STRIKE = compile_arabic(r"(?<!\w)[وف]?(?:نفى|نفت|نفوا|ينفي|تنفي|نفي|نافيا|نافيه)\s+(?:\S+\s+){0,6}?"
                                r"(?:قصف\w*|غاره|غارات|ضربه|ضربات|شن\w*|استهدا\w*|الضلوع|ضلوع\w*)(?!\w)")
# A strike only possible, expected or pending, by the words next to it (a sentence may report
# one strike and threaten the next, so not by the whole sentence).
_POSSIBLE_AFTER = compile_arabic(r"\S*\s+(?:ال)?(?:محتمل|محتمله|مرتقب|مرتقبه|متوقع|متوقعه|وشيك|وشيكه|مفترض|مفترضه)(?!\w)")
_POSSIBLE_BEFORE = compile_arabic(r"(?<!\w)[وفبل]?(?:اي|احتمال|امكانيه|خيار|قرار|قراره)\s+(?:شن\s+|توجيه\s+)?$")
# Military activity tied to US/coalition forces that makes an article related.
# Their presence: staying, leaving, bases, reinforcements, troops («الولايات المتحدة سوف تخرج من سوريا»).
_PRESENCE_WORDS = (
    r"انسحاب|الانسحاب|سحب|يسحب|تسحب|ينسحب|ستنسحب|مغادره|يغادر|تغادر|ستغادر|الوجود العسكري|وجود القوات|بقاء القوات|"
    r"خروج|(?<!\w)[وف]?(?:س|سوف )?[يتن]خرج(?!\w)|"
    r"قاعده عسكريه|قواعد عسكريه|تعزيزات|دوريه|دوريات|مستشارين|قوات خاصه|جنود|"
    r"[يت]نتشر|انتشار|(?:ال)?منتشره|[يت]تمركز|(?:ال)?متمركزه")  # deployed: «الجيش الأميركي ينتشر في سوريا»
_PRESENCE = compile_arabic(_PRESENCE_WORDS)
_STRIKE_TALK = r"غارات|ضربات"
_ACTIVITY = compile_arabic(_PRESENCE_WORDS + rf"|القوات|تهديد|تهدد|توعد|انتقام|تدريب|عمليات عسكريه|{_STRIKE_TALK}|عسكري")
# Military activity that is only about strikes (planned, possible, debated): no presence of theirs.
_ONLY_STRIKES = compile_arabic(rf"{_STRIKE_TALK}|ضربه|غاره|قصف|(?<!\w)[وفل]?(?:ال)?اطلاق")
# Iran-backed, regime or allied forces as what a strike hit («غارات على مواقع لميليشيات موالية لإيران»):
# a strike on them is news of US forces as actors; one told as hitting regime sites («أهداف للنظام في
# دمشق») or ISIS is not, unless the article places US or coalition forces in the region.
# What such strikes hit when it is not those forces: ISIS, the Syrian state's sites, «سوريا» itself
# («ضرب سوريا», «ضربة غربية»: the US with its Western allies strike the state, not militias).
_NOT_FORCES_STRUCK = compile_arabic(
    r"داعش|تنظيم الدوله|الدوله الاسلاميه|(?<!\w)[وفبل]?(?:ال|لل)?نظام السوري|(?<!\w)[وفبل]?(?:ال|لل)?حكومه السوريه|"
    r"(?<!\w)للنظام(?!\w)|(?:على|ضد)\s+سوريا|(?:ال)?كيماوي|(?:ال)?كيميائي|"
    r"(?<!\w)[وفبل]?(?:ضرب|ضربه|ضربات|قصف|مهاجمه)\s+سوريا|(?:ال)?(?:ضربه|ضربات|هجوم|الهجمات)\s+(?:ال)?غربي(?:ه)?(?!\w)")
_ALLIED_FORCES = compile_arabic(
    r"(?<!\w)[وفبل]?(?:ال)?(?:ميليشي|مليشي|ميلشي|فصائل|فصيل|مرتزق)\w*|(?:ال|لل)?حشد الشعبي|حزب الله|الحرس الثوري|كتائب|النجباء|"
    r"العصائب|فاطميون|(?<!\w)[وفبل]?(?:ال)?مهاجمين(?!\w)|(?:متعاقدين|مقاتلين|عناصر)\s+(?:ال)?روس(?!\w)|"  # the attackers of their positions, Russian contractors
    r"(?:مقتل|قتل\w*|قتلى|خساير|اصابه)\s+(?:\S+\s+){0,3}?(?:ال)?روس(?:ي|يه)?(?!\w)|"  # Russians killed: «مقتل عدد من الروس»
    r"(?<!\w)[وفبل]?(?:ال)?(?:قوات|عناصر|مقاتلين|مقاتلي|مسلحين|رتل|ارتال|مواقع)\s+(?:\S+\s+)?(?:للنظام|النظام|موالي\w*|"
    r"الموالي\w*|الحكومه السوريه|الجيش السوري|للجيش السوري|حكوميه)")
# Withdrawing from an agreement or a body is politics, not troops leaving: «انسحاب الولايات المتحدة
# من الاتفاق النووي», «سحب سفيرها», «الانسحاب من المفاوضات».
_NOT_TROOPS_LEAVING = compile_arabic(
    r"(?<!\w)[وف]?(?:ال)?(?:انسحاب|انسحب\w*|[يت]نسحب\w*|سحب|[يت]سحب)\s+(?:(?:\S+\s+){0,3}?من\s+(?:ال)?"
    r"(?:اتفاق|اتفاقيه|اتفاقات|معاهده|صفقه|مفاوضات|محادثات|منظمه|مجلس)|(?:ال)?(?:سفير\w*|سفراء|ثقه|ترشيح\w*))(?!\w)")
_ABOUT = r"(?:(?:اكثر|اقل) من\s+|نحو\s+|حوالي\s+|قرابه\s+)?"
# «مقتل ثلاثة جنود», «مقتل 3», «ثلاثة قتلى»; «إصابة 40», «جرح أكثر من 40», «40 جريحا»
# A ground assault: storming, clashes, or fighters launching it («شن عناصر من التنظيم هجوما»).
_GROUND = compile_arabic(r"(?<!\w)[وف]?[يت]?هاجم\w*|اقتحم\w*|اقتحام|اشتباك\w*|(?<!\w)معارك|مواجهات|هجوم بري|هجوما بريا|كمين|"
                         r"(?<!\w)[وف]?شن\w*\s+(?:\S+\s+){0,3}?(?:ال)?(?:عناصر|مسلحون|مسلحين|مسلحا|مقاتلون|مقاتلين|مرتزقه)(?!\w)")
# A bombing whose device is not named («تفجير استهدف سيارة عسكرية») is an IED attack.
_BLAST = compile_arabic(r"(?<!\w)[وف]?[بل]?(?:ال)?(?:تفجير|انفجار|مفخخه|ناسفه)(?!\w)")
# A place named again without saying whose («... القنصلية الأمريكية في البصرة. وقد تعرضت القنصلية
# لهجوم»), unless it is said to be someone else's («القاعدة الروسية»); «تنظيم القاعدة» is no base.
_PLACES = ("قاعده", "سفاره", "قنصليه")
_PLACE_AGAIN = compile_arabic(
    r"(?<!تنظيم )(?<!\w)[وف]?(?:[بلك]?ال|لل)(قاعده|سفاره|قنصليه)(?!\w)"
    r"(?!\s+(?:(?:ال)?(?:جويه|عسكريه)\s+)?(?:ال)?(?:روسي|ايراني|تركي|سوري|عراقي|اسرائيلي)\w*)")
# The US embassy said to be where an attack fell: «داخل المنطقة الخضراء حيث توجد السفارة الأمريكية»,
# «مركزا للسفارات كالأميركية».
_US_EMBASSY = compile_arabic(r"(?:ال)?سفار(?:ه|ات)\s+(?:ال)?(?:امريكيه|اميركيه)|(?:ال)?سفارات\s+ك(?:ال)?(?:امريكيه|اميركيه)")
# A US base, embassy or consulate said to lie inside an airport or a compound («وتقع القنصلية
# الأميركية في البصرة داخل محيط المطار»): rockets on that airport are on it, wherever the
# article says so.
_HOSTED_IN = compile_arabic(r"(?:تقع|يقع|توجد|يوجد|تتمركز|يتمركز)\s+(?:\S+\s+){0,4}?(?:داخل|في|ضمن|بجوار)\s+"
                            r"(?:محيط\s+|حرم\s+|ارض\s+)?(?:ال)?(مطار|مجمع)(?!\w)")
_HOST_AGAIN = compile_arabic(r"(?<!\w)[وف]?(?:[بلك]?ال|لل|[بلك])?(مطار|مجمع)(?!\w)")
# Partners described by their backer («قسد المدعومة أمريكيا») are not US targets.
_PARTNER = compile_arabic(
    r"(?:المدعومه|المدعومين|المدعوم|مدعومه|المتحالفه|المتحالفين|الحليفه|حلفاء|حليفه)\s+(?:من\s+|مع\s+)?(?:قبل\s+)?"
    r"(?:امريكيا|اميركيا|الولايات المتحده|واشنطن|التحالف(?:\s+الدولي)?|الجيش الامريكي|القوات الامريكيه)")
# A site named as a location («قرب منطقة التنف», «جنوبي التنف», «بين البوكمال والتنف») rather than
# as what was hit, or forces named as the ones acting («هجوم من قبل قسد بغطاء جوي من قوات التحالف»).
_NOT_TARGET_BEFORE = compile_arabic(
    r"(?:منطقه|قرب|بالقرب من|محيط|جنوب|شمال|شرق|غرب|جنوبي|شمالي|شرقي|غربي|اتجاه|"
    r"حيث تقع|حيث توجد|حيث يوجد|حيث تنتشر|التي تنتشر فيها|(?<!\w)بين\s+\S+|(?:ال)?قريب\w* من|"
    r"من قبل|من جانب|على يد|بغطاء جوي من|باسناد من|بدعم من|بمساعده|بمسانده|"
    r"(?<!\w)(?:ال)?(?:قائد|مسوول|متحدث|مصدر|ناطق|خبير|محلل|مستشار))\s*$")  # «قائد عسكري أمريكي» speaks
# «القصف الذي شنه الجيش السوري وقوات التحالف»: forces named after this carried the attack out.
_DONE_BY = compile_arabic(r"(?<!\w)(?:شن|نفذ|قام|يشن|تشن|ينفذ|تنفذ)\w*(?:ه|ها|هما|هم)(?!\w)|(?<!\w)قام\w* به|"
                          r"(?<!\w)[وب]?(?:ال)?مشارك(?:ه|ة)(?!\w)")  # «... بمشاركة قوات فرنسية»: they took part
# A crash is no attack: «سقوط طائرة عسكرية أمريكية», «بتحطم مروحيتهم».
_ACCIDENT = compile_arabic(r"(?<!\w)[وفب]?(?:ال)?تحطم\w*|(?:سقوط|سقطت|سقط)\s+(?:ال)?(?:طائره|مروحيه)")
# A base said to be another army's («قاعدة التنف الجوية السورية») is not the one of this monitor;
# an Iraqi base may host US forces («قاعدة عين الأسد العراقية»).
_SOMEONE_ELSES = compile_arabic(r"[\"»”]?\s+(?:(?:ال)?(?:جويه|عسكريه)\s+)?(?:ال)?(?:سوري|روسي|ايراني|تركي|اسرائيلي)")
# A threat, a warning, an intention, a possibility, an expectation, a fear or a condition is not
# an attack that happened: «هددت بمهاجمة القوات الأمريكية», «إمكانية شن ضربة», «إذا تعرضنا لهجوم»,
# «مخاوف من أن ترى موسكو الوقت مثاليا لهجوم على التنف», «الهجوم الوشيك».
_HYPOTHETICAL = compile_arabic(
    r"(?<!\w)[وف]?(?:هدد\w*|يهدد\w*|تهدد\w*|توعد\w*|تتوعد|يتوعد|تحذير\w*|حذر\w*|يحذر|تحذر|التهديد|"
    r"احتمال|محتمل|امكانيه|يمكن|ممكن|الممكن|يخطط|تخطط|تعتزم|يعتزم|نيه|عازم|عازمه|عازمون|ينوي|تنوي|"
    r"يريد|تريد|يرغب|ترغب|رغبه|تحسبا|مرتقب|مرتقبه|المرتقب|المرتقبه|اذا|لو|حال|"
    r"(?:ال)?(?:مخاوف|مخاوفه|وشيك|وشيكه)|خشيه|[يتن]خشى|يخشون|يجب|ينبغي)(?!\w)"
    r"|(?<!\w)[وفبل]?اي\s+(?:طرف|جهه|هجوم|هجمات|اعتداء|استهداف)(?!\w)")  # «يجب على أي طرف أن يفهم أن مهاجمة ...»
# Last year in words: «خلال العام الفائت», «في أكتوبر من العام المنصرم»; not «منذ العام الماضي», which
# runs until now.
_LAST_YEAR = compile_arabic(r"(?<!منذ )(?<!\w)(?:العام|السنه|عام)\s+(?:الماضي|الفائت|المنصرم|المنقضي|السابق)|(?<!منذ )(?<!\w)(?:السنه|سنه)\s+(?:الماضيه|الفائته|المنصرمه)")
# «إبان معركة الرقة», «في الذكرى السنوية لاغتيال»: what happened back then is background.
_BACKGROUND = compile_arabic(r"(?<!\w)ابان(?!\w)|(?<!\w)[وفب]?(?:ال)?ذكرى(?!\w)")
# «وعادة ما يشن التحالف غارات»: what usually happens is no report of a strike.
_HABITUAL = compile_arabic(r"(?<!\w)[وف]?(?:عاده|غالبا|كثيرا)\s+ما(?!\w)")
_OTHER_COUNTRY = (r"(?:قطر|اليمن|افغانستان|الصومال|النيجر|ليبيا|السعوديه|الكويت|البحرين|الامارات|تركيا|اسراييل|"
                  r"القدس|غزه|لبنان|مصر|كوريا|روسيا|اوكرانيا|ايران)")
# Another country named without one of this monitor's: the sentence is about elsewhere.
_ELSEWHERE = compile_arabic(rf"(?<!\w)[وفبل]?{_OTHER_COUNTRY}(?!\w)")
# Another country as where something is: «في أفغانستان», «داخل تركيا» (not «ب»: «المرتبطة بإيران»).
_ELSEWHERE_AT = compile_arabic(rf"(?<!\w)[وف]?(?:في|داخل)\s+{_OTHER_COUNTRY}(?!\w)")
_BORDER = compile_arabic(r"(?:حدود|الحدود|للحدود)(?:\s+مع)?\s*$")
_PLACE_NOUN = compile_arabic(r"(?<!\w)[وفبل]?(?:ال)?(?:اراضي|باديه|صحراء|مدن|مدينه|محافظه|محافظات|بلده|قريه|ساحل|"
                             r"شمال|جنوب|شرق|غرب|عاصمه|داخل)\s*$")
_REGION = compile_arabic(r"العراق|سوريا|سوريه|الاردن|بغداد|دمشق|اربيل|الانبار|دير الزور|الحسكه|الرقه|حمص|البصره")
_US_WORD = compile_arabic(r"الولايات المتحده|واشنطن|(?<!\w)امريكا|اميركا|البنتاغون|البنتاجون|الامريكيه|الاميركيه")
_KILLED = compile_arabic(rf"(?:مقتل|قتل|مصرع)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
_KILLED_AFTER = compile_arabic(r"(\S+(?:\s+عشر)?)\s+(?:قتلى|قتيلا|قتيل)")
_WOUNDED = compile_arabic(rf"(?:اصابه|جرح|واصابه|وجرح|اصيب)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
# A person named without a number is one, in the dual two: «مقتل جندي», «إصابة شخصين». (Duals only of
# nouns whose «ين» form is no plural: «مقاتلين», «مدنيين» are many.)
_PERSONS = {noun: 1 for noun in ("شخص", "جندي", "عسكري", "مدني", "عنصر", "مقاتل", "ضابط", "متعاقد", "مستشار", "موظف",
                                 "مواطن", "شرطي", "حارس", "طفل", "رجل", "امراه")}
_PERSONS |= {noun + ending: 2 for noun in ("شخص", "جندي", "عنصر", "ضابط", "طفل", "رجل") for ending in ("ين", "ان")}
_WOUNDED_AFTER = compile_arabic(r"(\S+(?:\s+عشر)?)\s+(?:جرحى|جريحا|جريح|مصابين)")
# A sentence that sums up many attacks («عشرات الهجمات», «منذ ...», «23 هجوما») is not one event.
# So is one that tells of attacks of recent days together («هجمات وقعت في الأيام الأخيرة»).
_AGGREGATE = compile_arabic(r"عشرات|مئات|سلسله من|(?<!\w)منذ(?!\w)|\d+\s+(?:هجوما|هجمات|عمليه)|اكثر من \d+\s+هجوم|"
                            r"(?:في|خلال)\s+(?:ال)?(?:ايام|اسابيع|اشهر|الاونه)\s+(?:ال)?(?:اخيره|ماضيه|الاخيره|الماضيه|قليله)|"
                            r"(?:ال)?هجمات\s+(?:ال)?(?:اخيره|متكرره|متتاليه|متواصله)")
# A photo's caption ends with its credit («... قاعدة عين الأسد بالعراقالمصدر: رويترز»): it shows, it
# does not report.
_CAPTION = compile_arabic(r"(?:المصدر|مصدر الصوره|الصوره|تصوير)\s*:\s*(?:\S+\s*){1,3}$")
# «لا يتم تبني هذه الهجمات», «لم تتبن أي جهة»: a claim word negated.
_NEGATORS = "لا|لم|لن|عدم|دون"
_NEGATION = compile_arabic(rf"(?<!\w)[وف]?(?:{_NEGATORS})\s+(?:\S+\s+)?$")
# What was hit: «غارات على رتل», «استهدفت رتل».
_STRUCK = compile_arabic(r"(?<!\w)(?:على|استهدف\w*|استهداف|ضرب\w*|قصف\w*)\s+$")
# The same before what happened, with room for a verb and «أي»: «لم يلاحظ أي تعزيزات», «دون وقوع اشتباكات».
_NEGATED = compile_arabic(rf"(?<!\w)[وف]?(?:{_NEGATORS}|بدون)\s+(?:\S+\s+){{0,2}}$")
# An armed group announcing the attack is claiming it: «أعلنت المقاومة الإسلامية عن استهداف قاعدة».
_ANNOUNCED_ATTACK = compile_arabic(r"(?<!\w)[وف]?اعلن\w*\s+(?:\S+\s+){0,10}?عن\s+(?:استهداف|قصف|مهاجمه|ضرب)")
# A weapon named as equipment, the second term of a launcher, battery, depot or trade noun
# («منصات لإطلاق الصواريخ», «مستودع للصواريخ», «بطاريات صواريخ», «تهريب الصواريخ»), or an
# anti-aircraft one, is what someone has, not what an attack was carried out with.
_EQUIPMENT_BEFORE = compile_arabic(
    r"(?<!\w)[وف]?[بل]?(?:ال)?(?:منصه|منصات|منصتي|بطاريه|بطاريات|منظومه|منظومات|راجمه|راجمات|مستودع|مستودعات|"
    r"مخزن|مخازن|مصنع|مصانع|معمل|ورشه|ورش|شحنه|شحنات|صفقه|صفقات|تهريب|انتاج|تصنيع|تطوير|تخزين|امداد|تزويد)"
    r"\s+(?:(?:ل|لل|ال)?(?:اطلاق|تخزين|تصنيع|صنع)\s+)?(?:ل|لل)?$")
_EQUIPMENT_AFTER = compile_arabic(r"\s*(?:ال)?مضاده\s+(?:للطيران|للطائرات|للصواريخ)")
# «أسقط» with a bomb or a barrel as its object is dropping it, not shooting something down:
# «أسقطت طائرة تايفون قنبلة موجهة»; a drone «محملة بقنابل» shot down is still intercepted.
_DROPPED = compile_arabic(r"(?<!\w)(?:ال)?(?:قنبله|قنبلتين|قنابل|برميل|براميل|منشورات|مساعدات|حمولتها)(?!\w)")
DROPPED_REACH = 100
"""How far after «أسقط» its object may come (the subject often stands between them)."""
# «تبنى» with a decision, a policy or a stance as its object is adopting it, not claiming an attack:
# «فشل مجلس الأمن في تبني مشاريع قرار», «تتبنى سياسة».
_ADOPTED = compile_arabic(r"\s+(?:ال)?(?:قرار|قرارات|مشروع|مشاريع|مشروعات|سياسه|سياسات|استراتيجيه|قانون|قوانين|موقف|"
                          r"مواقف|خطه|خطط|نهج|مبادره|مقترح|مقترحات|اقتراح|فكره|افكار|رويه|خطاب|مطالب|قضيه|برنامج)(?!\w)")
# Reinforcement told with a verb and its object, troops, a quantity between them: «أرسلت أكثر من 200
# عسكري», «نشر مزيد من القوات», «عززت حضورها», «وصلت قوات أميركية», «وصول تعزيزات».
_QUANTITY = (r"(?:(?:(?:اكثر|اقل)\s+من|نحو|حوالي|قرابه|(?:ال)?مزيد(?:ا)?\s+من|عشرات|مئات|الاف|الف|\d+)\s+(?:من\s+)?){0,2}")
_REINFORCING = compile_arabic(
    r"(?<!\w)[وف]?(?:عزز\w*|[يتن]عزز\w*)\s+(?:ال)?(?:حضور|وجود|وضع|قوات|مواقع|انتشار|تواجد)\w*"
    rf"|(?<!\w)[وف]?(?:ارسل\w*|[يتن]رسل\w*|ارسال|نشر\w*|[يتن]نشر\w*)\s+{_QUANTITY}"
    r"(?:ال)?(?:جنود|جندي|عسكري|عسكريين|مستشارين|قوات|وحدات|كتيبه)(?!\w)"
    r"|(?<!\w)[وف]?(?:وصل\w*|[يت]صل|وصول)\s+(?:ال)?(?:قوات|تعزيزات|جنود|رتل|ارتال)(?!\w)")
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
    # "report": news the article gives of the attack; "mention": an earlier attack told as
    # background, dated only by its own words (see _is_mention)
    role: str = "report"
    date_earliest: str | None = None  # the days event_date at time_precision allows (event_dates.span)
    date_latest: str | None = None


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
    # US or coalition strikes reported (event type "air-strike"): the response, rows of their own
    responses: list[Event] = field(default_factory=list)
    matches: list[matching.Match] = field(default_factory=list, repr=False)
    # the original text of each sentence a match is in, by sentence number (what article_tags
    # keeps as evidence): the sentences alone, not the whole prepared text, cross the worker pipe
    match_sentences: dict[int, str] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict:
        """The documented output of ``rasad tag``: exactly these keys."""
        return {
            "relevance": self.relevance, "score": self.score, "sites": self.sites, "actors": self.actors,
            "event_types": self.event_types, "countries": self.countries,
            "events": [asdict(event) for event in self.events],
            "responses": [asdict(event) for event in self.responses],
        }


def _is_equipment(prepared: matching.Text, weapon: matching.Match) -> bool:
    """Is *weapon* named as equipment (see _EQUIPMENT_BEFORE) rather than as the means of an attack?"""
    start = prepared.position(weapon.start)
    end = prepared.position(weapon.end - 1) + 1
    return bool(_EQUIPMENT_BEFORE.search(prepared.normalized[max(0, start - 30):start])
                or _EQUIPMENT_AFTER.match(prepared.normalized, end))


def _drops(prepared: matching.Text, interception: matching.Match) -> bool:
    """Is the «أسقط» of *interception* the dropping of a bomb (see _DROPPED)?"""
    if "اسقط" not in normalize(interception.surface):
        return False
    end = prepared.position(interception.end - 1) + 1
    sentence_end = prepared.sentence_starts[interception.sentence + 1] \
        if interception.sentence + 1 < len(prepared) else len(prepared.normalized)
    return _DROPPED.search(prepared.normalized[end:min(sentence_end, end + DROPPED_REACH)]) is not None


_PUNCTUATION = "،,.؛;:!؟?\"«»()"


def _casualties(sentence: str) -> tuple[int | None, int | None]:
    """(killed, wounded) written in a normalized sentence; a lower bound («أكثر من 40») counts as 40."""
    def first(*patterns: re.Pattern) -> int | None:
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                word = m.group(1).strip(_PUNCTUATION)  # «مقتل جنديين،»
                if (value := number_before(word.split())) is not None or (value := _PERSONS.get(word)) is not None:
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
    found["weapon"] = [m for m in found["weapon"] if not _is_equipment(prepared, m)]
    found["event_type"] = [m for m in found["event_type"] if not (m.id == "interception" and _drops(prepared, m)) and not (
        m.id == "claim" and _ADOPTED.match(prepared.normalized, prepared.position(m.end - 1) + 1))]
    excluded = {m.sentence for m in matching.find(gazetteer, "exclusion", prepared)}
    # «التحالف» next to Yemen is the Saudi-led coalition; a site or country of this monitor in the
    # same sentence keeps it.
    found["actor"] = [m for m in found["actor"] if not (m.id == "coalition" and m.sentence in excluded)]
    by_sentence: dict[int, dict[str, list[matching.Match]]] = {}
    for kind, matches in found.items():
        for m in matches:
            by_sentence.setdefault(m.sentence, {}).setdefault(kind, []).append(m)

    countries_in_article = {m.id for m in found["country"]} | {
        gazetteer.get("site", m.id)["country"] for m in found["site"]}
    in_region = bool(countries_in_article & {"IQ", "SY", "JO"})
    # An article that names no place in Iraq, Syria or Jordan is "none" whatever its sentences
    # report, and "none" keeps no events, event types or countries: its sentences are not read.
    attack_sentences, strike_sentences, activity_sentences = _classify(
        prepared, by_sentence, excluded, published, gazetteer) if in_region else ([], [], [])
    # Strikes alone make an article related when they hit Iran-backed, regime or allied forces, or
    # when it places US or coalition forces in the region; strikes on regime sites or on ISIS
    # told without them do not («ضربات غربية على مواقع للنظام في دمشق»).
    # Talk of strikes to come counts as strikes here («خيارات بشأن ضربات جوية على سوريا»). (What was hit
    # is often told in the sentences around the strike.)
    strike_talk = [n for n in activity_sentences if _ONLY_STRIKES.search(prepared.normalized_sentence(n))
                   and not _PRESENCE.search(prepared.normalized_sentence(n))]
    striking = strike_sentences + strike_talk
    told_of_strikes = {m for n in striking for m in range(n - 1, n + 3) if 0 <= m < len(prepared)}
    around = [prepared.normalized_sentence(n) for n in sorted(told_of_strikes)]
    if striking and not attack_sentences and len(strike_talk) == len(activity_sentences) and any(
            _NOT_FORCES_STRUCK.search(sentence) for sentence in around) and not any(
            _ALLIED_FORCES.search(sentence) for sentence in around) and not _placed_in_region(
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
    details = {n: _details(prepared, n, by_sentence, reporting, excluded) for n in attack_sentences} \
        if relevance == "core" else {}
    events = _events(prepared, gazetteer, by_sentence, attack_sentences, details, found, published) \
        if relevance == "core" else []
    reported = (attack_sentences if relevance == "core" else []) + strike_sentences
    event_countries = {e.country for e in events if e.country} | _countries_of(reported, by_sentence, gazetteer, prepared)
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
    responses = _responses(prepared, by_sentence, strike_sentences, gazetteer, published,
                           next(iter(region)) if len(region) == 1 else None) if relevance != "none" else []
    if relevance == "none":
        reported_types, event_countries = set(), set()
    else:
        reported_types = _reported_types(prepared, by_sentence, excluded, relevance, evidence_sentences,
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


def _claims(prepared: matching.Text, number: int, kinds: dict) -> bool:
    """Does sentence *number* claim an attack: a claim word not negated, or an armed group
    announcing it?"""
    sentence = prepared.normalized_sentence(number)
    base = prepared.sentence_starts[number]
    claim_words = [prepared.position(m.start) - base for m in kinds.get("event_type", []) if m.id == "claim"]
    groups = [m for m in kinds.get("actor", []) if m.id not in _HOSTILE_ACTORS]
    return any(not _NEGATION.search(sentence[max(0, at - 20):at]) for at in claim_words) or bool(
        groups and _ANNOUNCED_ATTACK.search(sentence))


def _tells_of_attack_or_strike(prepared: matching.Text, number: int, by_sentence: dict) -> bool:
    sentence = prepared.normalized_sentence(number)
    return bool(_ATTACK.search(sentence) or _US_STRIKES.search(sentence)
                or any(m.id == "air-strike" for m in by_sentence.get(number, {}).get("event_type", [])))


def _reported_types(prepared: matching.Text, by_sentence: dict, excluded: set[int], relevance: str,
                    evidence_sentences: list[int], attack_sentences: list[int], details: dict[int, list[int]],
                    strike_sentences: list[int], events: list[Event], gazetteer: Gazetteer) -> set[str]:
    """Event types of what the article reports: those named in its attack, strike and activity
    sentences, those its attack sentences and the sentences telling more of them imply, claims
    and denials of attacks or strikes, and air strikes when it reports them."""
    named = [n for n in range(len(prepared)) if by_sentence.get(n, {}).get("event_type")]  # the only ones that add any
    on_topic = set(evidence_sentences) | set(attack_sentences if relevance == "core" else []) | {
        n for n in named if n not in excluded and _about_us(prepared.normalized_sentence(n), by_sentence.get(n, {}))}
    reported_types = {m.id for n in on_topic for m in by_sentence.get(n, {}).get("event_type", [])
                      if m.id not in ("air-strike",) and _names_what_happened(prepared, n, m)}
    if any(_REINFORCING.search(prepared.normalized_sentence(n)) for n in on_topic):
        reported_types.add("reinforcement")
    if relevance == "core":
        reported_types |= {e.event_type for e in events}
        reported_types |= {_attack_type(prepared.normalized_sentence(n), by_sentence.get(n, {}), gazetteer)
                           for n in attack_sentences + [m for more in details.values() for m in more]}
    if relevance != "none":  # a claim or a denial of an attack or strike, whoever makes it
        with_group = {n for n in range(len(prepared)) if by_sentence.get(n, {}).get("actor")}  # claims need a word or a group
        told = [n for n in sorted(set(named) | with_group) if _tells_of_attack_or_strike(prepared, n, by_sentence)]
        reported_types |= {"claim" for n in told if _claims(prepared, n, by_sentence.get(n, {}))}
        reported_types |= {"denial" for n in told if any(m.id == "denial" for m in by_sentence.get(n, {}).get("event_type", []))}
    reported_types.discard("attack")  # the event rows say it; as an article tag it adds nothing
    if strike_sentences:
        reported_types.add("air-strike")
    return reported_types


def _names_what_happened(prepared: matching.Text, number: int, event_type: matching.Match) -> bool:
    """Does *event_type*, named in sentence *number*, tell of something that took place? Not when
    negated («لم يلاحظ أي تعزيزات»), nor an attack or a clash feared, threatened or planned
    («مخاوف من اشتباكات», «لشن هجوم صاروخي» after «تزداد المخاوف»); announced deployments are news
    of their own and stay."""
    sentence = prepared.normalized_sentence(number)
    at = prepared.position(event_type.start) - prepared.sentence_starts[number]
    if _NEGATED.search(sentence[max(0, at - 30):at]):
        return False
    if event_type.id == "reinforcement" and _STRUCK.search(sentence[max(0, at - 20):at]):
        return False  # «غارات مكثفة على رتل من القوات الموالية»: the convoy was hit
    return not (event_type.id in _ATTACK_TYPES_NAMED | {"interception"} and _HYPOTHETICAL.search(sentence))


def _about_us(sentence: str, kinds: dict) -> bool:
    """Does the sentence concern US or coalition forces or their bases?"""
    return (any(m.id in ("us-forces", "coalition") for m in kinds.get("actor", [])) or bool(kinds.get("site"))
            or _TARGET.search(sentence) is not None or _US_STRIKES.search(sentence) is not None)


def _countries_of(sentences: list[int], by_sentence: dict, gazetteer: Gazetteer, prepared: matching.Text) -> set[str]:
    """Where the events of *sentences* happened: their sites' countries, else the countries they
    name as places (see _names_a_place)."""
    found: set[str] = set()
    for number in sentences:
        kinds = by_sentence.get(number, {})
        sites = {gazetteer.get("site", m.id)["country"] for m in kinds.get("site", [])}
        found |= sites or {m.id for m in kinds.get("country", []) if m.id in ("IQ", "SY", "JO") and _names_a_place(prepared, m)}
    return found


# Forces are placed in a country the text says they are in, come from or go to («في سوريا», «بسوريا»,
# «من العراق»): not one they strike («ضربة على سوريا»), sail near («بالقرب من سوريا») or only name.
_LOCATIVE = compile_arabic(r"(?:(?<!\w)(?:في|داخل|من|الي|انحاء|اراضي)\s+(?:ال)?(?:\S+\s+)?)$")
_NEAR = compile_arabic(r"(?:قرب|القرب من|قباله|سواحل|حدود|الحدود)\s+$")


def _located_in(prepared: matching.Text, country: matching.Match) -> bool:
    at = prepared.position(country.start)
    before = prepared.normalized[max(0, at - 24):at]
    if normalize(country.surface).startswith("ب"):
        return True
    return _LOCATIVE.search(before) is not None and _NEAR.search(before) is None


def _names_a_place(prepared: matching.Text, country: matching.Match) -> bool:
    """«في سوريا», «البادية السورية» name where; «الحشد الشعبي العراقي», «الجيش السوري» say whose,
    and «قرب الحدود العراقية» is on the other side of the border."""
    at = prepared.position(country.start)
    before = prepared.normalized[max(0, at - 16):at]
    if _BORDER.search(before):
        return False
    return not normalize(country.surface).endswith(("ي", "يه")) or _PLACE_NOUN.search(before) is not None


def _attack_type(sentence: str, kinds: dict, gazetteer: Gazetteer) -> str:
    """The event type of an attack sentence: from its weapon (see Gazetteer.weapon_event_types),
    else shelling («قصف») or an armed assault («هاجم»)."""
    weapons = {m.id for m in kinds.get("weapon", [])}
    types = {m.id for m in kinds.get("event_type", [])}
    for weapon, event_type in gazetteer.weapon_event_types.items():
        if weapon in weapons:
            return event_type
    for event_type in ("rocket-attack", "drone-attack", "ied", "armed-assault"):
        if event_type in types:
            return event_type
    if "interception" in types:
        return "interception"
    if _BLAST.search(sentence):
        return "ied"
    if _GROUND.search(sentence):
        return "armed-assault"
    if "قصف" in sentence:
        return "rocket-attack"
    return "attack"


def _is_area(gazetteer: Gazetteer, site: matching.Match) -> bool:
    """Does *site* name a town or district where US or coalition forces or offices are, rather
    than their base: a site with ``area = true``, or one of its ``area_variants`` («المنطقة الخضراء»
    houses the Iraqi government and many embassies besides the US one)?"""
    entry = gazetteer.get("site", site.id)
    surface = normalize(site.surface)
    return bool(entry["area"]) or any(normalize(variant) in surface for variant in entry["area_variants"] or [])


def _possible_strike(sentence: str, start: int, end: int) -> bool:
    """Is the strike phrase at *start*–*end* only possible, expected or pending: «أي ضربة عسكرية
    أمريكية محتملة», «الضربة الأميركية المرتقبة», «قرار شن ضربات غربية»?"""
    return bool(_POSSIBLE_AFTER.match(sentence, end) or _POSSIBLE_BEFORE.search(sentence[max(0, start - 20):start]))


def _us_places(sentence: str, kinds: dict, gazetteer: Gazetteer) -> set[str]:
    """Which of a base, an embassy or a consulate of the US or the coalition *sentence* names."""
    named = " ".join([m.group(0) for m in _TARGET.finditer(sentence)] + [
        normalize(m.surface) for m in kinds.get("site", []) if not _is_area(gazetteer, m)])
    return {place for place in _PLACES if place in named}


def _hosting(prepared: matching.Text, by_sentence: dict, gazetteer: Gazetteer) -> set[str]:
    """The airports and compounds («مطار», «مجمع») a sentence of the article says a US base,
    embassy or consulate lies in."""
    found = set()
    for m in _HOSTED_IN.finditer(prepared.normalized):
        number = prepared.sentence_of(m.start())
        if _us_places(prepared.normalized_sentence(number), by_sentence.get(number, {}), gazetteer):
            found.add(m.group(1))
    return found


def _classify(prepared: matching.Text, by_sentence: dict, excluded: set[int], published: date | None,
              gazetteer: Gazetteer) -> tuple[list[int], list[int], list[int]]:
    """The sentences that report an attack on US/coalition forces, a strike by them, and other
    military activity of theirs (see _sentence_verdict); background and other countries left out."""
    attack_sentences: list[int] = []
    strike_sentences: list[int] = []
    activity_sentences: list[int] = []
    hosting = _hosting(prepared, by_sentence, gazetteer)
    # Where the text last said things happen: a strike or other activity in a sentence that names
    # no place of its own is where the sentences before it were.
    place = None
    for number in range(len(prepared)):
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence.get(number, {})
        if number in excluded and not kinds.get("site"):
            continue
        if (published is not None and any(int(y) < published.year for y in _YEAR.findall(sentence))
                and not any(int(y) == published.year for y in _YEAR.findall(sentence))) or _LAST_YEAR.search(sentence):
            continue  # background from earlier years, not what the article reports
        if _BACKGROUND.search(sentence):
            continue
        elsewhere = _ELSEWHERE.search(sentence) is not None
        in_region = (elsewhere or place == "elsewhere") and bool(kinds.get("site") or _REGION.search(sentence))
        if elsewhere and not in_region:
            if _ELSEWHERE_AT.search(sentence):
                place = "elsewhere"
            continue  # about another country
        if in_region:
            place = "region"
        previous = prepared.normalized_sentence(number - 1) if number else ""
        verdict = _sentence_verdict(prepared, number, sentence, kinds, gazetteer,
                                    _us_places(previous, by_sentence.get(number - 1, {}), gazetteer), hosting)
        if verdict == "attack" and _US_STRIKES.search(sentence):
            strike_sentences.append(number)  # «... قصفت قاعدة حرير، فردت القوات الأمريكية بغارات»
        if verdict == "strike" and _HABITUAL.search(sentence):
            verdict = "activity"
        if verdict in ("strike", "activity") and place == "elsewhere":
            continue  # «... القوات الأمريكية في أفغانستان. وقال إن قائد القوات الأمريكية حضر الاجتماع»
        {"attack": attack_sentences, "strike": strike_sentences, "activity": activity_sentences}.get(
            verdict, []).append(number)
    return attack_sentences, strike_sentences, activity_sentences


PRESENCE_REACH = 60
"""How far (characters, about eight words) a presence word may stand from the country it is said of
(«الولايات المتحدة ستسحب جنودها»): farther, the sentence says something else of each."""


def _sentence_verdict(prepared: matching.Text, number: int, sentence: str, kinds: dict,
                      gazetteer: Gazetteer, named_before: set[str], hosting: set[str]) -> str | None:
    """"attack" (on US/coalition forces), "strike" (by them), "activity" (other military
    activity tied to them), or None. *named_before*: the US places the sentence before named,
    which «القاعدة», «السفارة» here refer back to; *hosting*: the airports or compounds the article
    says a US place lies in (see _HOSTED_IN)."""
    base = prepared.sentence_starts[number]
    sentence = _PARTNER.sub(lambda m: " " * len(m.group(0)), sentence)  # same length: positions hold
    # Named as a partner's backer («القوات الكردية المتحالفة مع الجيش الأمريكي»), they are not there.
    us_named = any(m.id in ("us-forces", "coalition") and not sentence[prepared.position(m.start) - base].isspace()
                   for m in kinds.get("actor", []))
    strikes = [m.span() for m in _US_STRIKES.finditer(sentence)]

    def is_agent(start: int, end: int) -> bool:
        return any(s <= start < e or s < end <= e for s, e in strikes)

    targets = [m.span() for m in _TARGET.finditer(sentence)
               if not is_agent(*m.span()) and not _NOT_TARGET_BEFORE.search(sentence[max(0, m.start() - 20):m.start()])]
    targets += [m.span(1) for m in _PLACE_AGAIN.finditer(sentence) if m.group(1) in named_before]
    if hosting:
        targets += [m.span(1) for m in _HOST_AGAIN.finditer(sentence) if m.group(1) in hosting]
    for m in kinds.get("site", []):
        start = prepared.position(m.start) - base
        end = start + len(normalize(m.surface))
        area = _is_area(gazetteer, m)
        if _NOT_TARGET_BEFORE.search(sentence[max(0, start - 20):start]) or (
                not area and _SOMEONE_ELSES.match(sentence, end)):  # «مدينة منبج السورية» is a Syrian town
            continue
        if not area or us_named or targets or _US_EMBASSY.search(sentence):
            targets.append((start, end))
    cues = [m.start() for m in _ATTACK.finditer(sentence)] + [
        prepared.position(m.start) - base for m in kinds.get("weapon", [])]
    attacked = not (_ACCIDENT.search(sentence) and not kinds.get("weapon")) and any(
        any(0 < start - cue <= ATTACK_REACH and not _DONE_BY.search(sentence[cue:start]) for cue in cues)
        or _SUFFERED.search(sentence[max(0, start - 30):end + SUFFERED_REACH]) is not None
        for start, end in targets
    )
    if attacked and not _HYPOTHETICAL.search(sentence):
        return "attack"
    if attacked:
        return "activity"  # threatened, warned of or only possible
    if strikes:  # the strike phrase itself names the US or the coalition
        return "strike" if any(not _possible_strike(sentence, *span) for span in strikes) else "activity"
    bases = [m for m in kinds.get("site", []) if not _is_area(gazetteer, m)]
    staying_or_leaving = _NOT_TROOPS_LEAVING.sub(lambda m: " " * len(m.group(0)), sentence)
    # Their forces named: any military activity of theirs. Only the country named («واشنطن»,
    # «الولايات المتحدة»): its forces' presence, not its threats, options or sanctions.
    if (us_named or targets or bases) and (_ACTIVITY.search(staying_or_leaving) or _DENIED_STRIKE.search(sentence)):
        return "activity"
    if _DENIED_STRIKE.search(sentence) and _US_WORD.search(sentence) or any(
            abs(country.start() - presence.start()) <= PRESENCE_REACH
            for country in _US_WORD.finditer(staying_or_leaving) for presence in _PRESENCE.finditer(staying_or_leaving)):
        return "activity"
    return None


def _placed_in_region(prepared: matching.Text, by_sentence: dict, excluded: set[int], skip: set[int],
                      gazetteer: Gazetteer) -> bool:
    """Does a sentence (not in *skip*, not excluded) place US or coalition forces in Iraq, Syria
    or Jordan: the forces and a place of the region («القوات الأمريكية في سوريا», «قاعدة التنف»)?"""
    for number in range(len(prepared)):
        if number in skip or number in excluded:
            continue
        sentence, kinds = prepared.normalized_sentence(number), by_sentence.get(number, {})
        base = prepared.sentence_starts[number]
        forces_end = [prepared.position(m.end - 1) + 1 - base for m in kinds.get("actor", [])
                      if m.id in ("us-forces", "coalition")] + [m.end() for m in _TARGET.finditer(sentence)]
        if not forces_end:
            continue
        if any(not _is_area(gazetteer, m) for m in kinds.get("site", [])) or any(
                m.id in ("IQ", "SY", "JO") and _names_a_place(prepared, m) and _located_in(prepared, m)
                and any(0 <= prepared.position(m.start) - base - end <= PLACEMENT_REACH for end in forces_end)
                for m in kinds.get("country", [])):
            return True
    return False


PLACEMENT_REACH = 25
"""How far (characters, about three words) after the forces the country they are in may come:
«القوات الأمريكية في سوريا», «جنود أمريكيون منتشرون في شرق سوريا»; farther, the country is where
something else is («أطلقت الولايات المتحدة ... صواريخ على منشآت في سوريا»)."""


FOLLOWING_SENTENCES = 2
"""How many sentences after an attack sentence may go on telling of the same attack."""
# A sentence that goes on about an attack: its weapon, a bombing or an attack of a named kind.
_ATTACK_TYPES_NAMED = {"rocket-attack", "drone-attack", "ied", "armed-assault"}


def _details(prepared: matching.Text, number: int, by_sentence: dict, reporting: set[int], excluded: set[int]) -> list[int]:
    """The sentences right after attack sentence *number* that tell how it was done, casualties
    or the weapon («... تعرضت القاعدة لهجوم. وقال المسؤول إن ثلاثة صواريخ سقطت داخلها»): they
    name no place of their own and report no other attack or strike. Lines too short to be
    sentences («"») are skipped."""
    found = []
    for following in range(number + 1, min(len(prepared), number + 1 + FOLLOWING_SENTENCES + 1)):
        sentence = prepared.normalized_sentence(following)
        kinds = by_sentence.get(following, {})
        if len(sentence.split()) < 3:
            continue
        if following in reporting or following in excluded or kinds.get("site") or _ELSEWHERE.search(sentence):
            break
        if not (kinds.get("weapon") or _BLAST.search(sentence)
                or {m.id for m in kinds.get("event_type", [])} & _ATTACK_TYPES_NAMED):
            break
        found.append(following)
        if len(found) == FOLLOWING_SENTENCES:
            break
    return found


def _has_anchor(sentence: str, kinds: dict, published: date | None) -> bool:
    return bool(kinds.get("site") or kinds.get("weapon") or resolve_reported(sentence, published)
                or _casualties(sentence) != (None, None))


# An earlier attack told as background: «وكانت القاعدة قد تعرضت» (not «وكان مسؤولان قد قالا إن»: an
# earlier statement), «سبق أن», «في وقت سابق», «الهجوم الذي أودى بحياة», what strikes answered
# («ردا على هجوم»).
_TOLD_AS_BACKGROUND = compile_arabic(
    r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+(?:\S+\s+){0,8}?قد(?!\w)(?!\s+[وف]?(?:قال|اعلن|ذكر|اكد|افاد|اشار|اوضح|نقل|"
    r"صرح|كشف|اعتبر|حذر|نفى|نفت|اتهم|اكدت|قالت|اعلنت|ذكرت|افادت)\w*)|(?<!\w)[وف]?سبق\w*\s+(?:\S+\s+)?(?:ان|و)(?!\w)"
    r"|في وقت سابق|(?<!\w)(?:الذي|التي)\s+(?:\S+\s+)?(?:اودى|اودت|اسفر|اسفرت|اوقع|اوقعت|خلف|خلفت|راح)(?!\w)"
    r"|(?<!\w)[وف]?(?:ردا|رد|انتقاما|ثارا)\s+(?:على|ل|من)(?!\w)|(?<!\w)[وف]?(?:رد|انتقام)(?:ا)?\s+على")
MENTION_DAYS = 7
"""An attack dated more than this many days before the paper is background, however it is told."""
FRESH_DAYS = 2
"""A background phrasing of an attack dated within this many days of the paper is still its news."""
# Who is accused, backs or is close to a group is not who claims: «ميليشيا مدعومة من الحرس الثوري»,
# «اتهمت واشنطن كتائب حزب الله».
_NOT_CLAIMANT_BEFORE = compile_arabic(
    r"(?:مدعوم\w*|مقرب\w*|موالي\w*|مرتبط\w*|تابع\w*|حليف\w*|اتهم\w*|[يت]تهم\w*|حمل\w*|[يت]حمل\w*|وصف\w*)"
    r"\s+(?:\S+\s+){0,2}?(?:من\s+|ل|لل|ب|بال)?(?:\S+\s+)?$")
CLAIMANT_REACH = 80
"""How far from a claim word («تبنت», «أعلنت ... عن استهداف») its group may be named."""


def _is_mention(sentence: str, own_date: tuple[date, int] | None, published: date | None) -> bool:
    """Is the attack of *sentence* an earlier one told as background: dated well before the paper,
    or told in a background phrasing (_TOLD_AS_BACKGROUND) without a date of the last days?"""
    if own_date is not None and published is not None and own_date[0] < published - timedelta(days=MENTION_DAYS):
        return True
    fresh = own_date is not None and published is not None and own_date[0] >= published - timedelta(days=FRESH_DAYS)
    return not fresh and _TOLD_AS_BACKGROUND.search(sentence) is not None


def _week_of(found: tuple[date, int] | None) -> tuple[date, int] | None:
    return (found[0], max(found[1], WEEK)) if found else None


def _claimant(prepared: matching.Text, number: int, kinds: dict) -> str | None:
    """The group sentence *number* says claimed an attack: of the groups named near its claim
    words, the nearest one that is not named as accused or as someone's backer."""
    if not _claims(prepared, number, kinds):
        return None
    sentence = prepared.normalized_sentence(number)
    base = prepared.sentence_starts[number]
    at = [prepared.position(m.start) - base for m in kinds.get("event_type", []) if m.id == "claim"]
    at += [m.start() for m in _ANNOUNCED_ATTACK.finditer(sentence)]
    best: tuple[int, str] | None = None
    for actor in kinds.get("actor", []):
        if actor.id in _HOSTILE_ACTORS:
            continue
        start = prepared.position(actor.start) - base
        if _NOT_CLAIMANT_BEFORE.search(sentence[max(0, start - 40):start]):
            continue
        distance = min((abs(start - claim) for claim in at), default=CLAIMANT_REACH + 1)
        if distance <= CLAIMANT_REACH and (best is None or distance < best[0]):
            best = (distance, actor.id)
    return best[1] if best else None


def _claims_by_site(prepared: matching.Text, by_sentence: dict) -> dict[str | None, str]:
    """Who claimed what: by site for a claim sentence that names one, under None for the others
    (they claim the article's attacks in general)."""
    claims: dict[str | None, str] = {}
    for number in range(len(prepared)):
        kinds = by_sentence.get(number, {})
        if (group := _claimant(prepared, number, kinds)) is not None:
            for site in [m.id for m in kinds.get("site", [])] or [None]:
                claims.setdefault(site, group)
    return claims


def _single(prepared: matching.Text, sentences: list[int]) -> list[int]:
    """The sentences that tell of one attack or strike: not a summary of many, not a photo caption."""
    return [n for n in sentences if not _AGGREGATE.search(prepared.normalized_sentence(n))
            and not _CAPTION.search(prepared.normalized_sentence(n))]


def _responses(prepared: matching.Text, by_sentence: dict, strike_sentences: list[int], gazetteer: Gazetteer,
               published: date | None, region: str | None) -> list[Event]:
    """US or coalition strikes the article reports, one per day and country (event type
    "air-strike"): where the sentence names a place in Iraq, Syria or Jordan, else *region*,
    the one country of the article's attacks and strikes."""
    opening = _opening_date(prepared, published)
    responses: list[Event] = []
    for number in _single(prepared, strike_sentences):
        sentence = prepared.normalized_sentence(number)
        (day, precision), mention = _when(prepared, number, published, opening)
        earliest, latest = span(day, precision, published) if day else (None, None)
        for country in sorted(_countries_of([number], by_sentence, gazetteer, prepared) & {"IQ", "SY", "JO"}) or [region]:
            if any((e.event_date, e.country) == (day and day.isoformat(), country) for e in responses):
                continue
            killed, wounded = _casualties(sentence)
            responses.append(Event(
                event_date=day.isoformat() if day else None, time_precision=precision, site=None, latitude=None,
                longitude=None, geo_precision=None, country=country, admin1=None, event_type="air-strike", weapon=None,
                projectiles=None, killed=killed, wounded=wounded, claimed_by=None, sentence=prepared.sentence(number),
                role="mention" if mention else "report", date_earliest=earliest.isoformat() if earliest else None,
                date_latest=latest.isoformat() if latest else None))
    return responses


def _opening_date(prepared: matching.Text, published: date | None) -> tuple[date, int] | None:
    """The first date the article's first three sentences give (a dateline, the report's day)."""
    for number in range(min(3, len(prepared))):
        if (resolved := resolve(prepared.normalized_sentence(number), published)) is not None:
            return resolved
    return None


def _when(prepared: matching.Text, number: int, published: date | None,
          opening: tuple[date, int] | None) -> tuple[tuple[date | None, int | None], bool]:
    """((date, precision), told as background?) of what sentence *number* reports. Undated: the
    date of the nearest sentence around it that reports one (the next one first: «… قتلا في
    انفجار. وقال إن الانفجار وقع أمس الخميس»), else the week of the report («قالت الوزارة،
    السبت، إن ...»), of the article's opening date or of the paper. What is told as background
    has only the date its own words give."""
    sentence = prepared.normalized_sentence(number)
    own_date = resolve_reported(sentence, published)
    if _is_mention(sentence, own_date, published):
        return own_date or (None, None), True
    nearby = [prepared.normalized_sentence(n) for n in (number + 1, number - 1, number + 2, number - 2, number - 3)
              if 0 <= n < len(prepared)]
    resolved = own_date or next(
        (found for text in nearby if (found := resolve_reported(text, published)) is not None),
        None) or _week_of(resolve(sentence, published) or opening) or ((published, WEEK) if published else (None, None))
    return resolved, _is_mention(sentence, resolved if resolved[0] else None, published)


def _events(prepared: matching.Text, gazetteer: Gazetteer, by_sentence: dict, attack_sentences: list[int],
            details: dict[int, list[int]], found: dict, published: date | None) -> list[Event]:
    claims = _claims_by_site(prepared, by_sentence)
    opening = _opening_date(prepared, published)
    # An event is one attack, not a summary of many, with an anchor (a site, a weapon, a date or
    # casualties) in its sentence or in those telling more of it («انفجار استهدف سيارة عسكرية. وأورد
    # المرصد أن الانفجار أسفر عن مقتل شخص»); a core article without any anchored attack still
    # reports its first one.
    single = _single(prepared, attack_sentences)
    anchored = [n for n in single if any(_has_anchor(prepared.normalized_sentence(told), by_sentence.get(told, {}), published)
                                         for told in [n] + details[n])]
    events: list[Event] = []
    for number in anchored or single[:1]:
        sentence = prepared.normalized_sentence(number)
        kinds = by_sentence.get(number, {})
        killed, wounded = _casualties(sentence)
        sites = list(dict.fromkeys(m.id for m in kinds.get("site", []))) or [None]
        # How it was done and with what toll, from the sentence or else from those telling more of it.
        told = [(sentence, kinds)] + [(prepared.normalized_sentence(n), by_sentence.get(n, {})) for n in details[number]]
        weapon = next((told_kinds["weapon"][0] for _, told_kinds in told if told_kinds.get("weapon")), None)
        event_type = next((t for t in (_attack_type(*pair, gazetteer) for pair in told) if t != "attack"), "attack")
        if (killed, wounded) == (None, None):
            killed, wounded = next((c for c in (_casualties(text) for text, _ in told[1:]) if c != (None, None)),
                                   (None, None))
        resolved, mention = _when(prepared, number, published, opening)
        earliest, latest = span(*resolved, published) if resolved[0] else (None, None)
        sentence_countries = [m.id for m in kinds.get("country", [])]
        for site_id in sites:
            site = gazetteer.get("site", site_id) if site_id else None
            day = resolved[0].isoformat() if resolved[0] else None
            event = next((e for e in events if _same_attack(e, site_id, day, event_type)), None)
            if event is not None:
                if event.event_type == "attack":  # a later sentence names how
                    event.event_type, event.weapon = event_type, weapon.id if weapon else None
                event.projectiles = event.projectiles or (_projectiles(prepared, weapon) if weapon else None)
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
                projectiles=_projectiles(prepared, weapon) if weapon and len(sites) == 1 else None,
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
