"""The ``rasad`` command line. Every command takes ``--sources PATH`` and ``--db PATH``
(defaults: the repository's sources.toml or $RASAD_SOURCES; data/rasad.db or $RASAD_DB)."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import sqlite3
import sys
import time
from contextlib import closing, nullcontext
from collections.abc import Callable, Coroutine
from pathlib import Path

import click

from rasad.analyse import gazetteer
from rasad.base.settings_registry import from_environment
from rasad.config import Source, SourcesError, check_oldest, load_sources
from rasad.crawl.runs import run_status, summarize
from rasad.query import export as exporter
from rasad.query.output import columns, emit, note, output_options


def _options(*, loads_sources: bool, loads_gazetteer: bool) -> Callable[[Callable], Callable]:
    """Adds --sources and --db, and hands the command its db path, its sources file and (when it
    uses them) its loaded sources; what the command does not use is not loaded."""

    def decorate(command: Callable) -> Callable:
        @click.option("--sources", "sources_path", type=click.Path(path_type=Path), default=None,
                      help="Sources file [default: repository's sources.toml, or $RASAD_SOURCES].")
        @click.option("--db", "db_path", type=click.Path(path_type=Path), default=None,
                      help="SQLite database [default: data/rasad.db, or $RASAD_DB].")
        @functools.wraps(command)
        def wrapper(*args, sources_path: Path | None, db_path: Path | None, **kwargs):
            sources_path = sources_path or Path(from_environment("RASAD_SOURCES"))
            try:
                sources = load_sources(sources_path) if loads_sources else None
                if loads_gazetteer:
                    gazetteer.cached()  # a broken gazetteer is refused before anything runs
            except (SourcesError, gazetteer.GazetteerError) as exc:
                raise click.ClickException(str(exc)) from None
            db_path = db_path or Path(from_environment("RASAD_DB"))
            try:
                return command(*args, sources=sources, sources_path=sources_path, db_path=db_path, **kwargs)
            except sqlite3.DatabaseError as exc:
                from rasad.store import db as database

                if database.is_busy(exc):
                    raise database.locked(db_path) from None
                # damage met past the checks made on opening (a page read halfway through a command)
                if database.is_damage(exc):
                    raise database.damaged(db_path, str(exc)) from None
                raise

        return wrapper

    return decorate


common_options = _options(loads_sources=True, loads_gazetteer=True)
gazetteer_options = _options(loads_sources=False, loads_gazetteer=True)
"""For commands that use no sources file (``rasad tag``)."""
path_options = _options(loads_sources=False, loads_gazetteer=False)
"""For commands that use neither the sources nor the gazetteer (``rasad normalize``)."""


def existing_database(command: Callable) -> Callable:
    """For commands that read or correct a database: a missing one is an error naming the path
    (exit 1), never an empty database made on the way (only crawl, import, run and demo make one)."""

    @functools.wraps(command)
    def wrapper(*args, db_path: Path, **kwargs):
        if not db_path.is_file():
            raise click.ClickException(f"no database at {db_path}: `rasad demo`, `rasad crawl` or `rasad import` "
                                       f"make one, or give its path with --db or $RASAD_DB")
        return command(*args, db_path=db_path, **kwargs)

    return wrapper


def _check_source(db_path: Path, sources: dict[str, Source], source_id: str | None) -> None:
    """A --source that is neither declared nor in the database (imports' sources) is refused with
    the known ids (exit 2)."""
    if source_id is None or source_id in sources:
        return
    from rasad.store.db import open_readonly

    with closing(open_readonly(db_path)) as conn:
        stored = [row[0] for row in conn.execute("SELECT id FROM sources ORDER BY id")]
    if source_id not in stored:
        known = list(dict.fromkeys([*sources, *stored]))
        raise click.BadParameter(f"unknown source {source_id!r}; known: {', '.join(known)}", param_hint="--source")


class _Commands(click.Group):
    """A database that cannot be used as asked (rasad.store.db.StorageError: a write to a read-only
    file, a schema that only a write can migrate, a schema newer than the code or changed by hand,
    a damaged file) ends any command with one line naming the file and why, and exit code 1; a
    write lock held by another process past the busy timeout says who may hold it (exit 75)."""

    def invoke(self, ctx: click.Context):
        from rasad.store.db import StorageError

        try:
            return super().invoke(ctx)
        except StorageError as exc:
            error = click.ClickException(str(exc))
            error.exit_code = getattr(exc, "exit_code", 1)
            raise error from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="rasad")
def main() -> None:
    """rasad (رصد): collect Arabic news on attacks against US and coalition bases in Syria,
    Iraq and Jordan into SQLite.

    \b
    Start with the offline demo:   rasad demo
    Query the result:              sqlite-utils search data/rasad.db articles "عين الأسد"
    """


def _pick(sources: dict[str, Source], source_ids: tuple[str, ...]) -> list[str]:
    unknown = [s for s in source_ids if s not in sources]
    if unknown:
        raise click.BadParameter(f"unknown source {unknown[0]!r}; declared: {', '.join(sources)}",
                                 param_hint="SOURCE")
    return list(source_ids) or list(sources)


def _check_oldest(value: str | None) -> str | None:
    if value is None or value == "all":
        return value
    try:
        return check_oldest(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--oldest") from None


class Progress:
    """One live status line per source on a terminal; one summary line per source otherwise,
    after a line for each entry point that could not be fetched, with the reason."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.live = stream.isatty()
        self.last: dict[str, str] = {}

    @staticmethod
    def line(source_id: str, stats: dict) -> str:
        summary = summarize(stats)
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(
            summary["skipped_by_reason"].items(), key=lambda item: (-item[1], item[0])) if n and reason != "known-url")
        line = (f"[{source_id}] {summary['pages_fetched']} pages fetched · {summary['articles_stored']} stored "
                f"({summary['duplicates']} copies of stored stories) · {summary['skipped']} skipped"
                + (f" ({reasons})" if reasons else "") + f" · {stats.get('rasad/skipped/known-url', 0)} already known")
        failed = len(summary["failed_entry_points"])
        return (line + (f" · {failed} failed entry point{'s' if failed > 1 else ''}" if failed else "")
                + (f" · {summary['errors']} errors" if summary["errors"] else ""))

    def __call__(self, source_id: str, stats: dict) -> None:
        text = self.line(source_id, stats)
        finished = "finish_reason" in stats
        if finished:
            text = "\n".join([*(f"[{source_id}] {url} failed: {reason}"
                                for url, reason in summarize(stats)["failed_entry_points"].items()), text])
        if self.live:
            self.stream.write("\r\033[K" + text + ("\n" if finished else ""))
            self.stream.flush()
        elif finished:
            print(text, file=self.stream)


