from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timezone

import numpy as np

from rasad.analyse import dedup
from rasad.extract.extraction import Article
from rasad.query.health import find_problems
from rasad.store import db as database, near_duplicates
from rasad.store.stories import restory
from rasad.text.arabic import normalize
from rasad.text.urls import url_key
from tests.conftest import store_article

WIRE = (
    "استهدفت هجمات صاروخية، الأربعاء، قواعد عسكرية تضم قوات للتحالف الدولي لمكافحة الإرهابيين في العراق وسوريا، "
    "وحمل التحالف في بيان مجموعات موالية لإيران المسؤولية عنها وشدد على حقه في الدفاع عن النفس. "
    "وأفاد مصدر أمني عراقي بأن خمسة صواريخ سقطت داخل قاعدة عين الأسد الجوية في محافظة الأنبار غرب البلاد "
    "من دون أن تسفر عن إصابات، فيما أعلن التحالف أن ثماني قذائف استهدفت القرية الخضراء في شرق سوريا. "
    "وتأتي هذه الهجمات في وقت أحيت إيران وحلفاؤها في المنطقة الذكرى السنوية الثانية لاغتيال قائد فيلق القدس."
)
# The same wire story as another outlet runs it: a dateline, spelling variants, a footer.
REPUBLISHED = (
    "بغداد - (أ ف ب): " + WIRE.replace("الأربعاء", "الأربعاء الماضي").replace("إيران", "ايران")
    .replace("المسؤولية", "المسئولية") + "\nتابعونا على مواقع التواصل الاجتماعي."
)
OTHER = (
    "أعلنت وزارة الصحة أن حملة التطعيم ضد شلل الأطفال ستنطلق الأسبوع المقبل في جميع المحافظات، "
    "وتستهدف أكثر من مليوني طفل دون سن الخامسة، بمشاركة آلاف الفرق الصحية المتنقلة في المدن والأرياف، "
    "ودعت الوزارة الأهالي إلى التعاون مع الفرق وتسهيل وصولها إلى المنازل والمدارس ورياض الأطفال."
)


def article(url: str, text: str, title: str = "عنوان", published: str | None = None) -> Article:
    return Article(url=url, canonical_url=url, title=title, text=text, author=None, published_at=published,
                   date_source=None, description=None, language="ar", site_name=None)


def store(db, url: str, text: str, source: str = "test", published: str | None = None):
    db.execute("INSERT OR IGNORE INTO sources (id, name) VALUES (?, ?)", (source, source))
    return store_article(db, article(url, text, published=published), source=source,
                         fetched_at=datetime.now(timezone.utc).isoformat(), fingerprint=dedup.fingerprint(text))


def test_normalized_spelling_variants_have_the_same_text_hash():
    assert dedup.fingerprint("قاعدة عين الأسـد الجويّة").text_hash == dedup.fingerprint("قاعده عين الاسد الجويه").text_hash


def test_signature_similarity_tracks_the_edit():
    wire, copy, other = (dedup.fingerprint(t).signature for t in (WIRE, REPUBLISHED, OTHER))
    assert dedup.similarity(wire, copy) > 0.5
    assert dedup.similarity(wire, other) < 0.1
    assert dedup.fingerprint(WIRE).signature.dtype == np.uint32 and len(dedup.fingerprint(WIRE).buckets) == dedup.BANDS


def test_copies_are_stored_and_grouped_into_one_story(tmp_db):
    db = database.connect(tmp_db)
    first = store(db, "https://a.example.com/1", WIRE, "outlet-a")
    exact = store(db, "https://b.example.com/2", WIRE.replace("إيران", "ايران"), "outlet-b")
    near = store(db, "https://c.example.com/3", REPUBLISHED, "outlet-c")
    other = store(db, "https://c.example.com/4", OTHER, "outlet-c")
    assert first.duplicate_of is None and first.story_id == first.article_id
    assert (exact.duplicate_of, exact.similarity, exact.story_id) == (first.article_id, 1.0, first.article_id)
    assert near.duplicate_of == first.article_id and near.story_id == first.article_id
    assert dedup.SAME_STORY_CONTAINMENT <= near.similarity < 1.0
    assert other.duplicate_of is None and other.story_id == other.article_id
    assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_the_index_lives_in_the_database_and_survives_a_restart(tmp_db):
    db = database.connect(tmp_db)
    first = store(db, "https://a.example.com/1", WIRE)
    db.conn.close()
    reopened = database.connect(tmp_db)
    assert store(reopened, "https://c.example.com/3", REPUBLISHED).story_id == first.article_id


