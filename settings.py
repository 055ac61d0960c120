"""Scrapy settings for rasad (``scrapy.cfg`` points here; ``rasad`` commands start from these).

rasad's own settings:
  RASAD_SOURCES        path of the sources file (default: the repository's sources.toml, or $RASAD_SOURCES)
  RASAD_DB             SQLite database (default: data/rasad.db, or $RASAD_DB)
  RASAD_OLDEST         override every source's oldest date: "30d", "2024-01-01" or "all"
  RASAD_TRIGGER        recorded in crawl_runs: "manual" or "schedule"
  RASAD_ROUTE_TO       host:port of a local server that answers for every host (demo, tests)
  RASAD_SECTION_PAGES  listing pages to follow per section (default 2)
  RASAD_SITEMAP_DEPTH  levels of sitemap indexes followed below an entry point (default 3)
  RASAD_MAX_DISCOVERY  feeds, sitemaps and section pages fetched per run and source at most (default 500)
  RASAD_MAX_ARTICLES   articles stored per run at most (set per source from its limits; 0: none)
  RASAD_GAZETTEER      the gazetteer file (default: the repository's gazetteer.toml, or $RASAD_GAZETTEER)
  RASAD_WORKERS        worker processes for extraction, dedup fingerprints and tagging
                       (default one per core, or $RASAD_WORKERS; 0: in the crawling process)
  RASAD_PAGE_TIME_LIMIT  seconds one page's analysis may take before its worker is killed
                       (default 60, or $RASAD_PAGE_TIME_LIMIT)
  RASAD_EXTRACTION     "two-tier" (default: trafilatura's fast tier, its full extraction only where
                       the fast text is in doubt) or "full" (the full extraction on every page; or
                       $RASAD_EXTRACTION)
  RASAD_WRITE_BATCH    articles written per transaction at most (default 100)
  RASAD_WRITE_SECONDS  longest an analysed article waits to be written (default 2)
  RASAD_ALLOWED_NETWORKS  private networks that may be fetched anyway (CIDRs; default none)
  RASAD_MAX_RETRY_AFTER   longest Retry-After honoured, in seconds (default 120)
  RASAD_REDIS          set on a worker node's crawl process (rasad worker --crawls N): articles and runs
                       go to the coordinator's writer through this Redis (pipelines.send), leases
                       and known URLs are in Redis
  RASAD_CHECK_SECONDS  how often the daemon runs SQLite's quick check on its database (default
                       86400, daily, or $RASAD_CHECK_SECONDS; `rasad run` checks it at start too)
"""

from __future__ import annotations

import os

from rasad.paths import default_db_path, default_sources_path

BOT_NAME = "rasad"
SPIDER_LOADER_CLASS = "spiders.loader.SourceSpiderLoader"
SPIDER_MODULES = ["spiders"]

RASAD_SOURCES = str(default_sources_path())
RASAD_DB = str(default_db_path())
RASAD_OLDEST = os.environ.get("RASAD_OLDEST", "")
RASAD_TRIGGER = "manual"
RASAD_ROUTE_TO = ""
RASAD_SECTION_PAGES = 2
RASAD_SITEMAP_DEPTH = 3
RASAD_MAX_DISCOVERY = 500
RASAD_MAX_ARTICLES = 0
RASAD_GAZETTEER = ""
RASAD_VERBOSE = False
RASAD_WORKERS = os.environ.get("RASAD_WORKERS", "")  # "": one per core
RASAD_PAGE_TIME_LIMIT = float(os.environ.get("RASAD_PAGE_TIME_LIMIT") or 60)
RASAD_CHECK_SECONDS = float(os.environ.get("RASAD_CHECK_SECONDS") or 86400)
RASAD_EXTRACTION = os.environ.get("RASAD_EXTRACTION") or "two-tier"
RASAD_WRITE_BATCH = 100
RASAD_WRITE_SECONDS = 2.0
RASAD_REDIS = ""

USER_AGENT = "rasad/0.1 (+https://github.com/rasad-monitor/rasad; news monitoring bot)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
# An article response yields one item: Scrapy's default (100) starts 100 tasks per response to
# process it, a measurable share of the reactor's CPU on a backfill.
CONCURRENT_ITEMS = 1
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# A daemon opens no ports of its own: no telnet console, no remote-control server.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Keep log lines free of dumped items: pages carry their body.
LOG_FORMATTER = "scrapy.logformatter.LogFormatter"

ITEM_PIPELINES = {
    "pipelines.analyse.AnalysePipeline": 100,
    "pipelines.store.StorePipeline": 900,
    "pipelines.send.SendPipeline": 900,  # on a worker node, in place of the store pipeline (RASAD_REDIS)
}
DOWNLOADER_MIDDLEWARES = {
    "rasad.address_policy.AddressPolicyMiddleware": 40,  # before the offsite and robots.txt checks
    "rasad.retry_after.RetryAfterMiddleware": 560,  # sees 429/503 before RetryMiddleware (550) retries
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "rasad.meta_refresh.MetaRefreshMiddleware": 580,  # the same, without decoding every page
}
RASAD_ALLOWED_NETWORKS: list[str] = []
RASAD_MAX_RETRY_AFTER = 120
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
EXTENSIONS = {
    "rasad.runs.CrawlRunRecorder": 500,
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
