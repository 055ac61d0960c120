"""The golden files: one expected JSON per page of the sample web (``tests/golden/``).

Each holds what a reader checked when the sample web was built (``scripts/build_sample_web.py``:
``is_article``, ``title``, ``published``, ``text_start``, ``boilerplate``) and, under
``extracted``, every field extraction gives, the text as its SHA-256 and length, written by
``scripts/update_goldens.py`` and compared whole by tests/test_golden.py."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rasad.base.paths import SAMPLE_WEB
from rasad.extract.extraction import Article, NotArticle, extract

GOLDEN = Path(__file__).resolve().parent / "golden"


@dataclass(frozen=True)
class Golden:
    path: Path
    expected: dict

    @property
    def id(self) -> str:
        return str(self.path.relative_to(GOLDEN))

    def body(self) -> bytes:
        return (SAMPLE_WEB / self.expected["file"]).read_bytes()

    def headers(self) -> dict:
        sidecar = SAMPLE_WEB / (self.expected["file"] + ".headers.json")
        if sidecar.exists():
            return json.loads(sidecar.read_text())
        return {"Content-Type": "text/html; charset=utf-8"}


    def extract(self) -> Article | NotArticle:
        return extract(self.expected["url"], self.body(), self.headers())


def extracted_fields(result: Article | NotArticle) -> dict:
    """Every field of an extraction result, the text as its SHA-256 and its length."""
    fields = result.as_dict() if isinstance(result, Article) else {"reason": result.reason, "tier": result.tier,
                                                                     "doubt": result.doubt}
    text = fields.pop("text", None)
    if text is not None:
        fields |= {"text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "text_length": len(text)}
    return fields


def goldens() -> list[Golden]:
    return [Golden(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN.rglob("*.json"))]
