"""The Reach page's border mode: rings from a country's border and the targets they hold (computed by
:mod:`trajmap.views.border_reach`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages import _cache
from pages import _reach_common as common
from trajmap import border
from trajmap.escape import markdown_text as md
from trajmap.views import border_reach as brv
from trajmap.views import reach as rv


def show(
    left: DeltaGenerator,
    right: DeltaGenerator,
    targets: pd.DataFrame,
    land: dict[str, object] | None,
    land_url: str | None = None,
) -> dict[str, str]:
    """The country in ``left``, the rings in ``right``, then the map (its land fetched from ``land_url``
    when given), the targets and the people in range (rings from a border start at
    :data:`trajmap.border.MIN_BORDER_RING_KM`); returns the URL parameters."""
    countries = _cache.country_names()
    with left:
        if not countries:
            st.error("No countries layer is available: run `python -m trajmap.layers download`.")
            st.stop()
        st.session_state.setdefault("ring_country", "PRK" if "PRK" in countries else next(iter(countries)))
        country = st.selectbox(
            "Country (Natural Earth)",
            list(countries),
            format_func=lambda k: f"{countries[k]} ({k})",
            key="ring_country",
        )
    with right:
        chosen = common.choose_rings()
    usable = [(r, lab) for r, lab in chosen.rings if r >= border.MIN_BORDER_RING_KM]
    if len(usable) < len(chosen.rings):
        st.info(
            f"Rings from a border start at {border.MIN_BORDER_RING_KM:,.0f} km; smaller ones are not drawn."
        )
    if usable:
        bview = brv.border_view(
            [_cache.border_ring(country, r) for r, _ in usable], countries[country], targets, _cache.cities()
        )
        m, fg = brv.border_map(bview, land=land, land_url=land_url)
        common.show_map(m, fg, (bview.lat, bview.lon), bview.zoom, clicks=False)
        st.caption(md(bview.caption))
        common.targets_table(
            bview.heading,
            bview.table[list(brv.BORDER_COLUMNS)],
            within="the smallest ring that holds the target",
            distance_km="from the nearest point of the territory",
        )
        common.people_in_range(bview.people, bview.people_caption)
    return rv.url_params(
        site_key=None,
        lat=None,
        lon=None,
        custom_km=chosen.custom_km,
        classes=chosen.classes,
        mode="border",
        country=country,
    )