def crawl_overrides(db_path: Path, sources_path: Path, *, limit: int | None, oldest: str | None,
                    route_to: str | None, verbose: bool) -> dict:
    overrides = {
        "RASAD_DB": str(db_path),
        "RASAD_SOURCES": str(sources_path),
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
    }
    if limit is not None:
        overrides["CLOSESPIDER_ITEMCOUNT"] = overrides["RASAD_MAX_ARTICLES"] = limit
    if oldest is not None:
        overrides["RASAD_OLDEST"] = oldest
    if route_to:
        overrides["RASAD_ROUTE_TO"] = route_to
        handler = "rasad.crawl.routing.RoutedDownloadHandler"
        overrides["DOWNLOAD_HANDLERS"] = {"http": handler, "https": handler}
        # The local server answers at once: no need to be polite to ourselves.
        overrides.update({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False})
    return overrides


class Terminated(KeyboardInterrupt):
    """SIGTERM stopped the command, as Ctrl-C would have."""


def run_stoppably(main: Coroutine) -> None:
    """``asyncio.run(main)``, where SIGTERM stops it as Ctrl-C does: *main* is cancelled, so its
    cleanup runs (what was done is written), and Terminated, a KeyboardInterrupt, is raised."""
    import asyncio
    import signal

    async def cancelled_on_sigterm() -> None:
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
        await main

    try:
        asyncio.run(cancelled_on_sigterm())
    except asyncio.CancelledError:
        raise Terminated from None


def stopped_exit_code(stop: KeyboardInterrupt) -> int:
    """128 + the signal's number, as shells report it: 130 for Ctrl-C (SIGINT), 143 for SIGTERM."""
    return 143 if isinstance(stop, Terminated) else 130


def _say_if_all_too_old(results: list) -> None:
    """Nothing stored because every article was older than `oldest`: say how to fetch them."""
    too_old = sum(r.stats.get(f"rasad/skipped/{key}", 0) for r in results for key in ("too-old", "too-old-before-fetch"))
    if too_old and not any(r.stats.get("rasad/stored") for r in results):
        click.echo(f"nothing stored: {too_old} pages were older than the sources' `oldest`; "
                   f"`--oldest all` (or a date) fetches them", err=True)


def _run(source_ids: list[str], overrides: dict, wait: bool = False) -> None:
    from rasad.store import db as database
    from rasad.store.leases import Busy
    from scheduler import run_crawls

    # create and migrate before spiders open it; a damaged file is not crawled into
    database.connect(overrides["RASAD_DB"], quick_check=True).conn.close()
    results = run_crawls(source_ids, overrides, progress=Progress(), wait=wait)
    busy = [r for r in results if isinstance(r, Busy)]
    for refusal in busy:
        click.echo(f"not crawling {refusal}; try again later, or use --wait", err=True)
    results = [r for r in results if not isinstance(r, Busy)]
    statuses = {r.source: run_status(r.stats) for r in results}
    if len(results) + len(busy) < len(source_ids) or any(status == "interrupted" for status, _ in statuses.values()):
        click.echo("interrupted: what was fetched is stored; the runs are marked interrupted", err=True)
        sys.exit(130)
    _say_if_all_too_old(results)
    failed = [f"{source} ({reason})" for source, (status, reason) in statuses.items() if status == "failed"]
    if failed:
        raise click.ClickException(f"crawl failed for: {', '.join(failed)}")
    if busy:
        sys.exit(75)  # EX_TEMPFAIL: nothing wrong, try again later


@main.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@click.option("--limit", type=click.IntRange(min=1), help="Store at most N articles per source this run.")
@click.option("--oldest", callback=lambda ctx, param, value: _check_oldest(value),
              help='Skip articles older than this: "30d", "2024-01-01" or "all".')
@click.option("--sample-web", is_flag=True, help="Crawl the bundled sample web on 127.0.0.1 instead of the internet.")
@click.option("--route-to", metavar="HOST:PORT",
              help="Send every request to this server, keeping the real URLs (a local mirror or replay).")
@click.option("--wait", is_flag=True, help="If another process (the daemon) is crawling the source, wait for it.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request and stored article.")
@common_options
def crawl(source_ids, limit, oldest, sample_web, route_to, wait, verbose, sources, sources_path, db_path) -> None:
    """Crawl SOURCE now (every source if none is given), with a progress line and a summary.

    \b
    Ctrl-C (or SIGTERM) closes the crawl in flight: what was fetched is stored, the run is
    recorded as interrupted, and the exit code is 130. Each feed, sitemap or section page of the
    sources file that could not be fetched gets a line with the reason (connection refused, DNS
    lookup failed, timed out, HTTP 404...; -v adds Scrapy's retries and tracebacks), and the run
    records them. A source none of whose feeds, sitemaps or section pages could be fetched and
    read is a failed run (exit code 1); one with any of them read is not (exit code 0).
    A source another process (the daemon) is crawling right now is not crawled (exit code 75)
    unless --wait is given. A database rasad cannot write is refused in one line (exit code 1).

    \b
    Example:
      rasad crawl enab-baladi --limit 50
      rasad crawl youm7 --sample-web --oldest all --db /tmp/try.db
    """
    chosen = _pick(sources, source_ids)
    if sample_web:
        from rasad.crawl.sample_web import SampleWebServer

        with SampleWebServer() as server:
            _run(chosen, crawl_overrides(db_path, sources_path, limit=limit, oldest=oldest,
                                         route_to=server.address, verbose=verbose), wait)
    else:
        _run(chosen, crawl_overrides(db_path, sources_path, limit=limit, oldest=oldest,
                                     route_to=route_to, verbose=verbose), wait)
    click.echo(f"database: {db_path}")


@main.command("sources")
@output_options
@common_options
def sources_command(output, sources, sources_path, db_path) -> None:
    """List the declared sources with their schedule and last run.

    \b
    Example:
      rasad sources
      rasad sources --sources my-sources.toml --db /srv/rasad/rasad.db
      rasad sources --json
    """
    from rasad.query.report import last_runs

    runs = last_runs(db_path) if db_path.exists() else {}
    records = [{"source": source.id, "name": source.name, "schedule": str(source.schedule),
                "entry_points": len(source.entry_points()), "last_run": runs.get(source.id, {}).get("started_at"),
                "status": runs.get(source.id, {}).get("status"), "articles": runs.get(source.id, {}).get("articles", 0)}
               for source in sources.values()]
    emit(records, output, show=columns, empty="no sources declared")
    note(f"{len(sources)} sources in {sources_path}")


