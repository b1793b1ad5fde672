"""Where the map writes its ring labels and frames the selected launch (what covers what in the browser:
tests/browser/test_map_layout.py)."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from trajmap import dataset, filters, geodesy, maps
from trajmap.views import explorer as ev


@pytest.mark.parametrize(
    ("center", "zoom", "point", "expected"),
    [
        ((0.0, 0.0), 0, (0.0, 180.0), (128.0, 0.0)),  # half the world's 256 px east
        ((0.0, 0.0), 0, (66.5132604431, 0.0), (0.0, -64.0)),  # Mercator y = pi/2: a quarter of the world
        ((0.0, 170.0), 1, (0.0, -170.0), (20.0 / 360.0 * 512, 0.0)),  # taken on the centre's side of 180
        ((40.0, 130.0), 5, (40.0, 130.0), (0.0, 0.0)),
    ],
)
def test_map_frame_pixel_is_web_mercator_from_the_centre(center, zoom, point, expected) -> None:
    x, y = maps.MapFrame(center, zoom).pixel(*point)
    assert x == pytest.approx(expected[0], abs=1e-6)
    assert y == pytest.approx(expected[1], abs=1e-6)


def _label_box(marker, frame: maps.MapFrame) -> tuple[float, float, float, float]:
    """The label's box in pixels from the frame's centre, as rings.py lays it out."""
    html = marker.icon.options["html"]
    text = re.sub(r"<[^>]+>", "", html)
    x, y = frame.pixel(*marker.location)
    width = min(7.2 * len(text) + 6, 260.0)
    lines = 1 if "nowrap" in html else math.ceil(1.2 * (7.2 * len(text) + 6) / 260.0)
    x0 = x - 4 - width if "calc(-100% - 4px)" in html else x + 4
    return x0, y - 7.5 * lines, x0 + width, y + 7.5 * lines


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km", "zoom", "label"),
    [
        (39.66, 124.705, 1400.0, 5, "custom: 1,400 km"),  # its point at 150 degrees is off the view
        (-30.0, 150.0, 13000.0, 2, "ICBM: 13,000 km"),  # its point at 150 degrees is at the right edge
        (39.0339, 125.7543, 3000.0, 3, "MRBM: 3,000 km"),  # its point at 150 degrees is near the bottom
        (64.0, 179.5, 900.0, 5, "SRBM: 1,000 km"),  # next to the antimeridian
    ],
)
def test_ring_label_lies_inside_the_frame_where_the_ring_crosses_it(lat, lon, radius_km, zoom, label) -> None:
    frame = maps.MapFrame((lat, lon + 2.0), zoom, right_px=190.0)
    marker = maps.ring_label(lat, lon, radius_km, label, frame=frame)
    assert frame.holds(*_label_box(marker, frame))
    # on the ring, with its longitude on the centre's side
    d = geodesy.inverse(lat, lon, *marker.location).distance_km
    assert d == pytest.approx(radius_km, rel=1e-6)
    assert abs(marker.location[1] - lon) <= 180.0


def test_ring_label_keeps_its_bearing_when_it_fits_and_moves_only_as_far_as_needed() -> None:
    frame = maps.MapFrame((39.0, 126.0), 4)
    marker = maps.ring_label(39.0, 126.0, 500.0, "500 km", bearing_deg=150.0, frame=frame)
    assert marker.location == pytest.approx(geodesy.destination(39.0, 126.0, 150.0, 500.0))
    # a ring off the view altogether: the label stays where it would be without a frame
    far = maps.ring_label(-40.0, -60.0, 500.0, "500 km", frame=frame)
    assert far.location == pytest.approx(maps.ring_label(-40.0, -60.0, 500.0, "500 km").location)


def test_a_footprints_label_stays_on_its_arc() -> None:
    frame = maps.MapFrame((40.0, 134.0), 5, right_px=190.0)
    marker = maps.ring_label(39.03, 125.75, 1200.0, "x" * 90, bearing_deg=76.0, frame=frame, within_deg=10.0)
    bearing = geodesy.inverse(39.03, 125.75, *marker.location).bearing_deg
    assert abs(bearing - 76.0) <= 10.0 + 1e-6
    assert "max-width:260px" in marker.icon.options["html"]  # 90 characters wrap at 260 px


def test_view_for_points_leaves_the_legend_strip_free() -> None:
    points = [(39.0, 125.7), (41.0, 139.5)]
    center, zoom = maps.view_for_points(points, max_zoom=7, right_px=190.0)
    frame = maps.MapFrame(center, zoom, right_px=190.0, margin_px=0.0)
    for p in points:
        assert frame.holds(*frame.pixel(*p), *frame.pixel(*p))
    _, plain_zoom = maps.view_for_points(points, max_zoom=7)
    assert zoom <= plain_zoom
    assert center[1] > (125.7 + 139.5) / 2  # moved east: the points sit left of the strip


@pytest.mark.parametrize("event", ["2017-11-29", "2023-12-18"])
def test_icbm_view_frames_the_selected_launch_and_its_footprints_beside_the_legend(event: str) -> None:
    df = dataset.load()
    flt = filters.Filters(df["date"].min().date(), df["date"].max().date(), ("ICBM",), (), (), ())
    view = ev.explorer_view(df, flt, event)
    frame = maps.MapFrame(view.center, view.zoom, right_px=ev.LEGEND_STRIP_PX, margin_px=0.0)
    rows = view.shown[view.shown["event_id"] == event]
    points = [(r.landing_lat, r.landing_lon) for r in rows.itertuples() if r.landing_basis != "unknown"]
    for f in view.footprints:
        for b in (-2.0, 0.0, 2.0):
            points.append(
                geodesy.destination(
                    f.site_lat,
                    f.site_lon,
                    f.bearing_deg + b * f.odds.bearing_sd_deg,
                    f.range_km + 2 * f.odds.range_sd_km,
                )
            )
    assert len(points) > len(view.footprints) > 0
    for p in points:
        x, y = frame.pixel(*p)
        assert frame.holds(x, y, x, y), (
            f"{p} at ({x:.0f}, {y:.0f}) px is outside the view or under the legend"
        )


def test_labels_on_one_arc_keep_clear_of_each_other() -> None:
    """Five estimates of one launch: their footprints' labels (long, wrapped) do not pile up."""
    frame = maps.MapFrame((40.11, 133.74), 5, right_px=190.0)
    for range_km in (950.0, 960.0, 1000.0, 1000.0, 950.0):
        maps.ring_label(39.03, 125.75, range_km, "y" * 100, bearing_deg=76.0, frame=frame, within_deg=10.0)
    boxes = frame.taken
    assert len(boxes) == 5
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert all(frame.holds(*box) for box in boxes)


@pytest.mark.parametrize("point", [(41.2, 130.1), (-33.9, 151.2), (0.0, -179.0)])
def test_map_frame_location_inverts_pixel(point: tuple[float, float]) -> None:
    frame = maps.MapFrame((20.0, 170.0), 4)
    lat, lon = frame.location(*frame.pixel(*point))
    assert lat == pytest.approx(point[0], abs=1e-9)
    assert (lon - point[1]) % 360.0 == pytest.approx(0.0, abs=1e-9)
