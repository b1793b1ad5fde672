"""The Reach page's first mode: what rings (or rotating-Earth footprints) from a point reach (computed by
:mod:`trajmap.views.reach`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages import _cache, _place
from pages import _reach_common as common
from trajmap.escape import markdown_text as md
from trajmap.views import reach as rv

SITE = _place.Keys(listed="ring_site", lat="ring_lat", lon="ring_lon", clicked="_clicked")


def show(
    site_mode: str,
    left: DeltaGenerator,
    right: DeltaGenerator,
    sites: pd.DataFrame,
    targets: pd.DataFrame,
    land: dict[str, object] | None,
    land_url: str | None = None,
) -> dict[str, str]:
    """The site (``site_mode``: a launch site, coordinates or a click) in ``left``, the rings and the
    rotation in ``right``, then the map (its land fetched from ``land_url`` when given), the targets and
    the people in range; returns the URL parameters."""
    with left:
        site = _place.choose(site_mode, sites, "site", SITE, default="sunan", start=(39.03, 125.75))
    with right:
        chosen = common.choose_rings()
        rotating = common.rotating()
    rings = chosen.rings
    fps = _cache.footprints(site.lat, site.lon, tuple(rings), chosen.speed_km_s) if rotating and rings else ()
    view = rv.reach_view(
        site.lat,
        site.lon,
        site.where,
        rings,
        targets,
        table=_cache.reach_table,
        city_table=_cache.cities(),
        footprints=fps,
    )
    m, fg = rv.reach_map(view, band=chosen.band, land=land, land_url=land_url)
    out = common.show_map(m, fg, (site.lat, site.lon), view.zoom)
    _cache.show_layer_notice(("countries",))  # the land drawn: the full layer, its regional default, or none
    if site_mode == _place.CLICK:
        _place.follow_click(out, SITE)
    if view.footprint_caption:
        st.caption(md(view.footprint_caption))
    if view.table is not None:
        common.targets_table(
            view.heading,
            view.table[list(view.columns)],
            within="the smallest ring (or footprint) that holds the target",
            margin_km="the range of the ring named in 'within' (toward the target, for a footprint) minus "
            "the distance; for a target none holds, the largest one's (negative: out of reach)",
        )
    common.people_in_range(view.people, view.people_caption)
    return rv.url_params(
        site_key=site.key,
        lat=site.lat if site.key is None else None,
        lon=site.lon if site.key is None else None,
        custom_km=chosen.custom_km,
        classes=chosen.classes,
        rotating=rotating,
    )