@main.command()
@click.option("-v", "--verbose", is_flag=True, help="Log every request and stored article.")
@common_options
def demo(verbose, sources, sources_path, db_path) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl every source from it, show what was found.

    The outlets' real URLs are kept: their hosts are routed to the local server in demo mode
    only. Every date is kept (the sample web is an archive).

    \b
    Example:
      rasad demo
      rasad demo --db /tmp/demo.db
    """
    from rasad.crawl.sample_web import SampleWebServer
    from rasad.query.report import print_summary

    with SampleWebServer() as server:
        click.echo(f"sample web serving on http://{server.address}; crawling {len(sources)} sources into {db_path}")
        _run(list(sources), crawl_overrides(db_path, sources_path, limit=None, oldest="all",
                                            route_to=server.address, verbose=verbose))
    print_summary(db_path)


@main.command("import")
@click.argument("path", type=click.Path(path_type=Path, allow_dash=True))
@click.option("--source", "source_id",
              help="Where the articles came from, for lines that do not say (their 'source', 'outlet', "
                   "'source_domain' or 'hostname'); need not be declared in the sources file.")
@click.option("--language", help="Keep only articles in this language (ISO 639-1, e.g. ar).")
@click.option("--oldest", callback=lambda ctx, param, value: _check_oldest(value),
              help='Skip articles older than this: "30d" or "2024-01-01".')
@common_options
def import_command(path, source_id, language, oldest, sources, sources_path, db_path) -> None:
    """Import articles fetched elsewhere from a JSON Lines file (- reads stdin) or a WARC file
    (.warc or .warc.gz, e.g. Common Crawl's CC-NEWS), through the same validation, dedup and
    storage as a crawl.

    Each line: {"url": ..., "title": ..., "text": ..., "published_at": ISO 8601 or RFC 2822,
    "author": ..., "source": its outlet}, optionally "html" (then extracted like a crawled page;
    the line's fields win). news-please lines (maintext, date_publish, source_domain) and
    trafilatura's JSON (text, date, hostname) are read as they come. A WARC's HTML responses are
    extracted like crawled pages, with the charset their HTTP headers declare; their source is
    --source, else the page's host. Lines and records refused as a crawl would refuse them (too
    short, dated in the future, not in --language, older than --oldest) and bad ones are
    reported with their line number (a WARC record: path@byte offset) and reason, and the rest is
    imported; the exit code is 1 if any line or record was bad. Pages are extracted with
    trafilatura's fast tier and its full one where the fast text is in doubt
    (RASAD_EXTRACTION=full: the full one alone); the fallbacks are counted.

    \b
    Example:
      python scripts/ant_to_jsonl.py ant-corpus.tar.gz -o ant.jsonl
      rasad import ant.jsonl                     # each line's outlet is its source
      rasad import news-please.jsonl --source archive --language ar
      rasad import CC-NEWS-20240101000000-00000.warc.gz --language ar
    """
    from rasad.importer import ImportReport, import_records
    from rasad.store import db as database

    if str(path) != "-" and not path.is_file():
        raise click.BadParameter(f"{path} is not a file", param_hint="PATH")
    full = _full_tier_only()
    records, unit = _import_records(path)
    oldest_date = _oldest_date(oldest)
    report = ImportReport()
    progress = _import_progress(unit)
    with database.opened(db_path, quick_check=True) as db:
        try:
            run_stoppably(import_records(db, records, source=source_id, language=language, oldest=oldest_date,
                                         progress=progress, report=report, full=full))
        except KeyboardInterrupt as stop:
            click.echo(f"\ninterrupted after {report.lines} {unit}: {report.stored} stored, {report.already_stored} "
                       f"already stored; importing the file again goes on where this stopped", err=True)
            sys.exit(stopped_exit_code(stop))
    if _print_import_report(path, unit, report, live=progress is not None):
        sys.exit(1)


def _import_records(path: Path):
    """The file's records and what they are called, after refusing a file that is neither."""
    from rasad.crawl.warc import is_warc
    from rasad.importer import read_records

    if str(path) != "-" and not is_warc(path):
        _check_json_lines(path)
    try:
        return read_records(path)
    except ImportError as exc:
        raise click.ClickException(f"reading WARC files needs warcio (pip install 'rasad[warc]'): {exc}") from None


def _oldest_date(oldest: str | None):
    """--oldest ("30d", a date or "all") as the date an import keeps articles from, or None."""
    if not oldest or oldest == "all":
        return None
    return Source(id="import", name="import", language="ar", allowed_domains=("x.org",), schedule=None,
                  oldest=oldest).oldest_date()


def _import_progress(unit: str) -> Callable | None:
    """A progress line on stderr, when it is a terminal."""
    if not sys.stderr.isatty():
        return None

    def progress(report) -> None:
        click.echo(f"\r\033[K{report.lines} {unit} · {report.stored} stored ({report.copies} copies of "
                   f"stored stories) · {report.already_stored} already stored", nl=False, err=True)
    return progress


def _print_import_report(path: Path, unit: str, report, *, live: bool) -> bool:
    """What an import (or a backfill) did: the bad and refused lines or records, then the
    totals; whether any was bad."""
    where = f"{path}@" if unit == "records" else f"{path}:"
    if live:
        click.echo("", err=True)
    for number, message in report.errors[:50]:
        click.echo(f"{where}{number}: {message}", err=True)
    if len(report.errors) > 50:
        click.echo(f"... and {len(report.errors) - 50} more bad {unit}", err=True)
    for number, reason in report.refused[:50]:
        click.echo(f"{where}{number}: refused ({reason})", err=True)
    if len(report.refused) > 50:
        click.echo(f"... and {len(report.refused) - 50} more refused {unit}", err=True)
    rejected = ", ".join(f"{n} {reason}" for reason, n in report.rejected.most_common()) or "none"
    click.echo(f"{report.lines} {unit}: {report.stored} stored ({report.copies} copies of stored stories), "
               f"{report.already_stored} already stored, rejected: {rejected}, {len(report.errors)} bad {unit}")
    if report.extraction.extracted:
        click.echo(f"extraction of the pages: {report.extraction}")
    return bool(report.errors)


def _redis_option(command: Callable) -> Callable:
    return click.option("--redis", "redis_url", required=True, metavar="URL",
                        help="Redis to meet the other nodes at: redis://[:PASSWORD@]HOST:PORT/DB, or rediss:// "
                             "for TLS. Keep it on a private network.")(command)


def _broker(redis_url: str):
    """The Dramatiq broker at *redis_url*, or a one-line error when the extra or Redis is missing."""
    try:
        from rasad.distributed import connect
        broker = connect(redis_url)
        broker.client.ping()
    except ImportError as exc:
        raise click.ClickException(f"needs the distributed extra (pip install 'rasad[distributed]'): {exc}") from None
    except Exception as exc:  # redis' connection and authentication errors, a malformed URL
        raise click.ClickException(f"cannot reach Redis at {redis_url}: {exc}") from None
    return broker


@main.command()
@_redis_option
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help="Worker processes for backfills on this node [default: one per core; 0: crawls only].")
@click.option("--crawls", type=click.IntRange(min=0), default=0, show_default=True,
              help="Sources this node crawls at a time for the coordinator (`rasad run --redis`).")
