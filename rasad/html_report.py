"""``rasad report``: one self-contained HTML page (inline SVG, no network needed to open it):
attacks (incidents, not rejected) per day by country, a map of the sites with counts, the latest
incidents linking to the articles that reported them, and how fresh each source is."""

from __future__ import annotations

import html
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone

from rasad import incident_query

COUNTRY_COLOURS = {"IQ": "#c0392b", "SY": "#2471a3", "JO": "#229954", None: "#7f8c8d"}
COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan", None: "unknown"}
# The map's frame: Syria, Iraq and Jordan (equirectangular; no tiles, works offline).
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = 35.0, 48.8, 29.0, 37.6
CITIES = {"Baghdad": (33.31, 44.37), "Damascus": (33.51, 36.29), "Amman": (31.95, 35.93), "Erbil": (36.19, 44.01),
          "Deir ez-Zor": (35.33, 40.14), "Basra": (30.51, 47.78), "Aleppo": (36.20, 37.16), "Raqqa": (35.95, 39.01)}


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def timeline_svg(days: list[tuple[str, str | None, int]], width: int = 900, height: int = 220) -> str:
    """Stacked bars of attacks per day (per week over long ranges), by country."""
    if not days:
        return f'<svg id="timeline" width="{width}" height="40"><text x="10" y="25">no dated events</text></svg>'
    first, last = date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0])
    weekly = (last - first).days > 120
    buckets: dict[date, dict] = defaultdict(lambda: defaultdict(int))
    for day, country, count in days:
        when = date.fromisoformat(day)
        if weekly:
            when -= timedelta(days=when.weekday())
        buckets[when][country] += count
    keys = sorted(buckets)
    span = max(1, (keys[-1] - keys[0]).days // (7 if weekly else 1) + 1)
    top = max(sum(b.values()) for b in buckets.values())
    plot_w, plot_h, left, bottom = width - 60, height - 50, 40, height - 30
    bar_w = max(2.0, plot_w / span - 1)
    parts = [f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">',
             f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" stroke="#444"/>',
             f'<text x="{left - 8}" y="{bottom - plot_h + 10}" text-anchor="end" font-size="11">{top}</text>',
             f'<text x="{left - 8}" y="{bottom}" text-anchor="end" font-size="11">0</text>']
    for key in keys:
        offset = (key - keys[0]).days // (7 if weekly else 1)
        x, y = left + offset * plot_w / span, bottom
        for country, count in sorted(buckets[key].items(), key=lambda item: str(item[0])):
            h = plot_h * count / top
            y -= h
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{COUNTRY_COLOURS.get(country, "#7f8c8d")}"><title>{key} {COUNTRY_NAMES.get(country, country)}: '
                         f'{count}</title></rect>')
    parts.append(f'<text x="{left}" y="{height - 8}" font-size="11">{keys[0]}</text>')
    parts.append(f'<text x="{left + plot_w}" y="{height - 8}" font-size="11" text-anchor="end">{keys[-1]}</text>')
    legend_x = left + 10
    for country in ("IQ", "SY", "JO"):
        parts.append(f'<rect x="{legend_x}" y="8" width="10" height="10" fill="{COUNTRY_COLOURS[country]}"/>'
                     f'<text x="{legend_x + 14}" y="17" font-size="11">{COUNTRY_NAMES[country]}</text>')
        legend_x += 70
    parts.append(f'<text x="{width - 10}" y="17" font-size="11" text-anchor="end">{"per week" if weekly else "per day"}</text>')
    parts.append("</svg>")
    return "".join(parts)


