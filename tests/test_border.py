"""Rings from a border: the area within R km of a country's territory, at every size."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point, box

from trajmap import border, layers

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def countries() -> dict:
    return layers.load_geojson("countries")


_BUILT: dict[tuple[str, float], border.BorderRing] = {}


def _ring(countries: dict, code: str, radius_km: float) -> border.BorderRing:
    """Each ring once per test run (Russia's takes a few seconds)."""
    if (code, radius_km) not in _BUILT:
        geom, name = border.country_geometry(countries, code)
        _BUILT[code, radius_km] = border.border_ring(geom, radius_km, code, name)
    return _BUILT[code, radius_km]


def _nearest_boundary_km(geom, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Reference: pyproj.Geod distances to the country's boundary densified every 5 km (no trajmap code)."""
    pts = []
    parts = getattr(geom, "geoms", [geom])
    for part in parts:
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)
            for (x0, y0), (x1, y1) in itertools.pairwise(xy):
                n = max(1, int(GEOD.inv(x0, y0, x1, y1)[2] / 5000.0))
                line = GEOD.npts(x0, y0, x1, y1, n)
                pts.extend([(x0, y0), *line])
    arr = np.array(pts)
    out = []
    for a, b in zip(lat, lon, strict=True):
        _, _, d = GEOD.inv(np.full(len(arr), b), np.full(len(arr), a), arr[:, 0], arr[:, 1])
        out.append(d.min() / 1000.0)
    return np.array(out)


def _outline_sample(ring: border.BorderRing, n: int = 25) -> np.ndarray:
    """Vertices of the area's outline, off the antimeridian cut and the poles (those are not on the ring)."""
    pts = [p for poly in ring.polygons() for r in poly for p in r if abs(p[1]) < 179.99 and abs(p[0]) < 89.99]
    arr = np.array(pts)
    return arr[np.random.default_rng(7).choice(len(arr), min(n, len(arr)), replace=False)]


@pytest.mark.parametrize(
    ("code", "radius_km"),
    [("PRK", 1000.0), ("JPN", 300.0), ("NOR", 2000.0), ("PRK", 13000.0), ("PRK", 18000.0)],
)
def test_the_outline_is_r_from_the_nearest_boundary_point(countries, code: str, radius_km: float) -> None:
    ring = _ring(countries, code, radius_km)
    sample = _outline_sample(ring)
    dist = _nearest_boundary_km(ring.country_shape, sample[:, 0], sample[:, 1])
    np.testing.assert_allclose(dist, radius_km, rtol=0.01)


@pytest.mark.parametrize(("code", "radius_km"), [("PRK", 500.0), ("NOR", 2000.0), ("RUS", 1000.0)])
def test_the_area_contains_the_country(countries, code: str, radius_km: float) -> None:
    ring = _ring(countries, code, radius_km)
    assert ring.shape.is_valid
    assert ring.shape.buffer(1e-6).contains(ring.country_shape)


def test_russia_is_valid_across_the_antimeridian(countries) -> None:
    ring = _ring(countries, "RUS", 1000.0)
    assert ring.shape.is_valid
    west, _, east, _ = ring.shape.bounds
    assert (west, east) == (-180.0, 180.0)
    # Chukotka's side and the mainland's side of 180 are both in, as is Alaska's Seward Peninsula (~700 km)
    assert ring.holds([66.0, 66.0, 65.5], [179.0, -179.0, -166.0]).all()
    assert not ring.holds(40.0, -120.0)[0]  # California is far
    for poly in ring.polygons():
        lons = [p[1] for p in poly[0]]
        assert min(lons) >= -180.0
        assert max(lons) <= 180.0


def test_norway_with_svalbard_reaches_over_the_pole(countries) -> None:
    ring = _ring(countries, "NOR", 1500.0)
    assert ring.shape.is_valid
    assert ring.holds(90.0, 0.0)[0]  # Svalbard (80 N) is within 1,500 km of the pole
    assert ring.holds(89.0, -100.0)[0]
    assert not ring.holds(-60.0, 10.0)[0]


def test_twenty_thousand_km_is_the_whole_earth(countries) -> None:
    ring = _ring(countries, "JPN", 20000.0)
    assert ring.whole_earth
    assert ring.holds([-90.0, 0.0, -37.0], [0.0, -40.0, -37.0]).all()


def test_a_very_large_ring_leaves_out_only_the_far_side(countries) -> None:
    ring = _ring(countries, "PRK", 19000.0)
    assert not ring.whole_earth
    # North Korea's antipode (about 40 S, 53 W, off Argentina) is the one place left out
    assert not ring.holds(-40.2, -52.6)[0]
    assert ring.holds([0.0, -60.0, 60.0], [0.0, -120.0, 10.0]).all()


@pytest.mark.parametrize("radius_km", [0.0, 10.0, 20000.1, float("nan")])
def test_a_radius_out_of_range_is_refused(radius_km: float) -> None:
    with pytest.raises(border.BorderError, match="radius_km"):
        border.border_ring(box(0, 0, 1, 1), radius_km)


def test_an_unknown_country_is_refused(countries) -> None:
    with pytest.raises(border.BorderError, match="'XXX'"):
        border.country_geometry(countries, "XXX")


def test_country_names_are_the_natural_earth_names(countries) -> None:
    names = border.countries(countries)
    assert names["PRK"] == "North Korea"
    assert names["RUS"] == "Russia"
    assert names["NOR"] == "Norway"


@pytest.mark.parametrize(
    ("lat", "lon", "want_km"),
    # reference: pyproj.Geod from (0, 1) to the square's nearest edge point, by hand
    [(0.0, 3.0, 222.639), (0.0, 0.5, 0.0), (3.0, 0.0, 221.151)],
)
def test_distance_to_a_country_is_to_its_nearest_point(lat: float, lon: float, want_km: float) -> None:
    got = border.distance_to_country_km(box(-1.0, -1.0, 1.0, 1.0), [lat], [lon], spacing_km=1.0)[0]
    assert got == pytest.approx(want_km, abs=0.05)
    assert Point(lon, lat).within(box(-1, -1, 1, 1)) == (got == 0.0)


def test_the_map_drawing_glues_the_pieces_cut_at_the_antimeridian(countries) -> None:
    """Regression: Russia's 13,000 km ring drew a vertical line along 180 degrees (the cut's edge)."""
    ring = _ring(countries, "USA", 1000.0)
    pieces = ring.display(-100.0)
    lons = [p[1] for poly in pieces for r in poly for p in r]
    assert min(lons) >= -280.0
    assert max(lons) <= 80.0
    assert min(lons) < -180.0  # the Aleutians, west of 180, drawn next to Alaska
    # no edge runs along the antimeridian any more
    for poly in pieces:
        for r in poly:
            on_cut = [
                abs(abs(a[1]) - 180.0) < 1e-9 and abs(abs(b[1]) - 180.0) < 1e-9
                for a, b in itertools.pairwise(r)
            ]
            assert not any(on_cut)