@click.option("--oldest", callback=lambda ctx, param, value: _check_oldest(value),
              help='Crawls: skip articles older than this: "30d", "2024-01-01" or "all".')
@click.option("--route-to", metavar="HOST:PORT",
              help="Crawls: send every request to this server, keeping the real URLs (a local mirror or replay).")
@path_options
def worker(redis_url, workers, crawls, oldest, route_to, sources, sources_path, db_path) -> None:
    """A node: analyse the pages that `rasad backfill` sends (extract, validate, fingerprint,
    tag) in WORKERS processes, and send the results back to its writer; with --crawls N, also
    crawl up to N sources at a time for the coordinator (`rasad run --redis`), with the crawl's
    spiders and analysis, sending the articles to the coordinator, which stores them. Runs until
    SIGTERM or Ctrl-C, which let each process finish the batch it holds and close the crawls in
    flight (recorded as interrupted); needs no database.

    \b
    Example:
      rasad worker --redis redis://10.0.0.5:6379/0 --workers 8
      rasad worker --redis redis://10.0.0.5:6379/0 --workers 2 --crawls 4
    """
    import logging

    from rasad.analyse.worker_pool import default_workers

    _broker(redis_url).close()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from rasad.node import run_worker

    count = default_workers() if workers is None else workers
    if not count and not crawls:
        raise click.BadParameter("a node needs workers, crawls or both", param_hint="--workers")
    click.echo(f"worker: {count} processes" + (f", {crawls} crawls at a time" if crawls else "")
               + f" on {redis_url.rsplit('@', 1)[-1]}", err=True)
    run_worker(redis_url, count, crawls, crawl_overrides(db_path, sources_path, limit=None, oldest=oldest,
                                                         route_to=route_to, verbose=False))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
                metavar="FILE...")
@_redis_option
@click.option("--source", "source_id", help="As for rasad import: the source of lines (and WARC pages) that name none.")
@click.option("--language", help="Keep only articles in this language (ISO 639-1, e.g. ar).")
@click.option("--oldest", callback=lambda ctx, param, value: _check_oldest(value),
              help='Skip articles older than this: "30d" or "2024-01-01".')
@common_options
def backfill(paths, redis_url, source_id, language, oldest, sources, sources_path, db_path) -> None:
    """Import JSON Lines or WARC files as `rasad import` does, with the analysis done by the
    `rasad worker` nodes on the same Redis; this process is the one writer into --db. What is
    stored, refused and reported is what `rasad import` of the same files gives. Run one
    backfill (one writer) per database at a time; Ctrl-C stops it, and running it again goes
    on where it stopped.

    \b
    Example:
      rasad worker --redis redis://localhost:6379/0 &     # on every node
      rasad backfill --redis redis://localhost:6379/0 CC-NEWS-*.warc.gz --language ar
    """
    from rasad.importer import ImportReport
    from rasad.store import db as database

    full = _full_tier_only()
    opened = [(path, *_import_records(path)) for path in paths]
    broker = _broker(redis_url)
    from rasad.distributed import backfill as run_backfill

    oldest_date = _oldest_date(oldest)
    bad = False
    with database.opened(db_path, quick_check=True) as db, closing(broker):
        for path, records, unit in opened:
            report = ImportReport()
            progress = _import_progress(unit)
            try:
                run_stoppably(run_backfill(db, broker, records, source=source_id, language=language,
                                           oldest=oldest_date, full=full, progress=progress, report=report))
            except KeyboardInterrupt as stop:
                click.echo(f"\ninterrupted after {report.lines} {unit} of {path}: {report.stored} stored, "
                           f"{report.already_stored} already stored; backfilling again goes on where this stopped",
                           err=True)
                sys.exit(stopped_exit_code(stop))
            bad |= _print_import_report(path, unit, report, live=progress is not None)
    if bad:
        sys.exit(1)


def _check_json_lines(path: Path) -> None:
    """Refuse, before touching the database, a file that is not JSON Lines at all: its first
    character is not the start of a JSON object or array. Bad lines, the first included, are
    the import's to report and skip."""
    with path.open("rb") as stream:
        while chunk := stream.read(2**16):
            if start := chunk.lstrip():
                if not start.startswith((b"{", b"[")):
                    raise click.BadParameter(f"{path} is not JSON Lines (its first line is not a JSON object); "
                                             f"nothing was imported", param_hint="PATH")
                return
    raise click.BadParameter(f"{path} is empty; nothing was imported", param_hint="PATH")


@main.command()
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Story groups to show.")
@click.option("--source", "source_id", help="Only groups with an article from this source.")
@output_options
@common_options
@existing_database
def dupes(limit, source_id, output, sources, sources_path, db_path) -> None:
    """List story groups with more than one article: size, sources and titles, largest first.

    \b
    Example:
      rasad dupes
      rasad dupes --source youm7 --limit 5
      rasad dupes --csv > stories.csv
    """
    from rasad.query.report import story_groups

    _check_source(db_path, sources, source_id)
    records = [{"story_id": group["story_id"], "story_size": group["size"], "article_id": article["id"],
                "duplicate_of": article["duplicate_of"], "similarity": article["similarity"],
                "source": article["source"], "title": article["title"]}
               for group in story_groups(db_path, limit=limit, source=source_id) for article in group["articles"]]
    emit(records, output, show=_show_stories, empty="no story has more than one article")


