"""The app's thin caching layer: pure trajmap calls wrapped in st.cache_data (pages import from here)."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from trajmap import config, layers, maps, records, zones
from trajmap.views import explorer


def require_navigation() -> None:
    """Route through app.py's ``st.navigation`` even on a deep link opened first after a server start.

    Until ``st.navigation`` has run once, Streamlit routes by the legacy ``pages/`` folder, which would run
    a page file on its own (no page config, no static assets, a raw file list as navigation). Each page
    calls this first; it switches the server to ``st.navigation`` routing and reruns through app.py.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@st.cache_data(show_spinner=False)
def builtin_launches(kind: str, _version: str = "") -> pd.DataFrame:
    """A built-in dataset (``full`` or ``curated``); ``_version`` names the record, so an update shows."""
    from trajmap import dataset

    return dataset.load("curated" if kind == "curated" else "full")


def link_to_page(page: str, label: str, icon: str) -> None:
    """A link to another page of the app (plain text when the page runs alone, as in AppTest)."""
    from streamlit.errors import StreamlitPageNotFoundError

    try:
        st.page_link(page, label=label, icon=icon)
    except StreamlitPageNotFoundError:
        st.caption(f"{label}: see the page {page}")


def record_version() -> str:
    from trajmap import dataset

    info = dataset.record_info()
    return f"{info.version}@{info.as_of}@{info.where}"


def imports() -> list[Any]:
    """The files this browser session imported on the Data page (kept in the session only)."""
    held: dict[str, Any] = st.session_state.setdefault("_imports", {})
    return list(held.values())


def dataset_choice() -> str:
    """The dataset chosen on the Data page (the full record until one is chosen)."""
    return str(st.session_state.get("_dataset_choice", "full"))


def launches() -> tuple[pd.DataFrame, str]:
    """The dataset the pages show, and a notice when the choice could not be taken as asked."""
    from trajmap.views import data as dv

    version = record_version()
    choice = dataset_choice()
    key = (choice, version, tuple(sorted(st.session_state.get("_imports", {}))))
    held = st.session_state.get("_launches")
    if held is None or held[0] != key:  # merged once per choice and set of files, not on every rerun
        full = builtin_launches("full", version)
        curated = builtin_launches("curated", version) if choice == "curated" else full
        held = (key, dv.combine(choice, full, curated, imports()))
        st.session_state["_launches"] = held
    result: tuple[pd.DataFrame, str] = held[1]
    return result


def launches_or_stop(messages: Any) -> pd.DataFrame:
    """:func:`launches` for a page: its notice shown in ``messages`` (a container), and the page stopped
    with the problems listed when the built-in data fail validation."""
    try:
        df, notice = launches()
    except records.RecordError as exc:
        st.error("The built-in data failed validation; fix `data/launches.csv`:")
        st.code(str(exc), language=None)
        st.stop()
    if notice:
        from trajmap.escape import markdown_text

        messages.info(markdown_text(notice))
    return df


def launches_key() -> tuple[Any, ...]:
    """What :func:`launches` returned was built from: the dataset choice, its version and the imports."""
    held = st.session_state.get("_launches")
    return tuple(held[0]) if held is not None else ()


#: How many Explorer views a session keeps (each a filter state and selection).
VIEWS_KEPT = 8


def explorer_data(launches: pd.DataFrame, data_key: tuple[Any, ...]) -> explorer.ExplorerData:
    """:func:`trajmap.views.explorer.prepare` of the Explorer's data, once per data: shared by every
    session for the built-in record (:func:`shared_data`), else kept in this browser session only (the
    data may hold the user's upload, which never leaves the session, SECURITY.md)."""
    if shared_data(data_key):  # keyed by the key's text, which Streamlit hashes at once
        return _shared_data(repr(data_key), launches)
    held = st.session_state.get("_explorer_data")
    if held is None or held[0] != data_key:
        held = (data_key, explorer.prepare(launches, services()))
        st.session_state["_explorer_data"] = held
    data: explorer.ExplorerData = held[1]
    return data


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared_data(
    data_key: str,  # noqa: ARG001 (the cache key: names the data)
    _launches: pd.DataFrame,
) -> explorer.ExplorerData:
    return explorer.prepare(_launches, services())


