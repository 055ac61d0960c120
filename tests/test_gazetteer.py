from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rasad.analyse import gazetteer, incidents, tagging
from tests.conftest import REPOSITORY

SHIPPED = REPOSITORY / "gazetteer.toml"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped gazetteer with *old* replaced by *new* (once)."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "gazetteer.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_misspelt_key_is_refused_with_the_key_and_the_file(tmp_path):
    path = edited(tmp_path, "area_variants =", "area_variant =")
    with pytest.raises(gazetteer.GazetteerError) as refused:
        gazetteer.load(path)
    assert str(path) in str(refused.value) and "unknown key 'area_variant'" in str(refused.value)
    assert "us-embassy-baghdad" in str(refused.value)


@pytest.mark.parametrize(("kind", "entry_id"), [("actor", "us-forces"), ("event_type", "claim"),
                                                ("event_type", "air-strike")])
def test_an_id_the_rules_name_cannot_be_renamed(tmp_path, kind, entry_id):
    path = edited(tmp_path, f'id = "{entry_id}"', f'id = "{entry_id}-renamed"')
    with pytest.raises(gazetteer.GazetteerError) as refused:
        gazetteer.load(path)
    assert str(path) in str(refused.value) and f"[[{kind}]] '{entry_id}' is missing" in str(refused.value)


def test_every_id_the_rules_name_is_required():
    """A literal id in the tagging or incident rules that REQUIRED_IDS does not list would not be
    checked when the gazetteer is loaded."""
    sources = [*Path(tagging.__file__).parent.glob("*.py"), Path(incidents.__file__)]
    literals = {node.value for source in sources for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    shipped = gazetteer.load(SHIPPED)
    for kind, required in gazetteer.REQUIRED_IDS.items():
        assert literals & set(shipped.of(kind)) <= set(required), kind
        assert set(required) <= literals, f"{kind}: REQUIRED_IDS lists ids no rule names"
