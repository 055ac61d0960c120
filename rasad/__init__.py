"""rasad: a news scraping and ingestion daemon for Arabic reporting on attacks against US and
coalition bases in Syria, Iraq and Jordan."""

from __future__ import annotations

__version__ = "0.1.0"
