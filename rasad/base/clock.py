"""The one clock: now, in UTC, as a datetime or as the text the database stores (ISO 8601 to the
second). Settings read: none."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)


def timestamp() -> str:
    """Now as stored in the database: ``2024-01-02T03:04:05+00:00``."""
    return now().isoformat(timespec="seconds")
