"""The settings registry: every ``RASAD_*`` name the code reads is in it, and the lists that
document it (settings.py's docstring) are written from it."""

from __future__ import annotations

import ast
import re

import pytest

import settings
from rasad.base.settings_registry import BY_NAME, SETTINGS, from_environment
from tests.conftest import REPOSITORY, load_script

CODE = [*(REPOSITORY / "rasad").rglob("*.py"), *(REPOSITORY / "spiders").rglob("*.py"),
        *(REPOSITORY / "pipelines").rglob("*.py"), REPOSITORY / "scheduler.py", REPOSITORY / "settings.py"]


def names_in_code() -> dict[str, str]:
    """Each RASAD_* name the code spells as a string of its own (read from Scrapy's settings or the
    environment, or set), with the first file that does."""
    found: dict[str, str] = {}
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"RASAD_[A-Z_]+", node.value):
                found.setdefault(node.value, str(path.relative_to(REPOSITORY)))
    return found


def test_every_setting_the_code_reads_is_registered_and_every_registered_one_is_read():
    found = names_in_code()
    assert {"RASAD_LEASE_SECONDS", "RASAD_VERBOSE", "RASAD_DB"} <= set(found)  # the scan sees both kinds of read
    unregistered = {name: path for name, path in found.items() if name not in BY_NAME}
    assert not unregistered, "add these to rasad/base/settings_registry.py"
    assert set(BY_NAME) == set(found)
    assert len(BY_NAME) == len(SETTINGS)


def test_settings_py_takes_every_scrapy_setting_from_the_registry():
    defined = {name for name in dir(settings) if name.startswith("RASAD_")}
    assert defined == {setting.name for setting in SETTINGS if setting.scrapy}
    for setting in SETTINGS:
        if setting.scrapy:
            assert getattr(settings, setting.name) == setting.initial(), setting.name


def test_the_settings_list_in_settings_py_is_written_from_the_registry():
    text = (REPOSITORY / "settings.py").read_text(encoding="utf-8")
    assert load_script("update_docs").settings_module_text() == text, "run scripts/update_docs.py"
    documented = re.findall(r"^  (RASAD_[A-Z_]+) \(", settings.__doc__, re.M)
    assert documented == [setting.name for setting in SETTINGS]


def test_the_environment_sets_a_setting_with_its_default_type(monkeypatch):
    monkeypatch.setenv("RASAD_LEASE_SECONDS", "3")
    monkeypatch.setenv("RASAD_BUSY_TIMEOUT", "1.5")
    monkeypatch.setenv("RASAD_OLDEST", "")
    assert from_environment("RASAD_LEASE_SECONDS") == 3
    assert from_environment("RASAD_BUSY_TIMEOUT") == 1.5
    assert from_environment("RASAD_OLDEST") == ""  # empty: the default
    monkeypatch.delenv("RASAD_BUSY_TIMEOUT")
    assert from_environment("RASAD_BUSY_TIMEOUT") == 30.0
    with pytest.raises(KeyError):
        from_environment("RASAD_TRIGGER")  # a Scrapy setting only