def _show_stories(records: list[dict]) -> None:
    for story_id, articles in itertools.groupby(records, key=lambda record: record["story_id"]):
        articles = list(articles)
        outlets = sorted({article["source"] for article in articles})
        click.echo(f"story {story_id}: {articles[0]['story_size']} articles from {', '.join(outlets)}")
        for article in articles:
            similarity = "first" if article["duplicate_of"] is None else f"{article['similarity']:.2f}"
            click.echo(f"  {article['article_id']:>7}  {similarity:>5}  {article['source']:<16} {article['title'][:80]}")


@main.command()
@click.option("--sample-web", is_flag=True, help="Crawl the bundled sample web on 127.0.0.1 (every date kept).")
@click.option("--route-to", metavar="HOST:PORT", help="Send every request to this server, keeping the real URLs.")
@click.option("-v", "--verbose", is_flag=True, help="Log every request and stored article.")
@click.option("--redis", "redis_url", metavar="URL",
              help="Be the coordinator of `rasad worker --crawls N` nodes on this Redis: they crawl, this "
                   "process schedules and is the one writer into --db. Keep Redis on a private network.")
@common_options
def run(sample_web, route_to, verbose, redis_url, sources, sources_path, db_path) -> None:
    """Run the daemon in the foreground: every source on its schedule, manual triggers, until
    SIGTERM or SIGINT (exit 0). SIGHUP reloads the sources file. Logs go to stderr.

    With --redis the daemon is the coordinator: its schedule sends each crawl to the worker nodes
    (`rasad worker --redis URL --crawls N`, which fetch, analyse and send the articles back) and it
    stores what they send; `rasad trigger`, `status` and `runs` work as without. One coordinator
    per Redis: a second one waits for the first to stop.

    \b
    Example:
      rasad run --db /var/lib/rasad/rasad.db
      rasad run --sample-web          # watch the service work offline
      rasad run --redis redis://localhost:6379/0 --db /var/lib/rasad/rasad.db
    """
    from rasad.store import db as database
    from scheduler import run_daemon

    if redis_url:  # one line when Redis cannot be reached, before the database is touched
        _broker(redis_url).close()
    database.connect(db_path, quick_check=True).conn.close()  # the daemon's check at start
    if redis_url:
        overrides = crawl_overrides(db_path, sources_path, limit=None, oldest=None, route_to=None, verbose=True)
        sys.exit(run_daemon(sources_path, _daemon_logging(overrides, verbose), redis_url))
    if sample_web:
        from rasad.crawl.sample_web import SampleWebServer

        with SampleWebServer() as server:
            overrides = crawl_overrides(db_path, sources_path, limit=None, oldest="all", route_to=server.address,
                                        verbose=True)
            sys.exit(run_daemon(sources_path, _daemon_logging(overrides, verbose)))
    overrides = crawl_overrides(db_path, sources_path, limit=None, oldest=None, route_to=route_to, verbose=True)
    sys.exit(run_daemon(sources_path, _daemon_logging(overrides, verbose)))


def _daemon_logging(overrides: dict, verbose: bool) -> dict:
    """One line per event, no timestamps of our own when journald adds them (INVOCATION_ID)."""
    import os

    fmt = "%(levelname)s %(name)s: %(message)s" if os.environ.get("INVOCATION_ID") else \
        "%(asctime)s %(levelname)s %(name)s: %(message)s"
    return {**overrides, "LOG_LEVEL": "INFO", "LOG_FORMAT": fmt, "RASAD_VERBOSE": verbose,
            "LOGSTATS_INTERVAL": 60.0 if verbose else 0}


@main.command()
@click.argument("source_ids", nargs=-1, required=True, metavar="SOURCE...")
@common_options
@existing_database
def trigger(source_ids, sources, sources_path, db_path) -> None:
    """Ask the running daemon to crawl SOURCE now, and return at once.

    The request is written to the database (table crawl_requests); the daemon picks it up within
    a second. Without a running daemon the request waits until one starts.

    \b
    Example:
      rasad trigger enab-baladi
      rasad trigger youm7 erem-news --db /var/lib/rasad/rasad.db
    """
    from rasad.query.report import daemon_alive
    from rasad.store import db as database

    chosen = _pick(sources, source_ids)
    with database.opened(db_path) as db:
        with database.transaction(db):
            for source_id in chosen:
                db.execute("INSERT INTO crawl_requests (source, requested_at) VALUES (?, datetime('now'))", (source_id,))
    if daemon_alive(db_path):
        click.echo(f"requested: {', '.join(chosen)} (the daemon starts within a second)")
    else:
        click.echo(f"requested: {', '.join(chosen)}; no daemon is running (start one with `rasad run`)", err=True)


@main.command()
@output_options
@common_options
@existing_database
def status(output, sources, sources_path, db_path) -> None:
    """For each source: last run and its status, next scheduled run, articles, last error; and
    whether the daemon is running (on stderr).

    \b
    Example:
      rasad status
      rasad status --db /var/lib/rasad/rasad.db
      rasad status --nl
    """
    from rasad.query.report import status_records

    records, daemon = status_records(db_path, list(sources))
    emit(records, output, show=_show_status, empty="no sources declared")
    note("daemon: " + (f"running (pid {daemon[0]}, since {daemon[1]}, last heartbeat {daemon[2]}"
                       + (": it cannot write to the database, is the disk full?)" if daemon[3] else ")")
                       if daemon else "not running"))


def _show_status(records: list[dict]) -> None:
    columns([{**record, "last_run": record["last_run"] or "never", "last_error": (record["last_error"] or "-")[:60]}
             for record in records])


@main.command()
@click.argument("source_id", required=False, metavar="[SOURCE]")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="Runs to show.")
@output_options
@common_options
@existing_database
def runs(source_id, limit, output, sources, sources_path, db_path) -> None:
    """List recent runs, newest first (of one source if given).

    \b
    Example:
      rasad runs
      rasad runs youm7 --limit 5
      rasad runs --json
    """
    from rasad.query.report import run_records

    _check_source(db_path, sources, source_id)
    emit(run_records(db_path, source_id, limit), output, show=columns, empty="no runs yet")


