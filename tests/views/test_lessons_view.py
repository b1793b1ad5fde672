"""The Lessons page's view: the section in the URL, and each section's text, map or chart and sources."""

from __future__ import annotations

import pytest

from trajmap import lessons
from trajmap.views import lessons as lv


@pytest.mark.parametrize(
    ("params", "key", "notice"),
    [
        ({}, "curve", None),
        ({"section": "ring"}, "ring", None),
        ({"section": " eez "}, "eez", None),
        ({"section": ["lofted", "ring"]}, "lofted", None),
        ({"section": "EEZ"}, "curve", "section: EEZ is not one of curve, ring, eez, lofted"),
        ({"section": "<script>alert(1)</script>"}, "curve", "is not one of"),
        ({"section": "x" * 5000}, "curve", "xxx..."),
        ({"section": []}, "curve", "section:  is not one of"),
    ],
)
def test_decode_section(params: dict, key: str, notice: str | None) -> None:
    got, notices = lv.decode_section(params)
    assert got == key
    assert notices == [] if notice is None else any(notice in n for n in notices) and len(notices[0]) < 200


def _rendered(sec: lv.Section) -> str:
    assert sec.map is not None
    sec.map.base.add_child(sec.map.layer)
    return sec.map.base.get_root().render()


@pytest.fixture(scope="module")
def figures() -> dict[str, object]:
    return {key: lv.compute(key) for key in lv.SECTIONS}


def test_every_section_has_text_sources_and_a_figure(figures: dict[str, object]) -> None:
    for key, title in lv.SECTIONS.items():
        sec = lv.section(key, figures[key], land=None, eez_overlay=None)
        assert (sec.key, sec.title) == (key, title)
        assert 3 <= len(sec.paragraphs) <= 6
        assert sec.citations
        assert all(c.url.startswith(("https://", "http://")) for c in sec.citations)
        assert (sec.map is None) != (sec.chart is None)
        assert sec.table is not None
        assert len(sec.table) > 0
    with pytest.raises(ValueError, match="'nope'"):
        lv.compute("nope")


def test_curve_section_draws_both_lines_and_says_their_lengths(figures: dict[str, object]) -> None:
    c = figures["curve"]
    assert isinstance(c, lessons.CurveLesson)
    sec = lv.curve_section(c, land=None)
    html = _rendered(sec)
    assert all(cls in html for cls in ("trajmap-lesson-geodesic", "trajmap-lesson-straight"))
    text = " ".join(sec.paragraphs)
    assert all(f"{km:,.0f} km" in text for km in (c.geodesic_km, c.mercator_km, c.max_gap_km))
    assert list(sec.table["length_km"]) == [
        round(c.geodesic_km, 1),
        round(c.mercator_km, 1),
        round(c.max_gap_km, 1),
    ]


def test_ring_section_draws_the_geodesic_rings_and_leaflets_circles(figures: dict[str, object]) -> None:
    r = figures["ring"]
    assert isinstance(r, lessons.RingLesson)
    html = _rendered(lv.ring_section(r, land=None))
    assert html.count("L.circle(") == len(r.rows)  # the wrong one, on purpose, to compare
    assert html.count('"className": "trajmap-ring"') == len(r.rows)


def test_eez_section_says_the_verdict_and_the_distances(figures: dict[str, object]) -> None:
    e = figures["eez"]
    assert isinstance(e, lessons.EezLesson)
    sec = lv.eez_section(e, land=None, eez_overlay=None)
    text = " ".join(sec.paragraphs)
    assert all(s in text for s in ("370.4 km", "22.224 km", "article 57", "article 3"))
    assert f"{e.eez_edge_km:,.0f} km beyond its line" in text
    assert f"{e.coast_km:,.0f} km from Japan's nearest coast" in text
    assert e.odds.odds in text
    html = _rendered(sec)
    assert all(cls in html for cls in ("trajmap-footprint", "trajmap-lesson-coast", "trajmap-landing"))
    assert len(sec.table) == len(e.special)


def test_lofted_section_chart_is_to_scale(figures: dict[str, object]) -> None:
    lo = figures["lofted"]
    assert isinstance(lo, lessons.LoftedLesson)
    sec = lv.lofted_section(lo)
    spec = sec.chart.to_dict()
    x_max = spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1]
    y_max = spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1]
    assert spec["width"] / x_max == pytest.approx(spec["height"] / y_max, rel=0.01)
    assert lo.max_range.value_text in " ".join(sec.paragraphs)
