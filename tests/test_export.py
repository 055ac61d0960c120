"""Export formats: each is one registered writer, and `rasad export` takes its choices from them."""

from __future__ import annotations

import subprocess
import sys

from rasad.cli import main
from rasad.query import export
from rasad.store import db as database
from tests.conftest import REPOSITORY

# A format of a plugin: one writer, registered before the command line is built.
TSV = '''
import sys
from rasad.query import export

@export.writer("tsv", exports=("events", "articles"))
def tsv(rows, out, columns):
    out.write("\\t".join(columns) + "\\n")
    count = 0
    for row in rows:
        out.write("\\t".join(str(row[column]) for column in columns) + "\\n")
        count += 1
    return count

from rasad.cli import main
main(sys.argv[1:])
'''


def test_the_export_command_offers_every_registered_format_and_its_default():
    option = next(param for param in main.commands["export"].params if param.name == "fmt")
    assert list(option.type.choices) == list(export.WRITERS) == ["csv", "json", "geojson", "jsonl"]
    assert export.default_format("incidents") == export.default_format("events") == "csv"
    assert export.default_format("articles") == "jsonl"
    assert option.help == ("incidents: csv, json, geojson; events: csv, json, geojson; articles: jsonl "
                           "(the first is the default).")


def test_adding_a_format_is_one_registered_writer(tmp_path):
    db = tmp_path / "rasad.db"
    database.connect(db).conn.close()

    def rasad(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", TSV, *args], cwd=REPOSITORY, capture_output=True, text=True,
                              timeout=120)

    assert "tsv" in rasad("export", "--help").stdout
    result = rasad("export", "articles", "--format", "tsv", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "\t".join(export.ARTICLE_COLUMNS) + "\n"
    assert "0 articles exported" in result.stderr
    refused = rasad("export", "incidents", "--format", "tsv", "--db", str(db))
    assert refused.returncode == 2 and "incidents export as tsv is not available" in refused.stderr
