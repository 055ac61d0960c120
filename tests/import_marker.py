"""Imported by a worker of tests/test_worker_pool.py as a preload: says so by writing the worker's
pid to the file named by $RASAD_TEST_IMPORT_MARKER."""

from __future__ import annotations

import os

with open(os.environ["RASAD_TEST_IMPORT_MARKER"], "a") as _marker:
    _marker.write(f"{os.getpid()}\n")
