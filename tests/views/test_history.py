"""The "Over time" view: counts per year and class against counts made independently from the record, the
periods of the animation, the URL decoder, and the map it builds."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from tests import mapscript
from tests.mapscript import trajectories
from trajmap import dataset, maps
from trajmap.views import history as hv


@pytest.fixture(scope="module")
def record() -> pd.DataFrame:
    return dataset.load()  # the full record as shipped (conftest points the record folder at nothing)


def _events_by_hand(df: pd.DataFrame, year: int) -> dict[str, int]:
    """Launch events of ``year`` by class, counted another way: the first row of each event in record
    order gives its date and class."""
    first = df.drop_duplicates("event_id", keep="first")
    first = first[first["date"].dt.year == year]
    return {str(k): int(v) for k, v in first["class"].value_counts().items()}


@pytest.mark.parametrize("year", [2017, 2022, 2016, 1984])
def test_counts_per_year_and_class_match_an_independent_count(record: pd.DataFrame, year: int) -> None:
    counts = hv.year_counts(record)
    got = {r["class"]: r["launches"] for r in counts[counts["year"] == year].to_dict("records")}
    assert got == _events_by_hand(record, year)
    assert sum(got.values()) == record.loc[record["date"].dt.year == year, "event_id"].nunique()


def test_counts_are_of_events_not_of_estimates(record: pd.DataFrame) -> None:
    counts = hv.year_counts(record)
    assert int(counts["launches"].sum()) == record["event_id"].nunique() < len(record)
    # 2017's three ICBM flights (Hwasong-14 on 4 and 28 July, Hwasong-15 on 29 November), each with
    # several competing estimates and, in the nagix record, one row per missile
    icbm_2017 = counts[(counts["year"] == 2017) & (counts["class"] == "ICBM")]["launches"]
    assert icbm_2017.tolist() == [3]
    assert (record["event_id"].isin(["2017-07-04", "2017-07-28", "2017-11-29"])).sum() > 3


def test_the_table_has_every_year_with_zeros_and_a_total(record: pd.DataFrame) -> None:
    table = hv.counts_table(hv.year_counts(record))
    first, last = record["date"].dt.year.min(), record["date"].dt.year.max()
    assert table["year"].tolist() == list(range(first, last + 1))
    row_2018 = table[table["year"] == 2018].iloc[0]  # no launch in 2018 (the talks' year)
    assert row_2018["total"] == 0
    classes = [c for c in table.columns if c not in ("year", "total")]
    assert classes == [c for c in maps.CLASS_COLORS if c in set(record["class"])]  # legend order
    assert (table[classes].sum(axis=1) == table["total"]).all()
    row_2017 = table[table["year"] == 2017].iloc[0]
    assert row_2017["total"] == sum(_events_by_hand(record, 2017).values())
    assert hv.history_view(record, hv.HistoryState()).csv().splitlines()[0].startswith("year,SRBM")


def test_frames_run_over_every_year_with_a_running_total(record: pd.DataFrame) -> None:
    frames = hv.frames(hv.year_counts(record))
    assert [f.year for f in frames] == list(range(1984, record["date"].dt.year.max() + 1))
    for f in frames:
        upto = record.loc[record["date"].dt.year <= f.year, "event_id"].nunique()
        assert f.so_far == upto
    by_year = {f.year: f.launches for f in frames}
    assert by_year[2018] == 0
    assert by_year[2017] == sum(_events_by_hand(record, 2017).values())


def test_a_class_filter_counts_and_draws_only_those_classes(record: pd.DataFrame) -> None:
    view = hv.history_view(record, hv.HistoryState(year=1990, classes=("ICBM",)))
    assert set(view.counts["class"]) == {"ICBM"}
    first_icbm = int(record.loc[record["class"] == "ICBM", "date"].dt.year.min())
    assert view.frames[0].year == first_icbm
    assert view.year == first_icbm  # 1990 has no ICBM: the map opens at the first ICBM year
    assert view.state == hv.HistoryState(year=first_icbm, classes=("ICBM",))
    page = hv.history_map(view, basemap="vector", land=None).get_root().render()
    lines = trajectories(page)
    icbm_lines = int(((record["class"] == "ICBM") & (record["landing_basis"] != "unknown")).sum())
    assert len(lines) == icbm_lines
    assert {f["properties"]["color"] for f in lines} == {maps.CLASS_COLORS["ICBM"]}
    opts = json.loads(re.search(r"const opts = (\{.*?\});", page).group(1))  # type: ignore[union-attr]
    assert opts["start"] == first_icbm


def test_the_caption_says_what_is_drawn_the_period_and_the_record(record: pd.DataFrame) -> None:
    info = dataset.record_info()
    view = hv.history_view(record, hv.HistoryState(), record_text=info.text)
    assert "one estimate" in view.caption
    assert "a year at a time" in view.caption
    n_lines = int((record["landing_basis"] != "unknown").sum())
    assert f"{n_lines} lines for {record['event_id'].nunique()} launch events" in view.caption
    assert info.text in view.caption
    assert info.text in view.chart_caption
    assert "one count per event" in view.chart_caption
    assert view.year == 1984
    assert view.state == hv.HistoryState()


def test_no_launch_of_the_classes_shown_gives_an_empty_view() -> None:
    empty = dataset.load().iloc[0:0]
    view = hv.history_view(empty, hv.HistoryState(year=2017))
    assert view.frames == ()
    assert view.year is None
    assert view.table.empty


# ------------------------------------------------------------------------------------------ the URL
@pytest.mark.parametrize(
    ("params", "state", "notices"),
    [
        ({}, hv.HistoryState(), []),
        ({"year": "2017"}, hv.HistoryState(2017), []),
        ({"year": " 2022 "}, hv.HistoryState(2022), []),
        ({"year": "2018"}, hv.HistoryState(2018), []),  # no launch that year, still a year of the record
        (
            {"year": "1900"},
            hv.HistoryState(1984),
            ["year: 1900 is outside the record (1984 to 2026); using 1984"],
        ),
        (
            {"year": "2999"},
            hv.HistoryState(2026),
            ["year: 2999 is outside the record (1984 to 2026); using 2026"],
        ),
        ({"year": "20l7"}, hv.HistoryState(), ["year: 20l7 is not a year (YYYY); using the first year"]),
        (
            {"year": "２０１７"},
            hv.HistoryState(),
            ["year: ２０１７ is not a year (YYYY); using the first year"],
        ),
        ({"year": "-2017"}, hv.HistoryState(), ["year: -2017 is not a year (YYYY); using the first year"]),
        ({"year": ["2017", "2019"]}, hv.HistoryState(2017), []),
        ({"class": "ICBM,IRBM"}, hv.HistoryState(classes=("ICBM", "IRBM")), []),
        ({"class": "ICBM, ICBM,,"}, hv.HistoryState(classes=("ICBM",)), []),
        (
            {"class": "ICBM,<script>alert(1)</script>"},
            hv.HistoryState(classes=("ICBM",)),
            ["class: <script>alert(1)</script> names nothing in the data; left out"],
        ),
        ({"class": "icbm"}, hv.HistoryState(), ["class: icbm names nothing in the data; left out"]),
        ({"year": "2017", "zoom": "5"}, hv.HistoryState(2017), ["ignored unknown parameter 'zoom'"]),
        ({"present": "1", "embed": "true"}, hv.HistoryState(), []),
        # a story's step: the player's own parameters are the app's, not this page's (no notice)
        ({"year": "2016", "story": "forty-years-of-tests", "step": "3"}, hv.HistoryState(2016), []),
        ({"story": "x", "step": "not a step", "present": "0"}, hv.HistoryState(), []),
        ({"year": "1" * 3000}, hv.HistoryState(), [f"year: {'1' * 37}... is too long; using the default"]),
    ],
)
def test_decode_url(
    record: pd.DataFrame, params: dict[str, object], state: hv.HistoryState, notices: list[str]
) -> None:
    last = int(record["date"].dt.year.max())
    expected = [n.replace("2026", str(last)) for n in notices]
    if state.year == 2026:
        state = hv.HistoryState(last, state.classes)
    assert hv.decode_url(params, record) == (state, expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "state", [hv.HistoryState(), hv.HistoryState(2017), hv.HistoryState(2022, ("ICBM", "IRBM"))]
)
def test_url_params_reopen_the_same_view(record: pd.DataFrame, state: hv.HistoryState) -> None:
    assert hv.decode_url(hv.url_params(state), record) == (state, [])


def test_the_map_fetches_its_land_from_the_served_file_when_given(record: pd.DataFrame) -> None:
    view = hv.history_view(record, hv.HistoryState(year=2017))
    land = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[120, 30], [130, 30], [130, 40], [120, 30]]],
                },
            }
        ],
    }
    url = "/app/static/vendor/layers/land-0123456789ab.bin"
    served = hv.history_map(view, basemap="vector", land=land, land_url=url).get_root().render()
    inlined = hv.history_map(view, basemap="vector", land=land).get_root().render()
    assert url in served
    assert url not in inlined
    assert mapscript.has_vertex(mapscript.reference_layers(inlined)["trajmapBasemap"], 130, 40)
    assert mapscript.reference_layers(served) == {}
