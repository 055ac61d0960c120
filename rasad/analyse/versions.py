"""What made a stored article, recorded with it (``articles.extractor``, ``articles.tagger``) so
that ``rasad reextract --stale`` and ``rasad retag --stale`` take only the articles an upgrade or
an edit would change.

A version is a digest of what decides the result: trafilatura's version and rasad's extraction
code for the extractor; the gazetteer file and rasad's tagging code for the tagger. Any edit of
that code counts (a comment too): a re-run that changes nothing is cheaper than a stale tag.

Settings read: none (the gazetteer's path is the caller's, see rasad.analyse.gazetteer).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path

import trafilatura

from rasad.analyse import gazetteer

PACKAGE = Path(__file__).resolve().parents[1]
EXTRACTION_CODE = ("extract/extraction", "extract/html_tree", "extract/encoding", "text/arabic", "text/arabic_dates",
                   "text/urls", "extract/validation")
TAGGING_CODE = ("analyse/tagging", "analyse/gazetteer", "analyse/matching", "text/arabic", "text/arabic_numbers",
                "analyse/event_dates")


def _files(modules: Iterable[str]) -> list[Path]:
    """The source files of *modules* (paths in rasad without ``.py``), a module or a package of modules each."""
    files = []
    for name in modules:
        module, package = PACKAGE / f"{name}.py", PACKAGE / name
        files += [module] if module.exists() else sorted(package.rglob("*.py"))
    return files


def _digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@functools.cache
def extractor() -> str:
    return f"trafilatura {trafilatura.__version__}, rasad {_digest(_files(EXTRACTION_CODE))}"


@functools.cache
def tagger(gazetteer_path: str | None = None) -> str:
    path = Path(gazetteer_path) if gazetteer_path else gazetteer.default_path()
    return f"gazetteer {_digest([path])}, rasad {_digest(_files(TAGGING_CODE))}"
