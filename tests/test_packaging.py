"""The package as a user installs it: a wheel (not an editable checkout) works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_list_matches_the_folders() -> None:
    """pyproject.toml lists the packages by hand (for the trajmap.data mapping): none may be left out."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT / "src").parts)
        for p in (ROOT / "src" / "trajmap").rglob("__init__.py")
    }
    assert listed == found | {"trajmap.data"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp)]
    subprocess.run([*build, str(ROOT)], check=True, timeout=300, capture_output=True)
    (found,) = tmp.glob("trajmap-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path) -> Path:
    """A fresh venv holding the built wheel; its dependencies come from this environment's site-packages."""
    venv = wheel.parent / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    site = subprocess.run(
        [py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies, not the editable checkout: a plain path entry, whose own .pth files are not read
    Path(site, "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [py, "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)]
    subprocess.run(pip, check=True, timeout=300, capture_output=True)
    return venv


def _run(
    venv: Path, *args: str, cwd: Path, env_set: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TRAJMAP_LAUNCHES")}
    env.update(env_set or {})
    return subprocess.run(
        [str(venv / "bin" / "trajmap"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_wheel_runs_trajmap_verdict_from_another_folder(installed: Path, tmp_path: Path) -> None:
    where = subprocess.run(
        [installed / "bin" / "python", "-c", "import trajmap; print(trajmap.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(installed) in where  # the installed copy, not the checkout
    res = _run(installed, "verdict", "--lat", "43.88", "--lon", "137.59", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("outside: outside Japan's EEZ")


def test_the_wheel_carries_the_curated_records(installed: Path, tmp_path: Path) -> None:
    out = tmp_path / "launches.csv"
    res = _run(installed, "export", "--format", "csv", "--out", str(out), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "2025-01-06" in out.read_text(encoding="utf-8")


def test_the_wheel_carries_the_embedded_default_layers(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.name for p in (ROOT / "data" / "defaults").iterdir()}
    assert {"NOTICE.md", "eez_v11_east_asia_simplified.geojson", "ne_50m_land_simplified.geojson"} <= shipped
    assert {f"trajmap/data/defaults/{n}" for n in shipped} <= names


def test_the_wheel_answers_offline_from_its_defaults(installed: Path, tmp_path: Path) -> None:
    """No layer files at all (an empty data dir, no network): the verdict comes from the embedded EEZ."""
    empty = tmp_path / "no-layers"
    empty.mkdir()
    res = _run(
        installed,
        "verdict",
        "--lat",
        "43.88",
        "--lon",
        "137.59",
        cwd=tmp_path,
        env_set={"TRAJMAP_DATA_DIR": str(empty)},
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("outside: outside Japan's EEZ")
    assert "Russia's EEZ" in res.stdout
