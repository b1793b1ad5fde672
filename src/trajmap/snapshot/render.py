"""Drawing a launch snapshot with matplotlib (the docstring of :mod:`trajmap.snapshot` says more)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from typing import Any, Literal
from urllib.parse import urlsplit

import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib import font_manager, patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from trajmap import geodesy, layers, records
from trajmap.constants import CLASS_COLORS, EEZ_ATTRIBUTION_TEXT
from trajmap.snapshot.layout import (
    INK,
    MUTED,
    MapView,
    draw_graticule,
    draw_legend,
    draw_scale_bar,
    draw_text,
    fit_extent,
    marker_box,
    place_labels,
)

__all__ = ["UnknownEventError", "render_snapshot"]

#: A range ring: centre latitude and longitude (degrees), radius (km) and its label.
Ring = tuple[float, float, float, str]
LAND, BORDER, SEA = "#ece9e2", "#b9b4aa", "#eef3f7"
EEZ_OTHER, EEZ_EMPHASIS, RING_COLOR = "#9fb3c4", "#1f4e79", "#8e3b46"
EMPHASIS_SOVEREIGN = "JPN"


class UnknownEventError(LookupError):
    """``event_id`` names no launch in the frame; ``valid_ids`` lists the ones that exist."""

    def __init__(self, event_id: str, valid_ids: Sequence[str]) -> None:
        self.event_id, self.valid_ids = event_id, tuple(valid_ids)
        shown = ", ".join(self.valid_ids[-8:])
        super().__init__(f"no launch with event id {event_id!r}; some known ids: {shown}")


def _font() -> list[str]:
    names = {f.name for f in font_manager.fontManager.ttflist}
    return [n for n in ("Liberation Sans", "Arial", "Helvetica", "DejaVu Sans") if n in names] or [
        "sans-serif"
    ]


@functools.lru_cache(maxsize=2)
def _land(_file: str, _mtime_ns: int) -> Any:
    feats = layers.load_geojson("countries")["features"]
    return shapely.make_valid(np.array([shapely.geometry.shape(f["geometry"]) for f in feats], dtype=object))


@functools.lru_cache(maxsize=2)
def _eez_lines(_file: str, _mtime_ns: int) -> tuple[Any, Any]:
    """EEZ boundaries without coasts and file-edge cuts: (other countries', Japan's) lon/lat lines.

    Japan's is the line :mod:`trajmap.zones` measures verdicts against; without zones (or its land layer)
    the raw polygon outlines are used.
    """
    bbox_edge = shapely.box(*(layers.LAYERS["eez"].bbox or (-180, -90, 180, 90))).exterior.buffer(1e-3)
    try:
        from trajmap import zones

        idx = zones.zone_index()
        geoms, mask = idx.geoms, shapely.union_all(idx.land).buffer(0.03).union(bbox_edge)
        emph = shapely.union_all(idx.country(EMPHASIS_SOVEREIGN).lines_lonlat)
    except (ImportError, layers.LayerError):
        feats = layers.load_geojson("eez")["features"]
        geoms = shapely.make_valid(np.array([shapely.geometry.shape(f["geometry"]) for f in feats]))
        own = np.array([f["properties"].get("ISO_SOV1") == EMPHASIS_SOVEREIGN for f in feats])
        mask = bbox_edge
        emph = shapely.difference(shapely.union_all(shapely.boundary(geoms[own])), mask)
    other = shapely.union_all(shapely.simplify(shapely.boundary(geoms), 0.01))
    return shapely.difference(shapely.difference(other, mask), emph.buffer(0.02)), emph


def _layer_shapes(name: str) -> Any:
    p = layers.resolve(name)
    return (_land if name == "countries" else _eez_lines)(str(p), p.stat().st_mtime_ns)


def _mpl_path(geoms: Any) -> MplPath | None:
    """One compound path of polygons (holes oriented for the nonzero rule) or lines."""
    verts: list[np.ndarray] = []
    for g in shapely.get_parts(np.atleast_1d(geoms)):
        if isinstance(g, shapely.Polygon):
            g = shapely.orient_polygons(g)
            verts += [np.asarray(r.coords)[:, :2] for r in (g.exterior, *g.interiors)]
        elif isinstance(g, shapely.LineString):
            verts.append(np.asarray(g.coords)[:, :2])
    verts = [v for v in verts if len(v) >= 2]
    if not verts:
        return None
    codes = [np.r_[MplPath.MOVETO, np.full(len(v) - 1, MplPath.LINETO)].astype(np.uint8) for v in verts]
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _select(launches: pd.DataFrame, event_id: str | None) -> pd.DataFrame:
    if len(launches) == 0:
        raise ValueError("no launches to draw: the frame is empty")
    if event_id is None:
        return launches
    rows = launches[launches["event_id"] == event_id]
    if rows.empty:
        raise UnknownEventError(event_id, list(dict.fromkeys(launches["event_id"].astype(str))))
    return rows


def _long_date(value: Any) -> str:
    d = pd.Timestamp(value).date()
    return f"{d.day} {d:%B %Y}"


def _site_name(key: Any) -> str:
    return str(key).replace("-", " ").replace("_", " ").title()


def _titles(rows: pd.DataFrame) -> tuple[str, str]:
    """Generated title (missile, date) and subtitle (class, site, time, whose figures)."""
    names = " / ".join(dict.fromkeys(rows["missile"].astype(str)))
    by = ", ".join(dict.fromkeys(rows["estimate_by"].astype(str)))
    if rows["event_id"].nunique() == 1:
        r = rows.iloc[0]
        when = f", {r['time_utc']} UTC" if r.get("time_utc") else ""
        sub = f"{r['class']} fired from {_site_name(r['site'])}{when} · figures: {by}"
        return f"{names} launch, {_long_date(r['date'])}", sub
    span = f"{_long_date(rows['date'].min())} – {_long_date(rows['date'].max())}"
    return f"{rows['event_id'].nunique()} launches, {span}", f"{len(rows)} estimates · figures: {by}"


def _landing_groups(rows: pd.DataFrame) -> list[tuple[float, float, bool, str, list[str]]]:
    """Landing points, those within 5 km of each other merged: (lat, lon, reported, class, labels)."""
    groups: list[tuple[float, float, bool, str, list[str]]] = []
    for est in records.estimates(rows):
        if est.landing_lat is None or est.landing_lon is None:
            continue
        rng = f"{est.range_km:,.0f} km" if est.range_km is not None else "range not given"
        label = f"{est.estimate_by}: {rng}"
        for g in groups:
            if geodesy.inverse(g[0], g[1], est.landing_lat, est.landing_lon).distance_km < 5.0:
                g[4].append(label)
                break
        else:
            reported = est.landing_basis == "reported"
            groups.append((est.landing_lat, est.landing_lon, reported, est.missile_class, [label]))
    return groups


def _credit(rows: pd.DataFrame, eez_drawn: bool, as_of: dt.date | None) -> str:
    hosts = dict.fromkeys((urlsplit(str(u)).hostname or "").removeprefix("www.") for u in rows["source_url"])
    eez = f" · {EEZ_ATTRIBUTION_TEXT}"
    data = ", ".join(h for h in hosts if h) or "not given"
    when = (as_of or dt.date.today()).isoformat()
    return f"Land and borders: Natural Earth{eez if eez_drawn else ''} · Data: {data} · As of {when}"


def _frame(
    rows: pd.DataFrame, drawn: pd.DataFrame, on_site: bool, rings: Sequence[Ring], aspect: float
) -> MapView:
    """The projection centred on the (first) site, or on the sites' mean, framing everything drawn."""
    centre = (drawn if len(drawn) else rows).iloc[0]
    lat0, lon0 = float(centre["site_lat"]), float(centre["site_lon"])
    if not on_site:
        lat0, lon0 = float(rows["site_lat"].mean()), float(rows["site_lon"].mean())
    lats, lons = [*rows["site_lat"], *drawn["landing_lat"]], [*rows["site_lon"], *drawn["landing_lon"]]
    for lat, lon, radius_km, _ in rings:
        outline = geodesy.ring_outline(lat, lon, radius_km, 72)
        lats, lons = lats + [p[0] for p in outline], lons + [p[1] for p in outline]
    xs, ys = MapView(lat0, lon0, (-1.0, 1.0, -1.0, 1.0)).xy(lats, lons)
    return MapView(lat0, lon0, fit_extent(xs, ys, aspect))


