"""The Explorer's view: selection, frame, footprints, reach, cards, table and URL, without Streamlit."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd
import pytest

from tests import mapscript
from trajmap import filters, records
from trajmap.views import explorer as ev


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return records.load_launches()


def _no_layers() -> ev.Services:
    return ev.Services(waters=lambda lats, lons: None, odds=lambda *a: None)


def test_default_selection_is_the_2025_launch_and_falls_back_to_the_newest_shown(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(), None, services=_no_layers())
    assert view.selected == ev.DEFAULT_EVENT
    icbm = ev.explorer_view(launches, filters.Filters(classes=("ICBM",)), "nope", services=_no_layers())
    newest = launches[launches["class"] == "ICBM"].sort_values("date")["event_id"].iloc[-1]
    assert icbm.selected == newest
    assert set(icbm.shown["class"]) == {"ICBM"}
    assert next(iter(icbm.labels)) == newest


def test_nothing_shown_selects_nothing(launches) -> None:
    flt = filters.Filters(date_from=dt.date(1950, 1, 1), date_to=dt.date(1950, 1, 2))
    view = ev.explorer_view(launches, flt, None, services=_no_layers())
    assert view.selected is None
    assert view.heading == ""
    assert view.cards == ()
    assert view.events.empty


def test_frame_holds_the_selected_launch(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(), "2017-11-29", services=_no_layers())
    rows = launches[(launches["event_id"] == "2017-11-29") & (launches["landing_basis"] != "unknown")]
    lat, lon = view.center
    assert min(rows["site_lat"].min(), rows["landing_lat"].min()) <= lat <= rows["landing_lat"].max() + 2
    assert rows["site_lon"].min() - 1 <= lon <= rows["landing_lon"].max() + 1
    assert 4 <= view.zoom <= 7


def test_cards_are_one_per_estimate_with_figures_as_given(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(), "2025-01-06", services=_no_layers())
    ests = launches[launches["event_id"] == "2025-01-06"]
    assert len(view.cards) == len(ests)
    assert view.heading == f"2025-01-06: {ests['missile'].iloc[0]} ({ests['class'].iloc[0]})"
    texts = {t for c in view.cards for _, t in c.figures}
    assert "1,100 km" in texts
    assert "—" in texts
    assert all(c.source_url and c.source_url.startswith("http") for c in view.cards)


def test_waters_fill_the_table_and_odds_make_footprints(launches) -> None:
    class Odds:
        odds, summary, bearing_sd_deg, range_sd_km = "P(inside) 28%", "28% inside", 5.0, 110.0

    services = ev.Services(waters=lambda lats, lons: ["outside"] * len(lats), odds=lambda *a: Odds())
    view = ev.explorer_view(launches, filters.Filters(), "2025-01-06", services=services)
    derived = launches[(launches["event_id"] == "2025-01-06") & (launches["landing_basis"] == "derived")]
    assert len(view.footprints) == len(derived) > 0
    assert view.footprints[0].label.endswith("P(inside) 28%")
    assert set(view.table.loc[view.table["landing_basis"] != "unknown", "waters"]) == {"outside"}
    assert any(c.how_sure == "28% inside" for c in view.cards)
    assert list(view.table.columns) == list(ev.TABLE_COLUMNS)


def test_a_gliding_warhead_gets_its_class_range_and_the_targets_within_it(launches) -> None:
    def refuse(*_a: object) -> None:
        raise AssertionError("a glide vehicle's apogee must not be read as a ballistic arc")

    view = ev.explorer_view(
        launches,
        filters.Filters(),
        "2025-01-06",
        services=ev.Services(lambda a, b: None, lambda *a: None, refuse),
    )
    assert view.reach is not None
    assert view.reach.radius_km == 5500.0
    assert view.reach.label == "IRBM class range: up to 5,500 km"
    assert "not a ballistic arc" in view.reach_note
    assert "Targets within IRBM range of the launch site:" in view.reach_note
    assert "Guam" in view.reach_note
    assert "Washington" not in view.reach_note


def test_a_lofted_ballistic_flight_gets_its_implied_reach(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(), "2017-11-29")
    assert view.reach is not None
    assert view.reach.label.startswith("implied reach ~")
    assert "free-flight (Kepler-only) floor" in view.reach_note


def test_a_saturated_loft_says_it_is_orbital_capable(launches) -> None:
    """Regression (issue 14): the implied-reach note read "band 20,015-20,015 km"."""
    view = ev.explorer_view(launches, filters.Filters(), "2024-10-31")
    assert view.reach is not None
    assert "orbital-capable" in view.reach.label or "reaches anywhere" in view.reach.label
    assert "orbital-capable under these assumptions: reaches any point on Earth" in view.reach_note
    assert "20,015-20,015" not in view.reach_note
    assert "to anywhere on Earth" in view.reach_note


def test_explorer_map_puts_footprints_and_the_ring_under_the_launches(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(), "2017-11-29")
    _base, groups = ev.explorer_map(view, basemap="vector", land=None, eez=None)
    assert [g.layer_name for g in groups] == ["Footprints and rings", "Launches"]
    assert view.reach is not None
    assert view.footprints
    doc = ev.map_document(view, basemap="vector", land=None, eez=None).get_root().render()
    (drawn,) = mapscript.overlay_shapes(doc)  # one element for every footprint, band and ring
    assert doc.index("var shapes = ") < doc.index("var data = ")  # under the launches
    classes = [s["cls"] for s in drawn["shapes"]]
    assert classes.count("trajmap-footprint") == len(view.footprints)
    n_rings = len(view.bands) + sum(b.low_km != b.high_km for b in view.bands) + 1  # bands and the reach
    assert classes.count("trajmap-ring") == n_rings
    texts = [label["text"] for label in drawn["labels"]]
    assert texts == [f.label for f in view.footprints] + [b.label for b in view.bands] + [view.reach.label]
    assert "interactive: false" in doc.split("var shapes = ")[1]
    assert len(mapscript.trajectories(doc)) == int((view.shown["landing_basis"] != "unknown").sum())


def test_url_params_leave_defaults_out() -> None:
    first, last = dt.date(1984, 4, 9), dt.date(2025, 1, 6)
    flt = filters.Filters(date_from=first, date_to=last, classes=("ICBM",))
    params = ev.url_params(flt, (first, last), selected="2017-11-29", basemap="auto", eez=True, view=None)
    assert params == {"class": "ICBM", "event": "2017-11-29"}
    moved = ev.url_params(
        flt, (first, last), selected=None, basemap="vector", eez=False, view=((40.0, 190.0), 6)
    )
    assert moved["lon"] == "-170"
    assert moved["zoom"] == "6"
    assert moved["eez"] == "0"


def test_with_upload_adds_or_replaces(launches) -> None:
    mine = launches.head(2)
    assert ev.with_upload(launches, None, replace_curated=True) is launches
    assert len(ev.with_upload(launches, mine, replace_curated=False)) == len(launches) + 2
    assert ev.with_upload(launches, mine, replace_curated=True) is mine


def test_problems_table_names_row_column_value_reason() -> None:
    exc = records.RecordError([records.RecordProblem(3, "class", "ICMB", "must be one of ...")])
    table = ev.problems_table(exc)
    assert table.to_dict("records") == [
        {"row": 3, "column": "class", "value": "ICMB", "reason": "must be one of ..."}
    ]


def test_timeline_has_one_point_per_event_and_marks_the_selection(launches) -> None:
    events = filters.events(launches)
    spec = ev.timeline_spec(events, "2017-11-29")
    (values,) = [v for v in spec["datasets"].values()]
    assert len(values) == len(events)
    assert spec["encoding"]["size"]["condition"]["test"] == "datum.event_id === " + json.dumps("2017-11-29")
    assert json.loads(json.dumps(spec, allow_nan=False)) == spec  # plain JSON: no NaN, no timestamps
    alt.Chart.from_dict(spec)  # a valid Vega-Lite spec (Altair checks it against the schema, or raises)


def test_the_views_timeline_carries_the_same_rows_as_a_table(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(classes=("ICBM",)), "2017-11-29", services=_no_layers())
    spec = ev.timeline_spec(view.events, view.selected)
    table = view.timeline_spec["datasets"][ev.TIMELINE_DATA]
    assert table.to_pylist() == spec["datasets"][ev.TIMELINE_DATA]
    want = [
        {
            "event_id": e["event_id"],
            "date": pd.Timestamp(e["date"]).isoformat(),
            "missile": e["missile"],
            "class": e["class"],
            "range_km": None if pd.isna(e["range_km"]) else e["range_km"],
            "estimate_by": e["estimate_by"],
        }
        for e in view.events.to_dict("records")
    ]
    assert table.to_pylist() == want
    assert any(r["range_km"] is None for r in want) or view.events["range_km"].notna().all()
    assert {k: v for k, v in view.timeline_spec.items() if k != "datasets"} == {
        k: v for k, v in spec.items() if k != "datasets"
    }


def test_prepared_data_give_the_same_view_as_the_frame(launches) -> None:
    data = ev.prepare(launches, _no_layers())
    cases = [
        (filters.Filters(), None),
        (filters.Filters(classes=("ICBM",)), "2017-11-29"),
        (filters.Filters(sources=("Japan MOD",)), "2025-01-06"),
        (filters.Filters(date_from=dt.date(2022, 1, 1)), "2022-10-04"),
        (filters.Filters(classes=("nothing",)), None),
    ]
    for flt, selected in cases:
        fresh = ev.explorer_view(launches, flt, selected, services=_no_layers())
        for _ in range(2):  # the second time from the memo of the selection
            prepared = ev.explorer_view(data, flt, selected)
            assert prepared.launch_data == fresh.launch_data
            assert prepared.overlay_data == fresh.overlay_data
            assert prepared.timeline_spec.keys() == fresh.timeline_spec.keys()
            assert prepared.table_arrow.equals(fresh.table_arrow)
            for name in ("labels", "selected", "center", "zoom", "summary", "heading", "cards", "classes"):
                assert getattr(prepared, name) == getattr(fresh, name), name
            pd.testing.assert_frame_equal(prepared.table, fresh.table)
    with pytest.raises(TypeError, match="prepare"):
        ev.explorer_view(data, filters.Filters(), None, services=_no_layers())


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(1100.0, "km", "1,100 km"), (99.8, "km", "99.8 km"), (58.0, "°", "58°"), (float("nan"), "min", "—")],
)
def test_figure_text_is_as_precise_as_the_source(value: float, unit: str, text: str) -> None:
    assert ev.figure_text(value, unit) == text


def test_a_link_becomes_widget_values_within_the_data(launches) -> None:
    state, notices = ev.decode_url({"class": "ICBM", "from": "2099-01-01", "event": "2017-11-29"}, launches)
    first, last = launches["date"].min().date(), launches["date"].max().date()
    values = ev.widget_state(state, (first, last))
    assert values["classes"] == ["ICBM"]
    assert values["event"] == "2017-11-29"
    assert values["dates"] == (last, last)  # clipped to the data, with a notice
    assert any(n.startswith("from: 2099-01-01 is outside the data") for n in notices)
    assert "_url_view" not in values
    shared, _ = ev.decode_url({"lat": "40", "lon": "135", "zoom": "6"}, launches)
    assert ev.widget_state(shared, (first, last))["_url_view"] == ((40.0, 135.0), 6, None)


def test_downloads_offer_every_export_of_the_view(launches) -> None:
    view = ev.explorer_view(launches, filters.Filters(classes=("ICBM",)), "2017-11-29", services=_no_layers())
    calls = []

    def snapshot(rows, event_id, size, fmt, show_eez) -> bytes:
        calls.append((len(rows), event_id, size, fmt, show_eez))
        return b"image"

    files = ev.downloads(view, map_args={"basemap": "vector", "land": None, "eez": None}, snapshot=snapshot,
                         size=(1200, 675), show_eez=True)  # fmt: skip
    names = [d.file_name for d in files]
    assert names == [
        "trajmap-2017-11-29.png",
        "trajmap-2017-11-29.svg",
        "trajmap-2017-11-29.html",
        "trajmap-launches.geojson",
        "trajmap-launches.kml",
        "trajmap-launches.csv",
    ]
    assert calls == []  # nothing is built until a button is pressed
    assert files[0].build() == b"image"
    assert calls == [
        (int((launches["event_id"] == "2017-11-29").sum()), "2017-11-29", (1200, 675), "png", True)
    ]
    csv_text = files[-1].build()
    assert isinstance(csv_text, str)
    assert len(csv_text.strip().splitlines()) == len(view.shown) + 1
    html = files[2].build()
    assert isinstance(html, str)
    assert len(mapscript.trajectories(html)) == int((view.shown["landing_basis"] != "unknown").sum())


@pytest.mark.parametrize(
    ("start", "end", "fmt"),
    [
        ("1984-04-09", "2026-04-19", None),
        ("2017-01-01", "2017-12-31", "%b %Y"),
        ("2017-11-01", "2017-11-29", "%Y-%m-%d"),
    ],
)
def test_the_timeline_axis_keeps_its_years_on_short_ranges(launches, start, end, fmt) -> None:
    view = ev.explorer_view(
        launches, filters.Filters(dt.date.fromisoformat(start), dt.date.fromisoformat(end)), None
    )
    spec = ev.timeline_spec(view.events, view.selected)
    enc = spec["encoding"] if "encoding" in spec else spec["layer"][0]["encoding"]
    assert enc["x"].get("axis", {}).get("format") == fmt  # None: Vega's own year labels


@pytest.mark.parametrize(
    ("n", "noun", "text"),
    [
        (1, "launch event", "1 launch event"),
        (4, "estimate", "4 estimates"),
        (1200, "estimate", "1,200 estimates"),
        (0, "estimate", "0 estimates"),
    ],
)
def test_counts_in_the_summary_agree_with_their_number(n: int, noun: str, text: str) -> None:
    assert ev._count(n, noun) == text


def test_the_comparison_has_a_column_per_estimate_and_a_row_per_figure_given() -> None:
    figures = (("Range", "1,100 km"), ("Apogee", "—"))
    cards = (
        ev.EstimateCard(
            "ROK JCS", figures, landing="43.73°N, 137.35°E (derived)", source_url="https://a.example"
        ),
        ev.EstimateCard(
            "KCNA", figures, statement="target area in open waters", source_text="KCNA, 2025-01-07"
        ),
        ev.EstimateCard("KCNA", (("Range", "1,500 km"), ("Apogee", "99.8 km"))),
    )
    table = ev.comparison(cards)
    assert list(table.columns) == ["ROK JCS", "KCNA", "KCNA (2)"]
    assert list(table.index) == ["Range", "Apogee", "Landing", "Statement", "Source"]  # empty rows left out
    assert table.loc["Range"].tolist() == ["1,100 km", "1,100 km", "1,500 km"]
    assert table.loc["Landing", "ROK JCS"] == "43.73°N, 137.35°E (derived)"
    assert table.loc["Source"].tolist() == ["https://a.example", "KCNA, 2025-01-07", ""]
    assert ev.comparison(()).empty


def test_the_map_holds_the_other_filters_launches_of_every_class(launches) -> None:
    data = ev.prepare(launches, _no_layers())
    flt = filters.Filters(classes=("ICBM",), outcomes=("success",))
    view = ev.explorer_view(data, flt, None)
    assert set(view.shown["class"]) == {"ICBM"}
    assert view.map_classes == ("ICBM",)
    others = filters.apply(launches, filters.Filters(outcomes=("success",)))
    assert view.map_index is not None
    assert sorted(view.map_index) == sorted(others.index)
    every = mapscript.launch_data("var data = " + view.launch_data)
    assert every[0]["only"] == ["ICBM"]
    assert len(every[0]["lines"]["features"]) == int((others["landing_basis"] != "unknown").sum())
    # no class chosen: the map holds and shows exactly the records shown
    plain = ev.explorer_view(data, filters.Filters(outcomes=("success",)), None)
    assert plain.map_classes == ()
    assert sorted(plain.map_index) == sorted(plain.shown_index)
