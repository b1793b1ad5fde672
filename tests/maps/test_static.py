"""Reference layers served as content-hashed static files and loaded by URL; inlined for the HTML export;
the launches' popups built in the browser from plain-text data."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import folium
import numpy as np
import pandas as pd
import pytest

from tests import mapscript
from tests.payloads import PAYLOADS
from trajmap import filters, maps, records
from trajmap.escape import shown_text
from trajmap.views import explorer as ev

LAND = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "<img src=x onerror=alert(1)>"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[130.123, 40.0], [131, 40], [131, 41], [130.123, 40]]],
            },
        }
    ],
}
EEZ = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"fill": "#1f77b4", "dashed": True, "sovereigns": ["JPN"], "name": "{{ 7*7 }}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[135.987, 35.0], [136, 35], [136, 36], [135.987, 35]]],
            },
        }
    ],
}


def test_write_layer_names_the_file_by_its_content_and_is_idempotent(tmp_path: Path) -> None:
    url = maps.write_layer(maps.land_drawing(LAND), tmp_path, "land")
    name = url.rsplit("/", 1)[-1]
    assert url == f"{maps.LAYERS_URL}/{name}"
    path = tmp_path / "vendor" / "layers" / name
    data = path.read_bytes()
    assert re.fullmatch(r"land-[0-9a-f]{16}\.geojson", name)
    assert name == f"land-{hashlib.sha256(data).hexdigest()[:16]}.geojson"
    assert json.loads(data) == maps.land_drawing(LAND)  # the drawing only: no name reaches the file
    assert b"onerror" not in data
    mtime = path.stat().st_mtime_ns
    assert maps.write_layer(maps.land_drawing(LAND), tmp_path, "land") == url  # same data, same URL
    assert path.stat().st_mtime_ns == mtime  # not written again
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left
    other = maps.write_layer(maps.eez_drawing(EEZ), tmp_path, "land")
    assert other != url  # changed data, new URL: a browser's cached copy is never stale
    with pytest.raises(ValueError, match="stem"):
        maps.write_layer(LAND, tmp_path, "../x")


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def test_reference_layers_by_url_carry_no_data_and_inline_for_the_export() -> None:
    served = _render(
        maps.base_map(
            land_geojson=LAND,
            land_url="/app/static/vendor/layers/land-0123456789abcdef.geojson",
            overlays=[maps.eez_layer(EEZ, url="/app/static/vendor/layers/eez-0123456789abcdef.geojson")],
        )
    )
    for url in ("land-0123456789abcdef.geojson", "eez-0123456789abcdef.geojson"):
        assert f'fetch("/app/static/vendor/layers/{url}")' in served
    assert "130.123" not in served
    assert "135.987" not in served  # the data is in the files, not in the script
    inline = _render(maps.base_map(land_geojson=LAND, overlays=[maps.eez_layer(EEZ)]))
    assert "fetch(" not in inline
    assert "130.123" in inline
    assert "135.987" in inline
    for page in (served, inline):  # one code path: same panes and styles in both modes
        assert '"trajmapBasemap"' in page
        assert '"trajmapEez"' in page
        assert "interactive: false" in page
        assert '"dashed": {"dashArray": "5 4", "fillOpacity": 0.2}' in page
    assert "onerror" not in inline  # names never reach the page (drawing properties only)
    assert "{{" not in inline
    assert "7*7" not in inline


def test_html_export_inlines_the_reference_layers(launches: pd.DataFrame) -> None:
    view = ev.explorer_view(
        launches,
        filters.Filters(),
        None,
        services=ev.Services(waters=lambda lats, lons: None, odds=lambda *a: None),
    )
    args = {"basemap": "vector", "land": LAND, "eez": EEZ, "land_url": "/a.geojson", "eez_url": "/b.geojson"}
    served, _groups = ev.explorer_map(view, **args)  # type: ignore[arg-type]
    assert 'fetch("/a.geojson")' in _render(served)
    doc = _render(ev.map_document(view, **args))  # type: ignore[arg-type]
    assert "fetch(" not in doc
    assert "130.123" in doc
    assert "135.987" in doc
    assert len(mapscript.trajectories(doc)) == int((view.shown["landing_basis"] != "unknown").sum())


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return records.load_launches()


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "e1",
        "date": "2017-07-04",
        "missile": "m",
        "class": "ICBM",
        "site": "s",
        "site_lat": 40.0,
        "site_lon": 125.2,
        "landing_lat": 40.9,
        "landing_lon": 134.3,
        "landing_basis": "reported",
        "estimate_by": "b",
        "outcome": "success",
        "source_url": "https://example.org",
        "waters": "",
    }
    row.update(kw)
    return row


@pytest.mark.parametrize("text", PAYLOADS)
def test_popup_data_holds_hostile_text_as_plain_text_that_cannot_end_or_start_code(text: str) -> None:
    df = pd.DataFrame(
        [_row(missile=text, estimate_by=text, landing_statement=text, waters=text, source_url=f"x{text}")]
    )
    script = _render_layer(maps.launches_layer(df))
    start = script.index("var data = ")
    literal = script[start : script.index(";\n", start)]
    for bad in ("</", "<script", "<img", "{{", "{%", "{#", "${", "`", "\u2028"):
        assert bad not in literal, bad
    (line,) = mapscript.trajectories(script)
    rows = dict(r.split(": ", 1) for r in line["properties"]["popup"].split("\n") if ": " in r)
    shown = shown_text(text)
    if "\n" not in shown and "\r" not in shown:  # a line end splits the helper's rows, not the popup
        assert rows["Missile"] == f"{shown} (ICBM)"
        assert rows["Statement"] == shown
        assert rows["Source"] == f"x{shown}"  # not a web address: text, and no link
    assert "href" not in rows
    assert line["properties"]["tooltip"] == f"2017-07-04 {shown} ({shown})"
    assert "innerHTML" not in script


def _render_layer(layer: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    layer.add_to(m)
    return _render(m)


def test_display_paths_are_few_points_for_short_flights_and_follow_the_geodesic() -> None:
    from trajmap import geodesy

    lats, lons, starts = geodesy.display_paths(
        [39.0, 39.0, 39.0], [125.8] * 3, [39.5, 41.0, 38.9], [126.0, 134.0, -77.0]
    )
    counts = list(map(int, starts[1:] - starts[:-1]))
    assert counts[0] == 2  # a 60 km flight: one segment
    assert 3 <= counts[1] <= 12  # about 700 km
    assert counts[2] > 50  # to Washington, over the Arctic
    # every drawn point lies on the geodesic (within 0.6 km of a point of the path sampled every km)
    for i, (la2, lo2) in enumerate([(39.5, 126.0), (41.0, 134.0), (38.9, -77.0)]):
        dense = np.array(geodesy.path(39.0, 125.8, la2, lo2, step_km=1.0))
        for la, lo in zip(lats[starts[i] : starts[i + 1]], lons[starts[i] : starts[i + 1]], strict=True):
            dist, _ = geodesy.inverses(la, lo, dense[:, 0], dense[:, 1])
            assert dist.min() < 0.6
    assert lons[starts[3] - 1] == pytest.approx(-77.0 + 360.0)  # unrolled, as geodesy.path does
