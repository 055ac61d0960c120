"""The golden files: one expected JSON per page of the sample web (``tests/golden/``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from rasad.paths import SAMPLE_WEB

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


def goldens() -> list[Golden]:
    return [Golden(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN.rglob("*.json"))]
