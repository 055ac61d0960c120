"""The SQLite database: opening it (WAL, busy timeout) and its schema, built by migrations.

Each migration runs once, in order, inside a transaction; ``PRAGMA user_version`` records how
far a database has come, so an old file is upgraded in place when a newer rasad opens it.

A database rasad cannot write (a read-only file, folder or filesystem: an archived copy, a
share) is opened read-only: reading works, its journal mode and schema are left alone, and
the first write transaction raises :class:`StorageError`, one line naming the file and why.

A database rasad must not use is refused before anything is written, with a StorageError: one
whose schema is newer than the code's (a newer rasad made it), one whose tables do not have the
columns its version promises (changed by hand), and a damaged one (not a database, or failing
SQLite's quick check where the caller asks for it), which points to ``sqlite3 DB .recover``.

Settings read (environment): ``RASAD_SYNCHRONOUS``, SQLite's ``synchronous`` for writers:
``NORMAL`` (default: a power loss may undo the last commits, never corrupt the file) or ``FULL``
(every acknowledged commit survives a power loss, at the cost of an fsync per commit);
``RASAD_BUSY_TIMEOUT``, how long (seconds, default 30) to wait for another process's write lock
before giving up with :class:`Locked`.

A crawl keeps ``RESERVE_BYTES`` set aside beside the database (``DB-reserve``): when the disk
fills, SQLite may have no byte left for the run's record and the lease's release, so those give
the reserve up and try once more (:func:`with_reserve`); the next crawl sets it aside again.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, nullcontext
from pathlib import Path

import sqlite_utils

from rasad.base.settings_registry import from_environment

BUSY_TIMEOUT_MS = round(from_environment("RASAD_BUSY_TIMEOUT") * 1000)
WRITE_HOLD_SECONDS = 0.1  # a batch's transaction commits after this long, so others wait less than 250 ms
# SQLite's default page cache (2 MB) is smaller than the indexes one batch touches (random anchor and
# LSH keys, two full-text indexes): pages read back from the OS cost a writer about 15 % of its time.
# Pages are taken as needed, up to this.
CACHE_KIB = 32 * 1024
SYNCHRONOUS_MODES = ("NORMAL", "FULL")


def _initial_schema(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE sources (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            language TEXT,
            allowed_domains TEXT,
            schedule TEXT,
            updated_at TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            canonical_url TEXT NOT NULL,
            source TEXT NOT NULL REFERENCES sources(id),
            title TEXT NOT NULL,
            author TEXT,
            published_at TEXT,
            date_source TEXT,
            fetched_at TEXT NOT NULL,
            language TEXT,
            text TEXT NOT NULL,
            description TEXT,
            site_name TEXT,
            categories TEXT,
            tags TEXT,
            image TEXT,
            encoding TEXT,
            discovered_via TEXT
        )"""
    )
    db.execute("CREATE INDEX articles_canonical_url ON articles(canonical_url)")
    db.execute("CREATE INDEX articles_source_published ON articles(source, published_at)")
    # Raw pages live beside the articles so that queries on articles stay light.
    db.execute(
        """CREATE TABLE article_html (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            content_type TEXT,
            compression TEXT NOT NULL DEFAULT 'zlib',
            html BLOB NOT NULL
        )"""
    )
    # Fetched pages that were not articles, so that later runs do not fetch them again.
    db.execute(
        """CREATE TABLE skipped_pages (
            url TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            reason TEXT NOT NULL,
            seen_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE crawl_runs (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            trigger TEXT NOT NULL DEFAULT 'manual',
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running',
            finish_reason TEXT,
            pages_fetched INTEGER NOT NULL DEFAULT 0,
            articles_stored INTEGER NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            skipped_by_reason TEXT,
            errors_by_kind TEXT,
            stats TEXT
        )"""
    )
    db.execute("CREATE INDEX crawl_runs_source_started ON crawl_runs(source, started_at)")
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")


