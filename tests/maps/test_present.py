"""Presentation mode's map scaling: line widths and pixel radii grow, metre radii and colours stay."""

from __future__ import annotations

import folium
import pytest

from trajmap import maps, presentation, records


def _geojson() -> folium.GeoJson:
    points = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [130, 40]}, "properties": {}}
        ],
    }
    return folium.GeoJson(
        points,
        marker=folium.CircleMarker(radius=3, weight=1),
        style_function=lambda _f: {"weight": 2, "radius": 4, "color": "#123456"},
    )


def test_every_stroke_and_pixel_radius_is_scaled_once() -> None:
    m = folium.Map(location=(40, 130), zoom_start=4)
    fg = folium.FeatureGroup().add_to(m)
    line = folium.PolyLine([(0, 0), (1, 1)], weight=2).add_to(fg)
    dot = folium.CircleMarker((0, 0), radius=5, weight=1).add_to(fg)
    disc = folium.Circle((0, 0), radius=100_000, weight=3).add_to(fg)
    gj = _geojson().add_to(fg)
    maps.scale_strokes([m, fg], 2.0)  # fg is reached twice: scaled once
    assert line.options["weight"] == 4.0
    assert (dot.options["radius"], dot.options["weight"]) == (10.0, 2.0)
    assert (disc.options["radius"], disc.options["weight"]) == (100_000, 6.0)  # metres stay metres
    assert (gj.marker.options["radius"], gj.marker.options["weight"]) == (6.0, 2.0)
    assert gj.style_function({}) == {"weight": 4.0, "radius": 8.0, "color": "#123456"}
    assert '"weight": 4.0' in gj.get_root().render() or '"weight": 4.0' in m.get_root().render()


def test_scale_one_changes_nothing_and_a_wild_scale_is_refused() -> None:
    line = folium.PolyLine([(0, 0), (1, 1)], weight=2)
    maps.scale_strokes([line], 1)
    assert line.options["weight"] == 2
    with pytest.raises(ValueError, match="scale must be above 0 and at most 5"):
        maps.scale_strokes([line], 0)


def test_the_style_sheet_is_fixed_text_that_cannot_leave_its_style_tag() -> None:
    css = presentation.PRESENT_CSS
    assert "<" not in css  # no tag, so no way out of its <style>
    assert "html { font-size: 135% !important; }" in css
    assert presentation.FONT_SCALE >= 1.3
    assert "url(" not in css  # nothing fetched: works offline


def test_the_launches_script_draws_with_the_scale() -> None:
    frame = records.load_launches()
    fg = maps.launches_layer(frame[frame["event_id"] == "2025-01-06"])
    (layers,) = [c for c in fg._children.values() if isinstance(c, maps.LaunchLayers)]
    maps.scale_strokes([fg], 2.0)
    assert layers.scale == 2.0
    m = folium.Map()
    fg.add_to(m)
    assert "K = 2.0;" in m.get_root().render()


def test_the_footprints_and_rings_script_draws_with_the_scale() -> None:
    shapes = maps.Shapes().rings(39.0, 125.8, [(1000.0, "1,000 km")])
    fg = maps.overlay_layer(shapes.footprint(39.0, 125.8, 58.0, 1100.0, 5.0, 110.0, label="odds"))
    (layers,) = [c for c in fg._children.values() if isinstance(c, maps.OverlayLayers)]
    maps.scale_strokes([fg, fg], 1.5)  # reached twice, scaled once
    assert layers.scale == 1.5
    m = folium.Map()
    fg.add_to(m)
    doc = m.get_root().render()
    assert "K = 1.5;" in doc
    assert "weight: s.weight * K" in doc
