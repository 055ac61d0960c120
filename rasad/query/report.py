"""What a database holds, for people: per-source summaries and the demo's closing report."""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from pathlib import Path

import click

from rasad.base import clock
from rasad.query.output import table
from rasad.store import db as database, leases


def last_runs(db_path: Path) -> dict[str, dict]:
    """Per source: the last run's start and status, and the number of stored articles."""
    with database.opened(db_path) as db:
        runs = {
            row[0]: {"started_at": row[1], "status": row[2]}
            for row in db.execute(
                "SELECT source, started_at, status FROM crawl_runs r WHERE id = "
                "(SELECT max(id) FROM crawl_runs WHERE source = r.source)"
            )
        }
        for source, count in db.execute("SELECT source, count(*) FROM articles GROUP BY source"):
            runs.setdefault(source, {})["articles"] = count
        return runs


HEARTBEAT_SECONDS = 30


def _heartbeat_cutoff(within_seconds: int = HEARTBEAT_SECONDS) -> str:
    # Same format as the daemon writes (ISO 8601 with offset): compared as text.
    return (clock.now() - timedelta(seconds=within_seconds)).isoformat(timespec="seconds")


def running_daemon(db) -> tuple | None:
    """(pid, started_at, heartbeat_at, stale) of a running daemon, or None: one that wrote a
    heartbeat recently, or a process of this host that exists though its heartbeat is old
    (*stale*: it cannot write, a full disk say, and is still running)."""
    cutoff = _heartbeat_cutoff()
    for holder, pid, started_at, heartbeat_at in db.execute(
            "SELECT holder, pid, started_at, heartbeat_at FROM daemons WHERE stopped_at IS NULL "
            "ORDER BY heartbeat_at DESC"):
        if heartbeat_at > cutoff:
            return pid, started_at, heartbeat_at, False
        if leases.alive_here(holder):
            return pid, started_at, heartbeat_at, True
    return None


def daemon_alive(db_path: Path) -> bool:
    with database.opened(db_path) as db:
        return running_daemon(db) is not None


def status_records(db_path: Path, source_ids: list[str]) -> tuple[list[dict], tuple | None]:
    """Per source: its last run, next run, articles and last error; and the running daemon
    (:func:`running_daemon`) or None."""
    with database.opened(db_path) as db:
        records = []
        for source_id in source_ids:
            last = db.execute("SELECT started_at, trigger, status, articles_stored FROM crawl_runs WHERE source = ? "
                              "ORDER BY id DESC LIMIT 1", (source_id,)).fetchone() or (None,) * 4
            error = db.execute("SELECT started_at, coalesce(finish_reason, ''), errors_by_kind FROM crawl_runs "
                               "WHERE source = ? AND (status = 'failed' OR errors > 0) ORDER BY id DESC LIMIT 1",
                               (source_id,)).fetchone()
            next_run = db.execute("SELECT next_run_at FROM sources WHERE id = ?", (source_id,)).fetchone()
            records.append({
                "source": source_id, "last_run": last[0], "trigger": last[1], "status": last[2], "stored": last[3],
                "next_run": next_run[0] if next_run else None,
                "articles": db.execute("SELECT count(*) FROM articles WHERE source = ?", (source_id,)).fetchone()[0],
                "last_error": f"{error[0]} {error[1]} {error[2] or ''}".strip() if error else None,
            })
        return records, running_daemon(db)


def run_records(db_path: Path, source_id: str | None, limit: int) -> list[dict]:
    """The latest *limit* runs (of *source_id* if given), newest first."""
    with database.opened(db_path) as db:
        where, args = ("WHERE source = ?", [source_id]) if source_id else ("", [])
        return list(db.query(
            f"SELECT id AS run, source, trigger, started_at, finished_at, status, pages_fetched, articles_stored, "
            f"duplicates, skipped, errors, pages_extracted AS extracted, extraction_fallbacks AS fallbacks "
            f"FROM crawl_runs {where} ORDER BY id DESC LIMIT ?", [*args, limit]))


def story_groups(db_path: Path, *, limit: int, source: str | None = None) -> list[dict]:
    """Story groups with more than one article, largest first, with their articles."""
    with database.opened(db_path) as db:
        sql = ("SELECT story_id, count(*) AS size, group_concat(DISTINCT source) FROM articles "
               "WHERE story_id IS NOT NULL GROUP BY story_id HAVING size > 1")
        args: list = []
        if source:
            sql += " AND sum(source = ?) > 0"
            args.append(source)
        sql += " ORDER BY size DESC, story_id LIMIT ?"
        args.append(limit)
        groups = []
        for story_id, size, sources in db.execute(sql, args).fetchall():
            articles = [
                {"id": r[0], "source": r[1], "title": r[2], "duplicate_of": r[3], "similarity": r[4]}
                for r in db.execute("SELECT id, source, title, duplicate_of, similarity FROM articles "
                                    "WHERE story_id = ? ORDER BY id", (story_id,))
            ]
            groups.append({"story_id": story_id, "size": size, "sources": sorted(sources.split(",")),
                           "articles": articles})
        return groups


