"""The embedded defaults (data/defaults/): a fresh install with no layer files draws land and answers "in
whose waters" in East Asia, says so, and gives the same verdicts as the full layers."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from trajmap import config, layers, records, zones
from trajmap.layers.fetch import validate

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = ROOT / "data" / "defaults"
SHARED = Path(os.environ.get("TRAJMAP_DATA_DIR") or ROOT.parent / "shared" / "data")
MAX_TOTAL_BYTES = 3_000_000


@pytest.fixture
def no_layers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data folder: no full layer anywhere (and the tests never reach the network)."""
    monkeypatch.setenv(layers.DATA_DIR_ENV, str(tmp_path))
    return tmp_path


def _shared(path: str) -> Path:
    if not (SHARED / path).is_file():
        pytest.skip(f"full layer {path} not found under {SHARED} (set TRAJMAP_DATA_DIR)")
    return SHARED / path


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------------------- answering offline


def test_the_2025_01_06_launch_lands_in_russias_eez_without_any_layer_file(no_layers: Path) -> None:
    df = records.load_launches()
    rows = df[(df["event_id"] == "2025-01-06") & (df["estimate_by"] == "Japan MOD")]
    (lat,), (lon,) = rows["landing_lat"].to_list(), rows["landing_lon"].to_list()
    assert lat == pytest.approx(43.7, abs=0.1)
    assert lon == pytest.approx(137.4, abs=0.2)
    v = zones.verdict(lat, lon)
    assert v.status == "outside"
    assert v.waters == "outside (Russia's EEZ)"
    assert v.summary.startswith("outside Japan's EEZ")


def test_tokyo_is_on_land_without_any_layer_file(no_layers: Path) -> None:
    assert zones.verdict(35.68, 139.76).status == "on land"


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [
        ("Tokyo", 35.68, 139.76),
        ("Guam", 13.45, 144.78),
        ("Saipan (N. Marianas)", 15.18, 145.75),
        ("Tinian (N. Marianas)", 15.00, 145.63),
        ("Rota (N. Marianas)", 14.15, 145.20),
        ("Pagan (N. Marianas)", 18.12, 145.77),
        ("Ulleungdo", 37.50, 130.86),
        ("Tsushima", 34.40, 129.33),
        ("Sado", 38.05, 138.40),
        ("Hachijojima", 33.11, 139.79),
        ("Okinawa", 26.50, 127.90),
        ("Ishigaki", 24.40, 124.16),
        ("Rishiri", 45.18, 141.24),
        ("Jeju", 33.38, 126.55),
    ],
)
def test_the_regions_small_islands_survive_simplification(
    no_layers: Path, place: str, lat: float, lon: float
) -> None:
    v = zones.verdict(lat, lon)
    assert v.status == "on land", (place, v.summary)


def test_liancourt_rocks_keep_their_overlapping_claim(no_layers: Path) -> None:
    (hit,) = zones.eez_at(37.242, 131.867)
    assert hit.kind == "overlapping claim"
    assert set(hit.sovereigns) == {"JPN", "KOR"}


def test_the_full_file_is_still_required_by_ensure_and_coastline_has_no_default(no_layers: Path) -> None:
    with pytest.raises(layers.LayerMissingError, match="downloads are off"):
        layers.ensure("eez", download=False)  # the download UI relies on this
    assert not layers.available("eez")
    with pytest.raises(
        layers.LayerMissingError, match=re.escape("python -m trajmap.layers download coastline")
    ):
        layers.load_geojson("coastline")


# ---------------------------------------------------------------------------------------- saying so


def test_status_says_regional_default(no_layers: Path) -> None:
    by_name = {s.name: s for s in layers.status()}
    for name in ("eez", "land", "countries", "countries110"):
        assert layers.source(name) == by_name[name].source == "regional default"
        assert not by_name[name].available
        assert layers.resolve(name) == layers.default_path(name)
    assert by_name["coastline"].source == "missing"
    text = layers.source_notice(layers.status(), ["eez", "land", "countries"])
    assert "EEZ: using the regional default (East Asia and West Pacific" in text
    assert "Land: using the regional default" in text
    assert "python -m trajmap.layers download" in text
    assert "missing" not in text
    assert "coastline" in layers.source_notice(layers.status())