def test_a_stored_url_and_its_variants_are_not_stored_again(tmp_db):
    db = database.connect(tmp_db)
    assert store(db, "https://www.example.com/news/1/", WIRE).article_id is not None
    for variant in ("http://example.com/news/1", "https://m.example.com/news/1/amp", "https://www.example.com/amp/news/1"):
        assert url_key(variant) == url_key("https://www.example.com/news/1/")
        assert store(db, variant, OTHER).article_id is None


def test_migrating_an_old_database_backfills_keys_and_stories(tmp_db):
    db = database.connect(tmp_db, migrate=False)
    database.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO sources (id, name) VALUES ('s', 's')")
    for i, text in enumerate((WIRE, OTHER, REPUBLISHED), start=1):
        db.execute("INSERT INTO articles (url, canonical_url, source, title, fetched_at, text) VALUES (?, ?, 's', 't', 'now', ?)",
                   (f"https://www.example.com/{i}/", f"https://www.example.com/{i}/", text))
    db.conn.close()
    migrated = database.connect(tmp_db)
    assert database.schema_version(migrated) == len(database.MIGRATIONS)
    rows = migrated.execute("SELECT id, url_key, story_id, duplicate_of FROM articles ORDER BY id").fetchall()
    assert rows[0][1] == "example.com/1"
    assert [r[2] for r in rows] == [1, 2, 1] and rows[2][3] == 1
    assert migrated.execute("SELECT count(*) FROM lsh_buckets").fetchone()[0] == 3 * dedup.BANDS
    assert {a for (a,) in migrated.execute("SELECT DISTINCT article_id FROM passage_anchors")} == {1, 2, 3}
    with closing(sqlite3.connect(tmp_db)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_pages_skipped_as_too_old_are_fetched_again_by_a_crawl_that_wants_their_date(tmp_db):
    from datetime import date

    from rasad.crawl.known import KnownUrls
    from rasad.store.ingest import remember_skipped

    db = database.connect(tmp_db)
    db.execute("INSERT INTO sources (id, name) VALUES ('s', 's')")
    remember_skipped(db, "https://example.com/old", "s", "too-old", "now", "2018-05-01T10:00:00+03:00")
    remember_skipped(db, "https://example.com/about/", "s", "static-page", "now")
    assert "https://example.com/old" in KnownUrls(tmp_db, oldest=date(2024, 1, 1))
    assert "https://example.com/old" not in KnownUrls(tmp_db, oldest=date(2010, 1, 1))
    assert "https://example.com/old" not in KnownUrls(tmp_db, oldest=None)
    assert "http://www.example.com/about" in KnownUrls(tmp_db, oldest=None)


def test_the_near_duplicate_lookup_seeks_the_index_and_never_scans(tmp_db):
    db = database.connect(tmp_db)
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + near_duplicates.CANDIDATES_SQL, [0] * (2 * dedup.BANDS))]
    assert not any(step.startswith("SCAN") for step in plan), plan
    assert sum(step.startswith("SEARCH lsh_buckets USING PRIMARY KEY") for step in plan) == dedup.BANDS
    postings = "SELECT p.anchor FROM passage_anchors p JOIN articles a ON a.id = p.article_id WHERE p.anchor IN (?, ?)"
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + postings, [1, 2])]
    assert not any(step.startswith("SCAN") for step in plan), plan
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE text_hash = ?", ["x"])]
    assert not any(step.startswith("SCAN") for step in plan), plan


