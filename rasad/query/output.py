"""How read commands print their rows: an aligned table by default, or ``--json``, ``--csv`` or
``--nl`` (newline-delimited JSON), as sqlite-utils does. Rows go to stdout; counts, hints and
"nothing found" go to stderr, so a pipe gets the rows only."""

from __future__ import annotations

import csv
import functools
import json
import sys
from collections.abc import Callable

import click

FORMATS = ("json", "csv", "nl")


def output_options(command: Callable) -> Callable:
    """Adds --json, --csv and --nl; the command gets ``output``: "table" or one of FORMATS."""

    @click.option("--json", "as_json", is_flag=True, help="Print the rows as a JSON array.")
    @click.option("--csv", "as_csv", is_flag=True, help="Print the rows as CSV with a header.")
    @click.option("--nl", "as_nl", is_flag=True, help="Print the rows as newline-delimited JSON.")
    @functools.wraps(command)
    def wrapper(*args, as_json: bool, as_csv: bool, as_nl: bool, **kwargs):
        chosen = [name for name, flag in zip(FORMATS, (as_json, as_csv, as_nl)) if flag]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one of --{', --'.join(chosen)}")
        return command(*args, output=chosen[0] if chosen else "table", **kwargs)

    return wrapper


def table(rows: list[tuple], *, indent: str = "", min_widths: tuple[int, ...] = (),
          right: frozenset[int] = frozenset()) -> None:
    """Rows (the first: headings) in aligned columns two spaces apart, each at least as wide as
    *min_widths* says; the columns numbered in *right* aligned right."""
    widths = [max(*(len(str(row[i])) for row in rows), min_widths[i] if i < len(min_widths) else 0)
              for i in range(len(rows[0]))]
    for row in rows:
        click.echo(indent + "  ".join(str(cell).rjust(width) if i in right else str(cell).ljust(width)
                                      for i, (cell, width) in enumerate(zip(row, widths))).rstrip())


def note(message: str) -> None:
    """A count, a hint or "nothing found": for the reader, not for a pipe."""
    click.echo(message, err=True)


def emit(records: list[dict], output: str, *, show: Callable[[list[dict]], None], empty: str) -> None:
    """*records* in the chosen *output*; as a table through *show*; *empty* (to stderr) when
    there are none (``--json`` still prints ``[]``)."""
    if output == "table":
        if records:
            show(records)
        else:
            note(empty)
    elif output == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    elif output == "nl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        if not records:
            note(empty)
            return
        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def columns(records: list[dict]) -> None:
    """Records as a table headed by their keys ("-" for a missing value)."""
    table([tuple(key.upper().replace("_", " ") for key in records[0]),
           *(tuple("-" if value is None else value for value in record.values()) for record in records)])
