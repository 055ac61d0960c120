"""Tagging: what an article reports about attacks on US and coalition forces, as a pure function
of (title, text, publication date) → :class:`Tags`.

- **Matches** of the gazetteer (sites, actors, weapons, event types, countries) on the normalized
  text, clitics allowed (rasad.analyse.matching); «التحالف» in a sentence about Yemen is not the
  international coalition; a weapon named as equipment («منصات لإطلاق الصواريخ») is no means of
  attack, «أسقط» a bomb is no interception, «تبنى» a resolution no claim.
- **Attack sentences**: a sentence that names a US/coalition target (a gazetteer base, US or
  coalition forces, a US base, convoy or the embassy, «القاعدة», «السفارة» referring back to
  one the sentence before named, or an airport the article says a US place lies in) together
  with an attack word or a weapon, where the target is attacked rather than attacking (a «غارات
  أمريكية» sentence reports a US strike, not an attack on US forces) and is not merely a place
  («قرب التنف»; a town or the Green Zone only with US forces or the embassy named). Threats,
  intentions and fears are activity; long-past or habitual attacks are background, and so is a
  life or an era told as the past of another story («صنع اسمه من قيادته انتفاضتين ضد القوات
  الأمريكية», «مع وصول أوباما إلى البيت الأبيض»). Claims, denials and interceptions count.
- **Strike sentences**: a US/coalition strike whatever the word order («شنت القوات الأمريكية
  غارات», «قوات التحالف ردت بغارة جوية», «غارات شنها التحالف», «غارات من قبل التحالف»), also
  inside an attack sentence.
- **Relevance** (issue 16's definition): ``core`` with at least one attack sentence in Iraq, Syria
  or Jordan (an attack during a named campaign told without a day is history); ``related`` when
  US/coalition forces appear with military activity (strikes, strikes they deny, reinforcements,
  exercises, presence or withdrawal, deployment, threats) where the text last said things happen,
  not in another country, and that is what the article is about: in its headline or lead, or at
  least one sentence in 15 (named in passing, they are not). Presence is also told as a noun
  («الوجود الأمريكي», «وجود 2000 جندي أمريكي», «تعزيزات عسكرية أمريكية», «رتلا عسكريا أمريكيا»), as
  staying in a country or town of the region («بالبقاء في سوريا»), or as the Americans or the US president leaving or staying there («يجب على
  الأمريكيين أن يغادروا المنطقة», «تراجع ترامب عن قرار الخروج من سوريا»; not an agreement, not
  others leaving). Not activity: another country's army told by its nationality («الجيش المصري»), or
  another country or sea (Europe, Qatar, Hormuz) is elsewhere; US forces as one of all the foreign
  forces a statement lists («كل القوات الأجنبية ... بما في ذلك ... الأميركية»); what a statement says there is none of («لا يوجد أي»,
  «نفى وجود أي»); a redeployment of forces not said to be theirs («إعادة انتشار قوات البشمركة»);
  the headline of another story the page links to (after «اقرأ أيضا», or a «Speaker: statement»
  line past the lead). Strikes on regime sites or ISIS the
  text ties to no US forces in the region (the war on ISIS, the Western strikes on Syrian state
  sites) are no evidence; nor is a clause that dates the news by an earlier statement («بعد يومين
  من إعلان ترامب سحب القوات»). ``none`` otherwise; with a score and the deciding sentences.
- **Event types** of what happened: not those named negated, nor attacks feared or threatened.
- **Responses**: the US or coalition strikes a core or related article reports, one row each per
  day and country (event type "air-strike"), dated like events; linked to no attack.
- **Events** for core articles: one per attacked site and kind of attack (or per day without a
  site), with date and precision (rasad.analyse.event_dates: the attack's own date before the date of a
  report about it), coordinates from the gazetteer, weapon, number of projectiles, killed,
  wounded (from the sentence, or the sentences right after it that tell more of the same
  attack) and who claimed it. Countries are where attacks and strikes happened: places named,
  not nationalities («الحشد الشعبي العراقي»).

The package, in the order the data flows:

- ``patterns``: the normalized patterns and word lists the rules share.
- ``matches``: the gazetteer matches of the article, those not meant left out.
- ``places`` and ``verdicts``: what each sentence reports (attack, strike, activity) and where.
- ``event_types``, ``claims``, ``dating``, ``counts`` and ``events``: the event rows and their
  type, claimant, date, casualties and projectiles.
- ``tagger``: ``tag`` itself, which puts them together; ``results``: what it returns.
"""

from __future__ import annotations

from rasad.analyse.tagging.results import Event, Tags
from rasad.analyse.tagging.tagger import tag, tag_article

__all__ = ["Event", "Tags", "tag", "tag_article"]
