"""The nagix/nk-missile-tests importer on the real files (the shipped snapshot and the shared copy) and on
small synthetic records."""

from __future__ import annotations

import copy
import json

import pytest

from trajmap import config, importers
from trajmap.importers import nagix
from trajmap.records import RecordError

SNAPSHOT = config.curated_path("nagix")


@pytest.fixture(scope="module")
def files() -> importers.NagixFiles:
    parsed = {
        role: json.loads((SNAPSHOT / name).read_text(encoding="utf-8")) for role, name in nagix.FILES.items()
    }
    return importers.parse_nagix(parsed["test"], parsed["facility"], parsed["missile"], "test")


@pytest.fixture(scope="module")
def imported():
    return importers.read_nagix(SNAPSHOT)


def test_the_real_record_imports_every_missile(imported) -> None:
    print(f"nagix: {imported.records} rows, {imported.imported} imported, {len(imported.rejected)} rejected")
    assert (imported.records, imported.imported, len(imported.rejected)) == (339, 339, 0)
    df = imported.frame
    assert df["event_id"].nunique() >= 167
    assert df["date"].min().date().isoformat() == "1984-04-09"
    assert df["date"].max().date().isoformat() == "2026-04-19"  # 2026-04-18 21:10 UTC is the 19th in Korea
    assert set(df["source_dataset"]) == {nagix.DATASET}
    assert df["source_row"].str.fullmatch(r"test\.en\.json record \d+").all()


def test_the_shared_copy_is_the_shipped_snapshot() -> None:
    shared = config.layer_dir() / "nk_missiles" / "nagix"
    if not shared.is_dir():
        pytest.skip("no shared nagix copy")
    for name in nagix.FILES.values():
        assert (shared / name).read_bytes() == (SNAPSHOT / name).read_bytes()


def test_2025_01_06_is_an_irbm_with_a_glide_payload_landing_in_russias_eez(imported) -> None:
    row = imported.frame[imported.frame["event_id"] == "2025-01-06"].iloc[0]
    assert (row["missile"], row["class"], row["payload"]) == ("Hwasong-16B", "IRBM", "glide")
    assert (row["range_km"], row["apogee_km"], row["bearing_deg"]) == (1100.0, 100.0, 58.0)
    assert row["time_utc"] == "03:01"
    assert row["landing_lat"] == pytest.approx(43.88, abs=0.01)
    assert row["landing_lon"] == pytest.approx(137.59, abs=0.01)


def test_a_salvo_is_one_event_with_numbered_missiles(imported) -> None:
    salvo = imported.frame[imported.frame["event_id"] == "2026-03-14"]
    assert len(salvo) == 12
    assert sorted(salvo["missile_index"].astype(int)) == list(range(1, 13))


def test_utc_times_become_the_korean_date(imported) -> None:
    row = imported.frame[imported.frame["missile"] == "Hwasong-18"].iloc[0]  # 2023-04-12 22:22 UTC
    assert row["event_id"] == "2023-04-13"


def test_bearing_90_is_a_placeholder_unless_an_eastward_flight_fits(imported) -> None:
    df = imported.frame
    early = df[df["date"].dt.year < 1990]
    assert early["bearing_deg"].isna().all()
    assert early["notes"].str.contains("default for an unknown azimuth").all()
    kept = df[df["bearing_deg"] == 90]
    assert len(kept) > 0
    assert kept["range_km"].notna().all()
    assert kept["landing_statement"].isin(["Sea of Japan (East Sea)", "Pacific Ocean"]).all()


def test_month_only_dates_are_the_first_of_the_month(imported) -> None:
    month = imported.frame[imported.frame["date_precision"] == "month"]
    assert len(month) >= 8
    assert (month["date"].dt.day == 1).all()


@pytest.mark.parametrize(
    ("key", "value", "column", "reason"),
    [
        ("distance", "far", "distance", "not a number"),
        ("date", "yesterday", "date", "not a date"),
        ("time", "noon", "time", "not 'HH:MM (UTC)'"),
        ("facility", "atlantis", "facility", "not a facility"),
        ("missile", "nope", "missile", "not a missile"),
        ("landing", "moon", "landing", "not a landing code"),
        ("outcome", "maybe", "outcome", "not success"),
    ],
)
def test_a_bad_field_rejects_its_record_and_names_it(files, key, value, column, reason) -> None:
    bad = copy.deepcopy(files)
    bad.tests[0][key] = value
    got = importers.read_nagix(bad)
    assert got.imported == 338
    assert [(p.row, p.column) for p in got.problems] == [(1, column)]
    assert got.problems[0].reason.startswith(reason)
    assert got.rejected[0]["row"] == "1"


def test_a_file_of_another_shape_is_unsupported() -> None:
    with pytest.raises(importers.Unsupported, match="timeBins"):
        importers.parse_nagix({"tests": []}, {"facilities": {}}, {}, "x")
    with pytest.raises(RecordError, match="missing"):
        importers.read_nagix(SNAPSHOT / "no-such-folder")
