"""The HTML report: its parts as pure functions (time bins and axes, label placement, the committed
outlines), and the page rendered for real in headless Chromium (Debian's chromium package), on
the demo database and on a large one made here, at two window sizes."""

from __future__ import annotations

import html
import itertools
import json
import random
import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from rasad.analyse import gazetteer
from rasad.query.html_report import (COUNTRY_COLOURS, DAY, MAP_FRAME, MONTH, OUTLINES, WEEK, Box, Circle, Projection,
                                     Site, bin_unit, binned, map_key, map_svg, place_site_labels, site_radius,
                                     text_width, tick_label, timeline_svg, x_ticks, y_ticks)
from rasad.store import db as database
from tests.conftest import run_rasad

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WINDOWS = [(1000, 1500), (600, 1200)]
PROBE = """<script>
// What the browser laid out, written into the page for --dump-dom: boxes in px, fills as written.
window.addEventListener("load", function () {
  function box(element) { var r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
  function texts(svg, selector) {
    return Array.from(svg.querySelectorAll(selector)).map(function (t) { return [t.textContent].concat(box(t)); });
  }
  function fills(svg, selector) {
    var found = Array.from(svg.querySelectorAll(selector)).map(function (e) { return e.getAttribute("fill"); });
    return Array.from(new Set(found));
  }
  var map = document.getElementById("map"), timeline = document.getElementById("timeline");
  document.body.setAttribute("data-probe", JSON.stringify({
    map: box(map), timeline: box(timeline), map_texts: texts(map, "text"), x_labels: texts(timeline, ".x-label"),
    countries: Array.from(map.querySelectorAll("path.country")).map(function (p) { return p.getAttribute("data-country"); }),
    bars: timeline.querySelectorAll(".bar").length, sites: map.querySelectorAll(".site").length,
    bar_fills: fills(timeline, ".bar"), timeline_legend: fills(timeline, ".legend-swatch"),
    site_fills: fills(map, ".site"), map_legend: fills(map, ".legend-swatch")}));
});
</script>"""


def _site(site_id: str, attacks: int, projection: Projection, most: int = 10) -> Site:
    entry = gazetteer.load().get("site", site_id)
    return Site(entry.name, attacks, entry["country"], Circle(*projection.xy(entry["lat"], entry["lon"]),
                                                              site_radius(attacks, most)))


def _pairs_overlapping(boxes: list[tuple[str, Box]]) -> list[tuple[str, str]]:
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.meets(box_b)]


# --- pure functions -------------------------------------------------------------------------------

def test_bars_are_days_up_to_two_months_weeks_up_to_two_years_then_months():
    first = date(2024, 1, 10)
    assert bin_unit(first, first) == DAY
    assert bin_unit(first, first + timedelta(days=60)) == DAY
    assert bin_unit(first, first + timedelta(days=90)) == WEEK
    assert bin_unit(first, first + timedelta(days=700)) == WEEK
    assert bin_unit(first, first + timedelta(days=800)) == MONTH
    days = [("2024-01-10", "IQ", 2), ("2024-01-14", "SY", 1), ("2024-01-15", "IQ", 1), ("2024-02-01", None, 1),
            ("2024-02-03", "TR", 2)]  # a country outside the three is drawn as unknown
    assert binned(days, WEEK) == {date(2024, 1, 8): {"IQ": 2, "SY": 1}, date(2024, 1, 15): {"IQ": 1},
                                  date(2024, 1, 29): {None: 3}}
    assert binned(days, MONTH) == {date(2024, 1, 1): {"IQ": 3, "SY": 1}, date(2024, 2, 1): {None: 3}}
    assert binned(days, DAY)[date(2024, 1, 14)] == {"SY": 1}


def test_axes_get_round_ticks_and_calendar_labels_that_fit():
    assert y_ticks(6) == [0, 2, 4, 6] and y_ticks(1) == [0, 1] and y_ticks(788) == [0, 200, 400, 600, 800]
    assert y_ticks(0) == [0]
    for start, end, expected in ((date(2024, 3, 1), date(2024, 3, 6), (DAY, 1)),
                                 (date(2024, 1, 1), date(2024, 3, 1), (DAY, 7)),
                                 (date(2022, 1, 3), date(2024, 1, 1), (MONTH, 2)),
                                 (date(2018, 9, 1), date(2024, 8, 1), (MONTH, 6))):
        step, dates = x_ticks(start, end, 840, 11)
        labels = [tick_label(d, step) for d in dates]
        assert step == expected, (start, end, labels)
        assert len(labels) > 2 and all(start <= d < end for d in dates)
        assert len(labels) * max(text_width(label, 11) for label in labels) < 840
    assert x_ticks(date(2018, 9, 1), date(2024, 8, 1), 840, 11)[1][0] == date(2019, 1, 1)  # half years start in January
    assert x_ticks(date(2024, 1, 3), date(2024, 3, 1), 840, 11)[1][0] == date(2024, 1, 8)  # weekly labels on Mondays