def test_the_full_file_wins_when_it_is_there(monkeypatch: pytest.MonkeyPatch) -> None:
    full = _shared(layers.LAYERS["eez"].filename)
    monkeypatch.setenv(layers.DATA_DIR_ENV, str(SHARED))
    assert layers.source("eez") == "full"
    assert layers.resolve("eez") == full
    assert layers.source_notice(layers.status(), ["eez", "land", "countries"]) == ""


# ---------------------------------------------------------------------------------------- the files


def test_the_defaults_are_found_through_the_package_data() -> None:
    for name in ("eez", "land", "countries"):
        found = layers.default_path(name)
        assert found is not None
        assert found == config.curated_path(layers.LAYERS[name].default or "")
        assert found.parent.name == "defaults"
    assert layers.default_path("coastline") is None


def test_the_defaults_total_under_3_mb() -> None:
    total = sum(p.stat().st_size for p in DEFAULTS.iterdir())
    assert total < MAX_TOTAL_BYTES, f"{total:,} bytes"


@pytest.mark.parametrize("name", ["eez", "land", "countries", "countries110"])
def test_each_default_passes_its_layers_checks(name: str) -> None:
    path = layers.default_path(name)
    assert path is not None
    validate(layers.LAYERS[name], _read(path), "the embedded default")


def test_the_eez_default_keeps_its_credit_and_caveat() -> None:
    notice = (DEFAULTS / "NOTICE.md").read_text(encoding="utf-8")
    assert "https://doi.org/10.14284/386, CC BY 4.0" in notice
    assert "not a legal boundary" in notice
    assert "public domain" in notice
    source = _read(DEFAULTS / "eez_v11_east_asia_simplified.geojson")["source"]
    assert "Flanders Marine Institute (2019)" in source
    assert "not a legal boundary" in source


def test_the_build_script_reproduces_the_shipped_bytes(tmp_path: Path) -> None:
    for name in ("eez", "land", "countries"):
        _shared(layers.LAYERS[name].filename)
    from scripts import build_defaults

    sizes = build_defaults.build(SHARED, tmp_path)
    assert sorted(sizes) == sorted(p.name for p in DEFAULTS.iterdir())
    for name in sizes:
        assert (tmp_path / name).read_bytes() == (DEFAULTS / name).read_bytes(), name


def test_verdicts_match_the_full_layers_for_every_landing_point() -> None:
    """Same status and same zones for every landing point of data/launches.csv (the default's lines move
    by at most about 0.5 km, so a point within 2 km of a boundary would be allowed to differ: none is)."""
    full = zones.ZoneIndex(
        _read(_shared(layers.LAYERS["eez"].filename)), _read(_shared(layers.LAYERS["land"].filename))
    )
    embedded = zones.ZoneIndex(
        _read(DEFAULTS / "eez_v11_east_asia_simplified.geojson"),
        _read(DEFAULTS / "ne_50m_land_simplified.geojson"),
    )
    df = records.load_launches()
    df = df[df["landing_lat"].notna()]
    a = zones.verdicts(df["landing_lat"], df["landing_lon"], index=full)
    b = zones.verdicts(df["landing_lat"], df["landing_lon"], index=embedded)
    assert len(a) > 50
    differ = [
        (df["event_id"].iloc[i], str(a.status[i]), str(b.status[i]))
        for i in range(len(a))
        if (a.status[i] != b.status[i] or a.zones[i] != b.zones[i]) and abs(a.signed_distance_km[i]) > 2.0
    ]
    assert differ == []
    assert max(abs(a.signed_distance_km - b.signed_distance_km)) < 0.5
