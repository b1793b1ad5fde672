"""EEZ membership and verdicts against World EEZ v11 (shared copy), and their uncertainty."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trajmap import geodesy, layers, uncertainty, zones

SHARED = Path(os.environ.get("TRAJMAP_DATA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data")


@pytest.fixture(scope="module", autouse=True)
def shared_data() -> Iterator[None]:
    """Point the layers at the shared copies for this module (the index is built once per process)."""
    if not (SHARED / layers.LAYERS["eez"].filename).is_file():
        pytest.skip(f"shared EEZ copy not found under {SHARED}")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(layers.DATA_DIR_ENV, str(SHARED))
        yield


@pytest.fixture
def places(tmp_path: Path) -> Path:
    """A small places file (the repo's data/places.csv is curated elsewhere and may change)."""
    f = tmp_path / "places.csv"
    f.write_text(
        "place,name,kind,country,lat,lon,source_url\n"
        "oga-peninsula,the Oga Peninsula,peninsula,JPN,40.0050,139.7017,https://example.org/oga\n"
        "okushiri-island,Okushiri Island,island,JPN,42.1492,139.4672,https://example.org/okushiri\n"
        "vladivostok,Vladivostok,city,RUS,43.1155,131.8855,https://example.org/vladivostok\n",
        encoding="utf-8",
    )
    return f


# (name, lat, lon, status, MRGIDs of the features holding the point)
KNOWN = [
    ("japan-pacific-south-of-honshu", 30.0, 140.0, "inside", [8487]),
    # Japan/Korea Joint Development Zone, East China Sea south of Jeju (its polygon spans 28.6-33.0N,
    # 125.9-129.1E); this is shapely's representative point of MRGID 21796.
    ("japan-korea-joint-regime", 30.836, 127.518, "joint regime", [21796]),
    ("japan-korea-joint-regime-2", 32.5, 127.5, "joint regime", [21796]),
    ("mid-sea-of-japan-russian-eez", 41.0, 134.0, "outside", [5690]),
    ("liancourt-rocks", 37.24, 131.87, "overlapping claim", [48955]),
    ("honshu-nagano", 36.0, 138.5, "on land", []),
    ("landing-2025-01-06", 43.88, 137.59, "outside", [5690]),
    ("high-seas-east-of-japan", 38.0, 160.0, "outside", []),
    # 0.2 km outside / 5 km inside the outer limit of Minamitorishima's zone (offsets from the line's
    # nearest point to 25N 150E along the normal, computed with geodesy.destination).
    ("boundary-0.2km-outside", 24.93472, 150.37512, "boundary", []),
    ("inside-5km", 24.92585, 150.42568, "inside", [8487]),
]


@pytest.mark.parametrize(("name", "lat", "lon", "status", "mrgids"), KNOWN, ids=[k[0] for k in KNOWN])
def test_known_points(name: str, lat: float, lon: float, status: str, mrgids: list[int]) -> None:
    v = zones.verdict(lat, lon, "JPN")
    assert v.status == status, v.summary
    assert [h.mrgid for h in v.zones] == mrgids
    assert [h.mrgid for h in zones.eez_at(lat, lon)] == mrgids
    assert v.side in ("inside", "outside")
    assert v.signed_distance_km == (-v.distance_km if v.side == "inside" else v.distance_km)


WATERS = [
    (30.0, 140.0, "inside (Japan's EEZ)"),
    (41.0, 134.0, "outside (Russia's EEZ)"),
    (38.0, 160.0, "outside (high seas)"),
    (32.5, 127.5, "the joint regime area"),
    (37.24, 131.87, "the overlapping claim"),
]


@pytest.mark.parametrize(("lat", "lon", "start"), WATERS)
def test_waters_cell_names_the_zone(lat: float, lon: float, start: str) -> None:
    assert zones.verdict(lat, lon, "JPN").waters.lower().startswith(start.lower())


def test_waters_cell_on_land_says_where(places: Path) -> None:
    # regression: the table said only "land" for KCNA's 2025-01-06 claim (a point in northern Hokkaido)
    v = zones.verdict(40.0, 140.0, "JPN", places=places)
    assert v.status == "on land"
    assert v.waters.startswith("on land, about ")
    assert "Oga Peninsula" in v.waters


def test_landing_2025_01_06_is_in_russias_eez_not_japans() -> None:
    v = zones.verdict(43.88, 137.59, "JPN")
    assert v.status == "outside"
    assert v.side == "outside"
    assert [h.sovereigns for h in v.zones] == [("RUS",)]
    assert v.zones[0].kind == "200 NM"
    assert v.zones[0].name == "Russian Exclusive economic Zone"
    assert v.summary.startswith("outside Japan's EEZ (about ")
    assert "in Russia's EEZ" in v.summary
    assert 20 < v.distance_km < 100
    assert zones.verdict(43.88, 137.59, "RUS").status == "inside"


def test_zone_hits_are_normalised() -> None:
    hit = zones.ZoneHit.from_properties(
        {
            "mrgid": 1,
            "geoname": "X",
            "pol_type": "200 NM",
            "iso_sov1": "JPN",
            "iso_sov2": None,
            "iso_sov3": "",
        }
    )
    assert hit == zones.ZoneHit(1, "X", "200 NM", ("JPN",))
    assert (
        zones.ZoneHit.from_properties(
            {"MRGID": 2, "GEONAME": "Y", "POL_TYPE": "200NM", "ISO_SOV1": "KOR"}
        ).kind
        == "200 NM"
    )
    (jdz,) = zones.eez_at(30.836, 127.518)
    assert jdz.kind == "joint regime"
    assert set(jdz.sovereigns) == {"JPN", "KOR"}
    (senkaku,) = zones.eez_at(25.75, 123.5)
    assert senkaku.kind == "overlapping claim"
    assert senkaku.sovereigns == ("TWN", "JPN", "CHN")
    with pytest.raises(ValueError, match="unknown POL_TYPE"):
        zones.ZoneHit.from_properties({"MRGID": 3, "GEONAME": "Z", "POL_TYPE": "12NM", "ISO_SOV1": "JPN"})


def test_boundary_band_and_distances_along_a_normal() -> None:
    # The line's nearest point to 25N 150E, then points along the outward normal.
    foot_lat, foot_lon = 24.93438, 150.37707
    out = geodesy.inverse(foot_lat, foot_lon, 25.0, 150.0).bearing_deg
    for offset_km, status in [(-5.0, "inside"), (-0.5, "boundary"), (0.2, "boundary"), (3.0, "outside")]:
        bearing = out if offset_km > 0 else (out + 180.0) % 360.0
        lat, lon = geodesy.destination(foot_lat, foot_lon, bearing, abs(offset_km))
        v = zones.verdict(lat, lon)
        assert v.status == status, (offset_km, v)
        assert v.signed_distance_km == pytest.approx(offset_km, abs=0.1)


def test_scalar_and_vector_answers_agree_on_random_points() -> None:
    rng = np.random.default_rng(20250106)
    lats, lons = rng.uniform(15.0, 50.0, 3000), rng.uniform(115.0, 160.0, 3000)
    many = zones.eez_at_many(lats, lons)
    assert many == [zones.eez_at(a, b) for a, b in zip(lats, lons, strict=True)]
    batch = zones.verdicts(lats, lons, "JPN")
    assert len(batch) == 3000
    assert {"inside", "outside", "on land"} <= set(batch.status)
    for i in range(0, 3000, 10):  # the scalar verdict is ~10 ms (a projection per point)
        v = zones.verdict(lats[i], lons[i], "JPN")
        assert v.status == batch.status[i], (lats[i], lons[i])
        assert v.signed_distance_km == pytest.approx(batch.signed_distance_km[i], rel=0.01, abs=0.05)
        w = batch[i]
        assert (w.status, w.side, w.zones) == (v.status, v.side, v.zones)


@pytest.mark.parametrize("country", ["JPN", "KOR"])
def test_batch_verdicts_equal_the_per_point_searches_on_random_points(country: str) -> None:
    """The batch's shortcuts (one nearest-point call on the whole prepared line, land and coastal-gap
    searches only where the status depends on them, statuses by array) give exactly what the per-point
    searches give: the nearest piece from the piece tree, every index tested for every point."""
    import importlib

    import shapely

    zindex = importlib.import_module("trajmap.zones.index")
    zverdicts = importlib.import_module("trajmap.zones.verdicts")  # zones.verdicts is the function

    rng = np.random.default_rng(7)
    lats, lons = rng.uniform(20.0, 48.0, 1500), rng.uniform(120.0, 155.0, 1500)
    # and three in the coastal gap east of Japan's zone (in no zone, within 3 km of it: "inside")
    lats = np.concatenate([lats, [28.5363, 37.3296, 34.0698]])
    lons = np.concatenate([lons, [145.8435, 145.6546, 144.444]])
    idx = zindex.zone_index()
    c = idx.country(country)
    batch = zones.verdicts(lats, lons, country)
    pts = shapely.points(lons, lats)
    pts_p = shapely.points(*zindex.to_lcc(lons, lats))
    qi, li = c.line_tree.query_nearest(pts_p, all_matches=False)
    nearest = np.empty(len(lats), dtype=object)
    nearest[qi] = c.lines[li]
    foot = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(nearest, pts_p), 0))
    foot_lon, foot_lat = zindex.LCC.transform(foot[:, 0], foot[:, 1], direction="INVERSE")
    dist, _ = geodesy.inverses(lats, lons, np.asarray(foot_lat), np.asarray(foot_lon))
    seen = set()
    for i in range(len(lats)):
        hits = zones.eez_at(lats[i], lons[i], index=idx)
        on_land = any(shapely.intersects(g, pts[i]) for g in idx.land)
        inside = any(shapely.intersects(g, pts[i]) for g in c.filled_tree.geometries)
        coastal = any(shapely.dwithin(g, pts_p[i], 3000.0) for g in c.parts_p_tree.geometries)
        want = zverdicts._status(hits, country, on_land, inside, coastal, float(dist[i]))
        assert (batch.status[i], batch.zones[i]) == (want, hits), (lats[i], lons[i])
        assert batch.signed_distance_km[i] == (-dist[i] if inside else dist[i])
        seen.add(want)
    assert {"inside", "outside", "on land"} <= seen
    if country == "JPN":
        assert list(batch.status[-3:]) == ["inside"] * 3
        assert all(not z for z in batch.zones[-3:])
        assert min(batch.signed_distance_km[-3:]) > 3.0