def _draw_reference(
    ax: Axes, view: MapView, px_m: float, show_eez: bool, legend: list[Line2D], notes: list[str]
) -> bool:
    """Land and borders, then EEZ boundaries (Japan's emphasised); whether any EEZ line was drawn."""
    try:
        land = _mpl_path(view.clip(_layer_shapes("countries"), px_m))
        if land is not None:
            ax.add_patch(PathPatch(land, facecolor=LAND, edgecolor=BORDER, lw=0.45, zorder=2))
    except layers.LayerError:
        notes.append(f"land layer missing: run {layers.DOWNLOAD_COMMAND}")
    if not show_eez:
        return False
    try:
        other, emph = _layer_shapes("eez")
    except layers.LayerError:
        notes.append(f"EEZ layer missing: run {layers.DOWNLOAD_COMMAND} eez")
        return False
    eez_drawn = False
    for geom, color, lw, ls, label in (
        (other, EEZ_OTHER, 0.6, "-", "other EEZ boundaries"),
        (emph, EEZ_EMPHASIS, 1.3, (0, (4, 2)), "Japan's EEZ limit"),
    ):
        path = _mpl_path(view.clip(geom, px_m))
        if path is not None:  # under the land, which hides what is left along coasts
            ax.add_patch(PathPatch(path, fill=False, edgecolor=color, lw=lw, ls=ls, zorder=1.5))
            legend.append(Line2D([], [], color=color, lw=lw, ls=ls, label=label))
            eez_drawn = True
    return eez_drawn