def explorer_view(
    data: explorer.ExplorerData, flt: Any, selected: str | None, data_key: tuple[Any, ...]
) -> explorer.ExplorerView:
    """:func:`trajmap.views.explorer.explorer_view`, computed once per data, filters and selection in this
    browser session (the last few kept), with the map's launch data and the timeline built once with it:
    a rerun that changes neither (the map reporting its view, a snapshot size, a filter set back) computes
    no paths or charts again. Kept in the session, not in ``st.cache_data``, because the data may hold
    the user's upload, which never leaves the session (SECURITY.md)."""
    held: dict[Any, explorer.ExplorerView] = st.session_state.setdefault("_explorer_views", {})
    key = (data_key, flt, selected)
    view = held.pop(key, None)
    if view is None:
        if shared_data(data_key):  # the built-in record only: the same view for every session
            view = _shared_view(repr(key), flt, selected, data)
        else:
            view = explorer.explorer_view(data, flt, selected)
    held[key] = view  # the newest last
    while len(held) > VIEWS_KEPT:
        held.pop(next(iter(held)))
    return view


def shared_data(data_key: tuple[Any, ...]) -> bool:
    """Whether the Explorer's data key (:func:`launches_key`, the upload, the layers) is the built-in
    record alone: no file of the user's, imported on the Data page or uploaded on the Explorer."""
    dataset_key, upload = data_key[0], data_key[1]
    return upload is None and len(dataset_key) == 3 and not dataset_key[2]


@st.cache_resource(show_spinner=False, max_entries=16)
def _shared_view(
    key: str,  # noqa: ARG001 (the cache key: names the data, filters and selection)
    _flt: Any,
    _selected: str | None,
    _data: explorer.ExplorerData,
) -> explorer.ExplorerView:
    """:func:`trajmap.views.explorer.explorer_view` of the built-in record, shared by every session (a
    newcomer's first run does not compute the default view again); the view is never modified. Only for
    :func:`shared_data`. ``key`` is the text of (data key, filters, selection): the data key holds the
    record's version, and Streamlit hashes a text at once (a tuple of dataclasses slowly, on every run)."""
    return explorer.explorer_view(_data, _flt, _selected)


def dataset_launches() -> pd.DataFrame:
    """The dataset the pages show (see :func:`launches`), without its notice."""
    return launches()[0]


@st.cache_data(show_spinner=False)
def sites() -> pd.DataFrame:
    return records.load_sites()


def uploaded_launches(upload: Any) -> pd.DataFrame:
    """The user's uploaded records, read once per file and kept in this browser session only.

    Not in ``st.cache_data``, which is shared by every session of the server: an upload never leaves the
    session that sent it (SECURITY.md). Raises :class:`trajmap.records.RecordError` as the importer does.
    """
    import io

    key = (upload.file_id, upload.name, upload.size)
    held = st.session_state.get("_upload_parsed")
    if held is None or held[0] != key:
        buf = io.BytesIO(upload.getvalue())
        buf.name = upload.name  # records name the file in their messages
        try:
            held = (key, records.load_launches(buf))
        except records.RecordError as exc:
            held = (key, exc)
        st.session_state["_upload_parsed"] = held
    if isinstance(held[1], records.RecordError):
        raise held[1]
    return held[1]


# The reference layers are shared, not copied per call (``st.cache_resource``: ``st.cache_data`` would
# unpickle 1.4 MB on every rerun of every page). No caller modifies them: each map draws its own copy of the
# geometry (trajmap.maps.drawing_only), as tests/maps/test_base.py checks.
@st.cache_resource(show_spinner=False)
def vector_land() -> dict[str, Any] | None:
    """Simplified Natural Earth countries for the vector basemap (the full layer, else its regional
    default), or None when there is neither. Shared: never modify it."""
    try:
        fc = layers.load_geojson("countries")
    except layers.LayerError:
        return None
    return maps.vector_basemap(fc, tolerance_deg=0.1, digits=2, min_area_deg2=0.003)


#: The app's static folder (served at /app/static/ by server.enableStaticServing), beside app.py.
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"


@st.cache_data(show_spinner=False)
def vector_land_url() -> str | None:
    """Where the app serves :func:`vector_land` (a content-hashed file), None when there is no land."""
    land = vector_land()
    return None if land is None else maps.write_layer(maps.land_file(land), STATIC_DIR, "land")


@st.cache_data(show_spinner=False)
def eez_overlay_url() -> str | None:
    """Where the app serves :func:`eez_overlay` (a content-hashed file), None when the layer is missing."""
    eez = eez_overlay()
    return None if eez is None else maps.write_layer(maps.eez_file(eez), STATIC_DIR, "eez")


@st.cache_data(ttl=300, show_spinner=False)
def tiles_reachable(host: str = "tile.openstreetmap.org") -> bool:
    """Whether online tiles can be reached from here (skipped when TRAJMAP_OFFLINE is set)."""
    if config.offline():
        return False
    try:
        with socket.create_connection((host, 443), timeout=1.5):
            return True
    except OSError:
        return False


