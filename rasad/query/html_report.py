"""``rasad report``: one self-contained HTML page (inline SVG, no network needed to open it):
attacks (incidents, not rejected) over time by country, a map of the sites with counts over the
countries' outlines, the latest incidents linking to the articles that reported them, and how
fresh each source is."""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rasad.base import clock
from rasad.query import incident_query

COUNTRIES = ("IQ", "SY", "JO", None)
"""The colours' order in legends; None stands for every other or unknown country."""
COUNTRY_COLOURS = {"IQ": "#c0392b", "SY": "#2471a3", "JO": "#229954", None: "#7f8c8d"}
COUNTRY_NAMES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan", None: "unknown country"}
OUTLINES = Path(__file__).parents[1] / "data" / "outlines.json"
"""Country outlines, lakes and rivers in the map's frame (scripts/build_country_outlines.py)."""
FONT = "DejaVu Sans, Verdana, sans-serif"
"""The labels' font: text_width measures DejaVu Sans, as wide as Verdana and wider than most."""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value))


def colour_key(country: str | None) -> str | None:
    """The legend entry a country is drawn under: its own, or None (other or unknown)."""
    return country if country in COUNTRY_COLOURS else None


def text_width(text: str, size: float, *, bold: bool = False, spacing: float = 0.0) -> float:
    """The width of *text* in DejaVu Sans at *size* px, per character class, rounded up: a label's
    box is at least as wide as the drawn text in that font or any narrower one."""
    def em(char: str) -> float:
        if char in " ',.ijlIJ":
            return 0.32
        if char in "/:;|f-t()[]!r":
            return 0.41
        if char in "mwMW%@":
            return 1.0
        return 0.79 if char.isupper() else 0.64
    return sum(em(char) for char in text) * size * (1.12 if bold else 1.0) + spacing * len(text)


# --- the time chart -------------------------------------------------------------------------------

DAY, WEEK, MONTH = "day", "week", "month"


def bin_unit(first: date, last: date) -> str:
    """Bars per day up to about two months, per week up to about two years, per month beyond."""
    span = (last - first).days
    return DAY if span <= 62 else WEEK if span <= 731 else MONTH


def bin_start(day: date, unit: str) -> date:
    if unit == WEEK:
        return day - timedelta(days=day.weekday())  # weeks start on Monday
    return day.replace(day=1) if unit == MONTH else day


