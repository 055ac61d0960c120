"""Crawling with Scrapy: discovery, known URLs, middlewares, runs, the sample web, archives."""
