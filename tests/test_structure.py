"""The layout rules of CONTRIBUTING.md, pinned: the library never imports streamlit, no underscored name
crosses a module boundary, every ``__all__`` is true, and settings are read in trajmap.config alone."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "trajmap"
MODULES = sorted(SRC.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_streamlit_and_no_private_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(a.name.split(".")[0] == "streamlit" for a in node.names), path
        elif isinstance(node, ast.ImportFrom) and node.module:
            assert node.module.split(".")[0] != "streamlit", path
            if node.module.startswith("trajmap") or node.level:
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.name} imports {private} from {node.module}"


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__main__.py"], ids=_name)
def test_all_lists_only_names_the_module_has(path: Path) -> None:
    module = importlib.import_module(_name(path))
    names = getattr(module, "__all__", [])
    assert all(hasattr(module, n) for n in names), [n for n in names if not hasattr(module, n)]
    assert not [n for n in names if n.startswith("_")]


def test_settings_are_read_in_config_alone() -> None:
    readers = [
        p.relative_to(SRC).as_posix() for p in MODULES if "os.environ" in p.read_text(encoding="utf-8")
    ]
    assert readers == ["config.py"]
