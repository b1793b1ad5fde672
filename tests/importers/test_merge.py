"""Merging the nagix record with the curated estimates: one event per launch, every source side by side."""

from __future__ import annotations

import pandas as pd
import pytest

from trajmap import dataset, importers, records


@pytest.fixture(scope="module")
def full() -> pd.DataFrame:
    return dataset.load("full")


def test_the_full_record_runs_to_2026_with_at_least_160_events(full) -> None:
    assert full["event_id"].nunique() >= 160
    assert full["date"].max() >= pd.Timestamp("2026-04-18")
    assert full["event_id"].is_unique is False  # events hold several estimates


def test_curated_estimates_keep_their_events_and_nagix_joins_them(full) -> None:
    jan6 = full[full["event_id"] == "2025-01-06"]
    assert set(jan6["estimate_by"]) == {"ROK JCS", "Japan MOD", "KCNA", "nagix/nk-missile-tests"}
    assert (jan6["class"] == "IRBM").all()
    assert set(jan6["source_dataset"]) == {"trajmap curated (data/launches.csv)", "nagix/nk-missile-tests"}


def test_no_launch_is_two_events(full) -> None:
    # one event per (date, site, missile) at most among the nagix estimates: a launch is never split in two
    nagix = full[full["estimate_by"] == "nagix/nk-missile-tests"]
    per_event = nagix.groupby("event_id").agg(
        date=("date", "first"), site=("site", "first"), missile=("missile", "first")
    )
    assert not per_event.duplicated().any()


def test_events_after_2025_01_06_carry_sourced_statements(full) -> None:
    later = full[(full["date"] > "2025-01-06") & (full["estimate_by"] != "nagix/nk-missile-tests")]
    assert later["event_id"].nunique() >= 10
    assert later["source_url"].str.startswith("http").all()
    assert {"ROK JCS", "Japan MOD"} <= set(later["estimate_by"])


def test_merge_rules_on_a_small_case() -> None:
    base = records.load_launches()
    jan6 = base[base["event_id"] == "2025-01-06"].iloc[[0]].assign(estimate_by="Other", event_id="X")
    shifted = jan6.assign(date=jan6["date"] + pd.Timedelta(days=1))
    far = jan6.assign(site_lat=jan6["site_lat"] + 5.0, event_id="2025-01-06")
    got = importers.merge(base, pd.concat([shifted, far], ignore_index=True))
    assert got.joined == {"X": "2025-01-06"}  # a day apart, same site: the same launch
    assert got.added == ("2025-01-06-b",)  # 550 km away: another launch, with a free id
    again = importers.merge(base, base[base["event_id"] == "2025-01-06"].assign(event_id="Y"))
    assert again.dropped == ("Y",)  # the same source twice: ours wins
