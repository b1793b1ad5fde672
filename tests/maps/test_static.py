"""Reference layers served as content-hashed static files and loaded by URL; inlined for the HTML export;
the launches' popups built in the browser from plain-text data."""

from __future__ import annotations

import base64
import hashlib
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


def _polygon(ring: list[list[float]], **props: object) -> dict[str, object]:
    """A FeatureCollection of one polygon feature with ``props``."""
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": props, "geometry": geometry}],
    }


LAND = _polygon([[130.123, 40.0], [131, 40], [131, 41], [130.123, 40]], name="<img src=x onerror=alert(1)>")
EEZ = _polygon(
    [[135.987, 35.0], [136, 35], [136, 36], [135.987, 35]],
    fill="#1f77b4",
    dashed=True,
    sovereigns=["JPN"],
    name="{{ 7*7 }}",
)


def test_write_layer_names_the_file_by_its_content_and_is_idempotent(tmp_path: Path) -> None:
    url = maps.write_layer(maps.land_file(LAND), tmp_path, "land")
    name = url.rsplit("/", 1)[-1]
    assert url == f"{maps.LAYERS_URL}/{name}"
    path = tmp_path / "vendor" / "layers" / name
    data = path.read_bytes()
    assert re.fullmatch(r"land-[0-9a-f]{16}\.bin", name)
    assert name == f"land-{hashlib.sha256(data).hexdigest()[:16]}.bin"
    assert data == maps.land_file(LAND)
    assert b"onerror" not in data  # the drawing only: no name reaches the file
    mtime = path.stat().st_mtime_ns
    assert maps.write_layer(maps.land_file(LAND), tmp_path, "land") == url  # same data, same URL
    assert path.stat().st_mtime_ns == mtime  # not written again
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left
    other = maps.write_layer(maps.eez_file(EEZ), tmp_path, "land")
    assert other != url  # changed data, new URL: a browser's cached copy is never stale
    with pytest.raises(ValueError, match="stem"):
        maps.write_layer(maps.land_file(LAND), tmp_path, "../x")
    with pytest.raises(TypeError, match="packed"):
        maps.write_layer(LAND, tmp_path, "land")  # type: ignore[arg-type]


def _render(m: folium.Map) -> str:
    return m.get_root().render()


def _inlined(page: str, pane: str) -> bytes:
    """The packed bytes a page inlines for the reference layer in ``pane``."""
    (layer,) = [c for c in page.split('var paneName = "')[1:] if c.startswith(f'{pane}"')]
    return base64.b64decode(layer.split('fromBase64("', 1)[1].split('"', 1)[0])


def test_reference_layers_by_url_carry_no_data_and_inline_for_the_export() -> None:
    served = _render(
        maps.base_map(
            land_geojson=LAND,
            land_url="/app/static/vendor/layers/land-0123456789abcdef.bin",
            overlays=[maps.eez_layer(EEZ, url="/app/static/vendor/layers/eez-0123456789abcdef.bin")],
        )
    )
    for url in ("land-0123456789abcdef.bin", "eez-0123456789abcdef.bin"):
        assert f'fetch("/app/static/vendor/layers/{url}")' in served
    land_b64 = base64.b64encode(maps.land_file(LAND)).decode()
    eez_b64 = base64.b64encode(maps.eez_file(EEZ)).decode()
    assert land_b64 not in served
    assert eez_b64 not in served  # the data is in the files, not in the script
    inline = _render(maps.base_map(land_geojson=LAND, overlays=[maps.eez_layer(EEZ)]))
    assert "fetch(" not in inline
    assert _inlined(inline, "trajmapBasemap") == maps.land_file(LAND)
    assert _inlined(inline, "trajmapEez") == maps.eez_file(EEZ)
    for page in (served, inline):  # one code path: same panes and drawing in both modes
        assert '"trajmapBasemap"' in page
        assert '"trajmapEez"' in page
        assert 'pane.style.pointerEvents = "none"' in page  # never takes a click from the launches
        assert page.count("L.Canvas.extend") == 1  # the drawing code once, for both layers
        assert page.index("var trajmapPacked") < page.index('var paneName = "trajmapBasemap"')
    assert "onerror" not in inline  # names never reach the page (drawing properties only)
    assert "{{" not in inline
    assert "7*7" not in inline


def test_packed_layers_hold_projected_rings_and_the_styles_of_the_code() -> None:
    land = maps.unpack_polygons(maps.land_file(LAND))
    assert land.styles == [maps.LAND_STYLE]
    ((rings, style),) = land.features
    assert style == 0
    x, y = maps.mercator_xy(np.array([130.123, 131, 131, 130.123]), np.array([40.0, 40, 41, 40]))
    np.testing.assert_allclose(rings[0], np.column_stack([x, y]), atol=1e-7)  # float32
    eez = maps.unpack_polygons(maps.eez_file(EEZ))
    # the fill colour and the dashed rule of EEZ_STYLE_BY, resolved in Python: the file holds no property
    assert eez.styles == [
        {**maps.EEZ_STYLE, "color": "#1f77b4", "fillColor": "#1f77b4", "dashArray": "5 4", "fillOpacity": 0.2}
    ]
    assert b"sovereigns" not in maps.eez_file(EEZ)
    assert b"JPN" not in maps.eez_file(EEZ)


