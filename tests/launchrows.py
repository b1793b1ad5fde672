"""One launch estimate as a row of the common schema, for building test frames: a reported Hwasong-14
landing (2017-07-04, Japan MOD's figures); keyword arguments replace its fields."""

from __future__ import annotations


def launch_row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "e1",
        "date": "2017-07-04",
        "missile": "Hwasong-14",
        "class": "ICBM",
        "site": "banghyon",
        "site_lat": 40.0,
        "site_lon": 125.2,
        "landing_lat": 40.9,
        "landing_lon": 134.3,
        "landing_basis": "reported",
        "range_km": 933.0,
        "apogee_km": 2802.0,
        "flight_min": 39.0,
        "estimate_by": "Japan MOD",
        "outcome": "success",
        "source_url": "https://example.org",
        "bearing_deg": float("nan"),
        "waters": "",
    }
    row.update(kw)
    return row
