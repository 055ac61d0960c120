"""Scrapy settings for rasad (``scrapy.cfg`` points here; ``rasad`` commands start from these).

rasad's own settings, defined in ``rasad/base/settings_registry.py`` (``scripts/update_docs.py`` writes
this list from it):
  RASAD_SOURCES (Scrapy and environment; default the repository's sources.toml): path of the sources
      file
  RASAD_DB (Scrapy and environment; default 'data/rasad.db'): SQLite database
  RASAD_OLDEST (Scrapy and environment; default ''): override every source's oldest date: "30d",
      "2024-01-01" or "all"
  RASAD_TRIGGER (Scrapy; default 'manual'): recorded in crawl_runs: "manual" or "schedule"
  RASAD_ROUTE_TO (Scrapy; default ''): host:port of a local server that answers for every host
      (demo, tests)
  RASAD_SECTION_PAGES (Scrapy; default 2): listing pages to follow per section
  RASAD_SITEMAP_DEPTH (Scrapy; default 3): levels of sitemap indexes followed below an entry point
  RASAD_MAX_DISCOVERY (Scrapy; default 500): feeds, sitemaps and section pages fetched per run and
      source at most
  RASAD_MAX_ARTICLES (Scrapy; default 0): articles stored per run at most (set per source from its
      limits; 0: none)
  RASAD_GAZETTEER (Scrapy and environment; default ''): the gazetteer file (empty: the repository's
      gazetteer.toml)
  RASAD_VERBOSE (Scrapy; default False): the daemon logs Scrapy's and APScheduler's lines too
      (`rasad run -v`)
  RASAD_WORKERS (Scrapy and environment; default ''): worker processes for extraction, dedup
      fingerprints and tagging (empty: one per core; 0: in the crawling process)
  RASAD_PAGE_TIME_LIMIT (Scrapy and environment; default 60.0): seconds one page's analysis may take
      before its worker is killed
  RASAD_EXTRACTION (Scrapy and environment; default 'two-tier'): "two-tier" (trafilatura's fast
      tier, its full extraction only where the fast text is in doubt) or "full" (the full extraction
      on every page)
  RASAD_WRITE_BATCH (Scrapy; default 100): articles written per transaction at most
  RASAD_WRITE_SECONDS (Scrapy; default 2.0): longest an analysed article waits to be written
  RASAD_ALLOWED_NETWORKS (Scrapy; default []): private networks that may be fetched anyway (CIDRs)
  RASAD_REDIS (Scrapy; default ''): the Redis URL of a worker node (rasad worker): its crawls send
      what they find to the coordinator's writer, not to SQLite (empty: not a node)
  RASAD_MAX_RETRY_AFTER (Scrapy; default 120): longest Retry-After honoured, in seconds
  RASAD_CHECK_SECONDS (Scrapy and environment; default 86400.0): how often the daemon runs SQLite's
      quick check on its database (`rasad run` checks it at start too)
  RASAD_LEASE_SECONDS (environment; default 60): a source's crawl lease expires this long after it
      was last renewed
  RASAD_BUSY_TIMEOUT (environment; default 30.0): seconds to wait for another process's write lock
  RASAD_SYNCHRONOUS (environment; default 'NORMAL'): SQLite's synchronous for writers: "NORMAL" or
      "FULL" (every commit survives a power loss)
  RASAD_MAX_LINE_BYTES (environment; default 16777216): longest line `rasad import` reads
"""

from __future__ import annotations

from rasad.base.settings_registry import SETTINGS

BOT_NAME = "rasad"
SPIDER_LOADER_CLASS = "spiders.loader.SourceSpiderLoader"
SPIDER_MODULES = ["spiders"]

# every RASAD_* setting Scrapy reads, from the registry (the environment's value where it is read)
globals().update({setting.name: setting.initial() for setting in SETTINGS if setting.scrapy})

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
    "rasad.crawl.address_policy.AddressPolicyMiddleware": 40,  # before the offsite and robots.txt checks
    "rasad.crawl.retry_after.RetryAfterMiddleware": 560,  # sees 429/503 before RetryMiddleware (550) retries
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "rasad.crawl.meta_refresh.MetaRefreshMiddleware": 580,  # the same, without decoding every page
}
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
EXTENSIONS = {
    "rasad.crawl.runs.CrawlRunRecorder": 500,
}
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