def months_later(day: date, months: int) -> date:
    """The first of the month *months* after *day*'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def bin_end(start: date, unit: str) -> date:
    """The first day after the bin starting on *start*."""
    return months_later(start, 1) if unit == MONTH else start + timedelta(days=7 if unit == WEEK else 1)


def binned(days: list[tuple[str, str | None, int]], unit: str) -> dict[date, dict[str | None, int]]:
    """Attacks per bin start and legend entry, from (day, country, attacks) rows."""
    bins: dict[date, dict[str | None, int]] = defaultdict(lambda: defaultdict(int))
    for day, country, attacks in days:
        bins[bin_start(date.fromisoformat(day), unit)][colour_key(country)] += attacks
    return bins


def y_ticks(top: int, most: int = 5) -> list[int]:
    """From 0 to at least *top* in a round step (1, 2 or 5 times a power of ten), at most *most* steps."""
    rough = max(top, 1) / most
    power = 10 ** math.floor(math.log10(rough))
    step = max(1, round(next(m * power for m in (1, 2, 5, 10) if m * power >= rough)))
    return list(range(0, -(-top // step) * step + 1, step))


TICK_STEPS = [(DAY, n) for n in (1, 2, 7, 14)] + [(MONTH, n) for n in (1, 2, 3, 6, 12, 24, 60, 120)]
"""Calendar steps between time-axis labels, finest first: days (7 and 14 on Mondays), months
(aligned: quarters, halves, years)."""


def tick_dates(start: date, end: date, step: tuple[str, int]) -> list[date]:
    """The dates from *start* to before *end* that a label every *step* falls on."""
    unit, n = step
    if unit == DAY:
        first = start if n < 7 else start + timedelta(days=-start.weekday() % 7)
        return [first + timedelta(days=i) for i in range(0, (end - first).days, n)]
    months = months_later(start, 0 if start.day == 1 else 1)
    first = months_later(months, -(months.year * 12 + months.month - 1) % n)  # on a multiple of n months
    return [d for d in (months_later(first, i) for i in range(0, 12 * (end.year - first.year + 1), n)) if d < end]


def tick_label(day: date, step: tuple[str, int]) -> str:
    unit, n = step
    if unit == DAY:
        return f"{day.day} {day:%b %Y}"
    return f"{day:%b %Y}" if n < 12 else f"{day:%Y}"


def x_ticks(start: date, end: date, room: float, size: float) -> tuple[tuple[str, int], list[date]]:
    """The finest step whose labels fit side by side in *room* px, and its dates."""
    for step in TICK_STEPS:
        dates = tick_dates(start, end, step)
        widest = max((text_width(tick_label(d, step), size) for d in dates), default=0)
        if len(dates) * (widest + 14) <= room:
            return step, dates
    return TICK_STEPS[-1], tick_dates(start, end, TICK_STEPS[-1])


def legend_row(entries: list[str | None], x: float, y: float, size: float = 12) -> list[str]:
    """Colour swatches and names side by side from (x, y) on the baseline."""
    parts = []
    for entry in entries:
        parts.append(f'<rect class="legend-swatch" x="{x:.1f}" y="{y - size * 0.85:.1f}" width="{size}" height="{size}" '
                     f'fill="{COUNTRY_COLOURS[entry]}"/>'
                     f'<text x="{x + size + 4:.1f}" y="{y:.1f}">{COUNTRY_NAMES[entry]}</text>')
        x += size + 4 + text_width(COUNTRY_NAMES[entry], size) + 16
    return parts


def timeline_svg(days: list[tuple[str, str | None, int]], width: int = 900, height: int = 250) -> str:
    """Stacked bars of attacks by country, per day, week or month as the range asks, with a
    y axis, calendar labels on the time axis and a legend of the colours drawn."""
    if not days:
        return (f'<svg id="timeline" viewBox="0 0 {width} 40" width="{width}">'
                '<text x="10" y="25">no dated attacks</text></svg>')
    unit = bin_unit(date.fromisoformat(days[0][0]), date.fromisoformat(days[-1][0]))
    bins = binned(days, unit)
    start, end = min(bins), bin_end(max(bins), unit)
    ticks = y_ticks(max(sum(by_country.values()) for by_country in bins.values()))
    left, right, top, bottom = 44, width - 16, 42, height - 34
    span = (end - start).days

    def x_of(day: date) -> float:
        return left + (day - start).days / span * (right - left)

    def y_of(attacks: float) -> float:
        return bottom - attacks / ticks[-1] * (bottom - top)

    used = [c for c in COUNTRIES if any(c in by_country for by_country in bins.values())]
    legend = legend_row(used, left, 16)
    parts = [f'<svg id="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'role="img" font-family="{FONT}" font-size="12" fill="#222">', *legend,
             f'<text x="{right}" y="16" text-anchor="end" fill="#555">attacks per {unit}</text>']
    for tick in ticks:
        parts.append(f'<line x1="{left}" y1="{y_of(tick):.1f}" x2="{right}" y2="{y_of(tick):.1f}" '
                     f'stroke="{"#444" if tick == 0 else "#e3e3e3"}"/>'
                     f'<text class="y-label" x="{left - 6}" y="{y_of(tick) + 4:.1f}" text-anchor="end" '
                     f'font-size="11">{tick}</text>')
    for bin_first, by_country in sorted(bins.items()):
        x0, x1 = x_of(bin_first), x_of(bin_end(bin_first, unit))
        gap = min(2.0, (x1 - x0) * 0.2)
        stacked = 0
        for country in [c for c in COUNTRIES if c in by_country]:
            attacks = by_country[country]
            parts.append(f'<rect class="bar" x="{x0 + gap / 2:.1f}" y="{y_of(stacked + attacks):.1f}" '
                         f'width="{max(x1 - x0 - gap, 1.0):.1f}" height="{y_of(stacked) - y_of(stacked + attacks):.1f}" '
                         f'fill="{COUNTRY_COLOURS[country]}"><title>{unit} of {bin_first}: {attacks} in '
                         f'{COUNTRY_NAMES[country]}</title></rect>')
            stacked += attacks
    step, dates = x_ticks(start, end, right - left, 11)
    middle = 0.5 if step[0] == DAY else 0.0  # a day's label under the middle of its day, a month's at its start
    for day in dates:
        x = left + ((day - start).days + middle) / span * (right - left)
        half = text_width(tick_label(day, step), 11) / 2
        parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" stroke="#444"/>'
                     f'<text class="x-label" x="{min(max(x, half + 2), width - half - 2):.1f}" y="{bottom + 18}" '
                     f'text-anchor="middle" font-size="11">{tick_label(day, step)}</text>')
    parts.append("</svg>")
    return "".join(parts)


# --- label placement ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def meets(self, box: Box) -> bool:
        return self.left < box.right and box.left < self.right and self.top < box.bottom and box.top < self.bottom

    def within(self, box: Box) -> bool:
        return box.left <= self.left and self.right <= box.right and box.top <= self.top and self.bottom <= box.bottom

    def grown(self, by: float) -> Box:
        return Box(self.left - by, self.top - by, self.right + by, self.bottom + by)


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float

    def meets(self, box: Box) -> bool:
        nearest_x, nearest_y = min(max(self.x, box.left), box.right), min(max(self.y, box.top), box.bottom)
        return (nearest_x - self.x) ** 2 + (nearest_y - self.y) ** 2 < self.r ** 2


@dataclass(frozen=True)
class Leader:
    """The line from a point to its label when the label stands away from it."""
    x0: float
    y0: float
    x1: float
    y1: float

    def meets(self, box: Box) -> bool:
        steps = max(1, round(math.hypot(self.x1 - self.x0, self.y1 - self.y0) / 2))  # a point every 2 px or so
        return any(box.left < self.x0 + (self.x1 - self.x0) * i / steps < box.right
                   and box.top < self.y0 + (self.y1 - self.y0) * i / steps < box.bottom for i in range(steps + 1))


@dataclass(frozen=True)
class Label:
    """A placed text: its box, where its baseline starts, and its leader line if any."""
    text: str
    box: Box
    baseline: float
    leader: Leader | None

    @property
    def obstacles(self) -> list:
        """What later labels must keep clear of."""
        return [self.box, self.leader] if self.leader else [self.box]


LABEL_GAP = 2.0
"""Px kept clear around every label: the white halo drawn behind the text."""
DIRECTIONS = (0, 180, 45, -45, 135, -135, 90, -90)
"""Where a label goes around its point, by preference: right, left, the diagonals, above, below."""
MARKER_DISTANCES = tuple(range(3, 200, 12))
"""Px from a circle's edge a site's number may stand at: as far as it takes, with its leader line."""
MARKER_DIRECTIONS = DIRECTIONS + (22.5, -22.5, 157.5, -157.5, 67.5, -67.5, 112.5, -112.5)
"""A number is small: it may also slip between the labels around a crowd."""


def label_box(width: float, height: float, x: float, y: float, degrees: float) -> Box:
    """The box of a label that touches (x, y) from the side *degrees* points to (0: right, 90: up)."""
    dx, dy = math.cos(math.radians(degrees)), -math.sin(math.radians(degrees))
    left = x if dx > 0.3 else x - width if dx < -0.3 else x - width / 2
    top = y if dy > 0.3 else y - height if dy < -0.3 else y - height / 2
    return Box(left, top, left + width, top + height)


def is_free(box: Box, taken: list, frame: Box) -> bool:
    """Whether *box*, with its halo, stays in *frame* and meets nothing *taken* (boxes, circles,
    leader lines)."""
    halo = box.grown(LABEL_GAP)
    return halo.within(frame) and not any(other.meets(halo) for other in taken)


def place_label(text: str, size: float, point: Circle, taken: list, frame: Box, *,
                distances: tuple[float, ...] = (3, 14, 30), directions: tuple[float, ...] = DIRECTIONS,
                bold: bool = False) -> Label | None:
    """The first free box around *point* (a site's circle, a city's dot), at each distance from
    its edge in turn, in each of *directions*; None if there is none. A label farther than the first
    distance gets a leader line, which crosses no label."""
    width, height = text_width(text, size, bold=bold), size * 1.2
    for distance in distances:
        for degrees in directions:
            cos, sin = math.cos(math.radians(degrees)), -math.sin(math.radians(degrees))
            reach = point.r + distance
            box = label_box(width, height, point.x + reach * cos, point.y + reach * sin, degrees)
            leader = (Leader(point.x + point.r * cos, point.y + point.r * sin, point.x + reach * cos, point.y + reach * sin)
                      if distance > distances[0] else None)
            if is_free(box, taken, frame) and not (leader and any(leader.meets(other) for other in taken
                                                                  if isinstance(other, Box))):
                return Label(text, box, box.top + size * 0.95, leader)
    return None


@dataclass(frozen=True)
class Site:
    """An attacked site on the map: its circle, and its country as the legends name it."""
    name: str
    attacks: int
    country: str | None
    circle: Circle

    @property
    def label(self) -> str:
        return f"{self.name} ({self.attacks})"


def place_site_labels(sites: list[Site], taken: list, frame: Box, size: float = 12) -> tuple[dict[int, Label], list[int]]:
    """Labels for *sites* (most attacked first), each clear of every label placed before it,
    every circle and *taken*; a site left without room for its name gets a number instead (on
    the map if there is room for that, and in the list under it). Returns the labels by index in
    *sites* and the indexes of the numbered ones; *taken* gets every label and leader placed."""
    taken += [site.circle for site in sites]
    labels, numbered = {}, []
    for index in sorted(range(len(sites)), key=lambda i: -sites[i].attacks):
        label = place_label(sites[index].label, size, sites[index].circle, taken, frame)
        if label is None:
            numbered.append(index)
        else:
            labels[index] = label
            taken += label.obstacles
    for number, index in enumerate(numbered, start=1):
        label = place_label(str(number), size, sites[index].circle, taken, frame, distances=MARKER_DISTANCES,
                            directions=MARKER_DIRECTIONS, bold=True)
        if label is not None:
            labels[index] = label
            taken += label.obstacles
    return labels, numbered


# --- the map --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """Longitudes and latitudes the map shows."""
    lon_min: float
    lon_max: float
    lat_min: float
    lat_max: float


MAP_FRAME = Frame(34.2, 48.8, 29.0, 37.6)
"""Syria, Iraq and Jordan with the Mediterranean coast, the Sinai's edge and the Gulf."""
CITIES = {"Baghdad": (33.31, 44.37), "Damascus": (33.51, 36.29), "Amman": (31.95, 35.93), "Erbil": (36.19, 44.01),
          "Deir ez-Zor": (35.33, 40.14), "Basra": (30.51, 47.78), "Aleppo": (36.20, 37.16), "Raqqa": (35.95, 39.01)}
