"""The SQLite database: opening it (WAL, busy timeout) and its schema, built by migrations.

Each migration runs once, in order, inside a transaction; ``PRAGMA user_version`` records how
far a database has come, so an old file is upgraded in place when a newer rasad opens it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 30_000


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


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [_initial_schema]
"""Append only: never edit a migration that has shipped."""


def connect(path: Path | str, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open the database at *path* (creating folders), in WAL mode, migrated to the latest schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    db = sqlite_utils.Database(conn)
    if migrate:
        apply_migrations(db)
    return db


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def apply_migrations(db: sqlite_utils.Database) -> int:
    """Bring *db* to the latest schema; returns the number of migrations applied."""
    applied = 0
    while (version := schema_version(db)) < len(MIGRATIONS):
        # BEGIN IMMEDIATE takes the write lock first, so two processes never migrate at once.
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
                applied += 1
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return applied


def sync_sources(db: sqlite_utils.Database, sources, now: str) -> None:
    """Record the declared sources so articles and runs can refer to them."""
    with db.conn:
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
