"""Static snapshots: exact pixel sizes, parseable SVG, framing and graceful degradation."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from trajmap import records, snapshot

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "launches_small.csv"


@pytest.fixture(scope="module")
def launches():
    return records.load_launches(FIXTURE)


@pytest.mark.parametrize("size", [(1200, 675), (2400, 1350)])
def test_png_decodes_at_the_asked_size(launches, size):
    png = snapshot.render_snapshot(launches, event_id="2025-01-06", size=size)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG"
    assert img.size == size


def test_svg_parses_and_keeps_title_as_text(launches):
    svg = snapshot.render_snapshot(
        launches, event_id="2017-11-29", fmt="svg", title="Hwasong-15 <test> & co", as_of=dt.date(2025, 1, 1)
    )
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = "".join(root.itertext())
    assert "Hwasong-15 <test> & co" in text
    assert "As of 2025-01-01" in text
    assert "Natural Earth" in text


def test_generated_title_and_subtitle_name_missile_date_and_sources(launches):
    svg = snapshot.render_snapshot(launches, event_id="2025-01-06", fmt="svg").decode()
    assert "Hwasong-16B launch, 6 January 2025" in svg
    assert "ROK JCS, Japan MOD, KCNA" in svg
    assert "KCNA: 1,500 km" in svg  # landing label: estimate_by + range


def test_rings_and_all_launches_render(launches):
    """The ring is drawn and labelled: a vanished ring (or label) fails, not only a wrong image size."""
    ring = [(39.02, 125.74, 1500.0, "ring of 1,500 km")]
    with_ring = snapshot.render_snapshot(launches, rings=ring, show_eez=False, fmt="svg").decode()
    without = snapshot.render_snapshot(launches, show_eez=False, fmt="svg").decode()
    assert "ring of 1,500 km" in with_ring
    assert "range ring" in with_ring  # its legend entry
    assert "ring of 1,500 km" not in without
    assert "range ring" not in without
    assert with_ring.count("<path") > without.count("<path")
    png = snapshot.render_snapshot(launches, rings=ring, show_eez=False)
    assert Image.open(io.BytesIO(png)).size == (1200, 675)


def test_trans_antimeridian_launch_renders():
    csv = (
        "event_id,date,missile,class,site,site_lat,site_lon,bearing_deg,range_km,estimate_by,source_url\n"
        "am,2024-01-01,Test,IRBM,pacific,35.0,170.0,80,3000,Test,https://example.org/x\n"
    )
    df = records.load_launches(io.StringIO(csv))
    svg = snapshot.render_snapshot(df, event_id="am", fmt="svg").decode()
    assert "180°" in svg  # the antimeridian is in view and labelled


def test_unknown_event_lists_valid_ids(launches):
    with pytest.raises(snapshot.UnknownEventError, match="2025-01-06"):
        snapshot.render_snapshot(launches, event_id="1999-01-01")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "gif"}, "fmt must be"),
        ({"size": (10, 10)}, "size must be"),
        ({"size": (1200.5, 675)}, "size must"),
    ],
)
def test_bad_arguments_raise_value_error(launches, kwargs, message):
    with pytest.raises(ValueError, match=message):
        snapshot.render_snapshot(launches, event_id="2025-01-06", **kwargs)


def test_without_the_full_layers_the_snapshot_draws_the_regional_defaults(launches, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAJMAP_DATA_DIR", str(tmp_path))  # an empty folder: only the shipped defaults
    svg = snapshot.render_snapshot(launches, event_id="2025-01-06", fmt="svg").decode()
    assert "layer missing" not in svg
    assert "Marine Regions" in svg  # the EEZ is drawn, with its credit