PLACE_NAMES = [("IRAQ", 32.2, 43.6, "country"), ("SYRIA", 34.75, 38.4, "country"), ("JORDAN", 32.25, 37.4, "country"),
               ("TURKEY", 37.35, 38.6, "neighbour"), ("IRAN", 33.6, 47.4, "neighbour"),
               ("SAUDI ARABIA", 29.7, 41.6, "neighbour"), ("KUWAIT", 29.3, 47.7, "neighbour"),
               ("LEBANON", 34.2, 35.75, "neighbour"), ("Euphrates", 34.75, 41.3, "river"), ("Tigris", 34.6, 44.25, "river")]
"""Names at fixed points (latitude, longitude): countries, and rivers beside their course."""
PLACE_STYLES = {"country": (13, 2.0, 'fill="#6d675d"'), "neighbour": (11, 1.5, 'fill="#8f897e"'),
                "river": (11, 0.0, 'fill="#3f78a8" font-style="italic"')}
"""Per kind of name: size, letter spacing, SVG attributes."""
SEA, LAND, FOCUS_LAND, BORDER, RIVER = "#cfe0ec", "#e8e5dd", "#fbfaf6", "#8f897e", "#6f9fc8"
KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Projection:
    """Longitude and latitude to px, equirectangular at the frame's middle latitude (true to
    shape there, no tiles, works offline)."""
    frame: Frame
    width: float

    @property
    def px_per_degree(self) -> float:
        """Of latitude; a degree of longitude is the cosine of the middle latitude of that."""
        middle = math.radians((self.frame.lat_min + self.frame.lat_max) / 2)
        return self.width / ((self.frame.lon_max - self.frame.lon_min) * math.cos(middle))

    @property
    def height(self) -> float:
        return (self.frame.lat_max - self.frame.lat_min) * self.px_per_degree

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        return ((lon - self.frame.lon_min) / (self.frame.lon_max - self.frame.lon_min) * self.width,
                (self.frame.lat_max - lat) * self.px_per_degree)

    def path(self, shapes: list[list[list[float]]], closed: bool) -> str:
        """SVG path data of rings (*closed*) or lines given as [lon, lat] points."""
        return "".join("M" + "L".join("{:.1f},{:.1f}".format(*self.xy(lat, lon)) for lon, lat in shape)
                       + ("Z" if closed else "") for shape in shapes)


