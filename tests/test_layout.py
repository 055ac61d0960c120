"""The package follows the data: ``rasad/`` is grouped in stages, and a stage imports only itself and
the stages before it (the service modules at ``rasad/``'s top may import every stage). Every import
of every module counts, those inside functions too. The README's architecture section lists the
same stages in the same order."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPOSITORY

STAGES = ("base", "text", "extract", "analyse", "store", "crawl", "query")
"""The stages of ``rasad/``, in the order the data flows; after them ``rasad/`` itself, the service."""
SERVICE = len(STAGES)
PACKAGE = REPOSITORY / "rasad"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPOSITORY).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> int:
    """The place of *module* (a dotted name in rasad) in the order: its stage's, or SERVICE."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 and parts[1] in STAGES else SERVICE


def imported_modules(module: str, is_package: bool, source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of rasad in *source*, relative ones resolved; ``from rasad
    import name`` counts as an import of ``rasad.name``."""
    imports = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imports += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[:len(module.split(".")) - (node.level - is_package)]
                base = ".".join(package + ([node.module] if node.module else []))
            names = [f"{base}.{alias.name}" for alias in node.names] if base in ("rasad", *(
                f"rasad.{name}" for name in STAGES)) else [base]
            imports += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in imports if name == "rasad" or name.startswith("rasad.")]


def back_edges(module: str, is_package: bool, source: str) -> list[str]:
    """The imports of *source* (module *module*) that go to a later stage than its own."""
    return [f"{module}:{line} imports {imported} ({STAGES[stage(imported)] if stage(imported) < SERVICE else 'service'}"
            f" comes after {STAGES[stage(module)] if stage(module) < SERVICE else 'service'})"
            for line, imported in imported_modules(module, is_package, source) if stage(imported) > stage(module)]


def test_every_import_goes_to_the_same_or_an_earlier_stage():
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 60
    problems = [problem for path in modules
                for problem in back_edges(module_name(path), path.name == "__init__.py", path.read_text(encoding="utf-8"))]
    assert problems == []


def test_the_check_sees_back_edges_at_module_and_function_level_and_relative_ones():
    source = "from rasad.base import clock\ndef f():\n    from rasad.store import db\n    from ..query import search\n"
    assert back_edges("rasad.text.urls", False, source) == [
        "rasad.text.urls:3 imports rasad.store.db (store comes after text)",
        "rasad.text.urls:4 imports rasad.query.search (query comes after text)"]
    assert back_edges("rasad.store.db", False, "from rasad import cli\nimport rasad.crawl.runs\n") == [
        "rasad.store.db:1 imports rasad.cli (service comes after store)",
        "rasad.store.db:2 imports rasad.crawl.runs (crawl comes after store)"]
    assert back_edges("rasad.cli", False, "from rasad.query import export\nfrom rasad import node\n") == []


def test_the_subpackages_of_rasad_are_the_stages_and_each_stage_package_imports_nothing():
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert packages == set(STAGES)
    for name in STAGES:
        tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree) and len(tree.body) == 1, name  # light: a docstring, no imports


def test_the_readme_lists_the_stages_in_their_order():
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    architecture = readme[readme.index("## Architecture"):]
    architecture = architecture[:architecture.index("\n## ")]
    listed = re.findall(r"^- `rasad/(\w*)/?`", architecture, re.M)
    assert listed == [*STAGES, ""]  # the last: rasad/ itself, the service
