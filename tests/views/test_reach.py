"""The Reach page's view: rings, the launch's maximum range, targets and the map."""

from __future__ import annotations

import pandas as pd
import pytest

from trajmap import reach, records
from trajmap.views import reach as rv


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return reach.load_targets()


def test_preset_rings_are_the_class_presets() -> None:
    assert rv.preset_rings(["MRBM", "ICBM"]) == [(3000.0, "MRBM: 3,000 km"), (13000.0, "ICBM: 13,000 km")]


def test_launch_choices_hold_only_estimates_with_range_and_apogee() -> None:
    df = records.load_launches()
    labels = rv.launch_choices(df)
    assert labels
    assert all(pd.notna(df.loc[i, "apogee_km"]) and pd.notna(df.loc[i, "range_km"]) for i in labels)


def test_launch_reach_of_a_lofted_icbm_gives_ring_band_and_caption() -> None:
    df = records.load_launches()
    rec = df[(df["event_id"] == "2017-11-29") & df["apogee_km"].notna()].iloc[0]
    got = rv.launch_reach(rec)
    ((radius, label),) = got.rings
    assert got.band is not None
    assert got.band[0] <= radius <= got.band[1]
    assert label.startswith("Hwasong-15")
    assert got.caption.startswith("~")
    assert "free-flight (Kepler-only) floor" in got.caption
    assert "burn time" in got.caption
    assert got.warning == ""


@pytest.mark.parametrize("event", ["2022-11-18", "2023-02-18", "2023-07-12", "2023-12-18", "2024-10-31"])
def test_launch_reach_of_a_saturated_loft_says_why_and_shows_floor_and_band(event: str) -> None:
    """Regression (issue 14): "20,015 km, band 20,015-20,015 km" for the Hwasong-15/17/18/19 lofts."""
    df = records.load_launches()
    rows = df[(df["event_id"] == event) & df["apogee_km"].notna() & df["class"].eq("ICBM")]
    assert not rows.empty
    for _, rec in rows.iterrows():
        got = rv.launch_reach(rec)
        assert got.value_text == "orbital-capable under these assumptions: reaches any point on Earth"
        assert "20,015-20,015" not in got.caption
        assert "free-flight (Kepler-only) floor" in got.caption
        assert "to anywhere on Earth" in got.caption
        assert got.band is not None
        assert got.band[0] < got.band[1] - 1000
        assert "reaches anywhere" in got.rings[0][1]


def test_launch_reach_of_a_gliding_warhead_is_its_class_range_with_a_warning() -> None:
    df = records.load_launches()
    rec = df[(df["event_id"] == "2025-01-06") & df["apogee_km"].notna()].iloc[0]
    got = rv.launch_reach(rec)
    assert got.rings == ((5500.0, "Hwasong-16B: IRBM class range, up to 5,500 km"),)
    assert got.warning.startswith("No maximum-range estimate for this launch: this flight was not")


