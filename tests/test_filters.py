"""Filters and the events table, checked against a plain groupby on the record and on random subsets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from trajmap import filters, records


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return records.load_launches()


def _events_by_groupby(df: pd.DataFrame) -> pd.DataFrame:
    """filters.events as first written (pandas ``agg`` with a Python join): the reference."""
    out = (
        df.groupby("event_id", sort=False)
        .agg(
            date=("date", "first"),
            missile=("missile", "first"),
            **{"class": ("class", "first")},
            estimates=("event_id", "size"),
            range_km=("range_km", "max"),
            estimate_by=("estimate_by", lambda s: ", ".join(dict.fromkeys(str(v) for v in s))),
        )
        .reset_index()
    )
    return out.sort_values(["date", "event_id"], ascending=False, kind="stable").reset_index(drop=True)


def test_events_agree_with_a_groupby_on_the_record_and_its_subsets(launches) -> None:
    pd.testing.assert_frame_equal(filters.events(launches), _events_by_groupby(launches))
    rng = np.random.default_rng(12)
    for k in range(30):
        sub = launches.sample(frac=float(rng.uniform(0.0, 1.0)), random_state=k)
        pd.testing.assert_frame_equal(filters.events(sub), _events_by_groupby(sub))
    assert filters.events(launches.iloc[:0]).empty


def test_events_take_the_first_value_given_and_the_largest_range() -> None:
    df = pd.DataFrame(
        {
            "event_id": ["a", "a", "b", "a"],
            "date": pd.to_datetime(["2017-07-04", "2017-07-04", "2025-01-06", "2017-07-04"]),
            "missile": [None, "Hwasong-14", "Hwasong-16B", "other"],
            "class": ["ICBM", "ICBM", "IRBM", "ICBM"],
            "range_km": [933.0, np.nan, np.nan, 998.0],
            "estimate_by": ["KCNA", "Japan MOD", "ROK JCS", "KCNA"],
        }
    )
    got = filters.events(df).set_index("event_id")
    assert got.loc["a", "missile"] == "Hwasong-14"  # the first one given, as a groupby's "first"
    assert got.loc["a", "estimates"] == 3
    assert got.loc["a", "range_km"] == 998.0
    assert got.loc["a", "estimate_by"] == "KCNA, Japan MOD"
    assert np.isnan(got.loc["b", "range_km"])
    pd.testing.assert_frame_equal(filters.events(df), _events_by_groupby(df))


def test_events_without_a_date_go_last_as_pandas_sorts_them() -> None:
    df = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "date": pd.to_datetime(["2017-07-04", None, "2025-01-06"]),
            "missile": ["x", "y", "z"],
            "class": ["ICBM", "IRBM", "SRBM"],
            "range_km": [1.0, 2.0, 3.0],
            "estimate_by": ["KCNA", "KCNA", "KCNA"],
        }
    )
    assert filters.events(df)["event_id"].tolist() == ["c", "a", "b"]
    pd.testing.assert_frame_equal(filters.events(df), _events_by_groupby(df))


def test_an_event_table_gives_each_subset_its_events(launches) -> None:
    table = filters.EventTable(launches)
    rng = np.random.default_rng(5)
    for _ in range(30):
        keep = rng.uniform(size=len(launches)) < rng.uniform()
        pd.testing.assert_frame_equal(table.events(keep), filters.events(launches[keep]))
    pd.testing.assert_frame_equal(table.events(np.ones(len(launches), bool)), filters.events(launches))
    assert table.events(np.zeros(len(launches), bool)).empty
    gaps = launches.assign(missile=launches["missile"].where(launches.index % 7 != 0))
    keep = rng.uniform(size=len(gaps)) < 0.5
    pd.testing.assert_frame_equal(filters.EventTable(gaps).events(keep), filters.events(gaps[keep]))