def _command(name: str) -> str:
    """How to run an installed command as printed: by the path beside this Python when it is not
    on PATH (the README installs into .venv without activating it)."""
    beside = Path(sys.executable).parent / name
    return name if shutil.which(name) == str(beside) or not beside.exists() else str(beside)


def print_summary(db_path: Path) -> None:
    sqlite_utils, rasad = _command("sqlite-utils"), _command("rasad")
    with database.opened(db_path) as db:
        click.echo("\nArticles per source:")
        per_source = db.execute(
            """SELECT source, count(*), coalesce(min(substr(published_at, 1, 10)), '-'),
                      coalesce(max(substr(published_at, 1, 10)), '-'), group_concat(DISTINCT coalesce(date_source, 'none'))
               FROM articles GROUP BY source ORDER BY source""").fetchall()
        table([("SOURCE", "ARTICLES", "OLDEST", "NEWEST", "DATES FROM"), *per_source],
              indent="  ", min_widths=(15, 8, 10, 10), right=frozenset({1}))
        total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        skipped = db.execute("SELECT count(*) FROM skipped_pages").fetchone()[0]
        stories = db.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0]
        click.echo(f"  {total} articles stored in {stories} stories; {skipped} fetched pages were not articles.")
        relevance = dict(db.execute("SELECT coalesce(relevance, 'untagged'), count(*) FROM articles GROUP BY 1").fetchall())
        click.echo("\nRelevance: " + ", ".join(f"{relevance.get(k, 0)} {k}" for k in ("core", "related", "none")))
        from rasad.query import incident_query

        found = incident_query.incidents(db, limit=12)
        total, reports = db.execute("SELECT count(*), coalesce(sum(reports), 0) FROM incidents "
                                    "WHERE status != 'rejected' AND event_type != 'air-strike'").fetchone()
        unlinked = db.execute("SELECT count(*) FROM events WHERE event_type != 'air-strike' AND id NOT IN "
                              "(SELECT event_id FROM incident_reports)").fetchone()[0]
        responses = db.execute("SELECT count(*) FROM incidents WHERE status != 'rejected' AND "
                               "event_type = 'air-strike'").fetchone()[0]
        click.echo(f"\nIncidents (attacks on US/coalition forces, one per attack): {total}, from {reports} reports "
                   f"in articles; {unlinked} more told as background or out of scope, undated or unplaced. "
                   f"US/coalition strikes (responses, rasad incidents --kind response): {responses}.")
        for incident in found:
            counts = " ".join(f"{label}={incident[label]}" for label in ("projectiles", "killed", "wounded", "claimed_by")
                              if incident[label] is not None)
            click.echo(f"  #{incident['id']:<4} {incident['event_date'] or '----------'}  "
                       f"{incident_query.location(incident)[:28]:<28} {incident['country'] or '--'}  "
                       f"{incident['event_type']:<14} {incident['weapon'] or '-':<10} {counts}  "
                       f"[{incident['articles']} article(s): {', '.join(incident['outlets'])}]")
        click.echo("\nLatest articles:")
        for source, published, title in db.execute(
            "SELECT source, substr(published_at, 1, 10), title FROM articles "
            "ORDER BY published_at DESC LIMIT 5"
        ):
            click.echo(f"  {published or '----------'}  {source:<16} {title[:70]}")
        click.echo(
            "\nExplore it:\n"
            f"  {sqlite_utils} tables {db_path} --counts\n"
            f"  {rasad} search \"عين الأسد\" --db {db_path}\n"
            f"  {sqlite_utils} search {db_path} article_search \"$({rasad} normalize 'عين الأسد')\" -c article_id -c title\n"
            f"  {sqlite_utils} query {db_path} \"select source, count(*) from articles group by source\" --table\n"
            f"  {sqlite_utils} rows {db_path} crawl_runs -c source -c status -c pages_fetched -c articles_stored --table\n"
            f"  {sqlite_utils} query {db_path} \"select id, event_date, site, event_type, weapon, claimed_by, articles from incidents\" --table\n"
            f"  {rasad} incidents --db {db_path}\n"
            f"  {rasad} incident {found[0]['id'] if found else 1} --db {db_path}"
        )
