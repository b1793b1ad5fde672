"""People in range: Natural Earth's cities within each ring, counted and summed."""

from __future__ import annotations

import pandas as pd
import pytest

from trajmap import cities
from trajmap.views import reach as rv

TOY = pd.DataFrame(
    {
        "name": ["Near", "Mid", "Far"],
        "country": ["X", "X", "Y"],
        "lat": [0.0, 0.0, 0.0],
        "lon": [1.0, 10.0, 100.0],  # about 111, 1,113 and 11,132 km from (0, 0)
        "pop_max": [10, 200, 3000],
    }
)


@pytest.mark.parametrize(
    ("radius_km", "count", "population"),
    [(100.0, 0, 0), (500.0, 1, 10), (2000.0, 2, 210), (12_000.0, 3, 3210)],
)
def test_people_in_a_ring(radius_km: float, count: int, population: int) -> None:
    (got,) = cities.people_in_rings(0.0, 0.0, [(radius_km, "r")], TOY)
    assert (got.count, got.population) == (count, population)
    assert len(got.cities) == count


def test_rings_come_smallest_first_and_largest_cities_first() -> None:
    got = cities.people_in_rings(0.0, 0.0, [(12_000.0, "big"), (2000.0, "small")], TOY)
    assert [g.label for g in got] == ["small", "big"]
    assert got[1].cities == ("Far", "Mid", "Near")


def test_shipped_cities_are_natural_earth_with_five_columns() -> None:
    table = cities.load_cities()
    assert list(table.columns) == ["name", "country", "lat", "lon", "pop_max"]
    assert len(table) > 1000
    tokyo = table[(table["name"] == "Tokyo") & (table["country"] == "JPN")].iloc[0]
    assert tokyo["pop_max"] > 30_000_000


def test_reach_view_shows_people_in_each_ring_labelled_as_metropolitan_population() -> None:
    from trajmap import reach

    view = rv.reach_view(
        39.03, 125.75, "Sunan", rv.preset_rings(["SRBM", "ICBM"]), reach.load_targets(), city_table=TOY
    )
    assert [p["ring"] for p in view.people] == ["SRBM: 1,000 km", "ICBM: 13,000 km"]
    assert cities.POPULATION_LABEL == "metropolitan population, Natural Earth"
    assert all(cities.POPULATION_LABEL in p for p in view.people)
    assert "Natural Earth" in view.people_caption
    real = rv.reach_view(
        39.03, 125.75, "Sunan", [(1000.0, "1,000 km")], reach.load_targets(), city_table=cities.load_cities()
    )
    (ring,) = real.people
    assert "Seoul" in ring["largest"]
    assert ring["cities"] >= 5


def test_missing_column_is_named(tmp_path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("name,lat,lon\nA,0,0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pop_max"):
        cities.load_cities(path)