def test_the_time_chart_has_a_legend_for_every_colour_it_draws():
    days = [(str(date(2023, 1, 1) + timedelta(days=n)), country, 1 + n % 3)
            for n, country in zip(range(0, 900, 7), itertools.cycle(["IQ", "SY", "JO", None]))]
    svg = timeline_svg(days)
    bars = set(re.findall(r'class="bar"[^>]*fill="(#\w+)"', svg))
    assert bars == set(COUNTRY_COLOURS.values())
    assert bars <= set(re.findall(r'class="legend-swatch"[^>]*fill="(#\w+)"', svg))
    assert "unknown country" in svg and "attacks per month" in svg
    widths = [float(w) for w in re.findall(r'class="bar"[^>]*width="([\d.]+)"', svg)]
    assert min(widths) > 5  # bars, not hairlines
    assert len(re.findall(r'class="x-label"', svg)) > 2 and len(re.findall(r'class="y-label"', svg)) >= 3


def test_close_sites_get_labels_that_meet_no_other_label_circle_or_edge():
    projection = Projection(MAP_FRAME, 900)
    frame = Box(0, 0, 900, projection.height)
    # Green Village and al-Omar share their coordinates; Conoco and Khasham are next to them, the
    # embassy and Baghdad airport are 17 km apart.
    sites = [_site(site_id, attacks, projection) for site_id, attacks in (
        ("al-omar", 10), ("green-village", 9), ("conoco", 7), ("khasham", 4), ("baghdad-airport", 6),
        ("us-embassy-baghdad", 5), ("kharab-al-jir", 2), ("rmelan", 2))]
    taken: list = []
    labels, numbered = place_site_labels(sites, taken, frame)
    assert sorted(labels) == list(range(len(sites))) and not numbered
    boxes = [(sites[i].name, label.box) for i, label in labels.items()]
    assert not _pairs_overlapping(boxes)
    assert all(box.within(frame) for _, box in boxes)
    assert not [(name, site.name) for name, box in boxes for site in sites if site.circle.meets(box)]


def test_sites_without_room_for_their_name_get_a_number_and_a_line_in_the_list():
    projection = Projection(MAP_FRAME, 900)
    rows = [(f"s{n}", f"Site number {n} with quite a long name", 35.15 + 0.02 * n, 40.57 + 0.03 * n, 20 - n, "SY")
            for n in range(14)]
    svg, numbered = map_svg(rows)
    assert numbered and [site.attacks for site in numbered] == sorted((site.attacks for site in numbered), reverse=True)
    key = map_key(numbered)
    assert key.count("<li>") == len(numbered) and numbered[0].label in html.unescape(key)
    markers = re.findall(r'font-weight="bold"[^>]*>(\d+)</text>', svg)
    assert sorted(map(int, markers)) == list(range(1, len(numbered) + 1))
    taken: list = []
    sites = [Site(name, attacks, country, Circle(*projection.xy(lat, lon), site_radius(attacks, 20)))
             for _, name, lat, lon, attacks, country in rows]
    frame = Box(0, 0, 900, projection.height)
    labels, _ = place_site_labels(sites, taken, frame)
    assert not _pairs_overlapping([(label.text, label.box) for label in labels.values()])
    assert all(label.box.within(frame) for label in labels.values())


def test_the_outlines_are_small_credited_and_cover_the_three_countries():
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))
    assert OUTLINES.stat().st_size < 50_000
    assert "Natural Earth" in outlines["source"] and "public domain" in outlines["licence"]
    assert {"IQ", "SY", "JO", "TR", "IR", "SA", "KW", "LB", "IL", "PS", "EG"} <= set(outlines["countries"])
    lon_min, lat_min, lon_max, lat_max = outlines["box"]
    assert lon_min < MAP_FRAME.lon_min and MAP_FRAME.lon_max < lon_max
    assert lat_min < MAP_FRAME.lat_min and MAP_FRAME.lat_max < lat_max
    points = [p for shapes in (*outlines["countries"].values(), outlines["lakes"], outlines["rivers"])
              for shape in shapes for p in shape]
    assert all(lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for lon, lat in points)
    assert outlines["rivers"] and outlines["lakes"]


# --- the page -------------------------------------------------------------------------------------