def test_reach_view_counts_targets_in_the_largest_ring(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", rv.preset_rings(["MRBM", "IRBM"]), targets)
    assert view.reach_km == 5500.0
    assert view.zoom == 2
    n_in = int(view.table["in_reach"].sum())
    assert view.heading == f"Targets: {n_in} of {len(view.table)} within 5,500 km of Sunan"
    guam = view.table[view.table["name"].str.contains("Guam")]
    assert guam["in_reach"].all()


def test_reach_view_without_rings_has_no_table(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", [], targets)
    assert view.table is None
    assert view.heading == ""
    assert view.zoom == 5


def test_reach_map_draws_every_target_on_the_sites_side_of_the_antimeridian(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", [(13000.0, "ICBM")], targets)
    _base, fg = rv.reach_map(view, band=(12000.0, 14000.0), land=None)
    markers = [c for c in fg._children.values() if type(c).__name__ == "CircleMarker"]
    assert len(markers) == len(targets) + 1  # the targets and the site
    assert all(abs(m.location[1] - 125.75) <= 180.0 for m in markers)


@pytest.mark.parametrize(
    ("km", "radius", "capped"),
    [(1000.0, 1000.0, False), (20000.0, 20000.0, False), (20000.5, 20000.0, True), (25000.0, 20000.0, True)],
)
def test_custom_distance_above_the_maximum_is_kept_and_explained(
    km: float, radius: float, capped: bool
) -> None:
    """Regression (issue 14): 25,000 km was silently replaced by another distance."""
    got = rv.custom_ring(km)
    ((r, label),) = got.rings
    assert r == radius
    assert got.typed_km == km
    assert label.startswith(f"{km:,.0f} km")
    assert bool(got.notice) == capped
    if capped:
        assert f"{km:,.0f} km is more than half the Earth's circumference" in got.notice


def test_margin_is_measured_against_the_ring_the_within_column_names(targets) -> None:
    """Regression (issue 14): margin_km used the largest ring while 'within' named the smallest."""
    rings = rv.preset_rings(["MRBM", "IRBM", "ICBM"])
    table = rv.reach_view(39.03, 125.75, "Sunan", rings, targets).table
    radius = {label: r for r, label in rings}
    for row in table.itertuples():
        expected = radius[row.first_ring] if row.first_ring else 13000.0
        assert row.range_used_km == expected
        assert row.margin_km == pytest.approx(expected - row.distance_km, abs=0.11)
    seoul = table[table["name"] == "Seoul"].iloc[0]
    assert seoul["first_ring"] == "MRBM: 3,000 km"
    assert seoul["margin_km"] < 3000.0


def test_targets_cite_plausible_sources_and_hold_the_naval_bases(targets) -> None:
    """Regression (issue 14): Tokyo, London, New York cited a sea-surface-temperature paper, Denver a
    wine site."""
    assert not targets["source_url"].str.contains("docslib|winenfood|edocr|tripomatic|findlatlong").any()
    ne = "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/50m-populated-places/"
    by_key = targets.set_index("target")
    for key in ("tokyo", "london", "new-york", "denver", "washington", "paris", "berlin"):
        assert by_key.loc[key, "source_url"] == ne
    for key, lat, lon in (("yokosuka", 35.29, 139.66), ("sasebo", 33.16, 129.72)):
        assert by_key.loc[key, "kind"] == "base"
        assert by_key.loc[key, "lat"] == pytest.approx(lat, abs=0.05)
        assert by_key.loc[key, "lon"] == pytest.approx(lon, abs=0.05)
        assert by_key.loc[key, "source_url"].startswith("https://en.wikipedia.org/wiki/")
    assert (
        targets["source_url"]
        .str.startswith(("https://www.naturalearthdata.com/", "https://en.wikipedia.org/"))
        .all()
    )


def test_url_params_are_the_ring_parameters() -> None:
    assert rv.url_params(site_key="sohae", lat=None, lon=None, custom_km=None) == {"ring_site": "sohae"}
    assert rv.url_params(site_key=None, lat=-33.9, lon=151.2, custom_km=2000.0) == {
        "ring_lat": "-33.9",
        "ring_lon": "151.2",
        "ring_km": "2000",
    }
    assert rv.url_params(site_key="sunan", lat=None, lon=None, custom_km=None, classes=["SRBM", "ICBM"]) == {
        "ring_site": "sunan",
        "ring_class": "SRBM,ICBM",
    }


def test_url_params_carry_rotation_and_the_modes() -> None:
    assert rv.url_params(site_key="sunan", lat=None, lon=None, custom_km=None, rotating=True) == {
        "ring_site": "sunan",
        "ring_rot": "1",
    }
    assert rv.url_params(
        site_key=None, lat=None, lon=None, custom_km=3400.0, mode="reverse", target="hagatna"
    ) == {"ring_km": "3400", "ring_mode": "reverse", "ring_target": "hagatna"}
    assert rv.url_params(
        site_key=None, lat=None, lon=None, custom_km=None, classes=["IRBM"], mode="border", country="RUS"
    ) == {"ring_class": "IRBM", "ring_mode": "border", "ring_country": "RUS"}


def test_reach_view_with_footprints_uses_them_for_table_people_and_map(targets) -> None:
    from trajmap import cities

    rings = rv.preset_rings(["IRBM", "ICBM"])
    fps = rv.footprints_for(39.03, 125.75, rings)
    view = rv.reach_view(
        39.03, 125.75, "Sunan", rings, targets, city_table=cities.load_cities(), footprints=fps
    )
    assert view.heading.startswith("Targets: ")
    assert "rotating-Earth footprint" in view.heading
    assert "launch_azimuth_deg" in view.columns
    assert "launch azimuth whose landing" in view.footprint_caption
    assert "not re-optimised" in view.footprint_caption  # the model's assumptions are stated
    assert [p["footprint"] for p in view.people] == ["IRBM: 5,500 km", "ICBM: 13,000 km"]
    assert view.people[0]["cities"] < view.people[1]["cities"]
    flat = rv.reach_view(39.03, 125.75, "Sunan", rings, targets, city_table=cities.load_cities())
    assert [p["ring"] for p in flat.people] == ["IRBM: 5,500 km", "ICBM: 13,000 km"]
    m, fg = rv.reach_map(view, band=None, land=None)
    m.add_child(fg)
    html = m.get_root().render()
    assert html.count("trajmap-footprint") == 2
    assert html.count("trajmap-ring") >= 2  # the non-rotating rings, dashed, for comparison
    assert '"dashArray": "6 6"' in html


def test_footprints_for_a_launch_use_its_burnout_speed() -> None:
    df = records.load_launches()
    rec = df[(df["event_id"] == "2017-11-29") & df["apogee_km"].notna()].iloc[0]
    got = rv.launch_reach(rec)
    assert got.speed_km_s is not None
    assert 6.5 < got.speed_km_s < 7.9
    ((fp, label),) = rv.footprints_for(39.03, 125.75, got.rings, got.speed_km_s)
    assert fp.speed_km_s == got.speed_km_s
    assert label == got.rings[0][1]
    assert fp.range_toward(90.0) > got.rings[0][0] > fp.range_toward(270.0)


def test_reverse_view_lists_the_sites_and_draws_the_launch_area() -> None:
    from trajmap.views import reverse_reach as rrv

    view = rrv.reverse_view(13.48, 144.79, "Guam", 3400.0, "3,400 km", records.load_sites())
    assert view.heading.startswith("Sites: ")
    assert view.heading.endswith(" known launch sites reach Guam with 3,400 km")
    assert set(rrv.REVERSE_COLUMNS) <= set(view.table.columns)
    assert "geodesic ring of that range around the target" in view.caption
    turning = rrv.reverse_view(13.48, 144.79, "Guam", 3400.0, "3,400 km", records.load_sites(), rotating=True)
    assert "rotation included" in turning.caption
    m, fg = rrv.reverse_map(view, land=None)
    m.add_child(fg)
    assert "trajmap-reverse" in m.get_root().render()


def test_border_view_measures_from_the_territory(targets) -> None:
    from trajmap import border, cities, layers
    from trajmap.views import border_reach as brv

    geom, name = border.country_geometry(layers.load_geojson("countries"), "PRK")
    rings = [border.border_ring(geom, r, "PRK", name) for r in (1000.0, 3000.0)]
    view = brv.border_view(rings, name, targets, cities.load_cities())
    seoul = view.table[view.table["target"] == "seoul"].iloc[0]
    assert 20.0 < seoul["distance_km"] < 60.0  # the DMZ is ~40 km north of Seoul
    assert seoul["first_ring"] == "1,000 km"
    assert view.heading.endswith("within 3,000 km of the territory of North Korea")
    assert "rotation is not applied" in view.caption
    assert [p["ring"] for p in view.people] == ["1,000 km", "3,000 km"]
    assert all(cities.POPULATION_LABEL in p for p in view.people)
    m, fg = brv.border_map(view, land=None)
    m.add_child(fg)
    assert m.get_root().render().count("trajmap-border-ring") >= 2
