"""Where rasad finds its files: the repository and its sample web.

Settings read: none (``RASAD_SOURCES`` and ``RASAD_DB``: :mod:`rasad.base.settings_registry`).
"""

from __future__ import annotations

from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SAMPLE_WEB = REPOSITORY / "sample_web" / "sites"

