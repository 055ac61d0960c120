from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rasad.base.paths import SAMPLE_WEB
from rasad.config import SourcesError, load_sources, parse_schedule
from tests.conftest import SOURCES, run_rasad

GOOD = """
[[source]]
id = "example"
name = "Example"
language = "ar"
allowed_domains = ["example.com"]
schedule = "15m"
[source.discovery]
feeds = ["https://www.example.com/feed/"]
sections = [{ url = "https://example.com/news/", article_pattern = '/news/\\d+' }]
[source.limits]
oldest = "30d"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_declared_outlet_is_arabic_with_https_entry_points_the_sample_web_serves():
    """Sources are data: whichever the repository declares, each is complete and the demo can crawl it."""
    sources = load_sources(SOURCES)
    assert sources
    for source in sources.values():
        assert source.language == "ar"
        assert source.entry_points()
        for url in source.entry_points():
            assert url.startswith("https://")
            assert (SAMPLE_WEB / urlsplit(url).hostname).is_dir(), url


def test_a_good_file_loads_with_its_values(tmp_path):
    source = load_sources(write(tmp_path, GOOD))["example"]
    assert source.schedule.interval_seconds == 900
    assert source.sections[0].matches("https://example.com/news/123")
    assert not source.sections[0].matches("https://example.com/about")
    now = datetime(2024, 3, 31, tzinfo=timezone.utc)
    assert source.oldest_date(now) == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('language = "ar"', 'language = "ar"\ncolour = "red"'), "source 'example', field 'colour': unknown key"),
        (('name = "Example"\n', ""), "source 'example', field 'name': missing"),
        (("https://www.example.com/feed/", "ftp://example.com/feed"), "field 'feeds[0]': not an http(s) URL"),
        (("https://www.example.com/feed/", "https://elsewhere.org/feed"), "outside allowed_domains"),
        (('schedule = "15m"', 'schedule = "every so often"'), "field 'schedule': 'every so often'"),
        (('schedule = "15m"', 'schedule = "61 * * * *"'), "field 'schedule'"),
        (('oldest = "30d"', 'oldest = "last year"'), "field 'oldest'"),
        (("'/news/\\d+'", "'/news/(\\d+'"), "field 'article_pattern': bad regular expression"),
        (('id = "example"', 'id = "Bad Id"'), "field 'id'"),
        (('allowed_domains = ["example.com"]', "allowed_domains = []"), "field 'allowed_domains'"),
        (('language = "ar"', "language = 7"), "field 'language': expected a string"),
        (("article_pattern = '/news/\\d+'", "article_pattern = ''"), "field 'article_pattern': must not be empty"),
        (('oldest = "30d"', 'oldest = "99999999d"'), "field 'oldest': '99999999d': at most"),
        (('feeds = ["https://www.example.com/feed/"]', 'feeds = ["https://www.example.com/feed/", "https://www.example.com/feed/"]'),
         "declared twice"),
        (('[source.limits]', '[source.politeness]\ndelay = nan\n[source.limits]'), "field 'delay': must be a finite number"),
    ],
)
def test_a_bad_file_is_refused_naming_source_and_field(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    with pytest.raises(SourcesError) as error:
        load_sources(write(tmp_path, GOOD.replace(old, new)))
    assert message in str(error.value)


def test_duplicate_ids_and_missing_or_broken_files_are_refused(tmp_path):
    with pytest.raises(SourcesError, match="declared twice"):
        load_sources(write(tmp_path, GOOD + GOOD))
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.toml")
    with pytest.raises(SourcesError, match="not valid TOML"):
        load_sources(write(tmp_path, "[[source]\n"))


def test_internationalized_domains_are_accepted(tmp_path):
    text = GOOD.replace('allowed_domains = ["example.com"]', 'allowed_domains = ["example.com", "xn--mgbh0fb.xn--wgbh1c"]')
    assert "xn--mgbh0fb.xn--wgbh1c" in load_sources(write(tmp_path, text))["example"].allowed_domains


def test_crontab_weekdays_are_standard():
    from datetime import datetime, timezone

    from rasad.config import cron_trigger

    monday = datetime(2024, 1, 1, 8, 0, tzinfo=timezone.utc)  # 1 January 2024 was a Monday
    for expression, weekday in (("0 9 * * 1", 0), ("0 9 * * 0", 6), ("0 9 * * 7", 6), ("0 9 * * 5", 4)):
        fire = cron_trigger(expression, timezone=timezone.utc).get_next_fire_time(None, monday)
        assert fire.weekday() == weekday, expression
    fire = cron_trigger("0 9 * * 1-5", timezone=timezone.utc).get_next_fire_time(None, datetime(2024, 1, 6, tzinfo=timezone.utc))
    assert fire.date().isoformat() == "2024-01-08"


def test_schedules():
    assert parse_schedule("90s").interval_seconds == 90
    assert parse_schedule("2h").interval_seconds == 7200
    assert parse_schedule("*/20 * * * *").cron == "*/20 * * * *"
    with pytest.raises(ValueError):
        parse_schedule("0m")


def test_the_cli_refuses_a_bad_sources_file_from_option_and_environment(tmp_path, tmp_db):
    bad = write(tmp_path, GOOD.replace('schedule = "15m"', 'schedule = "soon"'))
    result = run_rasad("sources", "--sources", str(bad), "--db", str(tmp_db))
    assert result.returncode != 0
    assert "source 'example', field 'schedule'" in result.stderr
    assert not tmp_db.exists()
    result = run_rasad("sources", "--db", str(tmp_db), env={"RASAD_SOURCES": str(bad)})
    assert result.returncode != 0 and "field 'schedule'" in result.stderr


def test_the_cli_reads_the_sources_file_named_by_the_environment(tmp_path, tmp_db):
    result = run_rasad("sources", "--db", str(tmp_db), env={"RASAD_SOURCES": str(write(tmp_path, GOOD))})
    assert result.returncode == 0, result.stderr
    assert "example" in result.stdout and "youm7" not in result.stdout
