"""``rasad worker --redis URL --workers N [--crawls M]``: a worker node, N processes analysing
backfill batches (:mod:`rasad.distributed`) and, with ``--crawls``, one process crawling for the
coordinator (:func:`rasad.coordinator.crawl_node`). A process that dies is replaced; SIGTERM or
Ctrl-C stops them all, each finishing what it holds.

Apart from both so that neither imports the other: the coordinator sends with
:mod:`rasad.distributed`'s broker, and a node runs both.

Reads no settings of its own (the crawl's come from the command line, see ``rasad worker``).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading

from rasad.distributed import ANALYSE_QUEUE, POLL_MS, connect

logger = logging.getLogger(__name__)


def run_worker(url: str, processes: int, crawls: int = 0, crawl_settings: dict | None = None) -> None:
    """A node: *processes* Dramatiq workers and, with *crawls*, one process crawling up to *crawls*
    sources at a time (:func:`rasad.coordinator.crawl_node`, Scrapy settings *crawl_settings*),
    until SIGTERM or SIGINT; one that dies is replaced."""
    context = multiprocessing.get_context("spawn")
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    roles = [("worker", _work, (url,))] * processes + [("crawler", _crawl, (url, crawls, crawl_settings))] * bool(crawls)
    children = [None] * len(roles)
    while not stopping.is_set():
        for index, child in enumerate(children):
            if child is None or not child.is_alive():
                if child is not None:
                    logger.warning("%s process %d exited (code %s); starting another", roles[index][0], child.pid,
                                   child.exitcode)
                name, target, args = roles[index]
                children[index] = context.Process(target=target, args=args, name=f"rasad-{name}-{index}")
                children[index].start()
        stopping.wait(1)
    for child in children:
        if child.is_alive():
            os.kill(child.pid, signal.SIGTERM)
    for child in children:
        child.join()


def _crawl(url: str, crawls: int, overrides: dict) -> None:
    from scheduler import _configure_logging, project_settings, run_in_reactor

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent says when to stop
    from rasad.coordinator import crawl_node

    settings = project_settings({**overrides, "RASAD_REDIS": url})
    _configure_logging(settings)
    run_in_reactor(lambda: crawl_node(url, crawls, settings))


def _work(url: str) -> None:
    import dramatiq

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the group: the parent says when to stop
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    broker = connect(url)
    worker = dramatiq.Worker(broker, queues={ANALYSE_QUEUE}, worker_threads=1, worker_timeout=POLL_MS)
    worker.start()
    parent = os.getppid()
    while not stopping.wait(1) and os.getppid() == parent:  # a node killed with SIGKILL takes its processes along
        pass
    worker.stop()  # finishes the batch in hand, requeues what was fetched ahead
    broker.close()