def map_svg(sites: list[tuple], width: int = 900, height: int = 560) -> str:
    """Sites as circles sized by attacks, on a longitude/latitude grid with reference cities."""
    def xy(lat: float, lon: float) -> tuple[float, float]:
        return ((lon - LON_MIN) / (LON_MAX - LON_MIN) * width, (LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * height)

    parts = [f'<svg id="map" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'style="background:#f4f1ea">']
    for lon in range(36, 49, 2):
        x, _ = xy(LAT_MIN, lon)
        parts.append(f'<line x1="{x:.0f}" y1="0" x2="{x:.0f}" y2="{height}" stroke="#ddd"/>'
                     f'<text x="{x + 2:.0f}" y="{height - 4}" font-size="10" fill="#999">{lon}°E</text>')
    for lat in range(30, 38, 2):
        _, y = xy(lat, LON_MIN)
        parts.append(f'<line x1="0" y1="{y:.0f}" x2="{width}" y2="{y:.0f}" stroke="#ddd"/>'
                     f'<text x="2" y="{y - 2:.0f}" font-size="10" fill="#999">{lat}°N</text>')
    for name, (lat, lon) in CITIES.items():
        x, y = xy(lat, lon)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="#555"/>'
                     f'<text x="{x + 5:.1f}" y="{y + 4:.1f}" font-size="11" fill="#555">{name}</text>')
    top = max((s[4] for s in sites), default=1)
    for site_id, name, lat, lon, attacks, country in sites:
        if lat is None:
            continue
        x, y = xy(lat, lon)
        r = 5 + 20 * (attacks / top) ** 0.5
        parts.append(f'<circle class="site" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{COUNTRY_COLOURS.get(country, "#7f8c8d")}" '
                     f'fill-opacity="0.55" stroke="#222"><title>{_esc(name)}: {attacks}</title></circle>'
                     f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold">{_esc(name)} ({attacks})</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(db) -> str:
    counted = "status != 'rejected' AND event_type != 'air-strike'"  # attacks, not the strikes answering them
    days = db.execute(f"SELECT event_date, country, count(*) FROM incidents WHERE event_date IS NOT NULL AND {counted} "
                      "GROUP BY event_date, country ORDER BY event_date").fetchall()
    sites = db.execute("SELECT s.id, s.name, s.latitude, s.longitude, count(*), s.country FROM incidents i "
                       f"JOIN sites s ON s.id = i.site WHERE {counted} GROUP BY s.id ORDER BY count(*) DESC").fetchall()
    latest = [(i["event_date"], incident_query.location(i), i["country"], i["event_type"], i["weapon"], i["projectiles"],
               i["killed"], i["wounded"], i["claimed_by"], i["articles"], i["article_urls"][-1], ", ".join(i["outlets"]))
              for i in incident_query.incidents(db, limit=30)]
    fresh = db.execute(
        """SELECT s.id, (SELECT max(started_at) FROM crawl_runs r WHERE r.source = s.id),
                  (SELECT status FROM crawl_runs r WHERE r.source = s.id ORDER BY id DESC LIMIT 1),
                  (SELECT count(*) FROM articles a WHERE a.source = s.id),
                  (SELECT max(published_at) FROM articles a WHERE a.source = s.id),
                  (SELECT count(*) FROM articles a WHERE a.source = s.id AND a.relevance = 'core')
           FROM sources s ORDER BY s.id""").fetchall()
    relevance = dict(db.execute("SELECT coalesce(relevance, 'untagged'), count(*) FROM articles GROUP BY 1").fetchall())
    rows = "".join(
        f"<tr><td>{_esc(d)}</td><td>{_esc(site or '-')}</td><td>{_esc(c)}</td><td>{_esc(kind)}</td><td>{_esc(w or '-')}</td>"
        f"<td>{_esc(p or '')}</td><td>{_esc(k or '')}</td><td>{_esc(wo or '')}</td><td>{_esc(cl or '')}</td>"
        f"<td><a href='{_esc(url)}'>{articles} article(s)</a></td><td>{_esc(src)}</td></tr>"
        for d, site, c, kind, w, p, k, wo, cl, articles, url, src in latest)
    fresh_rows = "".join(
        f"<tr><td>{_esc(src)}</td><td>{_esc(run or 'never')}</td><td>{_esc(status or '-')}</td><td>{n}</td>"
        f"<td>{_esc((newest or '-')[:10])}</td><td>{core}</td></tr>" for src, run, status, n, newest, core in fresh)
    generated = datetime.now(timezone.utc).isoformat(timespec="seconds")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rasad report</title>
<style>body{{font-family:sans-serif;margin:24px;color:#222}} table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left}} th{{background:#eee}} h2{{margin-top:28px}}</style>
</head><body>
<h1>rasad: attacks on US and coalition forces in Iraq, Syria and Jordan</h1>
<p>Generated {generated}. Articles: {sum(relevance.values())} ({relevance.get('core', 0)} core,
{relevance.get('related', 0)} related, {relevance.get('none', 0)} none); attacks (incidents): {sum(d[2] for d in days)}.</p>
<h2>Attacks over time, by country</h2>
{timeline_svg(days)}
<h2>Sites attacked</h2>
{map_svg(sites)}
<h2>Latest attacks</h2>
<table><tr><th>date</th><th>site</th><th>country</th><th>type</th><th>weapon</th><th>projectiles</th><th>killed</th>
<th>wounded</th><th>claimed by</th><th>reported by</th><th>outlets</th></tr>{rows}</table>
<h2>Sources</h2>
<table><tr><th>source</th><th>last run</th><th>status</th><th>articles</th><th>newest article</th><th>core</th></tr>{fresh_rows}</table>
<script>
// Record what the browser laid out, for the render test and for a quick look in the console.
window.addEventListener("load", function () {{
  var t = document.getElementById("timeline").getBBox(), m = document.getElementById("map").getBBox();
  document.body.setAttribute("data-rendered", "timeline " + Math.round(t.width) + "x" + Math.round(t.height) +
    " bars " + document.querySelectorAll("#timeline .bar").length + " map " + Math.round(m.width) + "x" +
    Math.round(m.height) + " sites " + document.querySelectorAll("#map .site").length);
}});
</script>
</body></html>
"""