def _draw_launches(
    ax: Axes, view: MapView, drawn: pd.DataFrame, legend: list[Line2D]
) -> tuple[list[tuple[float, float]], list[tuple[float, float, str, str]]]:
    """Trajectories by class and landing points; the trajectories' vertices and the landing labels."""
    classes: dict[str, str] = {}
    line_xy: list[tuple[float, float]] = []
    halo = [patheffects.withStroke(linewidth=4, foreground="white", alpha=0.7)]
    for est in records.estimates(drawn):
        if est.landing_lat is None or est.landing_lon is None:
            continue
        kind = est.missile_class
        color = classes.setdefault(kind, CLASS_COLORS.get(kind, CLASS_COLORS["unknown"]))
        pts = geodesy.path(est.site_lat, est.site_lon, est.landing_lat, est.landing_lon, 20.0)
        x, y = view.xy([p[0] for p in pts], [p[1] for p in pts])
        ax.plot(x, y, color=color, lw=2.2, solid_capstyle="round", zorder=4, alpha=0.9, path_effects=halo)
        line_xy += list(zip(x[1:-1], y[1:-1], strict=True))
    legend[:0] = [
        Line2D([], [], color=c, lw=2.2, label=f"{k} trajectory (geodesic)") for k, c in classes.items()
    ]
    items: list[tuple[float, float, str, str]] = []
    for lat, lon, reported, cls, labels in _landing_groups(drawn):
        color = CLASS_COLORS.get(cls, CLASS_COLORS["unknown"])
        (x,), (y,) = view.xy([lat], [lon])
        ax.plot([x], [y], "o", ms=6.5, mew=1.6, color=color, mfc=color if reported else "white", zorder=6)
        items.append((float(x), float(y), "\n".join(labels), INK))
    for basis, mfc, text in (
        ("reported", MUTED, "landing point (reported)"),
        ("derived", "white", "landing point (from bearing and range)"),
    ):
        if basis in set(drawn["landing_basis"]):
            legend.append(
                Line2D([], [], ls="", marker="o", ms=6.5, mew=1.6, color=MUTED, mfc=mfc, label=text)
            )
    return line_xy, items


def _draw_rings(ax: Axes, view: MapView, rings: Sequence[Ring], legend: list[Line2D]) -> None:
    """Range rings (circles on this projection), each labelled at its highest visible point."""
    x0, x1, y0, y1 = view.extent
    w, h = x1 - x0, y1 - y0
    for lat, lon, radius_km, label in rings:
        outline = geodesy.ring_outline(lat, lon, radius_km, 360)
        x, y = view.xy([p[0] for p in outline], [p[1] for p in outline])
        ax.plot(x, y, color=RING_COLOR, lw=1.0, ls=(0, (5, 3)), zorder=3)
        inside = (x > x0 + 0.08 * w) & (x < x1 - 0.08 * w) & (y > y0) & (y < y1 - 0.06 * h)
        if inside.any():
            i = int(np.nonzero(inside)[0][np.argmax(y[inside])])
            style = {"color": RING_COLOR, "fontsize": 7.5, "ha": "center", "va": "bottom", "zorder": 6}
            draw_text(ax, (x[i], y[i]), label, **style)
    if rings:
        legend.append(Line2D([], [], color=RING_COLOR, lw=1.0, ls=(0, (5, 3)), label="range ring"))