def _stories(db: sqlite_utils.Database) -> None:
    """URL identity keys, exact and near-duplicate detection (see rasad.analyse.dedup), story groups."""
    from rasad.analyse import dedup
    from rasad.text.urls import url_key

    for column, kind in (("url_key", "TEXT"), ("text_hash", "TEXT"), ("duplicate_of", "INTEGER REFERENCES articles(id)"),
                         ("similarity", "REAL"), ("story_id", "INTEGER")):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} {kind}")
    db.execute("ALTER TABLE skipped_pages ADD COLUMN url_key TEXT")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0")
    db.execute(
        """CREATE TABLE article_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            signature BLOB NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE lsh_buckets (
            band INTEGER NOT NULL,
            bucket INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band, bucket, article_id)
        ) WITHOUT ROWID"""
    )
    # Articles stored before this migration: their keys now, their stories once the schema is
    # complete (see apply_migrations).
    for article_id, url, text in db.execute("SELECT id, url, text FROM articles ORDER BY id").fetchall():
        db.execute("UPDATE articles SET url_key = ?, text_hash = ?, story_id = ? WHERE id = ?",
                   (url_key(url), dedup.fingerprint(text).text_hash, article_id, article_id))
    for (url,) in db.execute("SELECT url FROM skipped_pages").fetchall():
        db.execute("UPDATE skipped_pages SET url_key = ? WHERE url = ?", (url_key(url), url))
    db.execute("CREATE INDEX articles_url_key ON articles(url_key)")
    db.execute("CREATE INDEX articles_text_hash ON articles(text_hash)")
    db.execute("CREATE INDEX articles_story ON articles(story_id)")
    db.execute("CREATE INDEX skipped_pages_url_key ON skipped_pages(url_key)")


def _skip_dates(db: sqlite_utils.Database) -> None:
    """The date of a page skipped as too old, so a later crawl with an earlier limit fetches it."""
    db.execute("ALTER TABLE skipped_pages ADD COLUMN published_at TEXT")