@st.cache_resource(show_spinner=False)
def eez_overlay() -> dict[str, Any] | None:
    """The simplified EEZ overlay, or None when the EEZ layer is not cached. Shared: never modify it."""
    try:
        return zones.eez_overlay_geojson()
    except layers.LayerError:
        return None


# the views' expensive calls, cached (trajmap.views.explorer.Services)
waters = st.cache_data(show_spinner=False)(explorer.waters_texts)
landing_odds = st.cache_data(show_spinner=False)(explorer.landing_odds)
max_range = st.cache_data(show_spinner=False)(explorer.max_range)


def layer_status() -> list[layers.LayerStatus]:
    return layers.status()


def show_layer_notice(wanted: Sequence[str]) -> None:
    """A caption saying which of the ``wanted`` layers the page reads from its regional default or misses."""
    notice = layers.source_notice(layer_status(), wanted)
    if notice:
        st.caption(notice)


@st.cache_data(show_spinner=False)
def targets() -> pd.DataFrame:
    from trajmap import reach

    return reach.load_targets()


@st.cache_data(show_spinner=False)
def cities() -> pd.DataFrame:
    """Natural Earth's populated places, for the people in range (:mod:`trajmap.cities`)."""
    from trajmap import cities as ne_cities

    return ne_cities.load_cities()


@st.cache_data(show_spinner=False)
def reach_table(
    lat: float, lon: float, range_km: float, rings: tuple[tuple[float, str], ...] = ()
) -> pd.DataFrame:
    from trajmap import reach

    return reach.targets_in_reach(lat, lon, range_km, targets(), rings)


@st.cache_data(show_spinner=False)
def profile_summary(apogee_km: float, range_km: float, flight_min: float | None, missile_class: str) -> Any:
    from trajmap import profile

    return profile.summarize(apogee_km, range_km, flight_min, missile_class)


@st.cache_data(show_spinner="Drawing the snapshot...", max_entries=32)
def snapshot(rows: pd.DataFrame, event_id: str, size: tuple[int, int], fmt: str, show_eez: bool) -> bytes:
    from trajmap import snapshot as snap

    return snap.render_snapshot(rows, event_id=event_id, size=size, fmt=fmt, show_eez=show_eez)  # type: ignore[arg-type]


def services() -> explorer.Services:
    """The views' expensive library calls, cached here."""
    return explorer.Services(waters=waters, odds=landing_odds, max_range=max_range, targets=targets)


def offer_layer_download(names: list[str]) -> None:
    """A button that fetches missing reference layers from their publishers, with a progress bar."""
    if not st.button("Download the missing layers now", key="dl_layers"):
        return
    for name in names:
        layer = layers.LAYERS[name]
        bar = st.progress(0.0, text=f"{layer.title}: connecting to {layer.publisher}...")

        def show(done: int, total: int | None, bar: Any = bar, title: str = layer.title) -> None:
            if total:
                bar.progress(
                    min(1.0, done / total), text=f"{title}: {done / 1e6:.1f} of {total / 1e6:.1f} MB"
                )
            else:
                bar.progress(0.5, text=f"{title}: {done / 1e6:.1f} MB")

        try:
            layers.ensure(name, progress=show, timeout_s=20.0)
        except layers.LayerError as exc:
            bar.empty()
            st.error(f"{layer.title} could not be downloaded: {exc}")
        else:
            bar.progress(1.0, text=f"{layer.title}: done")
    st.cache_data.clear()
    vector_land.clear()  # the reference layers (st.cache_resource) are read again from what was fetched
    eez_overlay.clear()


@st.cache_data(show_spinner="Flying the footprints...", max_entries=64)
def footprints(
    lat: float, lon: float, rings: tuple[tuple[float, str], ...], speed_km_s: float | None
) -> tuple[Any, ...]:
    """Rotation-aware footprints of the rings (:func:`trajmap.views.reach.footprints_for`)."""
    from trajmap.views import reach as rv

    return rv.footprints_for(lat, lon, rings, speed_km_s)


@st.cache_data(show_spinner=False)
def country_names() -> dict[str, str]:
    """ADM0_A3 -> name of the Natural Earth countries layer (full file or its embedded default)."""
    from trajmap import border

    try:
        return border.countries(layers.load_geojson("countries"))
    except layers.LayerError:
        return {}


@st.cache_data(show_spinner="Drawing the rings from the border...", max_entries=32)
def border_ring(code: str, radius_km: float) -> Any:
    """The area within ``radius_km`` of a country (:func:`trajmap.border.border_ring`)."""
    from trajmap import border

    geom, name = border.country_geometry(layers.load_geojson("countries"), code)
    return border.border_ring(geom, radius_km, code, name)
