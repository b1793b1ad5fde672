"""The view in the URL: round trips, and bad parameters fall back with a notice."""

from __future__ import annotations

import datetime as dt

import pytest

from trajmap import viewstate
from trajmap.filters import Filters

KNOWN = {
    "events": ["2017-11-29"],
    "classes": ["ICBM", "IRBM"],
    "ring_sites": ["sohae"],
    "ring_classes": ["SRBM", "MRBM", "IRBM", "ICBM"],
    "ring_targets": ["hagatna"],
    "ring_countries": ["PRK", "RUS"],
}

STATES = [
    viewstate.ViewState(),
    viewstate.ViewState(
        filters=Filters(
            date_from=dt.date(2017, 1, 1), date_to=dt.date(2017, 12, 31), classes=("ICBM", "IRBM")
        ),
        event="2017-11-29",
        basemap="vector",
        eez=False,
        lat=40.5,
        lon=-170.25,
        zoom=6,
    ),
    viewstate.ViewState(ring_site="sohae", ring_km=13000.0),
    viewstate.ViewState(ring_lat=-33.9, ring_lon=151.2, ring_km=20000.0),
    viewstate.ViewState(ring_site="sohae", ring_km=25000.0),  # kept as typed (issue 14)
    viewstate.ViewState(ring_site="sohae", ring_classes=("SRBM", "ICBM")),
    viewstate.ViewState(ring_site="sohae", ring_classes=("ICBM",), ring_rot=True),
    viewstate.ViewState(ring_mode="reverse", ring_target="hagatna", ring_km=3400.0, ring_rot=True),
    viewstate.ViewState(ring_mode="reverse", ring_tlat=13.48, ring_tlon=144.79, ring_classes=("IRBM",)),
    viewstate.ViewState(ring_mode="border", ring_country="RUS", ring_km=3000.0),
]


@pytest.mark.parametrize("state", STATES)
def test_round_trip(state: viewstate.ViewState) -> None:
    assert viewstate.decode(viewstate.encode(state), **KNOWN) == (state, [])


def test_defaults_stay_out_of_the_link() -> None:
    assert viewstate.encode(viewstate.ViewState()) == {}


BAD = [
    ({"lat": "91", "lon": "0"}, "lat: 91 is not a latitude"),
    ({"lat": "nan", "lon": "0"}, "lat: nan is not a latitude"),
    ({"ring_km": "100001"}, "ring_km: 100001 is not a distance"),
    ({"ring_class": "XRBM"}, "ring_class: XRBM names nothing in the data"),
    ({"zoom": "99"}, "zoom: 99 is not a whole number"),
    ({"class": "ICBM,<script>"}, "class: <script> names nothing in the data"),
    ({"from": "2020-01-01", "to": "2019-01-01"}, "from is after to"),
    ({"lat": "40"}, "lat and lon go together"),
    ({"basemap": "javascript:alert(1)"}, "basemap: javascript:alert(1) is not one of"),
    ({"zzz": "1"}, "ignored unknown parameter 'zzz'"),
    ({"ring_rot": "yes"}, "ring_rot: yes is not 0 or 1"),
    ({"ring_mode": "<b>x</b>"}, "ring_mode: <b>x</b> is not one of reverse, border"),
    ({"ring_target": "atlantis"}, "ring_target: atlantis is not a known target"),
    ({"ring_country": "XXX"}, "ring_country: XXX is not a country code of Natural Earth"),
    ({"ring_tlat": "13.4"}, "ring_tlat and ring_tlon go together"),
    ({"ring_tlat": "95", "ring_tlon": "0"}, "ring_tlat: 95 is not a latitude"),
]


@pytest.mark.parametrize(("params", "notice"), BAD)
def test_bad_parameters_fall_back_with_a_notice(params: dict[str, str], notice: str) -> None:
    state, notices = viewstate.decode(params, **KNOWN)
    assert any(n.startswith(notice) for n in notices), notices
    assert state.lat is None
    assert state.ring_km is None
    assert state.zoom is None
    assert state.filters.date_from is None
    assert state.basemap == "auto"
    assert state.filters.classes in ((), ("ICBM",))
    assert (state.ring_rot, state.ring_mode, state.ring_target, state.ring_country) == (
        False,
        None,
        None,
        None,
    )
    assert state.ring_tlat is None