@main.command()
@click.argument("query")
@click.option("--source", "source_id", help="Only this source.")
@click.option("--since", help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Published on or before this date (YYYY-MM-DD).")
@click.option("--relevance", type=click.Choice(["core", "related", "none"]), help="Only this relevance.")
@click.option("--site", help="Only articles tagged with this gazetteer site id.")
@click.option("--all-copies", is_flag=True, help="Every copy of a story, not one result per story.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best match first, or newest first.")
@output_options
@common_options
@existing_database
def search(query, source_id, since, until, relevance, site, all_copies, limit, sort, output, sources, sources_path,
           db_path) -> None:
    """Search articles, whatever the spelling: hamza, taa marbuta, alef maqsura, diacritics,
    tatweel and attached clitics do not matter. One result per story unless --all-copies.

    \b
    QUERY: words (all required); "exact phrase" or «exact phrase»; A OR B;
    -word, -"phrase" or NOT word (left out); prefix*; A NEAR B (within 10 words)
    or A NEAR/5 B. Articles where the words stand together rank first.

    \b
    Example:
      rasad search "عين الأسد"
      rasad search '"عين الأسد" -التنف' --sort date
      rasad search "سوريا OR العراق قاعدة صاروخ*" --relevance core --since 2024-01-01
      rasad search "التنف NEAR/5 مسيرة" --json
    """
    from rasad.analyse.search_query import QueryError
    from rasad.query.search import search as run_search
    from rasad.store import db as database

    _check_source(db_path, sources, source_id)
    with database.opened(db_path) as db:
        try:
            hits = run_search(db, query, source=source_id, since=since, until=until, relevance=relevance, site=site,
                              every_copy=all_copies, limit=limit, sort=sort)
        except QueryError as exc:
            raise click.BadParameter(str(exc), param_hint="QUERY") from None
    emit([dataclasses.asdict(hit) for hit in hits], output, show=_show_hits, empty="no articles found")


def _show_hits(records: list[dict]) -> None:
    for hit in records:
        copies = f" (+{hit['copies'] - 1} copies)" if hit["copies"] > 1 else ""
        click.echo(f"{(hit['published_at'] or '----------')[:10]}  {hit['source']:<16} {hit['relevance'] or '-':<8} "
                   f"{hit['title']}{copies}")
        click.echo(f"            {hit['snippet']}")
        click.echo(f"            {hit['url']}")


@main.command()
@click.argument("text", nargs=-1)
@path_options
def normalize(text, sources, sources_path, db_path) -> None:
    """Print TEXT (or stdin) in the normalized spelling the search index uses: diacritics and
    tatweel removed, hamza forms, taa marbuta and alef maqsura folded. For plain sqlite-utils.

    \b
    Example:
      rasad normalize "عيـن الأسَد"
      sqlite-utils search data/rasad.db article_search "$(rasad normalize 'قاعدة التنـف')"
    """
    from rasad.text.arabic import normalize as fold

    click.echo(fold(" ".join(text) if text else sys.stdin.read()))


def incident_filters(command: Callable) -> Callable:
    """Adds the options that choose incidents: --kind, --since, --until, --country, --site, --status, --source."""
    options = [
        click.option("--kind", type=click.Choice(["attack", "response", "all"]), default="attack", show_default=True,
                     help="Attacks on US/coalition forces, their strikes (responses), or both."),
        click.option("--since", help="Event date on or after this day (YYYY-MM-DD)."),
        click.option("--until", help="Event date on or before this day (YYYY-MM-DD)."),
        click.option("--country", type=click.Choice(["IQ", "SY", "JO"]), help="Only this country."),
        click.option("--site", help="Only this gazetteer site id."),
        click.option("--status", type=click.Choice(["unreviewed", "verified", "rejected", "all"]),
                     help="Only this review status [default: every one not rejected]."),
        click.option("--source", "source_id", help="Only incidents this source reported."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(kind, since, until, country, site, status, source_id):
    from rasad.query.incident_query import Filters

    for name, value in (("--since", since), ("--until", until)):
        if value:
            _check_day(value, name)
    return Filters(kind=kind, since=since, until=until, country=country, site=site, status=status, source=source_id)


def _check_day(value: str, name: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=name) from None


@main.command()
@click.argument("what", type=click.Choice(["incidents", "events", "articles"]))
@click.option("--format", "fmt", type=click.Choice(list(exporter.WRITERS)), help=exporter.formats_help())
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of stdout.")
@click.option("--relevance", type=click.Choice(["core", "related", "none"]), help="articles: only this relevance.")
@incident_filters
@common_options
@existing_database
def export(what, fmt, output, relevance, kind, since, until, country, site, status, source_id, sources, sources_path,
           db_path) -> None:
    """Export incidents (one row per attack), events (one row per attack per article) or
    articles, to stdout or -o FILE.

    \b
    incidents: the filters --kind (attack, response: US or coalition strikes, all), --since/--until
      (event date), --country, --site, --status, --source;
      csv has ACLED's columns (event_id_cnty, event_date, year, time_precision, event_type,
      sub_event_type, actor1, actor2, country, admin1, location, latitude, longitude,
      geo_precision, source, source_scale, notes, fatalities, injuries, timestamp) and rasad's
      own after them, UTF-8 with a byte order mark; json a list of objects (incident_id,
      event_date, ..., sources, article_urls, status, notes); geojson keeps incidents without
      coordinates with a null geometry.
    articles: --source, --since (published), --relevance.

    \b
    Example:
      rasad export incidents --format csv -o incidents.csv
      rasad export incidents --format json --country IQ --since 2024-01-01
      rasad export incidents --format geojson > incidents.geojson
      rasad export events --format csv -o events.csv
      rasad export articles --format jsonl --relevance core --since 2024-01-01
    """
    from rasad.store import db as database

    fmt = fmt or exporter.default_format(what)
    if what not in exporter.WRITERS[fmt].exports:
        raise click.BadParameter(f"{what} export as {fmt} is not available", param_hint="--format")
    _check_source(db_path, sources, source_id)
    filters = _filters(kind, since, until, country, site, status, source_id) if what == "incidents" else None
    with database.opened(db_path) as db, \
            (output.open("w", encoding="utf-8", newline="") if output else nullcontext(sys.stdout)) as out:
        if what == "incidents":
            rows = exporter.incidents(db, gazetteer.cached(), filters, fmt)
        elif what == "events":
            rows = exporter.events(db, gazetteer.cached())
        else:
            rows = exporter.articles(db, source=source_id, since=since, relevance=relevance)
        count = exporter.WRITERS[fmt].write(rows, out, exporter.COLUMNS[what])
    click.echo(f"{count} {what} exported" + (f" to {output}" if output else ""), err=True)


@main.command("incidents")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1), help="Incidents to show.")
@incident_filters
@output_options
@common_options
@existing_database
def incidents_command(limit, kind, since, until, country, site, status, source_id, output, sources, sources_path,
                      db_path) -> None:
    """List incidents (one per attack; with --kind response, one per day and country of US or
    coalition strikes), newest first: date, precision, site, type, claimed by, casualties, how
    many articles and outlets reported it, review status.

    \b
    Example:
      rasad incidents
      rasad incidents --country SY --since 2024-01-01 --status verified
      rasad incidents --site ain-al-asad --source enab-baladi
      rasad incidents --kind response
      rasad incidents --csv > incidents.csv
    """
    from rasad.query.incident_review import incident_records, show_incidents
    from rasad.store import db as database

    _check_source(db_path, sources, source_id)
    with database.opened(db_path) as db:
        records = incident_records(db, _filters(kind, since, until, country, site, status, source_id), limit)
    emit(records, output, show=show_incidents, empty="no incidents")


@main.command("incident", context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True, metavar="[ACTION] ID [ARGS]...")
@click.option("--article", type=int, help="split: the article (id) to split off into an incident of its own.")
@click.option("--by", "made_by", help="Who makes the correction [default: $USER].")
@common_options
@existing_database
def incident_command(words, article, made_by, sources, sources_path, db_path) -> None:
    """Show one incident, with each report's own values and sentence, or correct it.

    \b
    rasad incident ID                       the chosen values beside each report's
    rasad incident verify ID                mark it checked
    rasad incident reject ID                not an attack: hidden from lists, counts and exports
    rasad incident merge ID OTHER_ID        OTHER_ID's reports join ID
    rasad incident split ID --article N     article N's reports become an incident of their own
    rasad incident set ID field=value...    fix a field (event_date, time_precision, event_type,
                                            weapon, projectiles, site, country, admin1, claimed_by,
                                            killed, wounded, notes); value "null" clears it
    Corrections are kept with who made them and when, and survive retag, reextract, recluster
    and new reports: a rejected incident keeps its reports whatever new reports change around
    them; a verified or corrected one whose reports all join another incident (a new report named
    the site) passes its verification and fields to it.

    \b
    Example:
      rasad incident 12
      rasad incident set 12 killed=3 claimed_by=islamic-resistance-iraq --by analyst1
      rasad incident merge 12 15
    """
    import getpass

    from rasad.query.incident_review import run_incident_command
    from rasad.store import db as database
    from rasad.store.incident_store import CorrectionError

    with database.opened(db_path) as db:
        try:
            run_incident_command(db, list(words), article=article, made_by=made_by or getpass.getuser(),
                                 gazetteer=gazetteer.cached())
        except CorrectionError as exc:
            raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--quick", is_flag=True, help="SQLite's quick check instead of the full integrity check (faster: "
                                            "it does not match indexes to their tables).")