# A second wire story, and an outlet's "related stories" teasers: leads of its other articles.
STRIKE = (
    "قال المتحدث باسم التحالف الدولي إن طائرتين مسيرتين مفخختين استهدفتا فجر الخميس قاعدة حرير الجوية في أربيل، "
    "وإن الدفاعات الجوية أسقطت إحداهما قبل أن تبلغ هدفها فيما سقطت الأخرى في أرض خالية قرب المدرج.\n"
    "وأضاف المتحدث في بيان أن الهجوم لم يسفر عن إصابات بين الجنود أو أضرار في المعدات، وأن التحقيقات جارية "
    "لتحديد الجهة التي أطلقت الطائرتين والموقع الذي انطلقتا منه.\n"
    "وتبنت جماعة تطلق على نفسها اسم المقاومة الإسلامية في العراق الهجوم في بيان نشرته على قناتها في تطبيق تلغرام، "
    "وقالت إنه رد على الضربات الأمريكية الأخيرة على مواقع الفصائل في منطقة القائم على الحدود السورية."
)
TEASERS = (
    "\nأعلنت وزارة المالية أن الموازنة العامة للعام المقبل ستعرض على البرلمان الأسبوع المقبل بعد إقرارها في مجلس الوزراء.\n"
    "افتتح وزير الثقافة معرض الكتاب الدولي بمشاركة أكثر من خمسمائة دار نشر من ثلاثين دولة عربية وأجنبية.\n"
    "توقعت هيئة الأرصاد الجوية ارتفاعا ملحوظا في درجات الحرارة خلال الأيام المقبلة مع رياح نشطة في المناطق الغربية."
)
MARKET = ("سجلت أسعار الذهب ارتفاعا جديدا في تعاملات اليوم مع تراجع الدولار وتزايد الإقبال على الملاذات الآمنة، "
          "وقال متعاملون إن المستثمرين ينتظرون قرار البنك المركزي بشأن أسعار الفائدة.")
FOOTBALL = ("فاز المنتخب الوطني على نظيره الضيف بهدفين نظيفين في المباراة الودية التي أقيمت مساء الثلاثاء، "
            "وسجل الهدفين مهاجم الفريق في الشوط الثاني بعد تمريرتين من لاعب الوسط.")
TRAFFIC = ("أعلنت إدارة المرور إغلاق الطريق السريع المؤدي إلى المطار لمدة ثلاثة أيام لأعمال الصيانة، "
           "ودعت السائقين إلى استخدام الطرق البديلة وتوخي الحذر في ساعات الذروة.")


def test_a_copy_trimmed_or_embedded_in_a_longer_text_is_the_same_story(tmp_db):
    db = database.connect(tmp_db)
    first = store(db, "https://a.example.com/1", STRIKE, "outlet-a")
    # The first two paragraphs under a new lead, inside a roundup of the day's other news.
    roundup = "\n".join([MARKET, FOOTBALL, *STRIKE.split("\n")[:2], TRAFFIC])
    trimmed = STRIKE.split("\n")[0]
    whole_text = dedup.similarity(dedup.fingerprint(STRIKE).signature, dedup.fingerprint(roundup).signature)
    assert whole_text < 0.45  # as wholes the texts are not alike
    embedded, cut = store(db, "https://b.example.com/2", roundup, "outlet-b"), store(db, "https://c.example.com/3", trimmed, "outlet-c")
    assert embedded.story_id == cut.story_id == first.article_id
    assert store(db, "https://c.example.com/4", OTHER, "outlet-c").story_id != first.article_id


NEW_LEAD = ("طالب رئيس الوزراء العراقي القادة الأمنيين بملاحقة المسؤولين عن الهجمات التي تستهدف البعثات والقواعد، "
            "مؤكدا أن الحكومة لن تسمح بجر البلاد إلى صراع إقليمي، وذلك بعد ساعات من هجوم جديد في إقليم كردستان.")
REACTION = ("ودانت حكومة إقليم كردستان الهجوم ووصفته بأنه عمل إرهابي يستهدف أمن الإقليم واستقراره، "
            "ودعت الحكومة الاتحادية إلى اتخاذ إجراءات حازمة بحق الجماعات الخارجة عن القانون.")