def outline_layers(projection: Projection) -> list[str]:
    """Sea, countries (Iraq, Syria and Jordan lighter), lakes and rivers."""
    outlines = json.loads(OUTLINES.read_text(encoding="utf-8"))
    parts = [f'<rect width="{projection.width:.0f}" height="{projection.height:.0f}" fill="{SEA}"/>',
             f'<path d="{projection.path(outlines["other_land"], True)}" fill="{LAND}" stroke="{BORDER}" '
             'stroke-width="0.6"/>']
    for code, rings in outlines["countries"].items():
        parts.append(f'<path class="country" data-country="{code}" d="{projection.path(rings, True)}" '
                     f'fill="{FOCUS_LAND if code in COUNTRY_COLOURS else LAND}" fill-rule="evenodd" '
                     f'stroke="{BORDER}" stroke-width="{1.1 if code in COUNTRY_COLOURS else 0.6}"/>')
    parts.append(f'<path d="{projection.path(outlines["lakes"], True)}" fill="{SEA}" stroke="{RIVER}" stroke-width="0.5"/>')
    parts.append(f'<path class="river" d="{projection.path(outlines["rivers"], False)}" fill="none" stroke="{RIVER}" '
                 f'stroke-width="1.3" stroke-linejoin="round"/>')
    return parts


