"""Module-level tasks for tests/test_worker_pool.py (worker processes import them by name)."""

from __future__ import annotations

import os
import time
from pathlib import Path


def sleep_then_return(seconds: float, value):
    time.sleep(seconds)
    return value


def sleep_then_return_item(item: tuple[float, object]):
    return sleep_then_return(*item)


def record_pid(value):
    return value, os.getpid()


def die(marker: str):
    """Kill the worker; each attempt appends a line to *marker*."""
    with open(marker, "a") as file:
        file.write("attempt\n")
    os._exit(3)


def die_once(marker: str):
    """Kill the worker the first time only (the marker file remembers)."""
    path = Path(marker)
    if not path.exists():
        path.write_text("crashed once")
        os._exit(3)
    return "survived"


def fail(message: str):
    raise ValueError(message)


def echo(data: bytes) -> bytes:
    return data