def _draw(
    fig: Figure, rows: pd.DataFrame, on_site: bool, rings: Sequence[Ring], show_eez: bool
) -> tuple[bool, list[str]]:
    """Draw the map panel; return whether EEZ lines were drawn and notes for the footer."""
    w_px, h_px = fig.get_size_inches() * 100  # layout in pixels at 100 dpi
    ax = fig.add_axes((24 / w_px, 46 / h_px, 1 - 48 / w_px, 1 - 130 / h_px))
    drawn = rows[rows["landing_basis"] != "unknown"]
    view = _frame(rows, drawn, on_site, rings, (w_px - 48) / (h_px - 130))
    x0, x1, y0, y1 = view.extent
    px_m = 0.4 * (x1 - x0) / (w_px - 48)  # under half a pixel at 100 dpi: invisible simplification
    ax.set(xlim=(x0, x1), ylim=(y0, y1), facecolor=SEA, xticks=[], yticks=[])
    for spine in ax.spines.values():
        spine.set(edgecolor="#9aa5ae", linewidth=0.6)

    notes = ["Azimuthal equidistant projection centred on the launch site: distances from it are true"]
    legend: list[Line2D] = []
    eez_drawn = _draw_reference(ax, view, px_m, show_eez, legend, notes)
    draw_graticule(ax, view)
    line_xy, items = _draw_launches(ax, view, drawn, legend)
    sites = rows.drop_duplicates("site")
    sx, sy = view.xy(sites["site_lat"], sites["site_lon"])
    marker: dict[str, Any] = {"marker": "^", "ms": 8, "color": INK, "mfc": "white", "mew": 1.4}
    ax.plot(sx, sy, ls="", zorder=7, **marker)
    legend.append(Line2D([], [], ls="", label="launch site", **marker))
    _draw_rings(ax, view, rings, legend)

    fig.canvas.draw()  # fixes the transforms, so labels can be measured
    marks = [*zip(sx, sy, strict=True), *((i[0], i[1]) for i in items)]
    # labels keep off markers and lines
    avoid = [marker_box(ax, p, 6) for p in marks] + [marker_box(ax, p, 2) for p in line_xy]
    site_items = [(a, b, _site_name(s), MUTED) for a, b, s in zip(sx, sy, sites["site"], strict=True)]
    place_labels(ax, items + site_items, avoid)
    draw_scale_bar(ax, view)
    draw_legend(ax, legend, avoid)
    return eez_drawn, notes


def render_snapshot(
    launches: pd.DataFrame,
    *,
    event_id: str | None = None,
    rings: Sequence[Ring] = (),
    title: str | None = None,
    subtitle: str | None = None,
    size: tuple[int, int] = (1200, 675),
    fmt: Literal["png", "svg"] = "png",
    show_eez: bool = True,
    as_of: dt.date | None = None,
) -> bytes:
    """Draw a launch (or every launch in ``launches``) as a static map and return the image bytes.

    Parameters
    ----------
    launches : pandas.DataFrame
        Estimates as returned by :func:`trajmap.records.load_launches`.
    event_id : str, optional
        Draw only this event's estimates (centred on its site); ``None`` draws every row.
    rings : sequence of (lat, lon, radius_km, label)
        Geodesic range rings (circles on this projection), e.g. ``(39.0, 125.7, 1500.0, "1,500 km")``.
    title, subtitle : str, optional
        Replace the generated title (missile and date) and subtitle (class, site, whose figures).
    size : (int, int)
        Width and height in pixels; the image decodes at exactly this size (200 dpi from 2000 px wide).
    fmt : {"png", "svg"}
        Output format. SVG keeps text as text.
    show_eez : bool
        Draw EEZ boundaries (Marine Regions v11) when that layer is available.
    as_of : datetime.date, optional
        Date printed in the attribution line (default: today).

    Raises
    ------
    UnknownEventError
        ``event_id`` is not in ``launches``.
    ValueError
        Empty frame, or a bad ``size`` or ``fmt``.
    """
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt must be 'png' or 'svg', got {fmt!r}")
    w_px, h_px = size
    if not (isinstance(w_px, int) and isinstance(h_px, int) and 200 <= w_px <= 8000 and 150 <= h_px <= 8000):
        raise ValueError(f"size must be (width, height) in pixels within 200x150..8000x8000, got {size!r}")
    rows = _select(launches, event_id)
    dpi = 200 if w_px >= 2000 else 100
    fig = Figure(figsize=(w_px / dpi, h_px / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    rc: Any = {"font.family": _font(), "svg.fonttype": "none", "svg.hashsalt": "trajmap", "text.color": INK}
    with mpl.rc_context(rc):
        eez_drawn, notes = _draw(fig, rows, event_id is not None, rings, show_eez)
        t, sub = _titles(rows)
        fy = dpi / 100 / h_px  # a length in pixels at 100 dpi, as a fraction of the height
        mx = 24 * dpi / 100 / w_px
        fig.text(mx, 1 - 27 * fy, title or t, fontsize=17, fontweight="bold", va="center")
        fig.text(mx, 1 - 58 * fy, subtitle or sub, fontsize=10.5, color=MUTED, va="center")
        fig.text(mx, 27 * fy, _credit(rows, eez_drawn, as_of), fontsize=6.8, color=MUTED, va="center")
        fig.text(mx, 13 * fy, " · ".join(notes), fontsize=6.8, color=MUTED, va="center")
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None}
        fig.savefig(buf, format=fmt, dpi=dpi, facecolor="white", metadata=meta)
    return buf.getvalue()