def site_radius(attacks: int, most: int) -> float:
    """A circle's area grows with the site's attacks, up to a radius of 25 px for the most attacked."""
    return 5 + 20 * (attacks / most) ** 0.5


def map_legend(used: list[str | None], most: int, projection: Projection) -> tuple[str, Box]:
    """The key in the map's lower left corner: the colours drawn, circle sizes, cities, rivers and
    a 100 km scale; returns its SVG and its box."""
    rows, y = [], 20  # drawn from the key's top left corner, moved into place once its height is known
    for entry in used:
        rows.append(f'<circle class="legend-swatch" cx="16" cy="{y - 4}" r="6" fill="{COUNTRY_COLOURS[entry]}" '
                    f'fill-opacity="0.6" stroke="#222" stroke-width="0.8"/>'
                    f'<text x="30" y="{y}">{COUNTRY_NAMES[entry]}</text>')
        y += 20
    big, small = site_radius(most, most), site_radius(1, most)
    y += 2 * big - 8
    rows.append(f'<circle cx="{10 + big:.1f}" cy="{y - big:.1f}" r="{big:.1f}" fill="none" stroke="#555"/>'
                f'<circle cx="{10 + big:.1f}" cy="{y - small:.1f}" r="{small:.1f}" fill="none" stroke="#555"/>'
                f'<text x="{18 + 2 * big:.1f}" y="{y - big - 2:.1f}">{most} attack{"s" * (most > 1)}</text>'
                f'<text x="{18 + 2 * big:.1f}" y="{y - 2:.1f}">1 attack (circle area)</text>')
    y += 22
    rows.append(f'<circle cx="16" cy="{y - 4:.1f}" r="2.5" fill="#444"/><text x="30" y="{y:.1f}">city</text>'
                f'<line x1="80" y1="{y - 4:.1f}" x2="104" y2="{y - 4:.1f}" stroke="{RIVER}" stroke-width="1.3"/>'
                f'<text x="110" y="{y:.1f}">river</text>')
    y += 20
    scale = 100 / KM_PER_DEGREE * projection.px_per_degree
    rows.append(f'<path d="M10,{y - 8:.1f}v4h{scale:.1f}v-4" fill="none" stroke="#444"/>'
                f'<text x="{16 + scale:.1f}" y="{y - 2:.1f}">100 km</text>')
    y += 18
    rows.append(f'<text x="10" y="{y - 2:.1f}" font-size="9" fill="#777">outlines: Natural Earth</text>')
    box = Box(8, projection.height - 8 - (y + 4), 220, projection.height - 8)
    return (f'<g class="legend" transform="translate({box.left},{box.top:.1f})"><rect width="{box.right - box.left}" '
            f'height="{box.bottom - box.top:.1f}" fill="#fff" fill-opacity="0.88" stroke="#bbb" rx="4"/>'
            f'{"".join(rows)}</g>'), box