def _tricky_points(geoms: np.ndarray, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``(lons, lats)`` where a grid shortcut could go wrong: the geometries' vertices, points on their
    edges and a hair (1e-9 degrees) off them, on the grid's cell edges (whole degrees) and its outer
    edges, on the antimeridian, at and near the poles, and anywhere in the region or the world."""
    import shapely

    rng = np.random.default_rng(seed)
    xy = shapely.get_coordinates(geoms)
    k = rng.choice(len(xy) - 1, n)
    f = rng.uniform(0.0, 1.0, (n, 1))
    on_edge = xy[k] + f * (xy[k + 1] - xy[k])  # mostly on an edge (the last vertex of a ring jumps: anywhere)
    hair = on_edge + rng.choice([-1e-9, 0.0, 1e-9], (n, 2))
    whole = np.column_stack([rng.integers(100, 181, n), rng.integers(-5, 61, n)]).astype(float)
    half = np.column_stack([rng.integers(100, 181, n), rng.uniform(-5.0, 60.0, n)])
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    outer = np.array(
        [[x0, y0], [x1, y1], [x0, y1], [x1, y0], [x1, 30.0], [135.0, y1], [x0, 30.0], [135.0, y0]]
    )
    poles = np.array([[0.0, 90.0], [180.0, 90.0], [-180.0, -90.0], [140.0, 89.9999999], [140.0, -89.9999999]])
    antimeridian = np.column_stack(
        [np.repeat([180.0, -180.0], n // 2), rng.uniform(-90.0, 90.0, 2 * (n // 2))]
    )
    region = np.column_stack([rng.uniform(100.0, 180.0, n), rng.uniform(-5.0, 60.0, n)])
    world = np.column_stack([rng.uniform(-180.0, 180.0, n), rng.uniform(-90.0, 90.0, n)])
    pts = np.concatenate([xy[k], on_edge, hair, whole, half, outer, poles, antimeridian, region, world])
    pts[:, 1] = np.clip(pts[:, 1], -90.0, 90.0)
    return pts[:, 0], pts[:, 1]


def _brute_pairs(geoms: np.ndarray, lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every geometry tested against every point with ``shapely.intersects``: (point, geometry) by point."""
    import shapely

    pts = shapely.points(lons, lats)
    hit = np.array([shapely.intersects(g, pts) for g in geoms]).T  # (points, geometries)
    return np.nonzero(hit)


def test_cell_grid_answers_exactly_as_intersects_on_toy_shapes() -> None:
    """Shapes with edges on the cell edges, a hole, a sliver, a line, a point and an empty geometry, against
    a lattice of points every 0.25 degrees (many on cell edges and corners) and random ones."""
    import shapely

    from trajmap.zones.index import CellIndex

    geoms = np.array(
        [
            shapely.box(130.0, 30.0, 132.0, 32.0),
            shapely.Polygon(
                [(129, 29), (135, 29), (135, 35), (129, 35)], [[(130.5, 30.5), (133, 30.5), (133, 33)]]
            ),
            shapely.Polygon([(131.0, 31.0), (131.25, 34.0), (131.0000001, 31.0)]),
            shapely.LineString([(128.0, 28.0), (136.0, 36.0)]),
            shapely.Point(133.0, 34.0),
            shapely.Polygon(),
        ],
        dtype=object,
    )
    gx, gy = np.meshgrid(np.arange(127.0, 137.01, 0.25), np.arange(27.0, 37.01, 0.25))
    rng = np.random.default_rng(3)
    lons = np.concatenate([gx.ravel(), rng.uniform(127.0, 137.0, 3000), [135.0, 129.0, 136.0]])
    lats = np.concatenate([gy.ravel(), rng.uniform(27.0, 37.0, 3000), [35.0, 29.0, 36.0]])
    for cell_deg in (1.0, 0.5, 3.0):
        pi, gi = CellIndex(geoms, cell_deg).pairs(lons, lats)
        want_pi, want_gi = _brute_pairs(geoms, lons, lats)
        assert np.array_equal(pi, want_pi), cell_deg
        assert np.array_equal(gi, want_gi), cell_deg
    assert {3, 4} <= set(gi.tolist())  # the line and the point hold the lattice points on them


def test_cell_grids_answer_exactly_as_intersects_on_the_eez_and_land() -> None:
    """The zones' grid and a country's (zones, land and filled 200 NM area) against every geometry tested
    against every point, on points on and next to boundaries, on cell edges, the antimeridian, the poles."""
    import importlib

    zindex = importlib.import_module("trajmap.zones.index")
    idx = zindex.zone_index()
    lons, lats = _tricky_points(np.concatenate([idx.geoms, idx.land]), 300, seed=8)
    pi, gi = idx.cells.pairs(lons, lats)
    want = _brute_pairs(idx.geoms, lons, lats)
    assert np.array_equal(pi, want[0])
    assert np.array_equal(gi, want[1])
    c = idx.country("JPN")
    pi, gi = c.cells.pairs(lons, lats)
    want = _brute_pairs(c.cells.geoms, lons, lats)
    assert np.array_equal(pi, want[0])
    assert np.array_equal(gi, want[1])
    assert len(np.unique(pi)) > 1000  # many points are held by something


@pytest.mark.parametrize("country", ["JPN", "KOR"])
def test_batch_verdicts_equal_the_per_point_searches_on_boundary_antimeridian_and_pole_points(
    country: str,
) -> None:
    """The batch verdicts against the rules applied per point, every geometry tested with shapely and the
    distance to the nearest point of the whole line (shapely.shortest_line), on the tricky points."""
    import importlib

    import shapely

    zindex = importlib.import_module("trajmap.zones.index")
    zverdicts = importlib.import_module("trajmap.zones.verdicts")
    idx = zindex.zone_index()
    c = idx.country(country)
    lons, lats = _tricky_points(
        np.concatenate([idx.geoms, c.lines_lonlat, c.filled_tree.geometries]), 120, seed=9
    )
    batch = zones.verdicts(lats, lons, country)
    pts_p = shapely.points(*zindex.to_lcc(lons, lats))
    foot = shapely.get_coordinates(shapely.get_point(shapely.shortest_line(c.line_p, pts_p), 0))
    foot_lon, foot_lat = zindex.LCC.transform(foot[:, 0], foot[:, 1], direction="INVERSE")
    dist, _ = geodesy.inverses(lats, lons, np.asarray(foot_lat), np.asarray(foot_lon))
    zi, zg = _brute_pairs(idx.geoms, lons, lats)
    on_land = np.zeros(len(lats), dtype=bool)
    on_land[_brute_pairs(idx.land, lons, lats)[0]] = True
    inside = np.zeros(len(lats), dtype=bool)
    inside[_brute_pairs(c.filled_tree.geometries, lons, lats)[0]] = True
    with np.errstate(invalid="ignore"):  # the poles project to infinity: near nothing
        coastal = np.array([shapely.dwithin(g, pts_p, 3000.0) for g in c.parts_p_tree.geometries]).any(axis=0)
    for i in range(len(lats)):
        hits = [idx.hits[g] for g in zg[zi == i]]
        want = zverdicts._status(hits, country, on_land[i], inside[i], coastal[i], float(dist[i]))
        assert (batch.status[i], batch.zones[i]) == (want, hits), (lats[i], lons[i])
        assert batch.signed_distance_km[i] == (-dist[i] if inside[i] else dist[i]), (lats[i], lons[i])
    assert {"inside", "outside", "on land", "boundary"} <= set(batch.status)


@pytest.mark.parametrize("country", ["JPN", "KOR"])
def test_nearest_line_points_are_exactly_shapelys(country: str) -> None:
    """The grid's nearest points (numpy, GEOS's formulas) equal shapely.shortest_line's on the whole line:
    anywhere in and beyond the grid, on the line's vertices, on its segments and a metre off them."""
    import importlib

    import shapely

    zindex = importlib.import_module("trajmap.zones.index")
    c = zindex.zone_index().country(country)
    rng = np.random.default_rng(12)
    x0, y0, x1, y1 = shapely.bounds(c.line_p)
    v = shapely.get_coordinates(c.line_p)
    k = rng.choice(len(v) - 1, 2000)
    on = v[k] + rng.uniform(0.0, 1.0, (2000, 1)) * (v[k + 1] - v[k])
    xy = np.concatenate(
        [
            np.column_stack(
                [rng.uniform(x0 - 1.5e6, x1 + 1.5e6, 20000), rng.uniform(y0 - 1.5e6, y1 + 1.5e6, 20000)]
            ),
            v,
            on,
            on + rng.normal(0.0, 1.0, on.shape),
            [[np.inf, 0.0], [-1e12, 5.0]],
        ]
    )
    with np.errstate(invalid="ignore"):
        want = shapely.get_coordinates(shapely.shortest_line(c.line_p, shapely.points(xy)))[0::2]
    got = c.nearest.feet(xy[:, 0], xy[:, 1])
    assert np.array_equal(got[:-2], want[:-2])
    assert np.isnan(got[-2]).all() or np.array_equal(got[-2], want[-2])
    assert np.array_equal(got[-1], want[-1])


def test_nearest_place_is_phrased_like_official_statements(places: Path) -> None:
    lat, lon = geodesy.destination(40.0050, 139.7017, 270.0, 252.0)
    assert (
        zones.nearest_place(lat, lon, country="JPN", places=places) == "about 250 km W of the Oga Peninsula"
    )
    lat, lon = geodesy.destination(42.1492, 139.4672, 292.5, 47.0)
    assert zones.nearest_place(lat, lon, country="JPN", places=places) == "about 45 km WNW of Okushiri Island"
    assert zones.nearest_place(43.0, 132.0, country="RUS", places=places) == "about 16 km SE of Vladivostok"
    assert zones.nearest_place(40.005, 139.7017, places=places) == "at the Oga Peninsula"
    assert zones.nearest_place(40.0, 139.0, places=places.with_name("absent.csv")) is None
    v = zones.verdict(43.88, 137.59, places=places)
    assert v.nearest_place is not None
    assert v.summary.endswith(v.nearest_place)
    assert re.fullmatch(r"about \d+0 km [NSEW]{1,3} of Okushiri Island", v.nearest_place)


def test_unknown_country_and_bad_coordinates() -> None:
    with pytest.raises(ValueError, match="no 200 NM zone for country 'XXX'"):
        zones.verdict(30.0, 140.0, "XXX")
    with pytest.raises(ValueError, match="latitudes"):
        zones.eez_at(95.0, 140.0)


def _toy_index() -> zones.ZoneIndex:
    def sq(mrgid: int, kind: str, sov: list[str], x0: float, x1: float) -> dict[str, Any]:
        ring = [[x0, 30.0], [x1, 30.0], [x1, 32.0], [x0, 32.0], [x0, 30.0]]
        props: dict[str, Any] = {"MRGID": mrgid, "GEONAME": f"zone {mrgid}", "POL_TYPE": kind}
        props.update({f"ISO_SOV{i + 1}": s for i, s in enumerate(sov)})
        return {
            "type": "Feature",
            "properties": props,
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }

    fc = {
        "type": "FeatureCollection",
        "features": [
            sq(1, "200NM", ["JPN"], 130.0, 132.0),
            sq(2, "Joint regime", ["KOR", "JPN"], 132.0, 133.0),
            sq(3, "200 NM", ["KOR"], 133.0, 135.0),
        ],
    }
    return zones.ZoneIndex(fc)


def test_an_injected_feature_collection_drives_the_answers() -> None:
    idx = _toy_index()
    batch = zones.verdicts([31.0, 31.0, 31.0, 31.0], [131.0, 132.5, 134.0, 136.0], "JPN", index=idx)
    assert list(batch.status) == ["inside", "joint regime", "outside", "outside"]
    assert zones.verdict(31.0, 131.995, "JPN", index=idx).status == "boundary"
    assert zones.verdict(31.0, 134.0, "KOR", index=idx).status == "inside"


def test_overlay_is_small_simplified_and_colour_coded() -> None:
    overlay = zones.eez_overlay_geojson()
    size_kb = len(json.dumps(overlay, separators=(",", ":")).encode()) / 1024
    assert size_kb <= 300, size_kb
    feats = {f["properties"]["MRGID"]: f["properties"] for f in overlay["features"]}
    assert len(feats) == 33
    assert set(feats[8487]) == {"MRGID", "GEONAME", "kind", "sovereigns", "fill", "dashed"}
    fills = {feats[m]["fill"] for m in (8487, 8327, 8328, 8486, 5690, 8321, 8322, 48957)}
    assert len(fills) == 8  # JPN, KOR, PRK, CHN, RUS, TWN, PHL, USA all differ
    assert feats[21796]["dashed"]
    assert feats[48955]["dashed"]
    assert not feats[8487]["dashed"]
    assert feats[21796]["fill"] not in fills
    assert feats[48955]["fill"] not in fills
    coords = json.dumps(overlay["features"][0]["geometry"]["coordinates"])
    assert not re.search(r"\.\d{4,}", coords)
    assert "marineregions.org" in overlay["attribution"]


def test_probabilities_sum_to_one_and_are_deterministic() -> None:
    args = (39.0, 125.8, 58.0, 1100.0)
    a = uncertainty.verdict_distribution(*args, bearing_sd_deg=1.0, range_sd_km=20.0, n=1000, seed=7)
    b = uncertainty.verdict_distribution(*args, bearing_sd_deg=1.0, range_sd_km=20.0, n=1000, seed=7)
    assert a == b
    assert sum(a.probabilities.values()) == pytest.approx(1.0)
    assert set(a.probabilities) == set(zones.STATUSES)
    assert a.status == "outside", a.summary
    assert a.zone_probabilities["Russian Exclusive economic Zone"] > 0.95
    lats, lons = uncertainty.landing_distribution(*args, n=500, seed=1)
    lats2, _ = uncertainty.landing_distribution(*args, n=500, seed=1)
    assert lats.shape == lons.shape == (500,)
    assert np.array_equal(lats, lats2)
    dist, _ = geodesy.inverses(39.0, 125.8, lats, lons)
    assert np.std(dist) == pytest.approx(110.0, rel=0.15)  # default range sigma: 10% of 1100 km


def test_a_landing_on_the_line_is_uncertain() -> None:
    foot_lat, foot_lon = 24.93438, 150.37707
    inward = (geodesy.inverse(foot_lat, foot_lon, 25.0, 150.0).bearing_deg + 180.0) % 360.0
    site_lat, site_lon = geodesy.destination(foot_lat, foot_lon, (inward + 90.0) % 360.0, 600.0)
    to_foot = geodesy.inverse(site_lat, site_lon, foot_lat, foot_lon)
    u = uncertainty.verdict_distribution(site_lat, site_lon, to_foot.bearing_deg, to_foot.distance_km, n=2000)
    assert u.status == "uncertain"
    assert u.probabilities["inside"] > 0.2
    assert u.probabilities["outside"] > 0.2
    assert sum(u.probabilities.values()) == pytest.approx(1.0)
    assert re.match(r"inside Japan's EEZ: \d+%, outside: \d+%", u.odds) or re.match(
        r"outside: \d+%, inside Japan's EEZ: \d+%", u.odds
    )
    assert "±5°" in u.summary
    assert "1 sigma" in u.summary


def test_offline_without_the_full_layers_answers_from_the_regional_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(layers.DATA_DIR_ENV, str(tmp_path))
    v = zones.verdict(43.88, 137.59)  # the 2025-01-06 landing point
    assert v.status == "outside"
    assert [h.sovereigns for h in v.zones] == [("RUS",)]
    assert layers.source("eez") == "regional default"
