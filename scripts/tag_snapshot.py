"""Tag every article of an ANT JSONL (scripts/ant_to_jsonl.py) and write one digest per article of
everything ``tag`` returns (every field of Tags, events, responses and matches included), so that
a change meant to keep tagging's behaviour can be checked on the whole corpus.

Usage:
    python scripts/tag_snapshot.py /tmp/ant.jsonl -o /tmp/tags-before.txt   # on the old code
    python scripts/tag_snapshot.py /tmp/ant.jsonl -o /tmp/tags-after.txt    # on the new code
    cmp /tmp/tags-before.txt /tmp/tags-after.txt

Each output line is ``corpus id <TAB> sha256 of the tags as sorted JSON``; the last line is the
digest of all of them. With ``--compare BASELINE`` the script also reports how many articles
differ from a snapshot written before and exits 1 if any do.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))  # this checkout's rasad, not whichever one is installed

from rasad.analyse.tagging import tag  # noqa: E402
from rasad.extract.extraction import parse_datetime  # noqa: E402


def digest(document: dict) -> str:
    """The sha256 of all tags of one ANT document, published on the date its line gives."""
    parsed = parse_datetime(document["published_at"]) if document.get("published_at") else None
    tags = tag(document["text"], document.get("title") or "", parsed[1] if parsed else None)
    as_text = json.dumps(asdict(tags), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(as_text.encode("utf-8")).hexdigest()


def snapshot(ant: Path) -> list[str]:
    """One ``id<TAB>digest`` line per document, in the file's order."""
    lines = []
    with ant.open(encoding="utf-8") as documents:
        for number, line in enumerate(documents):
            document = json.loads(line)
            lines.append(f"{document.get('corpus_id') or number}\t{digest(document)}")
    return lines


def differing(lines: list[str], baseline: Path) -> list[str]:
    """The ids whose digest differs from (or is missing in) *baseline*."""
    before = dict(line.split("\t") for line in baseline.read_text(encoding="utf-8").splitlines()[:-1])
    return [key for key, value in (line.split("\t") for line in lines) if before.get(key) != value]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ant", type=Path, help="the ANT corpus as JSON Lines")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the snapshot to write")
    parser.add_argument("--compare", type=Path, help="a snapshot written before, to compare with")
    args = parser.parse_args(argv)
    lines = snapshot(args.ant)
    total = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    args.output.write_text("\n".join(lines + [f"all\t{total}"]) + "\n", encoding="utf-8")
    print(f"{len(lines)} articles tagged, digest of all {total}")
    if args.compare:
        changed = differing(lines, args.compare)
        print(f"{len(changed)} differ from {args.compare}" + (f": {', '.join(changed[:10])}" if changed else ""))
        return 1 if changed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