def _tags(db: sqlite_utils.Database) -> None:
    """What each article reports (rasad.analyse.tagging): relevance, tags with evidence, events, sites."""
    for column, kind in (("relevance", "TEXT"), ("relevance_score", "REAL"), ("relevance_evidence", "TEXT"),
                         ("tagged_at", "TEXT")):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX articles_relevance ON articles(relevance, published_at)")
    db.execute(
        """CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            tag_id TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            evidence TEXT,
            first_offset INTEGER,
            PRIMARY KEY (article_id, kind, tag_id)
        )"""
    )
    db.execute("CREATE INDEX article_tags_tag ON article_tags(kind, tag_id)")
    db.execute(
        """CREATE TABLE sites (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            country TEXT,
            admin1 TEXT,
            latitude REAL,
            longitude REAL
        )"""
    )
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            event_date TEXT,
            time_precision INTEGER,
            site TEXT,
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            country TEXT,
            admin1 TEXT,
            event_type TEXT NOT NULL,
            weapon TEXT,
            projectiles INTEGER,
            killed INTEGER,
            wounded INTEGER,
            claimed_by TEXT,
            sentence TEXT
        )"""
    )
    db.execute("CREATE INDEX events_article ON events(article_id)")
    db.execute("CREATE INDEX events_date ON events(event_date)")
    db.execute("CREATE INDEX events_site ON events(site, event_date)")
    db.execute(
        """CREATE VIEW events_with_articles AS
           SELECT e.id AS event_id, e.event_date, e.time_precision, e.event_type, e.weapon, e.projectiles,
                  e.killed, e.wounded, e.claimed_by, e.country, e.admin1, e.site, s.name AS site_name,
                  e.latitude, e.longitude, e.geo_precision, e.sentence,
                  a.id AS article_id, a.source, a.url, a.title, a.published_at, a.story_id, a.relevance_score
           FROM events e
           JOIN articles a ON a.id = e.article_id
           LEFT JOIN sites s ON s.id = e.site"""
    )


def _service(db: sqlite_utils.Database) -> None:
    """The daemon: leases (one crawl per source at a time), manual triggers, heartbeats, next runs."""
    db.execute(
        """CREATE TABLE crawl_leases (
            source TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE crawl_requests (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            picked_at TEXT
        )"""
    )
    db.execute("CREATE INDEX crawl_requests_pending ON crawl_requests(picked_at, id)")
    db.execute(
        """CREATE TABLE daemons (
            holder TEXT PRIMARY KEY,
            pid INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            stopped_at TEXT
        )"""
    )
    db.execute("ALTER TABLE sources ADD COLUMN next_run_at TEXT")


def _search_and_views(db: sqlite_utils.Database) -> None:
    """Arabic-aware search (rasad.query.search) and the views analysts query."""
    from rasad.analyse.search_index import index_text

    db.execute(
        """CREATE TABLE article_search (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            body TEXT NOT NULL
        )"""
    )
    for article_id, title, text in db.execute("SELECT id, title, text FROM articles").fetchall():
        db.execute("INSERT INTO article_search (article_id, title, body) VALUES (?, ?, ?)",
                   (article_id, index_text(title), index_text(text)))
    db["article_search"].enable_fts(["title", "body"], create_triggers=True, tokenize="unicode61")
    db.execute("""CREATE VIEW attacks_per_day AS
        SELECT event_date AS day, country, count(*) AS attacks, count(DISTINCT site) AS sites
        FROM events WHERE event_date IS NOT NULL GROUP BY event_date, country ORDER BY event_date""")
    db.execute("""CREATE VIEW attacks_per_week AS
        SELECT strftime('%Y-W%W', event_date) AS week, country, count(*) AS attacks
        FROM events WHERE event_date IS NOT NULL GROUP BY week, country ORDER BY week""")
    db.execute("""CREATE VIEW attacks_per_site AS
        SELECT e.site, s.name, s.country, s.latitude, s.longitude, count(*) AS attacks,
               min(e.event_date) AS first, max(e.event_date) AS last
        FROM events e JOIN sites s ON s.id = e.site GROUP BY e.site ORDER BY attacks DESC""")
    db.execute("""CREATE VIEW attacks_per_weapon AS
        SELECT coalesce(weapon, 'unknown') AS weapon, event_type, count(*) AS attacks,
               sum(projectiles) AS projectiles FROM events GROUP BY weapon, event_type ORDER BY attacks DESC""")
    db.execute("""CREATE VIEW attacks_per_claimant AS
        SELECT coalesce(claimed_by, 'unclaimed') AS claimed_by, count(*) AS attacks, min(event_date) AS first,
               max(event_date) AS last FROM events GROUP BY claimed_by ORDER BY attacks DESC""")
    db.execute("""CREATE VIEW latest_core_articles AS
        SELECT published_at, source, title, url, relevance_score, story_id FROM articles
        WHERE relevance = 'core' ORDER BY published_at DESC""")
    db.execute("""CREATE VIEW story_groups AS
        SELECT story_id, count(*) AS articles, count(DISTINCT source) AS outlets,
               group_concat(DISTINCT source) AS sources, min(published_at) AS first_published,
               (SELECT title FROM articles f WHERE f.id = a.story_id) AS title
        FROM articles a GROUP BY story_id HAVING count(*) > 1 ORDER BY articles DESC""")


def _reindex_only_changed_text(db: sqlite_utils.Database) -> None:
    """The full-text indexes' update triggers fire only when the indexed text changes: as
    sqlite-utils creates them they fire on any column, so setting an article's story or
    relevance tokenized its whole text twice more (out with the old, in with the new)."""
    for table, fts_columns in (("articles", ("title", "text")), ("article_search", ("title", "body"))):
        columns = ", ".join(f'"{c}"' for c in fts_columns)
        old = ", ".join(f'old."{c}"' for c in fts_columns)
        new = ", ".join(f'new."{c}"' for c in fts_columns)
        db.execute(f'DROP TRIGGER "{table}_au"')
        db.execute(
            f"""CREATE TRIGGER "{table}_au" AFTER UPDATE OF {columns} ON "{table}" BEGIN
              INSERT INTO "{table}_fts" ("{table}_fts", rowid, {columns}) VALUES('delete', old.rowid, {old});
              INSERT INTO "{table}_fts" (rowid, {columns}) VALUES (new.rowid, {new});
            END"""
        )


def _attack_views(db: sqlite_utils.Database, counted: str) -> None:
    """The attack views, over the incidents that *counted* selects (they replace older ones)."""
    for view in ("attacks_per_day", "attacks_per_week", "attacks_per_site", "attacks_per_weapon", "attacks_per_claimant"):
        db.execute(f"DROP VIEW IF EXISTS {view}")
    db.execute(f"""CREATE VIEW attacks_per_day AS
        SELECT event_date AS day, country, count(*) AS attacks, count(DISTINCT site) AS sites
        FROM incidents WHERE event_date IS NOT NULL AND time_precision = 1 AND {counted}
        GROUP BY event_date, country ORDER BY event_date""")
    db.execute(f"""CREATE VIEW attacks_per_week AS
        SELECT strftime('%Y-W%W', event_date) AS week, country, count(*) AS attacks
        FROM incidents WHERE event_date IS NOT NULL AND time_precision <= 2 AND {counted}
        GROUP BY week, country ORDER BY week""")
    db.execute(f"""CREATE VIEW attacks_per_site AS
        SELECT i.site, s.name, s.country, s.latitude, s.longitude, count(*) AS attacks,
               min(i.event_date) AS first, max(i.event_date) AS last
        FROM incidents i JOIN sites s ON s.id = i.site WHERE {counted} GROUP BY i.site ORDER BY attacks DESC""")
    db.execute(f"""CREATE VIEW attacks_per_weapon AS
        SELECT coalesce(weapon, 'unknown') AS weapon, event_type, count(*) AS attacks,
               sum(projectiles) AS projectiles FROM incidents WHERE {counted}
        GROUP BY weapon, event_type ORDER BY attacks DESC""")
    db.execute(f"""CREATE VIEW attacks_per_claimant AS
        SELECT coalesce(claimed_by, 'unclaimed') AS claimed_by, count(*) AS attacks, min(event_date) AS first,
               max(event_date) AS last FROM incidents WHERE {counted} GROUP BY claimed_by ORDER BY attacks DESC""")


def _responses(db: sqlite_utils.Database) -> None:
    """US and coalition strikes are incidents of their own kind (event type "air-strike", the
    response): the attack views leave them out."""
    _attack_views(db, "status != 'rejected' AND event_type != 'air-strike'")
    db.execute("""CREATE VIEW responses_per_day AS
        SELECT event_date AS day, country, count(*) AS responses FROM incidents
        WHERE event_type = 'air-strike' AND status != 'rejected' AND event_date IS NOT NULL
        GROUP BY event_date, country ORDER BY event_date""")


def _incidents(db: sqlite_utils.Database) -> None:
    """Incidents, one per real-world attack (rasad.analyse.incidents): reports and mentions among the
    events, each event's span of days, the analysts' corrections, and the attack views counting
    incidents instead of articles' events. The incidents themselves are built after the last
    migration (see apply_migrations), by the code of the day, not inside this one."""
    from datetime import date

    from rasad.analyse.event_dates import span

    db.execute("ALTER TABLE events ADD COLUMN role TEXT NOT NULL DEFAULT 'report'")
    db.execute("ALTER TABLE events ADD COLUMN date_earliest TEXT")
    db.execute("ALTER TABLE events ADD COLUMN date_latest TEXT")
    for event_id, day, precision, published in db.execute(
            "SELECT e.id, e.event_date, e.time_precision, a.published_at FROM events e JOIN articles a "
            "ON a.id = e.article_id WHERE e.event_date IS NOT NULL").fetchall():
        earliest, latest = span(date.fromisoformat(day), precision or 1,
                                date.fromisoformat(published[:10]) if published else None)
        db.execute("UPDATE events SET date_earliest = ?, date_latest = ? WHERE id = ?",
                   (earliest.isoformat(), latest.isoformat(), event_id))
    db.execute("CREATE INDEX events_country_span ON events(country, date_earliest, date_latest)")
    db.execute(
        """CREATE TABLE incidents (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            event_date TEXT,
            time_precision INTEGER,
            date_earliest TEXT,
            date_latest TEXT,
            event_type TEXT,
            weapon TEXT,
            projectiles INTEGER,
            site TEXT,
            country TEXT,
            admin1 TEXT,
            latitude REAL,
            longitude REAL,
            geo_precision INTEGER,
            claimed_by TEXT,
            killed INTEGER,
            wounded INTEGER,
            casualties_article_id INTEGER,
            reports INTEGER NOT NULL DEFAULT 0,
            articles INTEGER NOT NULL DEFAULT 0,
            sources INTEGER NOT NULL DEFAULT 0,
            first_reported TEXT,
            last_reported TEXT,
            status TEXT NOT NULL DEFAULT 'unreviewed',
            notes TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX incidents_date ON incidents(event_date, country)")
    db.execute("CREATE INDEX incidents_site ON incidents(site, event_date)")
    db.execute(
        """CREATE TABLE incident_reports (
            event_id INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
            incident_id INTEGER NOT NULL REFERENCES incidents(id),
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
        )"""
    )
    db.execute("CREATE INDEX incident_reports_incident ON incident_reports(incident_id)")
    db.execute("CREATE INDEX incident_reports_article ON incident_reports(article_id)")
    db.execute(
        """CREATE TABLE incident_corrections (
            id INTEGER PRIMARY KEY,
            incident_key TEXT NOT NULL,
            action TEXT NOT NULL,
            field TEXT,
            value TEXT,
            made_by TEXT NOT NULL,
            made_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX incident_corrections_key ON incident_corrections(incident_key)")
    db.execute(
        """CREATE VIEW incident_evidence AS
           SELECT r.incident_id, e.id AS event_id, e.role, e.event_date, e.time_precision, e.event_type, e.site,
                  e.weapon, e.projectiles, e.killed, e.wounded, e.claimed_by, e.sentence,
                  a.id AS article_id, a.source, a.url, a.title, a.published_at
           FROM incident_reports r JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = r.article_id"""
    )
    _attack_views(db, "status != 'rejected'")


def _failed_entry_points(db: sqlite_utils.Database) -> None:
    """Which of a run's feeds, sitemaps and section pages could not be fetched, and why (JSON:
    URL → reason, e.g. "connection refused"), so an outlet that moved or went down shows."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN failed_entry_points TEXT")


def _article_summaries(db: sqlite_utils.Database) -> None:
    """Articles in a few columns, searchable through the normalized index (Datasette's search box
    on it: datasette/metadata.json), where ``article_search`` itself shows only index tokens."""
    db.execute("""CREATE VIEW article_summaries AS
        SELECT a.id AS article_id, a.published_at, a.source, a.title, substr(a.text, 1, 200) AS opening, a.url,
               a.relevance, a.story_id
        FROM articles a""")


def _passage_anchors(db: sqlite_utils.Database) -> None:
    """Passage anchors (see rasad.analyse.dedup): a story found inside a longer text. Stored articles are
    regrouped once the schema is complete (see apply_migrations)."""
    db.execute(
        """CREATE TABLE passage_anchors (
            anchor INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (anchor, article_id)
        ) WITHOUT ROWID"""
    )
    db.execute("ALTER TABLE article_signatures ADD COLUMN anchors INTEGER")  # how many the article has


def _extraction_tiers(db: sqlite_utils.Database) -> None:
    """How many pages a run's extraction handled, and how many of them fell back from
    trafilatura's fast tier to its full one (rasad.extract.extraction): the fallback rate shows."""
    db.execute("ALTER TABLE crawl_runs ADD COLUMN pages_extracted INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE crawl_runs ADD COLUMN extraction_fallbacks INTEGER NOT NULL DEFAULT 0")


def _provenance(db: sqlite_utils.Database) -> None:
    """What made each article (rasad.analyse.versions): ``reextract --stale`` and ``retag --stale`` take
    those an upgrade or an edit would change. Articles stored before are stale to both."""
    db.execute("ALTER TABLE articles ADD COLUMN extractor TEXT")
    db.execute("ALTER TABLE articles ADD COLUMN tagger TEXT")


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_initial_schema, _stories, _skip_dates, _tags, _service,
                                                             _search_and_views, _reindex_only_changed_text, _incidents,
                                                             _responses, _failed_entry_points, _article_summaries,
                                                             _passage_anchors, _extraction_tiers, _provenance]
