"""No function of rasad above cyclomatic complexity 15 (issue 19): a maintainer reads each in one go."""

from __future__ import annotations

from radon.complexity import cc_visit

from tests.conftest import REPOSITORY

LIMIT = 15


def test_no_function_is_above_the_complexity_limit():
    files = [*(REPOSITORY / "rasad").rglob("*.py"), *(REPOSITORY / "spiders").glob("*.py"),
             *(REPOSITORY / "pipelines").glob("*.py"), REPOSITORY / "scheduler.py", REPOSITORY / "settings.py"]
    assert len(files) > 40
    above = [f"{path.relative_to(REPOSITORY)}:{block.lineno} {block.fullname} ({block.complexity})"
             for path in files for block in cc_visit(path.read_text(encoding="utf-8"))
             if block.complexity > LIMIT]
    assert not above, "\n".join(above)