def place_names(projection: Projection, taken: list, frame: Box) -> list[str]:
    """Country and river names centred on their points, each left out where it would meet a label
    or a circle (*taken* gets those placed)."""
    parts = []
    for text, lat, lon, kind in PLACE_NAMES:
        size, spacing, attributes = PLACE_STYLES[kind]
        x, y = projection.xy(lat, lon)
        half_width, half_height = text_width(text, size, spacing=spacing) / 2, size * 0.6
        box = Box(x - half_width, y - half_height, x + half_width, y + half_height)
        if is_free(box, taken, frame):
            taken.append(box)
            parts.append(f'<text class="label" x="{box.left:.1f}" y="{box.top + size * 0.95:.1f}" font-size="{size}" '
                         f'letter-spacing="{spacing}" {attributes}>{text}</text>')
    return parts


def text_svg(label: Label, size: float, attributes: str = "") -> str:
    """A placed label over a white halo, with its leader line."""
    line = label.leader
    leader = ("" if line is None else
              f'<line x1="{line.x0:.1f}" y1="{line.y0:.1f}" x2="{line.x1:.1f}" y2="{line.y1:.1f}" '
              'stroke="#333" stroke-width="0.8"/>')
    return (f'{leader}<text class="label" x="{label.box.left:.1f}" y="{label.baseline:.1f}" font-size="{size}" {attributes} '
            f'stroke="#fff" stroke-width="3" stroke-opacity="0.85" paint-order="stroke">{_esc(label.text)}</text>')


def map_svg(sites: list[tuple], width: int = 900) -> tuple[str, list[Site]]:
    """Sites as circles sized by attacks over the countries' outlines, with reference cities and
    names, each label placed clear of the others; returns the SVG and the sites that got a number
    instead of their name, in the order of their numbers."""
    projection = Projection(MAP_FRAME, width)
    most = max((attacks for *_, attacks, _ in sites), default=1)
    placed = [Site(name, attacks, colour_key(country), Circle(*projection.xy(lat, lon), site_radius(attacks, most)))
              for _, name, lat, lon, attacks, country in sites if lat is not None]
    frame = Box(0, 0, width, projection.height)
    used = [c for c in COUNTRIES if any(site.country == c for site in placed)]
    legend, legend_box = map_legend(used, most, projection)
    cities = {name: Circle(*projection.xy(lat, lon), 2.5) for name, (lat, lon) in CITIES.items()}
    taken: list = [legend_box, *cities.values()]
    labels, numbered = place_site_labels(placed, taken, frame)
    parts = [f'<svg id="map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {projection.height:.0f}" '
             f'width="{width}" role="img" font-family="{FONT}" font-size="12" fill="#222">', *outline_layers(projection)]
    parts += place_names(projection, taken, frame)
    for name, dot in cities.items():
        parts.append(f'<circle cx="{dot.x:.1f}" cy="{dot.y:.1f}" r="{dot.r}" fill="#444"/>')
        label = place_label(name, 11, dot, taken, frame, distances=(2,))
        if label is not None:  # a reference city without room keeps its dot only
            taken += label.obstacles
            parts.append(text_svg(label, 11, 'fill="#444"'))
    for site in sorted(placed, key=lambda s: -s.attacks):  # the smaller circles on top
        parts.append(f'<circle class="site" cx="{site.circle.x:.1f}" cy="{site.circle.y:.1f}" r="{site.circle.r:.1f}" '
                     f'fill="{COUNTRY_COLOURS[site.country]}" fill-opacity="0.6" stroke="#222" stroke-width="0.8">'
                     f'<title>{_esc(site.label)}</title></circle>')
    for index, label in labels.items():
        parts.append(text_svg(label, 12, 'font-weight="bold"' if index in numbered else ""))
    parts += [legend, "</svg>"]
    return "".join(parts), [placed[index] for index in numbered]


