"""House rules on dependencies, checked on the source: Streamlit only in glossary/ui, torch only in cnn."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "glossary"
MODULES = sorted(PACKAGE.rglob("*.py"))


def top_level_imports(path: Path) -> set[str]:
    """Every module imported anywhere in the file (also inside functions), by its top-level name."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def module_level_imports(path: Path) -> set[str]:
    """Modules imported when the file is imported (not those imported lazily inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_package_has_modules():
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_streamlit_only_in_ui(path: Path):
    if "ui" in path.relative_to(PACKAGE).parts:
        return
    assert "streamlit" not in top_level_imports(path)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_torch_only_in_cnn(path: Path):
    if path.relative_to(PACKAGE).parts in (("cnn", "model.py"), ("cnn", "live.py")):  # live: training
        return
    assert "torch" not in top_level_imports(path)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_nothing_imports_the_cnn_model_at_import_time(path: Path):
    # the CLI is never imported by the app; live (training) is itself imported lazily, like model
    if path.relative_to(PACKAGE).parts in (("cnn", "__main__.py"), ("cnn", "live.py")):
        return
    assert not {"glossary.cnn.model", "glossary.cnn.live"} & module_level_imports(path)


@pytest.mark.parametrize(
    "path", sorted((PACKAGE / "corpus").rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_the_content_engine_needs_no_numpy(path: Path):
    assert not {"numpy", "torch", "streamlit"} & top_level_imports(path)


def test_the_three_crafts_have_their_rooms():
    for room in ("corpus", "maths", "cnn", "ui"):
        assert (PACKAGE / room / "__init__.py").is_file(), room
    assert not list(PACKAGE.rglob("pages")), "a folder named pages/ would be picked up by Streamlit"
