"""Exports: RFC 7946 GeoJSON, KML with altitudes, CSV without formulas, self-contained HTML."""

from __future__ import annotations

import io
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import folium
import pandas as pd
import pytest

from trajmap import export, maps, records

FIXTURE = Path(__file__).parent / "fixtures" / "launches_small.csv"
KML = "{http://www.opengis.net/kml/2.2}"
HEADER = (
    "event_id,date,missile,class,site,site_lat,site_lon,bearing_deg,range_km,apogee_km,"
    "estimate_by,source_url\n"
)


@pytest.fixture(scope="module")
def launches():
    return records.load_launches(FIXTURE)


def _load(rows: str) -> pd.DataFrame:
    return records.load_launches(io.StringIO(HEADER + rows))


def _positions(geometry):
    coords = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [coords]
    if geometry["type"] == "LineString":
        return coords
    return [p for line in coords for p in line]


def test_geojson_is_rfc7946_and_json_safe(launches):
    fc = export.to_geojson(launches)
    text = json.dumps(fc, allow_nan=False)  # no NaN sneaks through
    assert json.loads(text)["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    with_landing = int((launches["landing_basis"] != "unknown").sum())
    assert kinds.count("trajectory") == kinds.count("landing") == with_landing
    assert kinds.count("site") == launches["site"].nunique()
    for f in fc["features"]:
        for lon, lat in _positions(f["geometry"]):
            assert -180.0 <= lon <= 180.0
            assert -90.0 <= lat <= 90.0
    landing = next(f for f in fc["features"] if f["properties"]["kind"] == "landing")
    assert landing["properties"]["date"] == "2019-05-09"
    assert landing["properties"]["flight_min"] is None  # NaN -> null


def test_trans_antimeridian_path_is_a_multilinestring():
    fc = export.to_geojson(_load("am,2024-01-01,Test,IRBM,p,35.0,170.0,80,3000,,Test,https://example.org\n"))
    traj = next(f for f in fc["features"] if f["properties"]["kind"] == "trajectory")
    assert traj["geometry"]["type"] == "MultiLineString"
    first, second = traj["geometry"]["coordinates"]
    assert first[-1][0] == 180.0
    assert second[0][0] == -180.0
    assert math.isclose(first[-1][1], second[0][1])


def test_kml_parses_and_lofted_icbm_carries_altitude(launches):
    root = ET.fromstring(export.to_kml(launches))
    assert root.tag == f"{KML}kml"
    lines = root.findall(f".//{KML}LineString")
    modes = {ls.findtext(f"{KML}altitudeMode") for ls in lines}
    assert modes == {"absolute", "clampToGround"}  # a glide vehicle and an SRBM without apogee are clamped
    alts = [
        float(c.split(",")[2])
        for ls in lines
        if ls.findtext(f"{KML}altitudeMode") == "absolute"
        for c in ls.findtext(f"{KML}coordinates").split()
    ]
    assert max(alts) > 100_000  # the 2017-11-29 Hwasong-15, apogee ~4,500 km
    assert 4_000_000 < max(alts) < 4_600_000
    placemarks = root.findall(f".//{KML}Placemark")
    assert any("landing" in (p.findtext(f"{KML}name") or "") for p in placemarks)


def test_kml_escapes_hostile_text():
    df = _load(
        'x,2024-01-01,"<b>&</b>",ICBM,p,39.0,125.8,80,1000,6000,"<script>alert(1)</script>",https://e.org\n'
    )
    text = export.to_kml(df)
    root = ET.fromstring(text)  # still well-formed
    assert "<script>" not in text
    desc = root.find(f".//{KML}description").text
    assert "&lt;script&gt;" in desc  # HTML-escaped for Google Earth's balloon


HOSTILE = ['=HYPERLINK("http://evil","x")', "+1", "-1+2", "@SUM(A1:A2)", "\tx", "\rx"]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_neutralises_formula_text(launches, value):
    df = launches.copy()
    df["missile"] = value
    df["notes"] = value
    df["extra_col"] = value
    out = pd.read_csv(io.StringIO(export.to_csv_safe(df)), dtype=str, keep_default_na=False)
    for col in ("missile", "notes", "extra_col"):
        assert (out[col] == "'" + value).all()


def test_csv_round_trips_through_load_launches(launches):
    back = records.load_launches(io.StringIO(export.to_csv_safe(launches)))
    assert back["event_id"].tolist() == launches["event_id"].tolist()
    pd.testing.assert_series_equal(back["landing_lat"], launches["landing_lat"])


def test_csv_keeps_numbers_as_numbers():
    df = _load("w,2024-01-01,Test,SRBM,p,-12.5,-77.0,80,300,,Test,https://e.org\n")
    out = pd.read_csv(io.StringIO(export.to_csv_safe(df)))
    assert out.loc[0, "site_lat"] == -12.5
    assert out.loc[0, "site_lon"] == -77.0
    assert out.loc[0, "range_km"] == 300


def test_csv_neutralises_hostile_headers(launches):
    text = export.to_csv_safe(launches.assign(**{"=cmd|' /C calc'!A0": "x"}))
    assert "'=cmd" in text.splitlines()[0]


_EXTERNAL = re.compile(r"<(script|link)\b[^>]*(src|href)\s*=\s*[\"']?(https?:|//|/app/)", re.IGNORECASE)


@pytest.mark.parametrize(
    "make", [lambda: maps.base_map(), lambda: folium.Map(location=(38, 130), zoom_start=5)]
)
def test_html_is_self_contained(launches, make):
    m = make()
    maps.launches_layer(launches).add_to(m)
    page = export.to_html(m)
    assert not _EXTERNAL.search(page)
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page)
    assert not [t for t in tags if 'src="' in t or 'href="' in t]
    assert "L.map(" in page
    assert page.count("<script>") >= 2
    assert page.index("<style>") < page.index("L.map(")


def test_html_refuses_awesome_markers():
    m = folium.Map()
    folium.Marker((38, 130), icon=folium.Icon()).add_to(m)
    with pytest.raises(export.ExportError, match="awesome"):
        export.to_html(m)
