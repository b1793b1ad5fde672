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


ROOT = SRC.parents[1]
#: The scripts Streamlit runs (app.py and its pages); ``pages/_*.py`` are modules they import.
SCRIPTS = [ROOT / "app.py", *sorted(p for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))]


def _displayed_by_magic(tree: ast.Module) -> list[int]:
    """Lines of the statements Streamlit's magic would display: a bare value that is not a call, a
    yield or a docstring (magic's own rules, streamlit.runtime.scriptrunner.magic)."""
    lines = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            if not isinstance(stmt, ast.Expr):
                continue
            value = stmt.value
            docstring = (
                i == 0
                and isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            )
            if not (docstring or isinstance(value, ast.Call | ast.Yield | ast.YieldFrom | ast.Await)):
                lines.append(stmt.lineno)
    return lines


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_script_relies_on_magic(path: Path) -> None:
    # .streamlit/config.toml turns magic off (a new session's first run compiles the scripts again, and
    # magic's rewrite was most of that): a bare value in a script would silently show nothing
    assert _displayed_by_magic(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_magic_check_finds_a_bare_value() -> None:
    tree = ast.parse('"""Doc."""\nimport streamlit as st\nx = 1\nx\n"note"\nst.write(x)\n')
    assert _displayed_by_magic(tree) == [4, 5]


def test_server_config_turns_magic_and_the_post_run_collection_off() -> None:
    import tomllib

    runner = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["runner"]
    assert runner == {"magicEnabled": False, "postScriptGC": False}