def map_key(numbered: list[Site]) -> str:
    """The list of the sites the map numbers, under it."""
    if not numbered:
        return ""
    items = "".join(f'<li><span class="dot" style="background:{COUNTRY_COLOURS[site.country]}"></span>'
                    f'{_esc(site.label)}</li>'
                    for site in numbered)
    return f'<ol id="map-key">{items}</ol>'


def render(db) -> str:
    counted = "status != 'rejected' AND event_type != 'air-strike'"  # attacks, not the strikes answering them
    days = db.execute(f"SELECT event_date, country, count(*) FROM incidents WHERE event_date IS NOT NULL AND {counted} "
                      "GROUP BY event_date, country ORDER BY event_date").fetchall()
    sites = db.execute("SELECT s.id, s.name, s.latitude, s.longitude, count(*), s.country FROM incidents i "
                       f"JOIN sites s ON s.id = i.site WHERE {counted} GROUP BY s.id ORDER BY count(*) DESC").fetchall()
    off_map = db.execute(f"SELECT count(*) FROM incidents i LEFT JOIN sites s ON s.id = i.site WHERE {counted} "
                         "AND s.latitude IS NULL").fetchone()[0]
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
    generated = clock.timestamp()
    site_map, numbered = map_svg(sites)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>rasad report</title>
<style>body{{font-family:sans-serif;margin:24px;color:#222;max-width:960px}} table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:left}} th{{background:#eee}} h2{{margin-top:28px}}
svg{{display:block;width:100%;max-width:900px;height:auto}} .scroll{{overflow-x:auto}} .note{{color:#555;font-size:13px}}
#map-key{{font-size:13px;columns:2 16em}} #map-key .dot{{display:inline-block;width:10px;height:10px;border-radius:50%;
margin-right:6px;opacity:0.75}}</style>
</head><body>
<h1>rasad: attacks on US and coalition forces in Iraq, Syria and Jordan</h1>
<p>Generated {generated}. Articles: {sum(relevance.values())} ({relevance.get('core', 0)} core,
{relevance.get('related', 0)} related, {relevance.get('none', 0)} none); attacks (incidents): {sum(d[2] for d in days)}.</p>
<h2>Attacks over time, by country</h2>
{timeline_svg(days)}
<h2>Sites attacked</h2>
{site_map}
{map_key(numbered)}
<p class="note">Circle area: attacks at the site. {off_map} attack(s) with no known site, or a site without
coordinates, are not on the map.</p>
<h2>Latest attacks</h2>
<div class="scroll"><table><tr><th>date</th><th>site</th><th>country</th><th>type</th><th>weapon</th><th>projectiles</th>
<th>killed</th><th>wounded</th><th>claimed by</th><th>reported by</th><th>outlets</th></tr>{rows}</table></div>
<h2>Sources</h2>
<div class="scroll"><table><tr><th>source</th><th>last run</th><th>status</th><th>articles</th><th>newest article</th>
<th>core</th></tr>{fresh_rows}</table></div>
</body></html>
"""