"""Append only: never edit a migration that has shipped."""


class StorageError(Exception):
    """The database cannot be used as asked; the message is one line naming the file and why."""


class Locked(StorageError):
    """Another process held the write lock past the busy timeout; try again later."""

    exit_code = 75  # EX_TEMPFAIL, as `rasad crawl` of a source being crawled


def is_full(exc: BaseException) -> bool:
    """Is *exc* SQLite saying the disk (or the database's size limit) is full?"""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_FULL


RESERVE_BYTES = 256 * 1024  # a run's record and a lease's release, with their WAL frames, many times over


def reserve_path(path: Path | str) -> Path:
    return Path(f"{path}-reserve")


def keep_reserve(path: Path | str) -> None:
    """Set aside the reserve beside the database at *path* unless it is there; a disk too full
    (or read-only) for it goes without."""
    reserve = reserve_path(path)
    if reserve.exists():
        return
    try:
        with open(reserve, "wb") as out:
            out.write(bytes(RESERVE_BYTES))
    except OSError:
        reserve.unlink(missing_ok=True)


def with_reserve(db: sqlite_utils.Database, write: Callable[[], object]) -> object:
    """``write()``; on a full disk, once more after giving up the reserve (see the module doc)."""
    try:
        return write()
    except sqlite3.Error as exc:
        reserve = reserve_path(db.execute("PRAGMA database_list").fetchone()[2])
        if not is_full(exc) or not reserve.exists():
            raise
        reserve.unlink()
    return write()


