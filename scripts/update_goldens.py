"""Rewrite the ``extracted`` part of every golden file (tests/golden/) from the sample web.

Run it after a change to extraction that is meant to change its results, then read the diff:
what a reader checked (title, date, text start, boilerplate) is left alone and still tested.

Usage:
    python scripts/update_goldens.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.golden import extracted_fields, goldens  # noqa: E402


def main() -> int:
    changed = 0
    for golden in goldens():
        extracted = extracted_fields(golden.extract())
        if golden.expected.get("extracted") != extracted:
            golden.path.write_text(json.dumps({**golden.expected, "extracted": extracted}, ensure_ascii=False, indent=2)
                                   + "\n", encoding="utf-8")
            changed += 1
            print(f"updated {golden.id}", file=sys.stderr)
    print(f"{changed} of {len(goldens())} golden files updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
