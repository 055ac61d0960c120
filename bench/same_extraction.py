"""Whether two checkouts of rasad extract the same: every field of every page, both tiers' ways.

    python bench/same_extraction.py OTHER_CHECKOUT [--pages 300] [--shared ../shared]

Runs ``rasad.extract.extraction.extract`` of this checkout and of OTHER_CHECKOUT (each in a process of
its own, importing its own code) on the pages of bench/e2e.py (bench/e2e_pages.py) and on the
three sets of bench/extraction_tiers.py (Scrapinghub benchmark, arabic-html, sample web), by
default and with ``full=True``, at one fixed "now"; prints how many results differ and the fields
of the first 20 that do. Exits 1 when any does. For a change meant to leave extraction as it was
(a faster path to the same result).
"""

from __future__ import annotations

import argparse
import pickle
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)


def dump(checkout: Path, pages: int, shared: Path, out: Path) -> None:
    """Pickle {(url, full, body length): extract's result} of *checkout*'s code into *out*."""
    sys.path[:0] = [str(checkout), str(checkout / "bench")]
    import extraction_tiers
    from e2e import HOST
    from e2e_pages import build

    from rasad.extract.extraction import extract
    corpus = shared / "data/ant-corpus/antcorpus.multisource.data-full.tar.gz"
    inputs = [(f"https://{HOST}{page.path}", page.body, {"Content-Type": "text/html; charset=utf-8"})
              for page in build(corpus, pages)]
    for found in (extraction_tiers.scrapinghub(shared), extraction_tiers.arabic_html(shared),
                  extraction_tiers.sample_web()):
        inputs += [(page.url, page.body, page.headers) for page in found]
    results = {(url, full, len(body)): extract(url, body, headers, now=NOW, full=full)
               for url, body, headers in inputs for full in (False, True)}
    out.write_bytes(pickle.dumps(results))


def differences(ours: dict, theirs: dict) -> list[str]:
    """One line per result that differs, with the fields that do."""
    lines = []
    for key in sorted(ours.keys() | theirs.keys(), key=str):
        mine, other = ours.get(key), theirs.get(key)
        if mine == other:
            continue
        if type(mine) is not type(other):
            lines.append(f"{key}: {type(mine).__name__} here, {type(other).__name__} there")
            continue
        changed = [name for name in mine.__dataclass_fields__ if getattr(mine, name) != getattr(other, name)]
        lines.append(f"{key}: {', '.join(changed)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the other checkout of rasad (e.g. ../main)")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--shared", type=Path, default=REPOSITORY.parent / "shared")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # the child process's output
    args = parser.parse_args(argv)
    if args.dump:
        dump(args.other.resolve(), args.pages, args.shared.resolve(), args.dump)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        outputs = []
        for checkout in (REPOSITORY, args.other.resolve()):
            out = Path(folder) / f"{len(outputs)}.pickle"
            subprocess.run([sys.executable, __file__, str(checkout), "--pages", str(args.pages),
                            "--shared", str(args.shared.resolve()), "--dump", str(out)], check=True)
            outputs.append(pickle.loads(out.read_bytes()))
    lines = differences(*outputs)
    print(f"{len(outputs[0])} results here, {len(outputs[1])} there; {len(lines)} differ")
    print("\n".join(lines[:20]))
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