def test_packing_keeps_holes_multipolygons_and_feature_order_and_skips_empty_geometry() -> None:
    hole = [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [4, 2], [4, 4], [2, 2]]]
    fc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"k": "a"},
                "geometry": {"type": "Polygon", "coordinates": hole},
            },
            {"type": "Feature", "properties": {}, "geometry": None},
            {
                "type": "Feature",
                "properties": {"k": "b"},
                "geometry": {
                    "type": "MultiPolygon",
                    "coordinates": [hole[:1], [[[20, 20], [21, 20], [21, 21], [20, 20]]]],
                },
            },
        ],
    }
    packed = maps.unpack_polygons(maps.pack_polygons(fc, maps.styles_by({"weight": 1}, {"k": ["color"]})))
    assert [len(rings) for rings, _ in packed.features] == [2, 2]  # the empty feature is left out
    assert [len(r) for r in packed.features[0][0]] == [5, 4]
    assert packed.styles == [{"weight": 1, "color": "a"}, {"weight": 1, "color": "b"}]
    assert [s for _, s in packed.features] == [0, 1]
    mixed = {
        "type": "GeometryCollection",
        "geometries": [fc["features"][0]["geometry"], {"type": "Point", "coordinates": [1, 1]}],
    }
    (only,) = maps.unpack_polygons(
        maps.pack_polygons({"features": [{"geometry": mixed}]}, maps.styles_by({}))
    ).features
    assert [len(r) for r in only[0]] == [5, 4]  # a collection's polygons, its point left out
    with pytest.raises(ValueError, match="polygons"):
        maps.pack_polygons(
            {"features": [{"geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}}]},
            maps.styles_by({}),
        )
    data = maps.pack_polygons(fc, maps.styles_by({}))
    for bad in (data[:10], b"XXXX" + data[4:], data + b"\0\0\0\0"):
        with pytest.raises(ValueError, match="packed polygon layer"):
            maps.unpack_polygons(bad)


def test_mercator_matches_leaflets_projection_and_clamps_the_poles() -> None:
    # Leaflet: x = (lon + 180) / 360; y = 0.5 - ln(tan(pi/4 + lat/2)) / (2 pi), lat within 85.0511
    x, y = maps.mercator_xy(np.array([-180.0, 0.0, 180.0, 10.0]), np.array([0.0, 90.0, -90.0, 45.0]))
    np.testing.assert_allclose(x, [0.0, 0.5, 1.0, 190 / 360])
    np.testing.assert_allclose(y[:3], [0.5, 0.0, 1.0], atol=1e-9)
    assert y[3] == pytest.approx(0.5 - np.log(np.tan(np.pi / 4 + np.radians(45) / 2)) / (2 * np.pi))


def test_the_land_has_no_copy_east_of_the_antimeridian_the_canvas_draws_the_world_again_itself() -> None:
    west = _polygon([[-100, 40], [-90, 40], [-90, 50], [-100, 40]], ADMIN="W")
    land = maps.vector_basemap(west)
    assert len(land["features"]) == 1  # no shifted copy: the land layer repeats the world
    ((rings, _),) = maps.unpack_polygons(maps.land_file(land)).features
    assert float(rings[0][:, 0].max()) < 0.5  # west of Greenwich, where the data are
    # asked for (a drawer of GeoJSON that draws longitudes as given), the copy is still made
    assert len(maps.vector_basemap(west, wrap_east_of_deg=-30.0)["features"]) == 2


def test_html_export_inlines_the_reference_layers(launches: pd.DataFrame) -> None:
    view = ev.explorer_view(
        launches,
        filters.Filters(),
        None,
        services=ev.Services(waters=lambda lats, lons: None, odds=lambda *a: None),
    )
    args = {"basemap": "vector", "land": LAND, "eez": EEZ, "land_url": "/a.bin", "eez_url": "/b.bin"}
    served, _groups = ev.explorer_map(view, **args)  # type: ignore[arg-type]
    assert 'fetch("/a.bin")' in _render(served)
    doc = _render(ev.map_document(view, **args))  # type: ignore[arg-type]
    assert "fetch(" not in doc
    assert _inlined(doc, "trajmapBasemap") == maps.land_file(LAND)
    assert _inlined(doc, "trajmapEez") == maps.eez_file(EEZ)
    assert len(mapscript.trajectories(doc)) == int((view.shown["landing_basis"] != "unknown").sum())
    groups = re.findall(r"var (feature_group_\w+) = L\.featureGroup\(", doc)
    assert len(groups) >= 1  # the launches' (and the footprints') groups, each added to the map
    for g in groups:
        assert re.search(re.escape(g) + r"\.addTo\(map_", doc), g


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