def is_busy(exc: sqlite3.Error) -> bool:
    """Is *exc* SQLite giving up on a lock another connection held past the busy timeout?"""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY


def locked(path: Path | str) -> Locked:
    """The one line that says who may hold the write lock of *path* (read without waiting: in
    WAL mode a reader never waits for a writer)."""
    from rasad.store.leases import lock_holders

    try:
        with closing(open_readonly(path)) as conn:
            holders = lock_holders(conn)
    except sqlite3.Error:
        holders = []
    who = "; ".join(holders) or ("no rasad daemon or crawl is running: another program writes to it (sqlite-utils, "
                                 "a script) or a rasad command holds it")
    return Locked(f"{path} is locked: another process held its write lock for more than {BUSY_TIMEOUT_MS / 1000:g} s "
                  f"({who}); try again later, or give it longer with RASAD_BUSY_TIMEOUT=SECONDS")


class _Connection(sqlite3.Connection):
    """A connection that knows whether its database can be written."""

    refusal: str | None = None
    """Why not (None: it can), as :func:`transaction` says it."""


def _unwritable(path: Path) -> str | None:
    """Why rasad cannot write the database at *path* (which need not exist yet), or None."""
    folder = next(parent for parent in path.absolute().parents if parent.exists())
    if os.statvfs(folder).f_flag & os.ST_RDONLY:
        return "the filesystem is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    # SQLite writes its -wal, -shm and -journal files beside the database.
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"its folder {folder} is not writable"
    return None