def _shared_content(a: str, b: str) -> float:
    return dedup.containment(dedup._content(dedup.fingerprint(a).paragraphs, set()),
                             dedup._content(dedup.fingerprint(b).paragraphs, set()))


def test_a_story_under_a_new_lead_keeps_the_others_opening_and_is_the_same_story(tmp_db):
    """Half of the shorter text in the other: the same story when it keeps the other's opening, two
    stories when what they share is background under leads of their own."""
    db = database.connect(tmp_db)
    lead, second, claim = STRIKE.split("\n")
    rewritten = "\n".join([NEW_LEAD, lead, " ".join(second.split()[:len(second.split()) // 2]), REACTION])
    one_background, other_background = "\n".join([NEW_LEAD, claim]), "\n".join([REACTION, claim])
    for a, b in ((STRIKE, rewritten), (one_background, other_background)):
        assert dedup.LEAD_STORY_CONTAINMENT <= _shared_content(a, b) < dedup.SAME_STORY_CONTAINMENT
    first = store(db, "https://a.example.com/1", STRIKE, "outlet-a")
    assert store(db, "https://b.example.com/1", rewritten, "outlet-b").story_id == first.article_id
    apart = database.connect(tmp_db.with_name("apart.db"))  # the background pair alone
    background = store(apart, "https://c.example.com/1", one_background, "outlet-c")
    assert store(apart, "https://d.example.com/1", other_background, "outlet-d").story_id != background.story_id


def test_an_outlets_related_stories_teasers_do_not_join_its_articles(tmp_path):
    def two_articles_with_teasers(db_path, printed_before: bool):
        db = database.connect(db_path)
        if printed_before:  # the outlet printed the same teasers under two other stories of the day
            for n, text in enumerate((MARKET, FOOTBALL), start=1):
                store(db, f"https://news.example.com/{n}", text + TEASERS, "outlet")
        strike = store(db, "https://news.example.com/3", STRIKE.split("\n")[0] + TEASERS, "outlet")
        return strike.story_id, store(db, "https://news.example.com/4", TRAFFIC + TEASERS, "outlet").story_id

    assert len(set(two_articles_with_teasers(tmp_path / "day.db", printed_before=True))) == 2
    # What tells them apart is knowing the teasers for furniture: alone, the shared block joins them.
    assert len(set(two_articles_with_teasers(tmp_path / "alone.db", printed_before=False))) == 1


TELEGRAM = ("تظاهر آلاف الروس في موسكو ضد حجب تطبيق تلغرام، ورددوا هتافات ضد الرئيس بوتين.\n"
            "وقال بافل دوروف مؤسس تلغرام إن بوتين أعلن الحرب على الإنترنت وعلى المجتمع الحر.\n"
            "وتطالب السلطات تلغرام بمفاتيح التشفير، ويرفض دوروف ذلك، ويستخدم تلغرام مئتا مليون شخص حول العالم.")
# The same wire story as an outlet that transliterates otherwise prints it.
TELEGRAM_RESPELLED = (TELEGRAM.replace("تلغرام", "تليغرام").replace("بوتين", "بوتن").replace("بافل", "بافيل")
                      .replace("الإنترنت", "الإنترنيت"))


def test_a_copy_that_spells_names_otherwise_is_the_same_story(tmp_db):
    def bare_containment(a: str, b: str) -> float:
        def grams(text: str) -> set[str]:
            words = dedup._bare_words(normalize(text))
            return {" ".join(words[i:i + dedup.CONTENT_WORDS]) for i in range(len(words) - dedup.CONTENT_WORDS + 1)}
        return dedup.containment(grams(a), grams(b))

    assert bare_containment(TELEGRAM, TELEGRAM_RESPELLED) < dedup.SAME_STORY_CONTAINMENT
    assert _shared_content(TELEGRAM, TELEGRAM_RESPELLED) == 1.0
    assert _shared_content(STRIKE, STRIKE.replace("الأمريكية", "الأميركية")) == 1.0
    db = database.connect(tmp_db)
    first = store(db, "https://a.example.com/1", TELEGRAM, "outlet-a")
    assert store(db, "https://b.example.com/1", TELEGRAM_RESPELLED, "outlet-b").story_id == first.article_id
    assert store(db, "https://c.example.com/1", OTHER, "outlet-c").story_id != first.article_id


def test_a_story_its_outlet_prints_again_under_new_leads_stays_one_story(tmp_db):
    """The outlet repeats the story's paragraphs under three texts of one story: they are its body,
    not furniture (teasers and sign-offs are printed under different stories)."""
    db = database.connect(tmp_db)
    first = store(db, "https://news.example.com/1", STRIKE, "outlet", "2024-01-25T06:00:00")
    updates = [store(db, f"https://news.example.com/{n}", f"{lead}\n{STRIKE}", "outlet", published)
               for n, lead, published in ((2, NEW_LEAD, "2024-01-25T09:00:00"), (3, REACTION, "2024-01-25T12:00:00"))]
    assert [update.story_id for update in updates] == [first.article_id, first.article_id]


def test_a_block_under_many_texts_of_one_story_is_furniture_all_the_same():
    """Counting stories alone, a block of teasers that once joined two articles would join every
    later one that carries it: under FURNITURE_ONE_STORY texts of one story, it is furniture."""
    postings = [(7, article_id, "outlet", f"text-{article_id}", 1) for article_id in range(1, dedup.FURNITURE_ONE_STORY)]
    assert dedup.furniture_of(postings) == set()
    assert dedup.furniture_of(postings + [(7, 9, "outlet", "text-9", 1)]) == {7}
    assert dedup.furniture_of([(7, 1, "outlet", "text-1", 1), (7, 2, "outlet", "text-2", 2)]) == {7}  # two stories
    assert dedup.furniture_of([(7, 1, "outlet", "text-1", 1), (7, 2, "other", "text-2", 2)]) == set()  # two outlets


def test_reports_of_different_attacks_in_the_same_formula_are_different_stories(tmp_db):
    db = database.connect(tmp_db)
    formula = ("وقال المتحدث باسم التحالف الدولي في بيان إن الهجوم لم يسفر عن إصابات بين الجنود أو أضرار في المعدات، "
               "وإن التحقيقات جارية لتحديد الجهة التي أطلقت الصواريخ.")
    monday = store(db, "https://a.example.com/1", "سقطت ثلاثة صواريخ كاتيوشا مساء الاثنين داخل قاعدة عين الأسد الجوية في "
                   "محافظة الأنبار غرب العراق، بحسب مصدر أمني عراقي تحدث شرط عدم الكشف عن اسمه.\n" + formula, "outlet-a")
    friday = store(db, "https://a.example.com/2", "استهدفت طائرة مسيرة فجر الجمعة قاعدة التنف في البادية السورية قرب المثلث "
                   "الحدودي مع الأردن والعراق، وأسقطتها الدفاعات الجوية قبل وصولها.\n" + formula, "outlet-a")
    assert monday.story_id != friday.story_id


def test_restory_regroups_stored_articles(tmp_db):
    from tests.conftest import run_rasad

    db = database.connect(tmp_db)
    first = store(db, "https://a.example.com/1", STRIKE, "outlet-a")
    copy = store(db, "https://b.example.com/2", "أربيل - (أ ف ب): " + STRIKE + "\nتابعونا على مواقع التواصل الاجتماعي.", "outlet-b")
    other = store(db, "https://c.example.com/3", OTHER, "outlet-c")
    assert copy.story_id == first.article_id
    with database.transaction(db):  # stories as older rules left them: every article alone
        db.execute("UPDATE articles SET story_id = id, duplicate_of = NULL, similarity = NULL")
    db.conn.close()
    result = run_rasad("restory", "--db", str(tmp_db))
    assert result.returncode == 0, result.stderr
    assert "3 articles regrouped" in result.stdout and "1 changed story" in result.stdout
    db = database.connect(tmp_db)
    assert db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall() == [
        (first.article_id, first.article_id), (copy.article_id, first.article_id), (other.article_id, other.article_id)]


def test_new_versions_of_one_article_stay_its_story_however_often_the_outlet_repeats_it(tmp_db):
    db = database.connect(tmp_db)
    counts = ("خمسة", "ستة", "سبعة", "ثمانية")
    stories = {store(db, f"https://news.example.com/{n}", STRIKE.replace("طائرتين مسيرتين", f"{count} طائرات مسيرة"),
                     "outlet").story_id for n, count in enumerate(counts)}
    assert len(stories) == 1


# STRIKE as another outlet punctuates it: commas around the day and the clauses, quotes, hashtags.
STRIKE_REPUNCTUATED = (
    "قال المتحدث باسم #التحالف_الدولي، إن طائرتين مسيرتين مفخختين استهدفتا، فجر الخميس، قاعدة حرير الجوية في #أربيل، "
    "وإن الدفاعات الجوية أسقطت إحداهما، قبل أن تبلغ هدفها، فيما سقطت الأخرى في أرض خالية، قرب المدرج.\n"
    "وأضاف المتحدث، في بيان، أن \"الهجوم لم يسفر عن إصابات بين الجنود، أو أضرار في المعدات\"، وأن التحقيقات جارية، "
    "لتحديد الجهة التي أطلقت الطائرتين، والموقع الذي انطلقتا منه.\n"
    "وتبنت جماعة تطلق على نفسها اسم \"المقاومة الإسلامية في العراق\"، الهجوم، في بيان نشرته على قناتها في تطبيق #تلغرام، "
    "وقالت إنه \"رد على الضربات الأمريكية الأخيرة\" على مواقع الفصائل، في منطقة القائم، على الحدود السورية."
)


def _raw_token_containment(a: str, b: str) -> float:
    """The containment of word 3-grams with the punctuation left on the words."""
    def grams(text: str) -> set[str]:
        words = dedup._words(normalize(text))
        return {" ".join(words[i:i + dedup.CONTENT_WORDS]) for i in range(len(words) - dedup.CONTENT_WORDS + 1)}
    return dedup.containment(grams(a), grams(b))


def test_a_copy_punctuated_otherwise_is_the_same_story_trimmed_embedded_or_re_led(tmp_db):
    """Commas, quotes and hashtags added in every sentence leave most words in place: the copy,
    its first paragraph alone, its first two paragraphs inside a roundup, and the copy under a new
    lead are all the first outlet's story."""
    lead, second, _ = STRIKE_REPUNCTUATED.split("\n")
    copies = {"copy": STRIKE_REPUNCTUATED, "trimmed": lead,
              "embedded": "\n".join([MARKET, FOOTBALL, lead, second, TRAFFIC]),
              "re-led": "\n".join([NEW_LEAD, STRIKE_REPUNCTUATED])}
    for name, text in copies.items():
        assert _raw_token_containment(STRIKE, text) < dedup.SAME_STORY_CONTAINMENT, name  # as raw tokens, too little shared
        db = database.connect(tmp_db.with_name(f"{name}.db"))
        first = store(db, "https://a.example.com/1", STRIKE, "outlet-a")
        assert store(db, "https://b.example.com/1", text, "outlet-b").story_id == first.article_id, name


def test_interceptions_announced_in_one_formula_on_different_days_are_different_stories(tmp_db):
    """The spokesman's formula, punctuated otherwise by the second outlet, is a third of each
    report; the site, the day, the weapon and who claimed it are not, and they open the reports."""
    formula = ("وأكد المتحدث باسم قيادة العمليات المشتركة في بيان{c} أن الدفاعات الجوية تعاملت مع الهدف وفق قواعد الاشتباك{c} "
               "وأن القوات الأمنية فتحت تحقيقا لمعرفة الجهة التي تقف وراء الهجوم{c} داعيا المواطنين إلى عدم تداول الشائعات.")
    monday = ("اعترضت الدفاعات الجوية مساء الاثنين طائرة مسيرة حاولت الاقتراب من قاعدة عين الأسد الجوية في الأنبار، "
              "وقال مصدر أمني إن الطائرة انطلقت من منطقة صحراوية قرب الحدود السورية.\n"
              "ولم تعلن أي جهة مسؤوليتها عن الهجوم، وهو الثالث على القاعدة خلال الشهر الجاري.\n" + formula.format(c=""))
    friday = ("أسقطت منظومة الدفاع فجر الجمعة صاروخين أطلقا باتجاه مطار بغداد الدولي حيث يقيم مستشارون للتحالف، "
              "وسقط صاروخ ثالث في حي سكني قريب وألحق أضرارا بمنزلين.\n"
              "وتبنت جماعة مسلحة غير معروفة الهجوم في بيان قالت فيه إنه رد على اغتيال أحد قادتها.\n" + formula.format(c="،"))
    assert _shared_content(monday, friday) > _raw_token_containment(monday, friday)  # bare words: the formula whole
    db = database.connect(tmp_db)
    assert store(db, "https://a.example.com/1", monday, "outlet-a").story_id != store(db, "https://b.example.com/1", friday,
                                                                                      "outlet-b").story_id


# STRIKE as another outlet ran it the same morning: a new opening, and in every paragraph a few
# words changed (a verb, a preposition, a spelling), so fewer than 60 % of its 3-grams are STRIKE's.
STRIKE_REWRITTEN = "\n".join([
    NEW_LEAD,
    "وقال متحدث باسم التحالف الدولي إن طائرتين مسيرتين مفخختين هاجمتا فجر الخميس قاعدة حرير الجوية بأربيل، "
    "وإن الدفاعات الجوية اعترضت إحداهما قبل أن تبلغ هدفها فيما سقطت الثانية في أرض خالية قرب المدرج.",
    "وأضاف المتحدث في بيان أن الهجوم لم يسفر عن إصابات بين العسكريين أو أضرار في المعدات، وأن التحقيقات جارية "
    "لمعرفة الجهة التي أطلقت الطائرتين والمكان الذي انطلقتا منه.",
    "وتبنت جماعة تسمي نفسها المقاومة الإسلامية في العراق الهجوم في بيان نشرته على قناتها في منصة تلغرام، "
    "وأضافت أنه رد على الغارات الأمريكية الأخيرة على مواقع الفصائل في منطقة القائم على الحدود السورية.",
])


def test_a_wire_story_edited_word_by_word_under_a_new_opening_the_same_day_is_the_same_story(tmp_path):
    """Each paragraph keeps half of its 3-grams or more, the text as a whole less than the 60 % of
    the containment rule: the same story when published within the day, not when a day apart (or
    when either time is unknown, where nothing says it is the same news)."""
    assert dedup.REWRITTEN_CONTAINMENT <= _shared_content(STRIKE, STRIKE_REWRITTEN) < dedup.SAME_STORY_CONTAINMENT
    outcomes = {}
    for name, published in {"same morning": "2024-01-25T09:40:00+03:00", "next day": "2024-01-26T12:00:00+03:00",
                            "no date": None}.items():
        db = database.connect(tmp_path / f"{name}.db")
        first = store(db, "https://a.example.com/1", STRIKE, "outlet-a", published="2024-01-25T06:10:00+03:00")
        outcomes[name] = store(db, "https://b.example.com/1", STRIKE_REWRITTEN, "outlet-b", published).story_id == first.article_id
    assert outcomes == {"same morning": True, "next day": False, "no date": False}


def test_yesterdays_story_as_background_under_todays_news_is_a_new_story(tmp_path):
    """Two thirds of the first report, under an opening of the next day's news: a follow-up, its
    own story; the same the same morning, or a day later under the first report's own opening, is
    the first story."""
    _, second, claim = STRIKE.split("\n")
    follow_up, republished = "\n".join([NEW_LEAD, second, claim]), "\n".join([STRIKE, REACTION])
    assert _shared_content(STRIKE, follow_up) >= dedup.SAME_STORY_CONTAINMENT
    outcomes = {}
    for name, text, published in [("follow-up next day", follow_up, "2024-01-26T10:00:00"),
                                  ("follow-up same morning", follow_up, "2024-01-25T09:00:00"),
                                  ("republished next day", republished, "2024-01-26T10:00:00")]:
        db = database.connect(tmp_path / f"{name}.db")
        first = store(db, "https://a.example.com/1", STRIKE, "outlet-a", published="2024-01-25T06:00:00")
        outcomes[name] = store(db, "https://a.example.com/2", text, "outlet-a", published).story_id == first.article_id
    assert outcomes == {"follow-up next day": False, "follow-up same morning": True, "republished next day": True}


def test_hours_apart_reads_iso_times_with_or_without_a_zone():
    assert dedup.hours_apart("2024-01-25T06:00:00+03:00", "2024-01-25T06:00:00") == 3.0
    assert dedup.hours_apart("2024-01-26T00:30:00+00:00", "2024-01-25T12:00:00") == 12.5
    # a day without its time (a date from the URL or a dateline) leaves the time rules out
    assert dedup.hours_apart("2024-01-26", "2024-01-25T12:00:00") is None
    assert dedup.hours_apart(None, "2024-01-25T12:00") is None and dedup.hours_apart("غدا: 3", "2024-01-25T12:00") is None


def test_a_later_days_news_joined_through_a_later_member_starts_a_story_of_its_own(tmp_db):
    """The evening's longer version is the morning's story; the next day's report, which holds
    most of that evening version under its own news, is not the story the morning's report began."""
    _, second, claim = STRIKE.split("\n")
    db = database.connect(tmp_db)
    morning = store(db, "https://a.example.com/1", STRIKE, "outlet-a", published="2024-01-25T06:00:00")
    evening = store(db, "https://a.example.com/2", "\n".join([STRIKE, REACTION]), "outlet-a", published="2024-01-25T20:00:00")
    next_day = store(db, "https://a.example.com/3", "\n".join([NEW_LEAD, second, claim, REACTION]), "outlet-a",
                     published="2024-01-26T12:00:00")
    assert evening.story_id == morning.article_id
    assert next_day.duplicate_of is None and next_day.story_id == next_day.article_id
    # the same report when that day's reaction story is stored first: the best match refused, the next one taken
    other = database.connect(tmp_db.with_name("reaction.db"))
    for n, (text, published) in enumerate([(STRIKE, "2024-01-25T06:00:00"), ("\n".join([STRIKE, REACTION]), "2024-01-25T20:00:00"),
                                           ("\n".join([NEW_LEAD, REACTION, MARKET]), "2024-01-26T08:00:00")], start=1):
        stored = store(other, f"https://{n}.example.com/", text, f"outlet-{n}", published=published)
    joined = store(other, "https://4.example.com/", "\n".join([NEW_LEAD, second, claim, REACTION]), "outlet-4",
                   published="2024-01-26T12:00:00")
    assert stored.story_id == stored.article_id and joined.story_id == stored.article_id
    grouped = db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()
    restory(db)  # regrouping what is stored gives the stories storing gave
    assert db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall() == grouped


def test_a_text_copied_many_times_keeps_a_bounded_index_and_one_story(tmp_db):
    """Each LSH bucket and anchor keeps its first POSTINGS_KEPT articles: a lookup for the next copy of
    a much-copied text reads a bounded number of rows, and the copy still joins the story."""
    db = database.connect(tmp_db)
    copies = [store(db, f"https://copies.example.com/{n}", f"{n}\n{STRIKE}", f"outlet-{n % 3}") for n in range(dedup.POSTINGS_KEPT + 8)]
    widest = db.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM lsh_buckets GROUP BY band, bucket)").fetchone()[0]
    assert widest == dedup.POSTINGS_KEPT
    assert {copy.story_id for copy in copies} == {copies[0].article_id}
    assert find_problems(db.conn) == []  # a row a full bucket did not take is not missing
