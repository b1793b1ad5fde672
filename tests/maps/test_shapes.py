"""The Explorer's footprints, bands and rings as one element (:class:`trajmap.maps.OverlayLayers`): the same
shapes and label places as the folium versions, as data, with the label texts inert."""

from __future__ import annotations

from dataclasses import replace

import folium
import pytest

from tests import mapscript
from trajmap import filters, maps, records
from trajmap.views import explorer as ev


def _folium_parts(fg: folium.FeatureGroup) -> tuple[list[folium.Element], list[folium.Marker]]:
    kids = list(fg._children.values())
    paths = [k for k in kids if isinstance(k, folium.Polygon | folium.PolyLine)]
    return paths, [k for k in kids if isinstance(k, folium.Marker)]


def _render(shapes: maps.Shapes) -> str:
    m = folium.Map()
    maps.overlay_layer(shapes).add_to(m)
    return m.get_root().render()


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [(39.0, 125.8, 3000.0), (39.0, 179.5, 1500.0), (80.0, 10.0, 2500.0), (39.0, 125.8, 19500.0)],
)
def test_rings_are_the_folium_rings_as_data(lat: float, lon: float, radius_km: float) -> None:
    """Same vertices (lon, lat, 4 decimals), fill (a ring around both poles is a line), class and label
    place as :func:`maps.ring_layer`, over the antimeridian, near a pole and for a ring holding both."""
    frame_a, frame_b = maps.MapFrame((lat, lon), 3), maps.MapFrame((lat, lon), 3)
    rings = [(radius_km / 2, ""), (radius_km, "far ring")]
    paths, markers = _folium_parts(maps.ring_layer(lat, lon, rings, dash="6 6", frame=frame_a))
    (drawn,) = mapscript.overlay_shapes(_render(maps.Shapes(frame_b).rings(lat, lon, rings, dash="6 6")))
    assert len(drawn["shapes"]) == len(paths) == 2
    for shape, path in zip(drawn["shapes"], paths, strict=True):
        assert shape["fill"] == isinstance(path, folium.Polygon)
        assert shape["c"] == [[round(lo, 4), round(la, 4)] for la, lo in path.locations]
        assert (shape["cls"], shape["dash"], shape["color"]) == ("trajmap-ring", "6 6", "#c0392b")
    ((label,), (marker,)) = drawn["labels"], markers
    assert label["at"] == [round(marker.location[1], 4), round(marker.location[0], 4)]
    assert label["text"] == "far ring"
    assert frame_a.taken == frame_b.taken  # the same box placed


def test_a_footprint_is_the_folium_footprint_as_data() -> None:
    frame_a, frame_b = maps.MapFrame((40.0, 132.0), 5), maps.MapFrame((40.0, 132.0), 5)
    args = (39.03, 125.86, 58.0, 1100.0, 5.0, 110.0)
    paths, markers = _folium_parts(maps.footprint_layer(*args, label="P(inside) 28%", frame=frame_a))
    (drawn,) = mapscript.overlay_shapes(_render(maps.Shapes(frame_b).footprint(*args, label="P(inside) 28%")))
    ((shape,), (path,)) = drawn["shapes"], paths
    assert shape["c"] == [[round(lo, 4), round(la, 4)] for la, lo in path.locations]
    assert (shape["cls"], shape["fill"], shape["dash"]) == ("trajmap-footprint", True, "3 3")
    ((label,), (marker,)) = drawn["labels"], markers
    assert label["at"] == [round(marker.location[1], 4), round(marker.location[0], 4)]
    assert frame_a.taken == frame_b.taken


def test_labels_are_text_and_nothing_takes_a_click() -> None:
    hostile = '</script><img src=x onerror=alert(1)>{{ 7*7 }}"'
    doc = _render(maps.Shapes().rings(39.0, 125.8, [(3000.0, hostile)]))
    (drawn,) = mapscript.overlay_shapes(doc)
    assert drawn["labels"][0]["text"] == hostile  # read back as given
    assert "<img" not in doc
    assert "</script><img" not in doc
    assert "{{ 7*7 }}" not in doc
    script = doc.split("var shapes = ")[1]
    assert "textContent = l.text" in script
    assert "innerHTML" not in script
    assert script.count("interactive: false") == 2  # the shapes and the labels' markers


def test_an_explorer_view_with_no_shapes_has_no_overlay_element() -> None:
    launches = records.load_launches()
    view = ev.explorer_view(launches, filters.Filters(classes=("SRBM",)), None)
    empty = replace(view, footprints=(), bands=(), reach=None)
    _base, groups = ev.explorer_map(empty, basemap="vector", land=None, eez=None)
    assert [g.layer_name for g in groups] == ["Launches"]