def open_readonly(path: Path | str) -> sqlite3.Connection:
    """A read-only connection to the database at *path*, which may be on a read-only share."""
    path = Path(path)
    uri = path.absolute().as_uri() + "?mode=ro"
    # A WAL database is read through its -shm file, which SQLite makes if it can. Where it
    # cannot, no process can be writing the file, so it may be read as immutable (no locks).
    if not path.with_name(path.name + "-shm").exists() and not os.access(path.parent, os.W_OK):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=_Connection)


def _synchronous() -> str:
    given = from_environment("RASAD_SYNCHRONOUS")
    mode = given.upper()
    if mode not in SYNCHRONOUS_MODES:
        raise StorageError(f"RASAD_SYNCHRONOUS={given} is not one of "
                           f"{', '.join(SYNCHRONOUS_MODES)}")
    return mode


def connect(path: Path | str, *, migrate: bool = True, quick_check: bool = False) -> sqlite_utils.Database:
    """Open the database at *path* (creating folders), in WAL mode, migrated to the latest schema;
    read-only, as it is, if rasad cannot write it (then a write transaction raises StorageError,
    and so does a schema older than the code's, which only a write can migrate). A database that
    is damaged, newer than the code or not the schema its version says is refused untouched
    (StorageError); with *quick_check*, so is one that fails SQLite's quick check (for commands
    about to write: a damaged file must not be written further)."""
    path = Path(path)
    synchronous = _synchronous()
    refusal = _unwritable(path)
    if refusal is not None:
        if not path.is_file():
            raise StorageError(f"cannot create {path}: {refusal}")
        return _connect_readonly(path, refusal, migrate, quick_check)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=_Connection)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Checked before the pragmas below, which would write to a file that is not ours to change.
        _refuse_unusable(conn, path, quick_check)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    db = sqlite_utils.Database(conn)
    if migrate:
        apply_migrations(db)
    return db


