"""The HTML report, rendered for real in headless Chromium (Debian's chromium package)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import run_rasad

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    db, page = tmp / "demo.db", tmp / "report.html"
    assert run_rasad("demo", "--db", str(db)).returncode == 0
    result = run_rasad("report", "-o", str(page), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return tmp, page


def test_the_report_is_self_contained(report):
    _, page = report
    text = page.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?://(?!www\.(youm7|eremnews|enabbaladi|alquds|ugaritpost))""", text)
    assert "<svg id=\"timeline\"" in text and "<svg id=\"map\"" in text
    assert text.count("<tr>") > 5


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package (installed by .ci/run)")
def test_charts_and_map_render_in_headless_chromium(report):
    tmp, page = report
    dom = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=3000",
                          "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    rendered = re.search(r'data-rendered="timeline (\d+)x(\d+) bars (\d+) map (\d+)x(\d+) sites (\d+)"', dom)
    assert rendered, dom[-500:]
    timeline_w, timeline_h, bars, map_w, map_h, sites = map(int, rendered.groups())
    assert timeline_w > 300 and timeline_h > 100 and bars >= 5
    assert map_w > 300 and map_h > 300 and sites >= 5
    shot = tmp / "report.png"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp / 'profile2'}", "--window-size=1000,1500",
                    f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 20_000
