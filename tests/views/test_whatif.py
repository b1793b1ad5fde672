"""The What-if view: the landing point against pyproj, the verdict against the Explorer's, the URL decoder
with good, bad and hostile values, the profile, the targets and the map (antimeridian included)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from trajmap import ballistics, filters, reach, records
from trajmap.views import explorer
from trajmap.views import whatif as wv

GEOD = Geod(ellps="WGS84")
SITES = ["sunan", "pyongyang", "sohae"]


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    return records.load_sites()


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return reach.load_targets()


def _view(state: wv.WhatIf, sites: pd.DataFrame, targets: pd.DataFrame, odds=None) -> wv.WhatIfView:
    return wv.whatif_view(state, sites, targets, odds=odds or (lambda *a: None))


# ------------------------------------------------------------------------------------------ decoder


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({}, wv.WhatIf(), None),
        ({"wi_site": "sunan", "wi_bearing": "90", "wi_range_km": "3000"},
         wv.WhatIf(site="sunan", bearing_deg=90.0, range_km=3000.0), None),
        ({"wi_lat": "10", "wi_lon": "170", "wi_bearing": "90", "wi_range_km": "2000"},
         wv.WhatIf(site=None, lat=10.0, lon=170.0, bearing_deg=90.0, range_km=2000.0), None),
        ({"wi_lat": "10", "wi_lon": "170", "wi_site": "sunan"},  # coordinates win over a site
         wv.WhatIf(site=None, lat=10.0, lon=170.0), None),
        ({"wi_class": "ICBM", "wi_apogee_km": "1500"},
         wv.WhatIf(missile_class="ICBM", apogee_km=1500.0), None),
        ({"wi_bearing": "360"}, wv.WhatIf(bearing_deg=0.0), None),
        ({"wi_bearing": " 45.5 "}, wv.WhatIf(bearing_deg=45.5), None),
        ({"wi_bearing": ["30", "40"]}, wv.WhatIf(bearing_deg=30.0), None),  # a repeated parameter: the first
        ({"wi_range_km": "12.34567"}, wv.WhatIf(range_km=12.3457), None),  # to the link's precision
        ({"other": "x", "section": "eez"}, wv.WhatIf(), None),  # other pages' parameters are not ours
        # bad values: the default and a notice naming the parameter
        ({"wi_site": "atlantis"}, wv.WhatIf(), "wi_site: atlantis is not a known launch site"),
        ({"wi_bearing": "361"}, wv.WhatIf(), "wi_bearing: 361 is not a bearing"),
        ({"wi_bearing": "-1"}, wv.WhatIf(), "wi_bearing: -1 is not a bearing"),
        ({"wi_range_km": "0"}, wv.WhatIf(), "wi_range_km: 0 is not a distance from 1 to 20,000 km"),
        ({"wi_range_km": "20001"}, wv.WhatIf(), "wi_range_km: 20001 is not a distance"),
        ({"wi_range_km": "nan"}, wv.WhatIf(), "wi_range_km: nan is not"),
        ({"wi_range_km": "inf"}, wv.WhatIf(), "wi_range_km: inf is not"),
        ({"wi_apogee_km": "-5"}, wv.WhatIf(), "wi_apogee_km: -5 is not an apogee"),
        ({"wi_lat": "91", "wi_lon": "0"}, wv.WhatIf(), "wi_lat: 91 is not a latitude"),
        ({"wi_lat": "10"}, wv.WhatIf(), "wi_lat and wi_lon go together"),
        ({"wi_class": "XXL"}, wv.WhatIf(), "wi_class: XXL is not one of SRBM, MRBM, IRBM, ICBM"),
        ({"wi_class": "IRBM", "wi_range_km": "800"}, wv.WhatIf(missile_class="IRBM"),
         "wi_range_km: ignored, wi_class sets the range"),
        # hostile values
        ({"wi_site": "<script>alert(1)</script>"}, wv.WhatIf(), "is not a known launch site"),
        ({"wi_bearing": "1e308"}, wv.WhatIf(), "wi_bearing: 1e308 is not"),
        ({"wi_range_km": "9" * 5000}, wv.WhatIf(), "wi_range_km: 9999"),
        ({"wi_range_km": "1_000"}, wv.WhatIf(range_km=1000.0), None),  # Python's float() reads it: harmless
        ({"wi_bearing": "${alert(1)}"}, wv.WhatIf(), "wi_bearing: ${alert(1)} is not"),
        ({"wi_class": "[a](https://example.org)"}, wv.WhatIf(), "is not one of"),
        ({"wi_lat": "", "wi_lon": ""}, wv.WhatIf(), "wi_lat:  is not a latitude"),
    ],
)  # fmt: skip
def test_decode(params: dict, expected: wv.WhatIf, notice: str | None) -> None:
    state, notices = wv.decode(params, sites=SITES)
    assert state == expected
    if notice is None:
        assert notices == []
    else:
        assert any(notice in n for n in notices), notices
        assert all(len(n) < 200 for n in notices)  # a long value is cut short in its notice


@pytest.mark.parametrize(
    "state",
    [
        wv.WhatIf(),
        wv.WhatIf(site="sunan", bearing_deg=90.0, range_km=3000.0, apogee_km=800.0),
        wv.WhatIf(site=None, lat=-33.8651, lon=151.2099, bearing_deg=270.25, range_km=1234.5),
        wv.WhatIf(site="sohae", missile_class="ICBM"),
    ],
)
def test_url_params_reopen_the_same_launch(state: wv.WhatIf) -> None:
    params = wv.url_params(state)
    assert set(params) <= set(wv.PARAMS)
    assert wv.decode(params, sites=SITES) == (state, [])


def test_url_params_keep_the_names_other_pages_link_with() -> None:
    assert wv.PARAMS == (
        "wi_site",
        "wi_lat",
        "wi_lon",
        "wi_bearing",
        "wi_range_km",
        "wi_class",
        "wi_apogee_km",
    )
    assert wv.url_params(wv.WhatIf(site="sunan", bearing_deg=80.0, range_km=3000.0)) == {
        "wi_site": "sunan",
        "wi_bearing": "80",
        "wi_range_km": "3000",
    }


# ----------------------------------------------------------------------------------------- the view


@pytest.mark.parametrize(
    ("lat", "lon", "bearing", "range_km"),
    [
        (39.0339, 125.7543, 58.0, 1100.0),  # 2025-01-06
        (10.0, 170.0, 90.0, 2000.0),  # over the antimeridian eastward
        (10.0, -170.0, 270.0, 2000.0),  # and westward
        (-33.87, 151.21, 45.0, 15000.0),
        (89.9, 0.0, 0.0, 500.0),  # over the pole
        (0.0, 179.9, 270.0, 300.0),
        (-89.0, 45.0, 123.0, 19999.0),
    ],
)
def test_landing_point_is_pyprojs_within_1_m(
    lat: float, lon: float, bearing: float, range_km: float, sites: pd.DataFrame, targets: pd.DataFrame
) -> None:
    state = wv.WhatIf(site=None, lat=lat, lon=lon, bearing_deg=bearing, range_km=range_km)
    view = _view(state, sites, targets)
    lon2, lat2, _ = GEOD.fwd(lon, lat, bearing, range_km * 1000.0)
    assert GEOD.inv(lon2, lat2, view.landing[1], view.landing[0])[2] < 1.0
    assert -180.0 <= view.landing[1] < 180.0
    # the drawn path starts at the site, ends at the landing (unrolled) and never jumps across the map
    path = np.array(view.path)
    assert tuple(path[0]) == pytest.approx((lat, lon))
    assert math.remainder(path[-1][1] - view.landing[1], 360.0) == pytest.approx(0.0, abs=1e-6)
    assert view.landing_unrolled == tuple(path[-1])
    jumps = np.abs(np.diff(path[:, 1])) >= 90.0
    assert np.all(np.abs(path[1:, 0][jumps]) > 89.0)  # only a path over a pole turns its longitude by 180
    length = GEOD.line_length(path[:, 1], path[:, 0]) / 1000.0
    assert length == pytest.approx(range_km, rel=1e-3)


def test_antimeridian_launch_lands_east_of_180_and_draws_continuously(
    sites: pd.DataFrame, targets: pd.DataFrame
) -> None:
    view = _view(wv.WhatIf(site=None, lat=10.0, lon=170.0, bearing_deg=90.0, range_km=2000.0), sites, targets)
    assert view.landing[1] < -170.0  # 171.8 W
    assert view.landing_unrolled[1] > 180.0  # drawn beside the site, not across the world
    m, fg = wv.whatif_map(view, land=None, eez=None)
    m.add_child(fg)
    html = m.get_root().render()
    assert "trajmap-whatif-landing" in html
    assert "trajmap-whatif-path" in html
    assert f"{view.landing_unrolled[1]:.6f}"[:7] in html


def test_verdict_of_the_2025_launch_is_the_explorers(sites: pd.DataFrame, targets: pd.DataFrame) -> None:
    launches = records.load_launches()
    rec = launches[(launches["event_id"] == "2025-01-06") & (launches["estimate_by"] == "Japan MOD")].iloc[0]
    state, notices = wv.decode(
        {
            "wi_lat": str(rec["site_lat"]),
            "wi_lon": str(rec["site_lon"]),
            "wi_bearing": str(rec["bearing_deg"]),
            "wi_range_km": str(rec["range_km"]),
        },
        sites=SITES,
    )
    assert notices == []
    view = wv.whatif_view(state, sites, targets, odds=explorer.landing_odds)
    fast = explorer.Services(waters=lambda lats, lons: None)
    ex = explorer.explorer_view(launches, filters.Filters(), "2025-01-06", services=fast)
    (mod,) = [f for f in ex.footprints if f.estimate_by == "Japan MOD"]
    assert view.odds is not None
    assert view.odds.status == mod.odds.status
    assert view.odds.probabilities == mod.odds.probabilities
    assert view.odds.nominal.status == "outside" == rec["japan_eez"]
    assert view.verdict_text == mod.odds.summary
    assert (view.landing[0], view.landing[1]) == pytest.approx(
        (rec["landing_lat"], rec["landing_lon"]), abs=1e-6
    )


def test_without_the_eez_layer_the_view_says_so(sites: pd.DataFrame, targets: pd.DataFrame) -> None:
    view = _view(wv.WhatIf(), sites, targets)
    assert view.odds is None
    assert "EEZ layer is missing" in view.verdict_text


def test_a_class_sets_its_range_and_the_targets_follow(sites: pd.DataFrame, targets: pd.DataFrame) -> None:
    view = _view(wv.WhatIf(site="sunan", missile_class="IRBM"), sites, targets)
    assert view.range_km == ballistics.preset_radius_km("IRBM") == 5500.0
    assert view.range_label == "Range (IRBM's typical range)"
    row = sites[sites["site"] == "sunan"].iloc[0]
    expected = reach.targets_in_reach(float(row["lat"]), float(row["lon"]), 5500.0, targets)
    pd.testing.assert_frame_equal(view.targets, expected)
    assert view.targets_heading.endswith(f"{int(expected['in_reach'].sum())} of {len(expected)}")
    d = GEOD.inv(
        np.full(len(targets), row["lon"]), np.full(len(targets), row["lat"]), targets["lon"], targets["lat"]
    )[2]
    assert int(view.targets["in_reach"].sum()) == int((d / 1000.0 <= 5500.0).sum())


@pytest.mark.parametrize(
    ("apogee_km", "shape"), [(None, "minimum-energy"), (100.0, "depressed"), (2000.0, "lofted")]
)
def test_the_profile_flies_the_chosen_apogee(
    apogee_km: float | None, shape: str, sites: pd.DataFrame, targets: pd.DataFrame
) -> None:
    view = _view(wv.WhatIf(range_km=1100.0, apogee_km=apogee_km), sites, targets)
    r0 = ballistics.EARTH_RADIUS_KM
    minimum = r0 * (math.sin(1100.0 / r0 / 2) + math.cos(1100.0 / r0 / 2) - 1) / 2  # hand formula
    assert view.minimum_energy_apogee_km == pytest.approx(minimum, rel=1e-9)
    assert view.apogee_km == pytest.approx(apogee_km or minimum)
    assert view.flight.apogee_km == pytest.approx(view.apogee_km)
    assert view.flight.range_km == pytest.approx(1100.0)
    assert view.flight_text.startswith(f"A {shape} arc")
    spec = wv.profile_chart(view).to_dict()
    assert spec["autosize"]["type"] == "pad"  # the to-scale chart of the Flight profile page