def _connect_readonly(path: Path, refusal: str, migrate: bool, quick_check: bool) -> sqlite_utils.Database:
    conn = open_readonly(path)
    try:
        _refuse_unusable(conn, path, quick_check)
    except BaseException:
        conn.close()
        raise
    conn.refusal = f"cannot write {path}: {refusal}"
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    if migrate and (version := schema_version(db)) < len(MIGRATIONS):
        conn.close()
        raise StorageError(f"cannot read {path}: its schema (version {version}) is older than this rasad's "
                           f"({len(MIGRATIONS)}); a command that writes (rasad crawl, import, retag) migrates it, "
                           f"but {refusal}")
    return db


def is_damage(exc: sqlite3.Error) -> bool:
    """Is *exc* SQLite saying the file is not a database or is corrupt?"""
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def damaged(path: Path | str, why: str) -> StorageError:
    """The one line that says *path* is damaged and how to get its contents back."""
    return StorageError(f"{path} is damaged ({why}); recover what it holds into a new file with: "
                        f"sqlite3 {path} .recover | sqlite3 recovered.db (then use recovered.db)")


def _refuse_unusable(conn: sqlite3.Connection, path: Path, quick_check: bool) -> None:
    """Raise StorageError if the database at *path* is damaged, newer than the code, or not the
    schema its version promises; with *quick_check*, also if SQLite's quick check fails."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StorageError(f"cannot use {path}: its schema is version {version}, newer than this rasad's "
                               f"(version {len(MIGRATIONS)}); a newer rasad made it: upgrade rasad "
                               f"(pip install -U rasad), or give another database with --db")
        if mismatch := schema_mismatch(conn, version):
            raise StorageError(f"cannot use {path}: its schema says version {version} (this rasad's is "
                               f"{len(MIGRATIONS)}) but {mismatch}; it was changed outside rasad: restore a backup, "
                               f"or give another database with --db")
        if quick_check and (problems := integrity_problems(conn, quick=True)):
            raise damaged(path, f"quick check: {problems[0]}")
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged(path, str(exc)) from None
        raise


@contextmanager
def opened(path: Path | str, *, migrate: bool = True, quick_check: bool = False) -> Iterator[sqlite_utils.Database]:
    """:func:`connect` for the length of a ``with`` block: the connection is closed when the block
    is left, by a return, an exception or ``sys.exit``."""
    db = connect(path, migrate=migrate, quick_check=quick_check)
    try:
        yield db
    finally:
        db.conn.close()


@functools.cache
def _schema_at(version: int) -> dict[str, tuple[str, ...]]:
    """Tables and views, with their columns, of a database made by the first *version* migrations."""
    db = sqlite_utils.Database(sqlite3.connect(":memory:", isolation_level=None))
    try:
        for migration in MIGRATIONS[:version]:
            migration(db)
        return _columns(db.conn)
    finally:
        db.conn.close()


def _columns(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    # tables first: a column renamed in a table shows in the views built on it too
    names = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name")]
    return {name: tuple(row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')) for name in names}


def schema_mismatch(conn: sqlite3.Connection, version: int) -> str | None:
    """What the database lacks of the tables, views and columns its *version* promises (tables and
    columns added by hand are its owner's business), or None."""
    actual = _columns(conn)
    for name, expected in _schema_at(version).items():
        if name not in actual:
            return f"it has no table or view {name}"
        if missing := [column for column in expected if column not in actual[name]]:
            return f"{name} has no column {', '.join(missing)}"
    return None


def integrity_problems(conn: sqlite3.Connection, quick: bool = False) -> list[str]:
    """SQLite's integrity check (or the faster quick check, which skips matching indexes to
    tables): the problems it finds, none for a sound file."""
    rows = [row[0] for row in conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check")]
    return [] if rows == ["ok"] else rows


@contextmanager
def transaction(db: sqlite_utils.Database, fence: Callable[[], None] | None = None) -> Iterator[None]:
    """One write transaction; BEGIN IMMEDIATE takes the write lock at once, so a read-then-write
    (is this URL stored? then insert it) cannot interleave with another process's. On a database
    opened read-only it raises StorageError before anything is done (a connection not made by
    :func:`connect` is taken as writable). *fence*, called once the write lock is held, may
    refuse the transaction by raising (a crawl whose lease was taken over: rasad.store.leases.fence)."""
    refusal = getattr(db.conn, "refusal", None)
    if refusal is not None:
        raise StorageError(refusal)
    db.execute("BEGIN IMMEDIATE")
    try:
        if fence is not None:
            fence()
        yield
        db.execute("COMMIT")  # a COMMIT that fails (disk full) leaves the transaction open: rolled back below
    except BaseException:
        if db.conn.in_transaction:  # SQLite may have rolled back already (disk full): keep its error
            db.execute("ROLLBACK")
        raise


def each_whole(db: sqlite_utils.Database, entries: list, write: Callable,
               hold_seconds: float = WRITE_HOLD_SECONDS, fence: Callable[[], None] | None = None) -> list:
    """``write(entry)`` for every entry, each in a savepoint of its own: an entry whose write fails
    is rolled back alone and its exception takes its place in the results. The entries share a
    transaction until it has held the write lock for *hold_seconds*; then it commits and the rest
    go on in the next, so other writers never wait long for a batch. *fence*: see transaction."""
    results: list = []
    while (committed := len(results)) < len(entries):
        try:
            with transaction(db, fence):
                started = time.monotonic()
                for entry in entries[committed:]:
                    db.execute("SAVEPOINT entry")
                    try:
                        results.append(write(entry))
                    except Exception as exc:
                        if not db.conn.in_transaction:  # SQLite rolled the whole transaction back
                            raise
                        db.execute("ROLLBACK TO entry")
                        results.append(exc)
                    db.execute("RELEASE entry")
                    if time.monotonic() - started >= hold_seconds:
                        break
        except Exception as exc:
            if not committed:
                raise
            # the earlier transactions stand; this one and the entries after it failed with it
            results[committed:] = [exc] * (len(entries) - committed)
            break
    return results


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def apply_migrations(db: sqlite_utils.Database) -> int:
    """Bring *db* to the latest schema; returns the number of migrations applied. A database
    that had events before incidents existed gets its incidents built once the schema is
    complete (migrations must not call code that expects the latest schema)."""
    applied = 0
    build_incidents = regroup = False
    while (version := schema_version(db)) < len(MIGRATIONS):
        # BEGIN IMMEDIATE takes the write lock first, so two processes never migrate at once.
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                applied += 1
                build_incidents |= MIGRATIONS[version] is _incidents
                regroup |= MIGRATIONS[version] is _passage_anchors
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    if regroup and db.execute("SELECT 1 FROM articles LIMIT 1").fetchone():
        from rasad.store.stories import restory

        restory(db)
    if build_incidents and db.execute("SELECT 1 FROM events LIMIT 1").fetchone():
        from rasad.store.incident_store import recluster

        with transaction(db):
            recluster(db)
    return applied


def sync_sources(db: sqlite_utils.Database, sources, now: str, in_transaction: bool = False) -> None:
    """Record the declared sources so articles and runs can refer to them."""
    with (nullcontext() if in_transaction else transaction(db)):
        for source in sources:
            db["sources"].upsert(
                {
                    "id": source.id,
                    "name": source.name,
                    "language": source.language,
                    "allowed_domains": json.dumps(list(source.allowed_domains)),
                    "schedule": str(source.schedule),
                    "updated_at": now,
                },
                pk="id",
            )
