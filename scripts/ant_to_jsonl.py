"""Convert the ANT corpus (TREC-like XML, one article per file) to JSON Lines for ``rasad import``.

Usage:
    python scripts/ant_to_jsonl.py ../shared/data/ant-corpus/antcorpus.multisource.data-full.tar.gz -o ant.jsonl
    rasad import ant.jsonl --source ant-corpus

The input is the corpus archive (.tar.gz) or a folder of its .txt files. Each output line has
url, title, text, published_at (RFC 2822, as the corpus gives it), author, and the corpus's own
outlet and category. Files that cannot be read are reported on stderr and skipped.

ANT corpus v2.1: Chouigui, Ben Khiroun and Elayeb, "ANT Corpus: An Arabic News Text Collection
for Textual Classification", AICCSA 2017.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

_FIELD = re.compile(r"<(DOCNO|URL|SRC|CAT|TITLE|TIME|AUTHOR|ABSTRACT|TEXT)>\s*(.*?)\s*</\1>", re.S)


def parse_doc(text: str) -> dict | None:
    fields = {name: value.strip() for name, value in _FIELD.findall(text)}
    if not fields.get("URL") or not fields.get("TEXT"):
        return None
    return {
        "url": fields["URL"],
        "title": fields.get("TITLE", ""),
        "text": fields["TEXT"],
        "published_at": fields.get("TIME") or None,
        "author": fields.get("AUTHOR") or None,
        "description": fields.get("ABSTRACT") or None,
        "outlet": fields.get("SRC"),
        "category": fields.get("CAT"),
        "corpus_id": fields.get("DOCNO"),
    }


def documents(path: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every corpus file, in a stable order."""
    if path.is_dir():
        for file in sorted(path.rglob("*.txt")):
            yield str(file), file.read_text(encoding="utf-8", errors="replace")
        return
    with tarfile.open(path) as archive:
        members = sorted((m for m in archive if m.isfile() and m.name.endswith(".txt")), key=lambda m: m.name)
        for member in members:
            yield member.name, archive.extractfile(member).read().decode("utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="the corpus .tar.gz or a folder of its .txt files")
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    parser.add_argument("--limit", type=int, help="convert only the first N articles")
    args = parser.parse_args(argv)
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    written = skipped = 0
    try:
        for name, text in documents(args.corpus):
            if args.limit is not None and written >= args.limit:
                break
            record = parse_doc(text)
            if record is None:
                skipped += 1
                print(f"skipped {name}: no URL or TEXT", file=sys.stderr)
                continue
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    finally:
        if args.output:
            out.close()
    print(f"{written} articles written, {skipped} skipped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
