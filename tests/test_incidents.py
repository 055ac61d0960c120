"""Incidents: one per real-world attack (rasad.analyse.incidents, rasad.store.incident_store), their review
and their exports, on clustering rules, imported texts and the crawled sample web."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
from datetime import date

import pytest

from rasad.analyse.event_dates import DAY, MONTH, WEEK, resolve
from rasad.analyse.incidents import Corrections, Report, assign, choose
from rasad.analyse.tagging import tag
from rasad.store import db as database
from rasad.text.arabic import normalize
from tests.conftest import run_rasad


def report(event_id: int, *, article: int | None = None, site: str | None = None, day: str = "2024-01-20",
           precision: int = DAY, role: str = "report", kind: str = "rocket-attack", country: str = "IQ",
           span: tuple[str, str] | None = None, published: str = "2024-01-21", **values) -> Report:
    earliest, latest = span or (day, day)
    return Report(event_id, article or event_id, "outlet", f"https://x.example/{article or event_id}", published,
                  country, site, kind, role, day, precision, earliest, latest, **values)


def test_the_same_attack_in_several_articles_is_one_incident_in_any_order():
    reports = [report(1, site="ain-al-asad"), report(2, site="ain-al-asad", kind="attack"),
               report(3),  # no site: the one compatible attack of its day
               report(4, site="harir"), report(5, site="ain-al-asad", day="2024-01-21"),
               report(6, kind="ied", country="SY"),
               report(7, role="mention", site="ain-al-asad", day="2024-01-20"),
               report(8, role="mention", site="harir", day="2023-12-01"),  # a mention alone opens nothing
               report(9, precision=WEEK, site="ain-al-asad", day="2024-01-18", span=("2024-01-12", "2024-01-21")),
               report(10, country="EG"), report(11, kind="air-strike")]
    expected = assign(reports)
    shuffled = random.Random(15)
    for _ in range(300):
        order = list(reports)
        shuffled.shuffle(order)
        assert assign(order) == expected
    assert {expected[n] for n in (1, 2, 7)} == {"IQ/2024-01-20/ain-al-asad"}
    assert expected[4] == "IQ/2024-01-20/harir" and expected[5] == "IQ/2024-01-21/ain-al-asad"
    assert expected[3] == "IQ/2024-01-20/-/fire"  # two sited attacks that day: it joins neither
    assert expected[6] == "SY/2024-01-20/-/ied"
    assert expected[8] is None and expected[10] is None
    assert expected[11] == "IQ/2024-01-20/response"  # a US strike: a response, never merged with an attack
    assert expected[9] is None  # its week reaches two attacks on the site: ambiguous, linked to none


def test_an_unsited_report_joins_the_one_attack_of_its_day_and_a_coarse_one_the_one_its_span_reaches():
    keys = assign([report(1, site="ain-al-asad"), report(2, kind="drone-attack"),
                   report(3, precision=MONTH, kind="rocket-attack", day="2024-01-01", span=("2024-01-01", "2024-01-31")),
                   report(4, kind="ied", day="2024-01-22")])
    assert keys[1] == keys[2] == keys[3] == "IQ/2024-01-20/ain-al-asad"
    assert keys[4] == "IQ/2024-01-22/-/ied"
    alone = assign([report(5, precision=WEEK, site="harir", span=("2024-01-10", "2024-01-21"))])
    assert alone[5] == "IQ/~2024-01-21/harir/fire"  # a coarse report with nothing to join opens its own


def test_strikes_are_responses_of_their_own_one_per_country_and_day():
    keys = assign([report(1, kind="air-strike"), report(2, kind="air-strike", article=7),
                   report(3, kind="air-strike", country="SY"), report(4, site="ain-al-asad", kind="attack"),
                   report(5, kind="air-strike", role="mention", day="2024-01-20"),
                   report(6, kind="attack", role="mention", day="2024-01-19")])
    assert keys[1] == keys[2] == keys[5] == "IQ/2024-01-20/response"
    assert keys[3] == "SY/2024-01-20/response" and keys[4] == "IQ/2024-01-20/ain-al-asad"
    assert keys[6] is None


def test_a_related_article_reporting_a_us_strike_gives_a_response_and_no_attack():
    text = "شنت طائرات التحالف الدولي غارات جوية أمس على مواقع لكتائب حزب الله قرب القائم في العراق، ما أسفر عن مقتل 4 عناصر."
    tags = tag(text, "", date(2024, 2, 3))
    assert tags.relevance == "related" and tags.events == []
    assert [(r.event_type, r.event_date, r.country, r.killed) for r in tags.responses] == [
        ("air-strike", "2024-02-02", "IQ", 4)]


def test_corrections_merge_and_split_whatever_the_rules_say():
    reports = [report(1, site="ain-al-asad"), report(2, site="ain-al-asad"), report(3, site="harir")]
    corrections = Corrections(merged_into={"IQ/2024-01-20/harir": "IQ/2024-01-20/ain-al-asad"},
                              split={("IQ/2024-01-20/ain-al-asad", 2)})
    keys = assign(reports, corrections)
    assert keys[1] == keys[3] == "IQ/2024-01-20/ain-al-asad"
    assert keys[2] == "IQ/2024-01-20/ain-al-asad|article:2"


def test_each_field_takes_one_value_by_its_rule():
    chosen = choose([
        report(1, site="ain-al-asad", killed=1, claimed_by="kataib-hezbollah", published="2024-01-20"),
        report(2, site="ain-al-asad", killed=3, wounded=40, published="2024-01-22", weapon="drone", kind="drone-attack"),
        report(3, killed=None, claimed_by="islamic-resistance-iraq", published="2024-01-21"),
        report(4, site="ain-al-asad", claimed_by="islamic-resistance-iraq", published="2024-01-23"),
    ])
    assert (chosen["killed"], chosen["wounded"], chosen["casualties_article_id"]) == (3, 40, 2)  # the latest figure
    assert chosen["claimed_by"] == "islamic-resistance-iraq"  # most claims
    assert chosen["event_type"] == "rocket-attack" and chosen["site"] == "ain-al-asad"  # what most reports say
    assert chosen["weapon"] == "drone"  # the only weapon named


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    ("هاجموا القاعدة الثلاثاء الماضي", date(2018, 9, 28), (date(2018, 9, 25), DAY)),  # a Friday paper
    ("هاجموا القاعدة الثلاثاء الماضي", date(2018, 9, 25), (date(2018, 9, 18), DAY)),  # a Tuesday paper: a week back
    ("وفي وقت سابق هذا الشهر هاجم مسلحون القاعدة", date(2018, 9, 28), (date(2018, 9, 1), MONTH)),
    ("تعرضت القاعدة لهجوم فجر اليوم", date(2018, 9, 28), (date(2018, 9, 28), DAY)),
    ("وقع الهجوم منذ الاثنين", date(2022, 1, 5), None),
])
def test_relative_dates_resolve_with_the_precision_their_words_give(sentence, published, expected):
    assert resolve(normalize(sentence), published) == expected


def test_a_background_attack_is_a_mention_never_dated_on_the_papers_day():
    text = ("وجاءت الهجمات الأمريكية ردا على هجوم بطائرة مسيرة أسفر عن مقتل ثلاثة جنود أمريكيين في قاعدة البرج 22 في الأردن.\n"
            "وكانت قاعدة عين الأسد قد تعرضت في 28 كانون الثاني الماضي لهجوم بالصواريخ.")
    events = tag(text, "", date(2024, 2, 5)).events
    roles = {e.site: (e.role, e.event_date) for e in events}
    assert roles["tower-22"] == ("mention", None)
    assert roles["ain-al-asad"] == ("mention", "2024-01-28")


def test_an_earlier_statement_in_the_pluperfect_still_reports_the_attack():
    text = ("وكان مسؤولان أميركيان قد قالا إن جنديا أميركيا قتل في انفجار عبوة ناسفة استهدف دورية أمريكية في سوريا أمس.")
    events = tag(text, "", date(2018, 3, 30)).events
    assert [(e.role, e.event_date) for e in events] == [("report", "2018-03-29")]


def test_an_announcement_day_is_not_the_attack_day_and_a_dual_counts_two_killed():
    text = "أعلن الجيش الأميركي، الجمعة، مقتل جنديين، وجرح 5 آخرين، من قوات التحالف الدولي في انفجار عبوة ناسفة في سوريا."
    event = tag(text, "", date(2018, 3, 30)).events[0]
    assert (event.killed, event.wounded) == (2, 5)
    assert event.time_precision == WEEK  # only the week is known: the day is the announcement's


def test_the_claimant_is_the_group_that_claims_not_its_backer():
    text = ("أعلنت المقاومة الإسلامية في العراق، المدعومة من الحرس الثوري الإيراني، عن استهداف قاعدة حرير "
            "الأمريكية في أربيل بطائرة مسيرة اليوم.")
    events = tag(text, "", date(2024, 2, 5)).events
    assert [e.claimed_by for e in events] == ["islamic-resistance-iraq"]
    accused = tag("اتهمت واشنطن كتائب حزب الله بقصف قاعدة عين الأسد بالصواريخ اليوم.", "", date(2024, 2, 5)).events
    assert [e.claimed_by for e in accused] == [None]


def _import(db_path, lines: list[dict], source: str) -> None:
    path = db_path.parent / f"{source}.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    result = run_rasad("import", str(path), "--source", source, "--db", str(db_path))
    assert result.returncode == 0, result.stderr


ARTICLES = [
    {"url": "https://a.example/1", "published_at": "2024-01-21T09:00:00+00:00", "title": "هجوم على عين الأسد",
     "text": "تعرضت قاعدة عين الأسد الجوية التي تضم قوات أمريكية لهجوم بخمسة صواريخ أمس، دون إصابات. "
             "وقال مسؤول أمني إن الصواريخ سقطت داخل القاعدة وإن الهجوم لم يسفر عن خسائر بشرية. " * 2},
    {"url": "https://b.example/2", "published_at": "2024-01-21T12:00:00+00:00", "title": "صواريخ على قاعدة عين الأسد",
     "text": "استهدفت صواريخ قاعدة عين الأسد الجوية غرب العراق التي تستضيف قوات التحالف الدولي يوم السبت. "
             "وتبنت المقاومة الإسلامية في العراق الهجوم في بيان نشرته على قناتها. " * 2},
    {"url": "https://c.example/3", "published_at": "2024-01-23T08:00:00+00:00", "title": "مسيرة على حرير",
     "text": "استهدفت طائرة مسيرة قاعدة حرير الأمريكية في أربيل فجر اليوم، وأعلنت المقاومة الإسلامية في العراق "
             "مسؤوليتها. وكانت قاعدة عين الأسد قد تعرضت السبت الماضي لهجوم صاروخي. " * 2},
]


def _incidents(db_path) -> list[tuple]:
    db = database.connect(db_path)
    try:
        return sorted(db.execute(
            "SELECT i.key, i.event_date, i.site, i.event_type, i.claimed_by, i.status, i.killed, group_concat(a.url, ' ') "
            "FROM incidents i LEFT JOIN incident_reports r ON r.incident_id = i.id LEFT JOIN articles a "
            "ON a.id = r.article_id GROUP BY i.id").fetchall())
    finally:
        db.conn.close()


def _canonical(rows: list[tuple]) -> list[tuple]:
    return sorted((*row[:-1], tuple(sorted((row[-1] or "").split()))) for row in rows)


def test_imports_in_either_order_give_the_same_incidents_and_rebuilding_changes_nothing(tmp_path):
    first, second = tmp_path / "a" / "rasad.db", tmp_path / "b" / "rasad.db"
    first.parent.mkdir(), second.parent.mkdir()
    for line in ARTICLES:
        _import(first, [line], line["url"].split("/")[2].split(".")[0])
    for line in ARTICLES[::-1]:
        _import(second, [line], line["url"].split("/")[2].split(".")[0])
    incidents = _canonical(_incidents(first))
    assert incidents == _canonical(_incidents(second))
    ain_al_asad = [row for row in incidents if row[2] == "ain-al-asad"]
    assert len(ain_al_asad) == 1 and ain_al_asad[0][1] == "2024-01-20"
    assert len(ain_al_asad[0][-1]) == 3  # two reports and the dated mention of the third article
    assert ain_al_asad[0][4] == "islamic-resistance-iraq"
    result = run_rasad("recluster", "--db", str(first))
    assert result.returncode == 0 and "incidents from" in result.stdout
    assert _canonical(_incidents(first)) == incidents


def test_the_demo_prints_incidents_and_never_dates_tower_22_on_the_papers_day(demo_db):
    db, output = demo_db
    assert "Incidents (attacks on US/coalition forces, one per attack)" in output
    assert "Events found" not in output
    db_ = database.connect(db)
    try:
        tower = db_.execute("SELECT event_date FROM incidents WHERE site = 'tower-22'").fetchall()
        assert all(day == ("2024-01-28",) for day in tower)
        per_day = db_.execute("SELECT sum(attacks) FROM attacks_per_day").fetchone()[0]
        assert per_day == db_.execute("SELECT count(*) FROM incidents WHERE time_precision = 1 "
                                      "AND event_type != 'air-strike'").fetchone()[0]
        # every core article's attacks in the region are reports of an incident (or background)
        unplaced = db_.execute("SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE "
                               "a.relevance = 'core' AND e.role = 'report' AND e.country IN ('IQ', 'SY', 'JO') AND "
                               "e.id NOT IN (SELECT event_id FROM incident_reports)").fetchone()[0]
        assert unplaced == 0
        assert db_.execute("SELECT count(DISTINCT a.source) FROM incident_reports r JOIN articles a "
                           "ON a.id = r.article_id").fetchone()[0] == 5  # every outlet's seed
    finally:
        db_.conn.close()


def test_incident_exports_have_the_documented_keys_and_columns(demo_db, tmp_path):
    db, _ = demo_db
    exported = run_rasad("export", "incidents", "--format", "json", "--db", str(db))
    assert exported.returncode == 0
    rows = json.loads(exported.stdout)
    assert rows and set(rows[0]) >= {
        "incident_id", "event_date", "time_precision", "event_type", "sub_event_type", "site", "country", "admin1",
        "location", "latitude", "longitude", "geo_precision", "claimed_by", "actor1", "actor2", "weapon",
        "projectiles", "killed", "wounded", "sources", "article_urls", "status", "notes"}
    assert all(isinstance(row["article_urls"], list) and row["article_urls"] for row in rows)
    out = tmp_path / "incidents.csv"
    assert run_rasad("export", "incidents", "--format", "csv", "-o", str(out), "--db", str(db)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(table) == len(rows) and set(table[0]) >= {"event_id_cnty", "year", "source_scale", "timestamp",
                                                         "fatalities", "actor1", "actor2"}
    geo = json.loads(run_rasad("export", "incidents", "--format", "geojson", "--db", str(db)).stdout)
    assert len(geo["features"]) == len(rows)
    for feature in geo["features"]:
        if feature["geometry"] is None:
            assert feature["properties"]["location"].startswith("site unknown")
    filtered = json.loads(run_rasad("export", "incidents", "--format", "json", "--country", "SY", "--db", str(db)).stdout)
    assert filtered and {row["country"] for row in filtered} == {"Syria"}
    assert run_rasad("export", "incidents", "--since", "not-a-date", "--db", str(db)).returncode == 2


def test_corrections_survive_retag_and_recluster(demo_db, tmp_path):
    db = tmp_path / "review.db"
    shutil.copy(demo_db[0], db)
    conn = database.connect(db)
    ids = [row[0] for row in conn.execute("SELECT id FROM incidents WHERE site IS NOT NULL ORDER BY key")]
    split_from, article = conn.execute(
        "SELECT incident_id, min(article_id) FROM incident_reports GROUP BY incident_id "
        "HAVING count(DISTINCT article_id) > 1 LIMIT 1").fetchone() or (None, None)
    conn.conn.close()
    verified, rejected, kept, merged, fixed = ids[:5]
    for args in (("verify", verified), ("reject", rejected), ("merge", kept, merged),
                 ("set", fixed, "killed=7", "claimed_by=kataib-hezbollah")):
        result = run_rasad("incident", *map(str, args), "--by", "analyst1", "--db", str(db))
        assert result.returncode == 0, result.stderr
    assert run_rasad("incident", "set", str(fixed), "killed=many", "--db", str(db)).returncode == 1
    assert run_rasad("incident", "merge", str(kept), str(kept), "--db", str(db)).returncode == 1

    def state() -> dict:
        conn = database.connect(db)
        try:
            rows = {key: (status, killed, claimed_by, reports) for key, status, killed, claimed_by, reports in conn.execute(
                "SELECT key, status, killed, claimed_by, reports FROM incidents")}
            history = conn.execute("SELECT count(*), min(made_by) FROM incident_corrections").fetchone()
            return {"rows": rows, "history": history}
        finally:
            conn.conn.close()

    before = state()
    keys = {row_id: key for row_id, key in _ids_and_keys(db)}
    assert before["rows"][keys[verified]][0] == "verified" and before["rows"][keys[rejected]][0] == "rejected"
    assert before["rows"][keys[fixed]][1:3] == (7, "kataib-hezbollah")
    assert merged not in keys  # its reports joined the one it was merged into
    assert before["history"] == (5, "analyst1")
    assert str(rejected) not in run_rasad("incidents", "--db", str(db)).stdout.split()
    assert run_rasad("retag", "--db", str(db)).returncode == 0
    assert state() == before
    assert run_rasad("recluster", "--db", str(db)).returncode == 0
    assert state() == before
    shown = run_rasad("incident", str(fixed), "--db", str(db))
    assert shown.returncode == 0 and "analyst1: set killed 7" in shown.stdout and "Reports:" in shown.stdout


def _ids_and_keys(db) -> list[tuple[int, str]]:
    conn = database.connect(db)
    try:
        return conn.execute("SELECT id, key FROM incidents").fetchall()
    finally:
        conn.conn.close()


def test_split_gives_an_article_an_incident_of_its_own_that_survives_a_rebuild(tmp_path):
    db = tmp_path / "rasad.db"
    for line in ARTICLES[:2]:
        _import(db, [line], line["url"].split("/")[2].split(".")[0])
    (incident_id, key), = [row for row in _ids_and_keys(db) if "ain-al-asad" in row[1]]
    conn = database.connect(db)
    article = conn.execute("SELECT max(article_id) FROM incident_reports WHERE incident_id = ?", (incident_id,)).fetchone()[0]
    conn.conn.close()
    result = run_rasad("incident", "split", str(incident_id), "--article", str(article), "--db", str(db))
    assert result.returncode == 0, result.stderr
    keys = sorted(key for _, key in _ids_and_keys(db))
    assert keys == [key, f"{key}|article:{article}"]
    assert run_rasad("recluster", "--db", str(db)).returncode == 0
    assert sorted(key for _, key in _ids_and_keys(db)) == keys
    assert run_rasad("incident", "split", str(incident_id), "--db", str(db)).returncode == 1  # --article missing


def _stored_db(tmp_path):
    from rasad.store.db import transaction

    db = database.connect(tmp_path / "rasad.db")
    with transaction(db):
        db.execute("INSERT INTO sources (id, name) VALUES ('x', 'x')")
    return db


def _store(db, article_id: int, published: str, *events) -> None:
    """An article with the given events, through save_tags as a crawl stores them."""
    from rasad.analyse.tagging import Event, Tags
    from rasad.store.db import transaction
    from rasad.store.tag_store import save_tags

    with transaction(db):
        if not db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            db.execute("INSERT INTO articles (id, url, canonical_url, source, title, fetched_at, text, published_at) "
                       "VALUES (?, ?, ?, 'x', 't', ?, 'text', ?)",
                       (article_id, f"https://x.example/{article_id}", f"https://x.example/{article_id}", published,
                        published))
        save_tags(db, article_id, Tags("core", 1.0, [], [], [], [], [], [], events=[Event(
            event_date=day, time_precision=1, site=site, latitude=None, longitude=None, geo_precision=None, country="IQ",
            admin1=None, event_type=kind, weapon=None, projectiles=None, killed=None, wounded=None, claimed_by=None,
            sentence="s", date_earliest=day, date_latest=day) for day, site, kind in events]))


def _by_key(db) -> dict[str, tuple]:
    return {key: (status, reports) for key, status, reports in db.execute("SELECT key, status, reports FROM incidents")}


def test_a_rejected_incident_keeps_its_reports_when_a_new_report_names_the_site(tmp_path):
    from rasad.store.db import transaction
    from rasad.store.incident_store import correct, recluster

    db = _stored_db(tmp_path)
    _store(db, 1, "2024-01-21", ("2024-01-20", None, "rocket-attack"))
    (incident_id,), = db.execute("SELECT id FROM incidents").fetchall()
    with transaction(db):
        correct(db, incident_id, "reject", made_by="analyst1")
    _store(db, 2, "2024-01-21", ("2024-01-20", "ain-al-asad", "rocket-attack"))
    expected = {"IQ/2024-01-20/-/fire": ("rejected", 1), "IQ/2024-01-20/ain-al-asad": ("unreviewed", 1)}
    assert _by_key(db) == expected
    with transaction(db):
        recluster(db)
    assert _by_key(db) == expected
    with transaction(db):  # verified after all, it is an unsited report like any other: it joins the site's
        correct(db, incident_id, "verify", made_by="analyst1")  # attack, which its verification goes with
    assert _by_key(db) == {"IQ/2024-01-20/ain-al-asad": ("verified", 2)}


def test_a_verified_incident_passes_its_review_on_when_its_reports_join_another(tmp_path):
    from rasad.store.db import transaction
    from rasad.store.incident_store import correct, recluster

    db = _stored_db(tmp_path)
    _store(db, 1, "2024-01-21", ("2024-01-20", None, "rocket-attack"))
    (incident_id,), = db.execute("SELECT id FROM incidents").fetchall()
    with transaction(db):
        correct(db, incident_id, "verify", made_by="analyst1")
        correct(db, incident_id, "set", made_by="analyst1", field="killed", value=2)
    _store(db, 2, "2024-01-22", ("2024-01-20", "ain-al-asad", "rocket-attack"))
    assert _by_key(db) == {"IQ/2024-01-20/ain-al-asad": ("verified", 2)}
    assert db.execute("SELECT killed FROM incidents").fetchone() == (2,)
    with transaction(db):
        recluster(db)
    assert _by_key(db) == {"IQ/2024-01-20/ain-al-asad": ("verified", 2)}


def test_splits_and_merges_compose_in_either_order(tmp_path):
    from rasad.store.db import transaction
    from rasad.store.incident_store import correct, recluster

    db = _stored_db(tmp_path)
    _store(db, 1, "2024-01-21", ("2024-01-20", "ain-al-asad", "rocket-attack"))
    _store(db, 2, "2024-01-21", ("2024-01-20", "ain-al-asad", "rocket-attack"))
    _store(db, 3, "2024-01-21", ("2024-01-20", "harir", "drone-attack"))
    ids = {key: incident_id for incident_id, key in db.execute("SELECT id, key FROM incidents")}
    with transaction(db):
        correct(db, ids["IQ/2024-01-20/ain-al-asad"], "split", made_by="a", value=2)
        correct(db, ids["IQ/2024-01-20/harir"], "merge", made_by="a", value=ids["IQ/2024-01-20/ain-al-asad"])
    # article 2 stays split off although its incident was merged into harir's
    assert _by_key(db) == {"IQ/2024-01-20/harir": ("unreviewed", 2),
                           "IQ/2024-01-20/ain-al-asad|article:2": ("unreviewed", 1)}
    split_off = db.execute("SELECT id FROM incidents WHERE key LIKE '%|article:2'").fetchone()[0]
    with transaction(db):  # and the split-off incident can be merged back
        correct(db, ids["IQ/2024-01-20/harir"], "merge", made_by="a", value=split_off)
    assert _by_key(db) == {"IQ/2024-01-20/harir": ("unreviewed", 3)}
    with transaction(db):
        recluster(db)
    assert _by_key(db) == {"IQ/2024-01-20/harir": ("unreviewed", 3)}


def test_bad_incident_commands_say_why_in_one_line(demo_db, tmp_path):
    db = tmp_path / "review.db"
    shutil.copy(demo_db[0], db)
    incident_id = str(_ids_and_keys(db)[0][0])
    for args in (("²",), ("99999999999999999999",), ("verify", "¹"), ("set", incident_id, "killed=²"),
                 ("set", incident_id, "time_precision=7"), ("set", incident_id, "colour=red"),
                 ("set", incident_id, "site=nowhere"), ("fly", incident_id), ("merge", incident_id)):
        result = run_rasad("incident", *args, "--db", str(db))
        assert result.returncode == 1 and "Traceback" not in result.stderr, (args, result.stderr)
        assert result.stderr.startswith("Error: "), args
    assert run_rasad("incident", "set", incident_id, "event_date=2024-08-30", "--db", str(db)).returncode == 0
    conn = database.connect(db)
    try:
        assert conn.execute("SELECT event_date, date_earliest, date_latest FROM incidents WHERE id = ?",
                            (int(incident_id),)).fetchone() == ("2024-08-30",) * 3
    finally:
        conn.conn.close()


def test_an_older_database_gets_its_incidents_when_upgraded(tmp_path):
    import sqlite3

    from rasad.store.db import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    old = database.sqlite_utils.Database(conn)
    incidents_at = next(i for i, migration in enumerate(MIGRATIONS) if migration.__name__ == "_incidents")
    for number, migration in enumerate(MIGRATIONS[:incidents_at]):
        migration(old)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute("INSERT INTO sources (id, name) VALUES ('x', 'x')")
    conn.execute("INSERT INTO articles (id, url, canonical_url, source, title, fetched_at, text, published_at) VALUES "
                 "(1, 'https://x.example/1', 'https://x.example/1', 'x', 't', '2024-01-21', 'text', '2024-01-21')")
    conn.execute("INSERT INTO events (article_id, event_date, time_precision, site, country, event_type, sentence) "
                 "VALUES (1, '2024-01-20', 1, 'ain-al-asad', 'IQ', 'rocket-attack', 's')")
    conn.close()
    db = database.connect(path)
    try:
        assert _by_key(db) == {"IQ/2024-01-20/ain-al-asad": ("unreviewed", 1)}
    finally:
        db.conn.close()


def test_the_demos_hints_work_as_printed(demo_db):
    import subprocess

    _, output = demo_db
    hints = [line.strip() for line in output.split("Explore it:\n", 1)[1].splitlines() if line.strip()]
    assert len(hints) >= 6
    for hint in hints:
        result = subprocess.run(["bash", "-c", hint], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0 and result.stdout.strip(), (hint, result.stderr)
        if "sqlite-utils search" in hint:  # the normalized index finds «عين الأسد» however it is spelled
            assert json.loads(result.stdout), hint
        elif "rasad search" in hint:
            assert "no articles found" not in result.stdout, hint
