"""The normalized patterns of tagging (written in the spelling rasad.text.arabic.normalize gives) and the
word lists they share: what targets, attacks, strikes, activity, background, places and numbers look
like in a sentence.
"""

from __future__ import annotations

from rasad.text.arabic import compile_arabic

# Normalized patterns. «القوات الخاصة الأمريكية», «للقوات البرية الأميركية»: the branch between the
# forces and whose they are.
_BRANCH = r"(?:(?:ال)?(?:خاصه|بريه|جويه|بحريه|مسلحه)\s+)?"
# A US/coalition target named without a gazetteer entry:
TARGET = compile_arabic(
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
SUFFERED = compile_arabic(
    r"(?<!\w)[وف]?(?:تعرض\w*|لهجوم|لهجمات|لقصف|لاستهداف|لضربه|قتل|قتلا|قتلوا|اصيب|اصيبا|اصيبوا|جرح|جرحوا|(?:ال)?مقتول\w*)(?!\w)"
    r"|(?<!\w)(?:في|ب)(?:هجوم|انفجار|قصف|تفجير)(?!\w)|(?<!\w)(?:في|جراء) (?:هجوم|انفجار|قصف|تفجير)(?!\w)")
YEAR = compile_arabic(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
ATTACK = compile_arabic(
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
US_STRIKES = compile_arabic(
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
DENIED_STRIKE = compile_arabic(r"(?<!\w)[وف]?(?:نفى|نفت|نفوا|ينفي|تنفي|نفي|نافيا|نافيه)\s+(?:\S+\s+){0,6}?"
                                r"(?:ال)?(?:قصف\w*|غاره|غارات|ضربه|ضربات|شن\w*|استهدا\w*|ضلوع\w*)(?!\w)")
# A strike only possible, expected or pending, by the words next to it (a sentence may report
# one strike and threaten the next, so not by the whole sentence).
POSSIBLE_AFTER = compile_arabic(r"\S*\s+(?:ال)?(?:محتمل|محتمله|مرتقب|مرتقبه|متوقع|متوقعه|وشيك|وشيكه|مفترض|مفترضه)(?!\w)")
POSSIBLE_BEFORE = compile_arabic(r"(?<!\w)[وفبل]?(?:اي|احتمال|امكانيه|خيار|قرار|قراره)\s+(?:شن\s+|توجيه\s+)?$")
# Military activity tied to US/coalition forces that makes an article related.
# Their presence: staying, leaving, bases, reinforcements, troops («الولايات المتحدة سوف تخرج من سوريا»).
# Bases only when theirs («قواعدها», «قاعدة عسكرية أمريكية» is a TARGET): «إخلاء قواعد عسكرية بسبب التهديدات
# الأمريكية» are another army's. Deploying troops is presence too: «تنشر الولايات المتحدة قوات في منبج».
_PRESENCE_WORDS = (
    r"انسحاب|الانسحاب|سحب|يسحب|تسحب|ينسحب|ستنسحب|مغادره|يغادر|تغادر|ستغادر|الوجود العسكري|وجود القوات|بقاء القوات|"
    r"خروج|(?<!\w)[وف]?(?:س|سوف )?[يتن]خرج(?!\w)|"
    r"(?<!\w)[وفبل]?(?:قواعدها|قاعدتها|قاعدتيها)(?!\w)|تعزيزات|دوريه|دوريات|مستشارين|قوات خاصه|جنود|"
    r"(?<!\w)[وف]?(?:س|سوف )?(?:نشر|نشرت|[يتن]نشر)\s+(?:\S+\s+){0,4}?(?:قوات|جنود|جندي|جنديا|عسكريين|مستشارين)(?!\w)|"
    # troops being there: «وجود 2000 جندي أمريكي شمال سوريا»
    r"وجود\s+(?:\S+\s+){0,2}?(?:جندي|جنود|قوات|عسكريين|مستشارين)(?!\w)|"
    # staying in a country or town of the region: «إقناع ترامب بالبقاء في سوريا», «بقاءهم في منبج»
    r"بقاء\w*\s+(?:\S+\s+){0,2}?(?:في|ب)\s*(?:العراق|سوريا|سوريه|الاردن|منبج|التنف|شرق الفرات)(?!\w)")
# Deployed («الجيش الأميركي ينتشر في سوريا»): of forces named, not of the country alone («اتصلت الخارجية
# الأميركية بمنظمات منتشرة في دوما»).
_DEPLOYED = r"[يت]نتشر|انتشار|(?:ال)?منتشره|[يت]تمركز|(?:ال)?متمركزه"
PRESENCE = compile_arabic(rf"{_PRESENCE_WORDS}|{_DEPLOYED}")
COUNTRY_PRESENCE = compile_arabic(_PRESENCE_WORDS)
# Presence told as a noun with the nationality as its adjective: «الوجود الأمريكي», «التواجد العسكري الأميركي»,
# «الحضور الأمريكي والبريطاني», «تعزيزات عسكرية أمريكية جديدة», «دورية أمريكية», «رتل عسكري أميركي»: their
# forces being there or coming, whoever speaks of it.
US_PRESENCE = compile_arabic(
    r"(?:وجود|تواجد|حضور|تعزيزات|دوريه|دوريات|رتلا?|ارتال|قافله|قوافل)\s+(?:ال)?(?:عسكري(?:ا|ه)?\s+(?:ال)?)?"
    r"(?:جديده?\s+(?:ال)?)?(?:امريكي|اميركي)(?:ا|ه)?(?!\w)")
_STRIKE_TALK = r"غارات|ضربات"
ACTIVITY = compile_arabic(_PRESENCE_WORDS + rf"|{_DEPLOYED}|القوات|تهديد|تهدد|توعد|انتقام|تدريب|عمليات عسكريه|{_STRIKE_TALK}|عسكري")
# Military activity that is only about strikes (planned, possible, debated), operations or a war
# waged («شنت حربا على تنظيم الدولة»): no presence of theirs.
ONLY_STRIKES = compile_arabic(rf"{_STRIKE_TALK}|ضربه|غاره|قصف|(?<!\w)[وفل]?(?:ال)?اطلاق|عمليه عسكريه|عمليات عسكريه|"
                              r"(?<!\w)[وفل]?(?:ال)?حرب(?:ا)?\s+(?:على|ضد)(?!\w)")
# Iran-backed, regime or allied forces as what a strike hit («غارات على مواقع لميليشيات موالية لإيران»):
# a strike on them is news of US forces as actors; one told as hitting regime sites («أهداف للنظام في
# دمشق») or ISIS is not, unless the article places US or coalition forces in the region.
# What such strikes hit when it is not those forces: ISIS, the Syrian state's sites, «سوريا» itself
# («ضرب سوريا», «ضربة غربية»: the US with its Western allies strike the state, not militias).
NOT_FORCES_STRUCK = compile_arabic(
    r"داعش|تنظيم الدوله|الدوله الاسلاميه|(?<!\w)[وفبل]?(?:ال|لل)?نظام السوري|(?<!\w)[وفبل]?(?:ال|لل)?حكومه السوريه|"
    r"(?<!\w)للنظام(?!\w)|(?:على|ضد)\s+سوريا|(?:ال)?كيماوي|(?:ال)?كيميائي|(?:ال)?كيمائي|"
    r"(?<!\w)[وفبل]?(?:ضرب|ضربه|ضربات|قصف|مهاجمه)\s+سوريا|(?:ال)?(?:ضربه|ضربات|هجوم|الهجمات)\s+(?:ال)?غربي(?:ه)?(?!\w)")
# A sentence that tells of hitting something: an attack or strike word.
HITTING = compile_arabic(rf"{ATTACK.pattern}|{ONLY_STRIKES.pattern}")
ALLIED_FORCES = compile_arabic(
    r"(?<!\w)[وفبل]?(?:ال)?(?:ميليشي|مليشي|ميلشي|فصائل|فصيل|مرتزق)\w*|(?:ال|لل)?حشد الشعبي|حزب الله|الحرس الثوري|كتائب|النجباء|"
    r"العصائب|فاطميون|(?<!\w)[وفبل]?(?:ال)?مهاجمين(?!\w)|(?:متعاقدين|مقاتلين|عناصر)\s+(?:ال)?روس(?!\w)|"  # the attackers of their positions, Russian contractors
    r"(?:مقتل|قتل\w*|قتلى|خساير|اصابه)\s+(?:\S+\s+){0,3}?(?:ال)?روس(?:ي|يه)?(?!\w)|"  # Russians killed: «مقتل عدد من الروس»
    r"(?<!\w)[وفبل]?(?:ال)?(?:قوات|عناصر|مقاتلين|مقاتلي|مسلحين|رتل|ارتال|مواقع)\s+(?:\S+\s+)?(?:للنظام|النظام|موالي\w*|"
    r"الموالي\w*|الحكومه السوريه|الجيش السوري|للجيش السوري|حكوميه)")
# The time of what is reported given by an earlier statement or decision: «بعد أيام من إعلان ترامب أنه
# يريد سحب القوات», «بالتزامن مع التصريحات الأخيرة حول انسحاب القوات»: that clause (to its comma) tells
# what was said before, not what the article reports.
EARLIER_WORDS = compile_arabic(
    r"(?<!\w)[وف]?(?:بعد|عقب|اثر|منذ|قبل|بالتزامن مع|تزامنا مع|في اعقاب|على خلفيه)\s+(?:\S+\s+){0,4}?(?:من\s+|على\s+)?"
    r"(?:ال)?(?:قرار|اعلان|اصدار|تصريح|اوامر|حديث|تعهد|تغريد|دعوه|كلام|تلميح)\w*(?!\w)[^،,]*")
# Withdrawing from an agreement or a body is politics, not troops leaving: «انسحاب الولايات المتحدة
# من الاتفاق النووي», «سحب سفيرها», «الانسحاب من المفاوضات».
NOT_TROOPS_LEAVING = compile_arabic(
    r"(?<!\w)[وف]?(?:ال)?(?:انسحاب|انسحب\w*|[يت]نسحب\w*|سحب|[يت]سحب)\s+(?:(?:\S+\s+){0,3}?من\s+(?:ال)?"
    r"(?:اتفاق|اتفاقيه|اتفاقات|معاهده|صفقه|مفاوضات|محادثات|منظمه|مجلس)|(?:ال)?(?:سفير\w*|سفراء|ثقه|ترشيح\w*))(?!\w)")
# That there is none of something («لا يوجد أي نشاط عسكري أمريكي», «نفى وجود أي اتفاقات ... لإعادة انتشار»,
# «عدم وجود قوات أمريكية»), to its comma, is no activity; nor is a redeployment of forces not said to be
# US or coalition forces («إعادة انتشار قوات البشمركة», «إعادة الانتشار في المناطق المتنازع عليها»).
NONE_THERE = compile_arabic(
    r"(?:(?:لا|ليس|ليست|عدم|نفى|نفت|نفوا|ينفي|تنفي|نافيا)\s+(?:هناك\s+|ثمه\s+)?[بل]?(?:ال)?(?:وجود|يوجد|توجد|تواجد|يتواجد)"
    r"|(?:وجود|يوجد|توجد|تواجد)\s+(?:ل)?اي)(?!\w)[^،,]*"
    r"|اعاده\s+(?:ال)?(?:انتشار|تموضع|نشر)(?!\s+(?:ال)?(?:قوات|جنود)\s+(?:ال)?(?:امريكيه|اميركيه|التحالف))\S*")
_ABOUT = r"(?:(?:اكثر|اقل) من\s+|نحو\s+|حوالي\s+|قرابه\s+)?"
# «مقتل ثلاثة جنود», «مقتل 3», «ثلاثة قتلى»; «إصابة 40», «جرح أكثر من 40», «40 جريحا»
# A ground assault: storming, clashes, or fighters launching it («شن عناصر من التنظيم هجوما»).
GROUND = compile_arabic(r"(?<!\w)[وف]?[يت]?هاجم\w*|اقتحم\w*|اقتحام|اشتباك\w*|(?<!\w)معارك|مواجهات|هجوم بري|هجوما بريا|كمين|"
                         r"(?<!\w)[وف]?شن\w*\s+(?:\S+\s+){0,3}?(?:ال)?(?:عناصر|مسلحون|مسلحين|مسلحا|مقاتلون|مقاتلين|مرتزقه)(?!\w)")
# A bombing whose device is not named («تفجير استهدف سيارة عسكرية») is an IED attack.
BLAST = compile_arabic(r"(?<!\w)[وف]?[بل]?(?:ال)?(?:تفجير|انفجار|مفخخه|ناسفه)(?!\w)")
# A place named again without saying whose («... القنصلية الأمريكية في البصرة. وقد تعرضت القنصلية
# لهجوم»), unless it is said to be someone else's («القاعدة الروسية»); «تنظيم القاعدة» is no base.
PLACES = ("قاعده", "سفاره", "قنصليه")
PLACE_AGAIN = compile_arabic(
    r"(?<!تنظيم )(?<!\w)[وف]?(?:[بلك]?ال|لل)(قاعده|سفاره|قنصليه)(?!\w)"
    r"(?!\s+(?:(?:ال)?(?:جويه|عسكريه)\s+)?(?:ال)?(?:روسي|ايراني|تركي|سوري|عراقي|اسرائيلي)\w*)")
# The US embassy said to be where an attack fell: «داخل المنطقة الخضراء حيث توجد السفارة الأمريكية»,
# «مركزا للسفارات كالأميركية».
US_EMBASSY = compile_arabic(r"(?:ال)?سفار(?:ه|ات)\s+(?:ال)?(?:امريكيه|اميركيه)|(?:ال)?سفارات\s+ك(?:ال)?(?:امريكيه|اميركيه)")
# A US base, embassy or consulate said to lie inside an airport or a compound («وتقع القنصلية
# الأميركية في البصرة داخل محيط المطار»): rockets on that airport are on it, wherever the
# article says so.
HOSTED_IN = compile_arabic(r"(?:تقع|يقع|توجد|يوجد|تتمركز|يتمركز)\s+(?:\S+\s+){0,4}?(?:داخل|في|ضمن|بجوار)\s+"
                            r"(?:محيط\s+|حرم\s+|ارض\s+)?(?:ال)?(مطار|مجمع)(?!\w)")
HOST_AGAIN = compile_arabic(r"(?<!\w)[وف]?(?:[بلك]?ال|لل|[بلك])?(مطار|مجمع)(?!\w)")
# Partners described by their backer («قسد المدعومة أمريكيا») are not US targets.
PARTNER = compile_arabic(
    r"(?:المدعومه|المدعومين|المدعوم|مدعومه|المتحالفه|المتحالفين|الحليفه|حلفاء|حليفه)\s+(?:من\s+|مع\s+)?(?:قبل\s+)?"
    r"(?:امريكيا|اميركيا|الولايات المتحده|واشنطن|التحالف(?:\s+الدولي)?|الجيش الامريكي|القوات الامريكيه)")
# A site named as a location («قرب منطقة التنف», «جنوبي التنف», «بين البوكمال والتنف») rather than
# as what was hit, or forces named as the ones acting («هجوم من قبل قسد بغطاء جوي من قوات التحالف»).
NOT_TARGET_BEFORE = compile_arabic(
    r"(?:منطقه|قرب|بالقرب من|محيط|جنوب|شمال|شرق|غرب|جنوبي|شمالي|شرقي|غربي|اتجاه|"
    r"حيث تقع|حيث توجد|حيث يوجد|حيث تنتشر|التي تنتشر فيها|(?<!\w)بين\s+\S+|(?:ال)?قريب\w* من|"
    r"من قبل|من جانب|على يد|بغطاء جوي من|باسناد من|بدعم من|بمساعده|بمسانده|"
    r"(?<!\w)(?:ال)?(?:قائد|مسوول|متحدث|مصدر|ناطق|خبير|محلل|مستشار))\s*$")  # «قائد عسكري أمريكي» speaks
# «القصف الذي شنه الجيش السوري وقوات التحالف»: forces named after this carried the attack out.
DONE_BY = compile_arabic(r"(?<!\w)(?:شن|نفذ|قام|يشن|تشن|ينفذ|تنفذ)\w*(?:ه|ها|هما|هم)(?!\w)|(?<!\w)قام\w* به|"
                          r"(?<!\w)[وب]?(?:ال)?مشارك(?:ه|ة)(?!\w)")  # «... بمشاركة قوات فرنسية»: they took part
# A crash is no attack: «سقوط طائرة عسكرية أمريكية», «بتحطم مروحيتهم».
ACCIDENT = compile_arabic(r"(?<!\w)[وفب]?(?:ال)?تحطم\w*|(?:سقوط|سقطت|سقط)\s+(?:ال)?(?:طائره|مروحيه)")
# A base said to be another army's («قاعدة التنف الجوية السورية») is not the one of this monitor;
# an Iraqi base may host US forces («قاعدة عين الأسد العراقية»).
SOMEONE_ELSES = compile_arabic(r"[\"»”]?\s+(?:(?:ال)?(?:جويه|عسكريه)\s+)?(?:ال)?(?:سوري|روسي|ايراني|تركي|اسرائيلي)")
# A threat, a warning, an intention, a possibility, an expectation, a fear or a condition is not
# an attack that happened: «هددت بمهاجمة القوات الأمريكية», «إمكانية شن ضربة», «إذا تعرضنا لهجوم»,
# «مخاوف من أن ترى موسكو الوقت مثاليا لهجوم على التنف», «الهجوم الوشيك».
HYPOTHETICAL = compile_arabic(
    r"(?<!\w)[وف]?(?:هدد\w*|يهدد\w*|تهدد\w*|توعد\w*|تتوعد|يتوعد|تحذير\w*|حذر\w*|يحذر|تحذر|التهديد|"
    r"احتمال|محتمل|امكانيه|يمكن|ممكن|الممكن|يخطط|تخطط|تعتزم|يعتزم|نيه|عازم|عازمه|عازمون|ينوي|تنوي|"
    r"يريد|تريد|يرغب|ترغب|رغبه|تحسبا|مرتقب|مرتقبه|المرتقب|المرتقبه|اذا|لو|حال|"
    r"(?:ال)?(?:مخاوف|مخاوفه|وشيك|وشيكه)|خشيه|[يتن]خشى|يخشون|يجب|ينبغي)(?!\w)"
    r"|(?<!\w)[وفبل]?اي\s+(?:طرف|جهه|هجوم|هجمات|اعتداء|استهداف)(?!\w)")  # «يجب على أي طرف أن يفهم أن مهاجمة ...»
# Last year in words: «خلال العام الفائت», «في أكتوبر من العام المنصرم»; not «منذ العام الماضي», which
# runs until now.
LAST_YEAR = compile_arabic(r"(?<!منذ )(?<!\w)(?:العام|السنه|عام)\s+(?:الماضي|الفائت|المنصرم|المنقضي|السابق)|(?<!منذ )(?<!\w)(?:السنه|سنه)\s+(?:الماضيه|الفائته|المنصرمه)")
# «إبان معركة الرقة», «في الذكرى السنوية لاغتيال»: what happened back then is background.
# «بعد مرور عام على الضربة»: a year since.
# A life or an era told as the past of another story: «صنع الصدر اسمه من قيادته انتفاضتين ضد القوات
# الأمريكية», «اشتهر بـ», «مع وصول أوباما إلى البيت الأبيض ... سحب القوات».
BACKGROUND = compile_arabic(r"(?<!\w)ابان(?!\w)|(?<!\w)[وفب]?(?:ال)?ذكرى(?!\w)|"
                            r"(?<!\w)(?:بعد|منذ)\s+مرور\s+(?:\S+\s+)?(?:عام|اعوام|عامين|سنه|سنوات|سنتين)(?!\w)|"
                            r"صنع\w{0,2}\s+(?:\S+\s+)?(?:اسم|اسمه|اسمها|اسمهم|شهرته|شهرتها|مجده)(?!\w)|"
                            r"شتهر\w{0,2}(?!\w)|(?<!\w)[وف]?ذاع(?!\w)|"
                            r"(?:مع|عند)\s+(?:وصول|تولي|مجيء)\s+(?:\S+\s+){0,3}?(?:الى\s+)?"
                            r"(?:البيت الابيض|السلطه|الحكم|الرياسه)(?!\w)")
# «خلال معركة الموصل», «أثناء عملية "غضب الفرات"»: what happened during a named campaign, told without a
# day, is the campaign's history («استخدم التنظيم المسيرات ضد قوات التحالف خلال معركة الرقة»).
CAMPAIGN = compile_arabic(r"(?<!\w)[وف]?(?:خلال|اثناء|ابان)\s+(?:(?:معركه|معارك|حمله)\s+(?:تحرير\s+)?(?:ال\w+|[\"«])|"
                          r"(?:عمليه|العمليه)\s+(?:\S+\s+)?[\"«])")
# The headline of another story linked from the text: «اقرأ أيضا..» on its own line before it, or a
# «Speaker: statement» line without quotation marks that does not start as the text's sentences do
# («تركيا تحذر القوات الأمريكية في منبج: إذا ارتدوا ...», «للمزيد: ترامب يصف الاتفاق ...»).
READ_MORE = compile_arabic(r"^\s*(?:اقرا|اقرا ايضا|اقرا المزيد|للمزيد|المزيد|شاهد|شاهد ايضا)\s*[.:…]*\s*$")
LINKED_HEADLINE = compile_arabic(r"^(?![وف])(?:[^\s:\"«»“”]+\s+){0,7}[^\s:\"«»“”]+\s*:\s+(?!.*[\"«»“”])")
# US forces named as one of all the foreign forces a statement speaks of («طلب من كل القوات الأجنبية
# الموجودة في سوريا الرحيل، بما في ذلك الإيرانية ... والقوات الأميركية», «جميع القوات الأجنبية ومنها
# الأمريكية»): a list, not news of theirs.
FOREIGN_FORCES = compile_arabic(r"(?<!\w)(?:كل|كافه|جميع)\s+(?:ال)?قوات\s+(?:ال)?(?:اجنبيه|الاجنبيه)(?!\w)|"
                                r"(?<!\w)(?:ال)?قوات\s+(?:ال)?اجنبيه\s+(?:\S+\s+){0,6}?(?:بما في ذلك|بما فيها|ومنها|مثل)(?!\w)")
# «وعادة ما يشن التحالف غارات»: what usually happens is no report of a strike.
HABITUAL = compile_arabic(r"(?<!\w)[وف]?(?:عاده|غالبا|كثيرا)\s+ما(?!\w)")
_OTHER_COUNTRY = (r"(?:قطر|اليمن|افغانستان|الصومال|النيجر|ليبيا|السعوديه|الكويت|البحرين|الامارات|تركيا|اسراييل|"
                  r"القدس|غزه|لبنان|مصر|كوريا|روسيا|اوكرانيا|ايران|الصين|بكين|اليابان|الهند|باكستان|اوروبا|"
                  # where US forces also are, or sail: their bases and patrols there are not this monitor's
                  r"بولندا|المانيا|ايطاليا|اسبانيا|اليونان|رومانيا|بلغاريا|النرويج|ليتوانيا|استونيا|لاتفيا|كوسوفو|"
                  r"السودان|جيبوتي|اثيوبيا|كينيا|نيجيريا|تشاد|الجزاير|تونس|الفلبين|تايوان|فيتنام|استراليا|كندا|"
                  r"المكسيك|كوبا|فنزويلا|غوانتانامو|مضيق هرمز|البحر الاحمر|باب المندب|البحر الاسود|بحر الصين)")
# Another country's army, told by its nationality: «الجيش المصري», «القوات الخاصة القطرية» (not the
# armies that fight in Iraq and Syria themselves: Iranian, Turkish, Russian, Israeli).
_OTHER_ARMY = (r"(?:جيش|جيوش|قوات|وحدات)\s+(?:(?:ال)?(?:خاصه|بريه|جويه|بحريه|مسلحه)\s+)?(?:ال)?"
               r"(?:مصري|قطري|كويتي|سعودي|اماراتي|بحريني|عماني|يمني|ليبي|صومالي|افغاني|باكستاني|هندي|كوري|ياباني|"
               r"بولندي|اوكراني|الماني|ايطالي|اسباني|يوناني|نيجيري|مغربي|تونسي|جزايري)(?:ه)?(?!\w)")
# Another country named, or its army, without one of this monitor's: the sentence is about elsewhere.
ELSEWHERE = compile_arabic(rf"(?<!\w)[وفبل]?{_OTHER_COUNTRY}(?!\w)|{_OTHER_ARMY}")
# Another country as where something is: «في أفغانستان», «داخل تركيا» (not «ب»: «المرتبطة بإيران»).
ELSEWHERE_AT = compile_arabic(rf"(?<!\w)[وف]?(?:في|داخل)\s+{_OTHER_COUNTRY}(?!\w)")
BORDER = compile_arabic(r"(?:حدود|الحدود|للحدود)(?:\s+مع)?\s*$")
PLACE_NOUN = compile_arabic(r"(?<!\w)[وفبل]?(?:ال)?(?:اراضي|باديه|صحراء|مدن|مدينه|محافظه|محافظات|بلده|قريه|ساحل|"
                             r"شمال|جنوب|شرق|غرب|عاصمه|داخل)\s*$")
REGION = compile_arabic(r"العراق|سوريا|سوريه|الاردن|بغداد|دمشق|اربيل|الانبار|دير الزور|الحسكه|الرقه|حمص|البصره")
US_WORD = compile_arabic(r"الولايات المتحده|واشنطن|(?<!\w)امريكا|اميركا|البنتاغون|البنتاجون|الامريكيه|الاميركيه")
# Its president, who decides where its troops are, or its people as the ones there: only with their
# leaving or staying in a country or town of the region («تراجع ترامب عن قرار الخروج من سوريا», «يجب على
# الأمريكيين أن يغادروا المنطقة»), not with leaving an agreement or a council, nor with others leaving
# («ترامب وبوتين متفقان على خروج الإيرانيين من سوريا»).
US_PERSONS = compile_arabic(r"امريكيين|اميركيين|امريكيون|اميركيون|امريكان|اميركان|ترامب|اوباما|رييس الامريكي|رييس الاميركي")
LEAVING_REGION = compile_arabic(
    r"(?:انسحاب|انسحب|سحب|خروج|خرج|غادر|مغادره|بقاء)\w*"
    r"(?!\s+(?:ال)?(?:ايراني|روس|تركي|اكراد|كردي|ميليشي|مليشي|حزب الله|قوات\s+(?:ال)?(?:ايراني|روسي|تركي|سوري|عراقي)))"
    r"\s+(?:\S+\s+){0,3}?(?:(?:من|في|ب)\s*)?(?:ال)?(?:العراق|سوريا|سوريه|الاردن|منبج|التنف|منطقه)(?!\w)")
KILLED = compile_arabic(rf"(?:مقتل|قتل|مصرع)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
KILLED_AFTER = compile_arabic(r"(\S+(?:\s+عشر)?)\s+(?:قتلى|قتيلا|قتيل)")
WOUNDED = compile_arabic(rf"(?:اصابه|جرح|واصابه|وجرح|اصيب)\s+{_ABOUT}(\S+(?:\s+عشر)?)")
# A person named without a number is one, in the dual two: «مقتل جندي», «إصابة شخصين». (Duals only of
# nouns whose «ين» form is no plural: «مقاتلين», «مدنيين» are many.)
PERSONS = {noun: 1 for noun in ("شخص", "جندي", "عسكري", "مدني", "عنصر", "مقاتل", "ضابط", "متعاقد", "مستشار", "موظف",
                                 "مواطن", "شرطي", "حارس", "طفل", "رجل", "امراه")}
PERSONS |= {noun + ending: 2 for noun in ("شخص", "جندي", "عنصر", "ضابط", "طفل", "رجل") for ending in ("ين", "ان")}
WOUNDED_AFTER = compile_arabic(r"(\S+(?:\s+عشر)?)\s+(?:جرحى|جريحا|جريح|مصابين)")
# A sentence that sums up many attacks («عشرات الهجمات», «منذ ...», «23 هجوما») is not one event.
# So is one that tells of attacks of recent days together («هجمات وقعت في الأيام الأخيرة»).
AGGREGATE = compile_arabic(r"عشرات|مئات|سلسله من|(?<!\w)منذ(?!\w)|\d+\s+(?:هجوما|هجمات|عمليه)|اكثر من \d+\s+هجوم|"
                            r"(?:في|خلال)\s+(?:ال)?(?:ايام|اسابيع|اشهر|الاونه)\s+(?:ال)?(?:اخيره|ماضيه|الاخيره|الماضيه|قليله)|"
                            r"(?:ال)?هجمات\s+(?:ال)?(?:اخيره|متكرره|متتاليه|متواصله)")
# A photo's caption ends with its credit («... قاعدة عين الأسد بالعراقالمصدر: رويترز»): it shows, it
# does not report.
CAPTION = compile_arabic(r"(?:المصدر|مصدر الصوره|الصوره|تصوير)\s*:\s*(?:\S+\s*){1,3}$")
# «لا يتم تبني هذه الهجمات», «لم تتبن أي جهة»: a claim word negated.
_NEGATORS = "لا|لم|لن|عدم|دون"
NEGATION = compile_arabic(rf"(?<!\w)[وف]?(?:{_NEGATORS})\s+(?:\S+\s+)?$")
# What was hit: «غارات على رتل», «استهدفت رتل».
STRUCK = compile_arabic(r"(?<!\w)(?:على|استهدف\w*|استهداف|ضرب\w*|قصف\w*)\s+$")
# The same before what happened, with room for a verb and «أي»: «لم يلاحظ أي تعزيزات», «دون وقوع اشتباكات».
NEGATED = compile_arabic(rf"(?<!\w)[وف]?(?:{_NEGATORS}|بدون)\s+(?:\S+\s+){{0,2}}$")
# An armed group announcing the attack is claiming it: «أعلنت المقاومة الإسلامية عن استهداف قاعدة».
ANNOUNCED_ATTACK = compile_arabic(r"(?<!\w)[وف]?اعلن\w*\s+(?:\S+\s+){0,10}?عن\s+(?:استهداف|قصف|مهاجمه|ضرب)")
# A weapon named as equipment, the second term of a launcher, battery, depot or trade noun
# («منصات لإطلاق الصواريخ», «مستودع للصواريخ», «بطاريات صواريخ», «تهريب الصواريخ»), or an
# anti-aircraft one, is what someone has, not what an attack was carried out with.
EQUIPMENT_BEFORE = compile_arabic(
    r"(?<!\w)[وف]?[بل]?(?:ال)?(?:منصه|منصات|منصتي|بطاريه|بطاريات|منظومه|منظومات|راجمه|راجمات|مستودع|مستودعات|"
    r"مخزن|مخازن|مصنع|مصانع|معمل|ورشه|ورش|شحنه|شحنات|صفقه|صفقات|تهريب|انتاج|تصنيع|تطوير|تخزين|امداد|تزويد)"
    r"\s+(?:(?:ل|لل|ال)?(?:اطلاق|تخزين|تصنيع|صنع)\s+)?(?:ل|لل)?$")
EQUIPMENT_AFTER = compile_arabic(r"\s*(?:ال)?مضاده\s+(?:للطيران|للطائرات|للصواريخ)")
# «أسقط» with a bomb or a barrel as its object is dropping it, not shooting something down:
# «أسقطت طائرة تايفون قنبلة موجهة»; a drone «محملة بقنابل» shot down is still intercepted.
DROPPED = compile_arabic(r"(?<!\w)(?:ال)?(?:قنبله|قنبلتين|قنابل|برميل|براميل|منشورات|مساعدات|حمولتها)(?!\w)")
DROPPED_REACH = 100
"""How far after «أسقط» its object may come (the subject often stands between them)."""
# «تبنى» with a decision, a policy or a stance as its object is adopting it, not claiming an attack:
# «فشل مجلس الأمن في تبني مشاريع قرار», «تتبنى سياسة».
ADOPTED = compile_arabic(r"\s+(?:ال)?(?:قرار|قرارات|مشروع|مشاريع|مشروعات|سياسه|سياسات|استراتيجيه|قانون|قوانين|موقف|"
                          r"مواقف|خطه|خطط|نهج|مبادره|مقترح|مقترحات|اقتراح|فكره|افكار|رويه|خطاب|مطالب|قضيه|برنامج)(?!\w)")
# Reinforcement told with a verb and its object, troops, a quantity between them: «أرسلت أكثر من 200
# عسكري», «نشر مزيد من القوات», «عززت حضورها», «وصلت قوات أميركية», «وصول تعزيزات».
_QUANTITY = (r"(?:(?:(?:اكثر|اقل)\s+من|نحو|حوالي|قرابه|(?:ال)?مزيد(?:ا)?\s+من|عشرات|مئات|الاف|الف|\d+)\s+(?:من\s+)?){0,2}")
REINFORCING = compile_arabic(
    r"(?<!\w)[وف]?(?:عزز\w*|[يتن]عزز\w*)\s+(?:ال)?(?:حضور|وجود|وضع|قوات|مواقع|انتشار|تواجد)\w*"
    rf"|(?<!\w)[وف]?(?:ارسل\w*|[يتن]رسل\w*|ارسال|نشر\w*|[يتن]نشر\w*)\s+{_QUANTITY}"
    r"(?:ال)?(?:جنود|جندي|عسكري|عسكريين|مستشارين|قوات|وحدات|كتيبه)(?!\w)"
    r"|(?<!\w)[وف]?(?:وصل\w*|[يت]صل|وصول)\s+(?:ال)?(?:قوات|تعزيزات|جنود|رتل|ارتال)(?!\w)")
US_OR_COALITION = frozenset({"us-forces", "coalition"})
"""The actors (gazetteer ids) that are the forces this monitor watches."""
HOSTILE_ACTORS = US_OR_COALITION | {"sdf"}
"""The actors that are no claimant of an attack on them."""


# Forces are placed in a country the text says they are in, come from or go to («في سوريا», «بسوريا»,
# «من العراق»): not one they strike («ضربة على سوريا»), sail near («بالقرب من سوريا») or only name.
LOCATIVE = compile_arabic(r"(?:(?<!\w)(?:في|داخل|من|الي|انحاء|اراضي)\s+(?:ال)?(?:\S+\s+)?)$")
NEAR = compile_arabic(r"(?:قرب|القرب من|قباله|سواحل|حدود|الحدود)\s+$")


# An earlier attack told as background: «وكانت القاعدة قد تعرضت» (not «وكان مسؤولان قد قالا إن»: an
# earlier statement), «سبق أن», «في وقت سابق», «الهجوم الذي أودى بحياة», what strikes answered
# («ردا على هجوم»).
TOLD_AS_BACKGROUND = compile_arabic(
    r"(?<!\w)[وف]?(?:كان|كانت|كانوا)\s+(?:\S+\s+){0,8}?قد(?!\w)(?!\s+[وف]?(?:قال|اعلن|ذكر|اكد|افاد|اشار|اوضح|نقل|"
    r"صرح|كشف|اعتبر|حذر|نفى|نفت|اتهم|اكدت|قالت|اعلنت|ذكرت|افادت)\w*)|(?<!\w)[وف]?سبق\w*\s+(?:\S+\s+)?(?:ان|و)(?!\w)"
    r"|في وقت سابق|(?<!\w)(?:الذي|التي)\s+(?:\S+\s+)?(?:اودى|اودت|اسفر|اسفرت|اوقع|اوقعت|خلف|خلفت|راح)(?!\w)"
    r"|(?<!\w)[وف]?(?:ردا|رد|انتقاما|ثارا)\s+(?:على|ل|من)(?!\w)|(?<!\w)[وف]?(?:رد|انتقام)(?:ا)?\s+على")
# Who is accused, backs or is close to a group is not who claims: «ميليشيا مدعومة من الحرس الثوري»,
# «اتهمت واشنطن كتائب حزب الله».
NOT_CLAIMANT_BEFORE = compile_arabic(
    r"(?:مدعوم\w*|مقرب\w*|موالي\w*|مرتبط\w*|تابع\w*|حليف\w*|اتهم\w*|[يت]تهم\w*|حمل\w*|[يت]حمل\w*|وصف\w*)"
    r"\s+(?:\S+\s+){0,2}?(?:من\s+|ل|لل|ب|بال)?(?:\S+\s+)?$")