def _write_report(db: Path, page: Path) -> Path:
    result = run_rasad("report", "-o", str(page), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return page


def _build_large_database(path: Path, article_count: int = 30_000) -> None:
    """Attacks from 30,000 core articles over 2.7 years, at every site of the gazetteer (two without
    coordinates) and at none, stored in the project's tables and clustered by its own rules
    (recluster) as a crawl leaves them; an analyst cleared the country of 40 incidents."""
    from rasad.store.db import transaction
    from rasad.store.incident_store import correct, recluster
    from rasad.store.tag_store import sync_sites

    places = gazetteer.load()
    sites = [*places.of("site").values(), None, None, None]
    chance = random.Random(30)
    db = database.connect(path)
    try:
        with transaction(db):
            sync_sites(db, places)
            db.conn.executemany("INSERT INTO sources (id, name) VALUES (?, ?)", [(s, s) for s in ("a", "b", "c")])
            article_rows, event_rows = [], []
            for n in range(1, article_count + 1):
                day, site = (date(2022, 1, 1) + timedelta(days=chance.randrange(1000))).isoformat(), chance.choice(sites)
                url = f"https://x.example/{n}"
                article_rows.append((n, url, url, chance.choice("abc"), day, day))
                country = site["country"] if site else chance.choice(["IQ", "SY", "JO"])
                event_rows.append((n, day, site.id if site else None, country,
                               chance.choice(["rocket-attack", "drone-attack", "ied", "attack"]), day, day))
            db.conn.executemany("INSERT INTO articles (id, url, canonical_url, source, title, fetched_at, text, "
                                "published_at, relevance) VALUES (?, ?, ?, ?, 't', ?, 'text', ?, 'core')", article_rows)
            db.conn.executemany("INSERT INTO events (article_id, event_date, time_precision, site, country, event_type, "
                                "sentence, date_earliest, date_latest) VALUES (?, ?, 1, ?, ?, ?, 's', ?, ?)", event_rows)
            recluster(db)
            for (incident_id,) in db.execute("SELECT id FROM incidents ORDER BY id LIMIT 40").fetchall():
                correct(db, incident_id, "set", made_by="test", field="country", value=None)
    finally:
        db.conn.close()


@pytest.fixture(scope="module")
def demo_report(demo_db, tmp_path_factory) -> Path:
    return _write_report(demo_db[0], tmp_path_factory.mktemp("demo-report") / "report.html")


@pytest.fixture(scope="module")
def large_report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("large")
    _build_large_database(tmp / "large.db")
    return _write_report(tmp / "large.db", tmp / "report.html")


def test_the_report_is_self_contained(demo_report):
    text = demo_report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?://(?!www\.(youm7|eremnews|enabbaladi|alquds|ugaritpost))""", text)
    assert "<svg id=\"timeline\"" in text and "<svg id=\"map\"" in text
    assert text.count("<tr>") > 5


def test_the_large_database_spans_years_with_unknown_countries(large_report):
    text = large_report.read_text(encoding="utf-8")
    assert "attacks per month" in text and "unknown country" in text
    assert int(re.search(r"attacks \(incidents\): (\d+)", text).group(1)) > 10_000


def _chromium(page: Path, profile: Path, window: tuple[int, int], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={window[0]},{window[1]}",
                           *args, page.as_uri()], capture_output=True, text=True, timeout=120)


def _probe(page: Path, window: tuple[int, int]) -> dict:
    probed = page.with_name(f"probed-{window[0]}.html")
    probed.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = _chromium(probed, page.parent / f"profile-{window[0]}", window, "--virtual-time-budget=3000", "--dump-dom").stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[-500:]
    return json.loads(html.unescape(found.group(1)))


def _boxes(texts: list) -> list[tuple[str, Box]]:
    return [(text, Box(*edges)) for text, *edges in texts]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (installed by .ci/run)")
@pytest.mark.parametrize("window", WINDOWS, ids=lambda w: f"{w[0]}x{w[1]}")
@pytest.mark.parametrize("database_name", ["demo_report", "large_report"])
def test_the_page_renders_cleanly_in_headless_chromium(request, database_name, window):
    page = request.getfixturevalue(database_name)
    seen = _probe(page, window)
    map_box, timeline_box = Box(*seen["map"]), Box(*seen["timeline"])
    assert map_box.right - map_box.left > 300 and map_box.bottom - map_box.top > 300 and seen["sites"] >= 5
    assert timeline_box.right - timeline_box.left > 300 and seen["bars"] >= 5
    assert timeline_box.right <= window[0] and map_box.right <= window[0]  # scaled to the window, not cut
    texts = _boxes(seen["map_texts"])
    assert not _pairs_overlapping(texts)
    assert not [text for text, box in texts if not box.within(map_box.grown(0.5))]
    assert {"IQ", "SY", "JO"} <= set(seen["countries"])
    x_labels = _boxes(seen["x_labels"])
    assert len(x_labels) > 2 and not _pairs_overlapping(x_labels)
    assert set(seen["bar_fills"]) <= set(seen["timeline_legend"])
    assert set(seen["site_fills"]) <= set(seen["map_legend"])
    shot = page.with_name(f"report-{window[0]}x{window[1]}.png")
    _chromium(page, page.parent / f"profile-shot-{window[0]}", window, f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 20_000