@path_options
@existing_database
def check(quick, sources, sources_path, db_path) -> None:
    """Check the database: SQLite's integrity check, both full-text indexes against their tables,
    rows whose parent is gone, each article's near-duplicate index rows, and runs and leases
    left by stopped processes. Prints one line per finding; exit code 0 when healthy, 1 with
    findings.

    \b
    Example:
      rasad check
      rasad check --quick --db /srv/rasad/rasad.db
    """
    from rasad.query.health import find_problems
    from rasad.store import db as database

    with database.opened(db_path, migrate=False) as db:
        problems = find_problems(db.conn, quick=quick)
    for problem in problems:
        click.echo(problem)
    if problems:
        click.echo(f"{db_path}: {len(problems)} problems found", err=True)
        sys.exit(1)
    click.echo(f"{db_path}: healthy ({'quick check' if quick else 'integrity check'}, full-text indexes, "
               f"orphans, near-duplicate index, runs and leases)", err=True)


@main.command()
@common_options
@existing_database
def recluster(sources, sources_path, db_path) -> None:
    """Rebuild every incident from the stored events and the analysts' corrections (after the
    rules changed), with progress. An incident the rules still give keeps its id.

    \b
    Example:
      rasad recluster
      rasad recluster --db /srv/rasad/rasad.db
    """
    from rasad.store import db as database
    from rasad.store.db import transaction
    from rasad.store.incident_store import recluster as rebuild

    live = sys.stderr.isatty()
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if live:
            click.echo(f"\r\033[K{done}/{total} incidents written", nl=False, err=True)

    with database.opened(db_path, quick_check=True) as db:
        with transaction(db):
            count = rebuild(db, progress)
        reports = db.execute("SELECT count(*) FROM incident_reports").fetchone()[0]
        events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    if live:
        click.echo("", err=True)
    click.echo(f"{count} incidents from {reports} of {events} events in {time.monotonic() - started:.1f} s")


@main.command()
@common_options
@existing_database
def restory(sources, sources_path, db_path) -> None:
    """Group every stored article into stories again (after the dedup rules changed), oldest
    first, with progress; the articles are left as they are.

    \b
    Example:
      rasad restory
      rasad restory --db /srv/rasad/rasad.db
    """
    from rasad.store import db as database
    from rasad.store.stories import RestoryReport, restory as regroup

    live = sys.stderr.isatty()
    started = time.monotonic()

    def progress(report: RestoryReport) -> None:
        if live:
            rate = report.done / max(time.monotonic() - started, 1e-9)
            click.echo(f"\r\033[K{report.done}/{report.total} articles regrouped ({rate:.0f}/s)", nl=False, err=True)

    report = RestoryReport()
    with database.opened(db_path) as db:
        try:
            regroup(db, progress, report)
            stories = db.execute("SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY story_id HAVING count(*) > 1)").fetchone()[0]
        except KeyboardInterrupt:
            click.echo(f"\ninterrupted after {report.done} of {report.total} articles regrouped (written as they were done)",
                       err=True)
            sys.exit(130)
    if live:
        click.echo("", err=True)
    click.echo(f"{report.done} articles regrouped in {time.monotonic() - started:.1f} s: {report.moved} changed story; "
               f"{stories} stories of more than one article")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("rasad-report.html"), show_default=True,
              help="The HTML file to write.")
@common_options
@existing_database
def report(output, sources, sources_path, db_path) -> None:
    """Write one self-contained HTML page (opens offline): attacks by country per day, week or
    month (by the range), a map of the attacked sites over country outlines and rivers, the latest
    attacks linking to their articles, source freshness.

    \b
    Example:
      rasad report -o report.html
    """
    from rasad.query.html_report import render
    from rasad.store import db as database

    with database.opened(db_path) as db:
        output.write_text(render(db), encoding="utf-8")
    click.echo(f"report written to {output}")


