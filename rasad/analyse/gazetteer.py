"""The gazetteer (``gazetteer.toml``): sites, actors, weapons, event types, countries and the
exclusions that keep the Yemen coalition apart, loaded and validated, each entry by stable id.
A file with a key no kind has (a typo) or without an id the rules name (REQUIRED_IDS) is refused.

Settings: the file's path defaults to the repository's ``gazetteer.toml``, or ``$RASAD_GAZETTEER``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rasad.base.paths import REPOSITORY

KINDS = ("site", "actor", "weapon", "event_type", "country", "exclusion")
COMMON_KEYS = {"id", "name", "variants"}
KEYS = {
    "site": {"country", "admin1", "lat", "lon", "area", "area_variants"},
    "actor": set(),
    "weapon": set(),
    "event_type": {"weapons", "acled_event_type", "acled_sub_event_type", "cameo"},
    "country": set(),
    "exclusion": {"applies_to"},
}
"""The keys an entry of each kind may have besides COMMON_KEYS."""
REQUIRED_IDS = {
    "actor": ("us-forces", "coalition", "sdf"),
    "event_type": ("attack", "rocket-attack", "drone-attack", "ied", "armed-assault", "interception", "claim",
                   "denial", "air-strike", "reinforcement"),
    "country": ("IQ", "SY", "JO"),
}
"""The ids rasad's rules name (rasad.analyse.tagging, rasad.analyse.incidents): renamed or removed in the file, they
would change tagging silently, so the gazetteer is refused instead."""


class GazetteerError(ValueError):
    """The gazetteer cannot be used; the message names the entry and field."""


@dataclass(frozen=True)
class Entry:
    kind: str
    id: str
    name: str
    variants: tuple[str, ...]
    attributes: dict = field(default_factory=dict, compare=False, hash=False)

    def __getitem__(self, key: str):
        return self.attributes.get(key)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: compiled patterns are cached per gazetteer
class Gazetteer:
    path: Path
    entries: dict[str, dict[str, Entry]]

    def of(self, kind: str) -> dict[str, Entry]:
        return self.entries.get(kind, {})

    def get(self, kind: str, entry_id: str) -> Entry:
        return self.entries[kind][entry_id]

    @cached_property  # asked for every attack sentence
    def weapon_event_types(self) -> dict[str, str]:
        """Weapon id → the event type that lists it (``weapons``), in the gazetteer's order of weapons."""
        listed = {weapon: event_type.id for event_type in self.of("event_type").values()
                  for weapon in event_type["weapons"] or []}
        return {weapon: listed[weapon] for weapon in self.of("weapon") if weapon in listed}


def default_path() -> Path:
    return Path(os.environ.get("RASAD_GAZETTEER") or REPOSITORY / "gazetteer.toml")


def load(path: Path | None = None) -> Gazetteer:
    """The gazetteer at *path* (default: default_path()), checked: every entry well formed, every
    key known, every weapon an event type lists declared, every id the code names present."""
    path = Path(path or default_path())
    data = _read(path)
    entries = {kind: _entries(path, kind, data[kind]) for kind in KINDS if kind in data}
    _check_weapons(path, entries)
    _check_required(path, entries)
    return Gazetteer(path, entries)


def _read(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GazetteerError(f"{path}: gazetteer not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise GazetteerError(f"{path}: unknown table [[{unknown[0]}]] (known: {', '.join(KINDS)})")
    return data


def _entries(path: Path, kind: str, tables: list[dict]) -> dict[str, Entry]:
    """The entries of one kind by id, each checked (see _entry), no id declared twice."""
    entries: dict[str, Entry] = {}
    for number, table in enumerate(tables, start=1):
        where = f"{path}: [[{kind}]] #{number}"
        entry = _entry(where, kind, table)
        if entry.id in entries:
            raise GazetteerError(f"{where}, field 'id': '{entry.id}' declared twice")
        entries[entry.id] = entry
    return entries


def _entry(where: str, kind: str, table: dict) -> Entry:
    entry_id = table.get("id")
    if not isinstance(entry_id, str) or not entry_id:
        raise GazetteerError(f"{where}, field 'id': missing")
    variants = table.get("variants")
    # An event type may have no words of its own (it is then only assigned by rules).
    empty_allowed = kind == "event_type"
    if not isinstance(variants, list) or (not variants and not empty_allowed) \
            or not all(isinstance(v, str) and v.strip() for v in variants):
        raise GazetteerError(f"{where} ('{entry_id}'), field 'variants': a non-empty list of strings")
    # A misspelt key («area_variant») would otherwise be ignored and its rule silently lost.
    unknown = sorted(set(table) - COMMON_KEYS - KEYS[kind])
    if unknown:
        known = ", ".join(sorted(COMMON_KEYS | KEYS[kind]))
        raise GazetteerError(f"{where} ('{entry_id}'): unknown key '{unknown[0]}' (known: {known})")
    if kind == "site" and ("lat" in table) != ("lon" in table):
        raise GazetteerError(f"{where} ('{entry_id}'), field 'lat'/'lon': give both or neither")
    attributes = {k: v for k, v in table.items() if k not in COMMON_KEYS}
    return Entry(kind, entry_id, table.get("name", entry_id), tuple(variants), attributes)


def _check_weapons(path: Path, entries: dict[str, dict[str, Entry]]) -> None:
    for event_type in entries.get("event_type", {}).values():
        for weapon in event_type["weapons"] or []:
            if weapon not in entries.get("weapon", {}):
                raise GazetteerError(f"{path}: event_type '{event_type.id}', field 'weapons': unknown weapon '{weapon}'")


def _check_required(path: Path, entries: dict[str, dict[str, Entry]]) -> None:
    for kind, ids in REQUIRED_IDS.items():
        for entry_id in ids:
            if entry_id not in entries.get(kind, {}):
                raise GazetteerError(f"{path}: [[{kind}]] '{entry_id}' is missing: rasad's rules name it "
                                     f"(see REQUIRED_IDS in rasad/analyse/gazetteer.py)")


def cached(path: Path | None = None) -> Gazetteer:
    """The gazetteer at *path*, loaded again only when the file has changed (a long-running
    daemon or worker sees an edited gazetteer at its next crawl)."""
    path = Path(path or default_path())
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        modified = None  # load() raises the clear error
    return _load_version(path, modified)


@lru_cache(maxsize=4)
def _load_version(path: Path, modified: int | None) -> Gazetteer:
    return load(path)
