"""The view the Explorer shares: the user's move, never the map's report of the view the page asked for."""

from __future__ import annotations

import pytest

from trajmap.maps.viewreport import AskedViewFilter, reported_view, view_to_share

A = ((40.0, 127.0), 5)
B = ((35.0, 135.0), 6)
USER = ((41.5, 129.25), 7)
OTHER = ((20.0, 140.0), 4)


@pytest.mark.parametrize(
    ("asked", "reported", "memo", "shared", "new_memo"),
    [
        (A, None, None, None, (A, None)),  # first run: nothing reported
        (A, A, None, None, (A, A)),  # the page's own view, reported
        (A, None, (A, None), None, (A, None)),  # no report yet: the map shows what was asked
        (A, USER, (A, None), USER, (A, None)),  # the user moved the map
        (A, USER, (A, USER), None, (A, USER)),  # the page asked A when the map still held an old report
        (B, USER, (A, None), None, (B, USER)),  # a new launch moves the map: that report is of the old view
        (B, USER, (B, USER), None, (B, USER)),  # ... and stays stale on the next rerun
        (B, OTHER, (B, USER), OTHER, (B, USER)),  # the user moved it again
    ],
)
def test_view_to_share(asked, reported, memo, shared, new_memo) -> None:
    assert view_to_share(asked, reported, memo) == (shared, new_memo)


@pytest.mark.parametrize(
    ("state", "view"),
    [
        (None, None),
        ({}, None),
        ({"zoom": 5}, None),  # st_folium's default before the map reported
        ({"center": {"lat": 40.5, "lng": 127.25}, "zoom": 6}, ((40.5, 127.25), 6)),
        ({"center": {"lat": 40.5, "lng": 127.25}, "zoom": 6.0}, ((40.5, 127.25), 6)),
    ],
)
def test_reported_view(state, view) -> None:
    assert reported_view(state) == view


def test_filter_script_is_the_same_every_time_and_guards_outside_streamlit() -> None:
    import folium

    def script() -> str:
        m = folium.Map(location=[40, 127], zoom_start=5, tiles=None)
        m._name, m._id = "map", "fixed"
        m.add_child(AskedViewFilter())
        m.render()
        return m.get_root().script.render()

    text = script()
    assert "setComponentValue" in text
    assert "__GLOBAL_DATA__" in text
    assert "if (!S ||" in text  # the exported file has no Streamlit: nothing happens
    assert script() == text  # no per-rerun content: the map's script (and the component) stays the same