@main.command("tag")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--html", "is_html", is_flag=True, help="The inputs are HTML pages: extract the article first.")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Publication date, to resolve «أمس», «الأربعاء» ... (HTML: the page's own date wins).")
@click.option("--url", default="https://example.com/article", show_default=True, help="URL of an HTML input.")
@gazetteer_options
def tag_command(files, is_html, published, url, sources, sources_path, db_path) -> None:
    """Tag texts without storing them: one JSON object per input with the keys relevance
    (core/related/none), score, sites, actors, event_types, countries, events (attacks) and
    responses (US or coalition strikes), and "file" when there are several inputs. FILE is
    plain UTF-8 text (first line may be the title), or HTML with --html; - (or nothing) reads
    stdin. Empty or binary input, or an HTML page that is no article, is reported on stderr and
    the exit code is 1.

    \b
    Example:
      rasad tag article.txt --published 2024-07-26
      curl -s https://example.com/news/1 | rasad tag --html - --url https://example.com/news/1
    """
    import json

    from rasad.analyse.tagging import tag
    from rasad.extract.extraction import NotArticle, extract

    published_date = published.date() if published else None
    paths = files or (Path("-"),)
    failed = False
    for path in paths:
        raw = sys.stdin.buffer.read() if str(path) == "-" else _read(path)
        # each input says what it is, or why it gives nothing, on its own line
        named = {"file": str(path)} if len(paths) > 1 else {}
        if not raw.strip():
            click.echo(f"{path}: empty input", err=True)
            failed = True
            continue
        if b"\x00" in raw[:8192]:
            click.echo(f"{path}: not text (binary data)", err=True)
            failed = True
            continue
        if is_html:
            article = extract(url, raw, {"Content-Type": "text/html"})
            if isinstance(article, NotArticle):
                click.echo(f"{path}: not an article ({article.reason})", err=True)
                failed = True
                continue
            page_date = date_of(article.published_at) or published_date
            tags = tag(article.text, article.title, page_date)
        else:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                click.echo(f"{path}: not text (not UTF-8)", err=True)
                failed = True
                continue
            tags = tag(text, "", published_date)
        click.echo(json.dumps({**named, **tags.as_json()}, ensure_ascii=False))
    if failed:
        sys.exit(1)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror}", param_hint="FILE") from None


def date_of(value: str | None):
    from datetime import date

    return date.fromisoformat(value[:10]) if value else None


def _full_tier_only() -> bool:
    """Whether $RASAD_EXTRACTION asks for trafilatura's full tier alone (``full``) rather than the
    two tiers (``two-tier``, the default), as the crawl's setting of the same name does."""
    from rasad.extract.extraction import full_tier_only

    try:
        return full_tier_only(from_environment("RASAD_EXTRACTION"))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _reprocess(from_html: bool, source_id: str | None, stale: bool, db_path: Path, verb: str) -> None:
    from rasad.reprocess import ReprocessReport, reprocess
    from rasad.store import db as database

    live = sys.stderr.isatty()
    started = time.monotonic()

    def progress(report) -> None:
        if live:
            rate = report.done / max(time.monotonic() - started, 1e-9)
            click.echo(f"\r\033[K{report.done}/{report.total} articles {verb} ({rate:.0f}/s)", nl=False, err=True)

    full = from_html and _full_tier_only()
    report = ReprocessReport()
    with database.opened(db_path, quick_check=True) as db:
        try:
            run_stoppably(reprocess(db, from_html=from_html, source=source_id, stale=stale, progress=progress,
                                    report=report, full=full))
        except KeyboardInterrupt as stop:
            click.echo(f"\ninterrupted after {report.done} of {report.total} articles {verb} (written as they were done)",
                       err=True)
            sys.exit(stopped_exit_code(stop))
    if live:
        click.echo("", err=True)
    outcomes = ", ".join(f"{n} {outcome}" for outcome, n in report.outcomes.most_common()) or "nothing to do"
    relevance = ", ".join(f"{report.relevance.get(k, 0)} {k}" for k in ("core", "related", "none"))
    click.echo(f"{report.done} articles {verb} in {time.monotonic() - started:.1f} s: text {outcomes}; "
               f"relevance now {relevance}")
    if from_html:
        click.echo(f"extraction: {report.extraction}")
    if report.outcomes.get("failed"):
        sys.exit(1)


@main.command()
@click.option("--source", "source_id", help="Only the articles of this source.")
@click.option("--stale", is_flag=True, help="Only the pages another version of the extractor extracted.")
@common_options
@existing_database
def reextract(source_id, stale, sources, sources_path, db_path) -> None:
    """Extract every stored article again from its stored raw page (after an upgrade), then
    dedup and tag it again; articles imported without a page are re-analysed from their text.

    \b
    Runs on every core (RASAD_WORKERS worker processes), with progress. An article whose page
    no longer yields an article is kept as it was and counted; the exit code is 1 if any failed.
    Pages are extracted with trafilatura's fast tier and its full one where the fast text is in
    doubt (RASAD_EXTRACTION=full: the full one alone); the fallbacks are counted.

    \b
    With --stale, only the articles with a stored page that another version of the extractor
    (trafilatura, or rasad's extraction code: the articles' `extractor` column) extracted.

    \b
    Example:
      rasad reextract
      rasad reextract --stale
      rasad reextract --source youm7 --db /srv/rasad/rasad.db
    """
    _check_source(db_path, sources, source_id)
    _reprocess(True, source_id, stale, db_path, "re-extracted")


@main.command()
@click.option("--source", "source_id", help="Only the articles of this source.")
@click.option("--stale", is_flag=True, help="Only the articles another gazetteer or tagging code tagged.")
@common_options
@existing_database
def retag(source_id, stale, sources, sources_path, db_path) -> None:
    """Re-tag every stored article (after the gazetteer changed) from its stored text, with
    progress; fingerprints and stories are refreshed on the way. With --stale, only the articles
    that another gazetteer or another version of rasad's tagging code tagged (the articles'
    `tagger` column).

    \b
    Example:
      rasad retag
      rasad retag --stale
      rasad retag --source youm7 --db /srv/rasad/rasad.db
    """
    _check_source(db_path, sources, source_id)
    _reprocess(False, source_id, stale, db_path, "re-tagged")


if __name__ == "__main__":
    main()
