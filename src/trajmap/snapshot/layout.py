"""The frame of a snapshot map and what is drawn around the data: graticule, scale bar, labels, legend.

:class:`MapView` is the azimuthal equidistant projection centred on the launch site and the visible extent;
the other helpers lay out text on a matplotlib ``Axes`` so that labels stay inside the frame and keep off
markers, lines and each other. :mod:`trajmap.snapshot` draws the map with them.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox
from pyproj import Geod, Transformer

from trajmap import geodesy

__all__ = [
    "GRID",
    "INK",
    "MUTED",
    "MapView",
    "draw_graticule",
    "draw_legend",
    "draw_scale_bar",
    "draw_text",
    "fit_extent",
    "marker_box",
    "place_labels",
]

INK, MUTED, GRID = "#222222", "#6b6b6b", "#c9d3dc"
_GEOD = Geod(ellps="WGS84")
_HALO = [patheffects.Stroke(linewidth=2.6, foreground="white")]
_NICE_KM = (10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000)
_OFFSETS = [  # label offsets (points) and alignment, in order of preference
    (7, 4, "left", "bottom"), (7, -4, "left", "top"), (-7, 4, "right", "bottom"), (-7, -4, "right", "top"),
    (0, 9, "center", "bottom"), (0, -9, "center", "top"), (12, 16, "left", "bottom"),
    (12, -16, "left", "top"), (-12, 16, "right", "bottom"), (-12, -16, "right", "top"),
]  # fmt: skip


class MapView:
    """The aeqd projection, the visible extent (metres) and a lat/lon window that covers it."""

    def __init__(self, lat0: float, lon0: float, extent: tuple[float, float, float, float]) -> None:
        crs = f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m"
        self.extent = extent
        self.fwd = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        self.inv = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        x0, x1, y0, y1 = extent
        px, py = 0.08 * (x1 - x0), 0.08 * (y1 - y0)
        x0, x1, y0, y1 = x0 - px, x1 + px, y0 - py, y1 + py
        t = np.linspace(0.0, 1.0, 100)
        bx = np.concatenate([x0 + 0 * t, x0 + (x1 - x0) * t, x1 + 0 * t, x1 - (x1 - x0) * t])
        by = np.concatenate([y0 + (y1 - y0) * t, y1 + 0 * t, y1 - (y1 - y0) * t, y0 + 0 * t])
        lon, lat = self.inv.transform(bx, by)
        lon = lon0 + (np.asarray(lon) - lon0 + 180.0) % 360.0 - 180.0  # unrolled around the centre
        win = [float(np.min(lon)) - 1, float(np.min(lat)) - 1, float(np.max(lon)) + 1, float(np.max(lat)) + 1]
        for pole in (90.0, -90.0):  # a pole in view: all longitudes up to it
            qx, qy = self.fwd.transform(0.0, pole)
            if x0 <= qx <= x1 and y0 <= qy <= y1:
                win = [lon0 - 180.0, min(win[1], pole), lon0 + 180.0, max(win[3], pole)]
        self.window = (win[0], max(win[1], -90.0), win[2], min(win[3], 90.0))

    def xy(self, lats: Any, lons: Any) -> tuple[np.ndarray, np.ndarray]:
        """Project degrees to metres (any longitudes: aeqd is periodic in them)."""
        x, y = self.fwd.transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        return np.asarray(x), np.asarray(y)

    def clip(self, geoms: Any, tolerance_m: float = 0.0) -> Any:
        """Clip lon/lat geometries to the window (also shifted by +-360), project and simplify them.

        Clipping first keeps far-away shapes, and the antipode where aeqd blows up, out of the drawing.
        """
        lo0, la0, lo1, la1 = self.window
        ks = [k for k in (-360.0, 0.0, 360.0) if lo1 + k > -180.0 and lo0 + k < 180.0]
        parts = np.concatenate(
            [np.atleast_1d(shapely.clip_by_rect(geoms, lo0 + k, la0, lo1 + k, la1)) for k in ks]
        )
        parts = parts[~shapely.is_empty(parts)]
        projected = shapely.transform(parts, lambda x, y: self.fwd.transform(x, y), interleaved=False)
        return shapely.simplify(projected, tolerance_m) if tolerance_m > 0 else projected


def fit_extent(xs: np.ndarray, ys: np.ndarray, aspect: float) -> tuple[float, float, float, float]:
    """Frame the points with a margin, at least 300 km across, widened to the axes' aspect."""
    x0, x1, y0, y1 = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    w, h = max(x1 - x0, 300e3), max(y1 - y0, 300e3)
    pad = max(0.16 * max(w, h), 120e3)
    w, h = w + 2 * pad, h + 2 * pad
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _deg(value: float, pos: str, neg: str) -> str:
    v = geodesy.normalize_lon(value) if pos == "E" else value
    return "0°" if v == 0 else "180°" if abs(v) == 180 else f"{abs(v):g}°{pos if v > 0 else neg}"


def _crossing(a: np.ndarray, b: np.ndarray, level: float) -> float | None:
    """Where the polyline (a, b) first crosses ``b == level``: the value of ``a`` there."""
    s = np.sign(b - level)
    idx = np.nonzero(s[:-1] * s[1:] < 0)[0]
    if not len(idx):
        return None
    i = idx[0]
    return float(a[i] + (level - b[i]) / (b[i + 1] - b[i]) * (a[i + 1] - a[i]))


def draw_graticule(ax: Axes, view: MapView) -> None:
    """Meridians (labelled at the bottom) and parallels (labelled left, else right, else top)."""
    x0, x1, y0, y1 = view.extent
    w, h = x1 - x0, y1 - y0
    span_km = max(w, h) / 1000.0
    step = 2 if span_km < 1200 else 5 if span_km < 3500 else 10 if span_km < 12000 else 20
    lo0, la0, lo1, la1 = view.window
    # edge: (0 if the edge is horizontal, its level, label anchor, ha, va, usable span along the edge)
    edges = {
        "bottom": (0, y0 + 0.004 * h, y0 + 0.012 * h, "center", "bottom", (x0 + 0.06 * w, x1 - 0.22 * w)),
        "top": (0, y1 - 0.004 * h, y1 - 0.012 * h, "center", "top", (x0 + 0.25 * w, x1 - 0.06 * w)),
        "left": (1, x0 + 0.004 * w, x0 + 0.006 * w, "left", "center", (y0 + 0.06 * h, y1 - 0.04 * h)),
        "right": (1, x1 - 0.004 * w, x1 - 0.006 * w, "right", "center", (y0 + 0.14 * h, y1 - 0.04 * h)),
    }
    lats = np.linspace(max(la0, -89.5), min(la1, 89.5), 200)
    lines: list[tuple[np.ndarray, np.ndarray, str, tuple[str, ...]]] = [
        (lats, np.full(200, lon), _deg(lon, "E", "W"), ("bottom",))
        for lon in np.arange(math.ceil(lo0 / step) * step, lo1 + 1e-9, step)
    ]
    lines += [
        (np.full(400, lat), np.linspace(lo0, lo1, 400), _deg(lat, "N", "S"), ("left", "right", "top"))
        for lat in np.arange(math.ceil(la0 / step) * step, la1 + 1e-9, step)
        if abs(lat) < 90
    ]
    for la, lo, name, prefs in lines:
        x, y = view.xy(la, lo)
        ax.plot(x, y, color=GRID, lw=0.5, zorder=1.2)
        for edge in prefs:
            horizontal, level, anchor, ha, va, (low, high) = edges[edge]
            cross = _crossing(x, y, level) if horizontal == 0 else _crossing(y, x, level)
            if cross is not None and low < cross < high:
                xy = (cross, anchor) if horizontal == 0 else (anchor, cross)
                draw_text(ax, xy, name, ha=ha, va=va, fontsize=7, color=MUTED, zorder=6)
                break


def _halo(ax: Axes, text: Annotation) -> None:
    """A white outline under ``text``, as a separate artist so that SVG keeps the text itself as text."""
    ha, va = text.get_horizontalalignment(), text.get_verticalalignment()
    ax.annotate(
        text.get_text(), text.xy, xytext=text.xyann, textcoords=text.anncoords, ha=ha, va=va,
        fontsize=text.get_fontsize(), color="white", zorder=text.get_zorder() - 0.01, path_effects=_HALO,
    )  # fmt: skip


def draw_text(ax: Axes, xy: tuple[float, float], text: str, **style: Any) -> None:
    """Text at data coordinates ``xy`` with a white halo."""
    _halo(ax, ax.annotate(text, xy, xytext=(0, 0), textcoords="offset points", **style))


def draw_scale_bar(ax: Axes, view: MapView) -> None:
    """A bar in the lower right whose length is measured geodesically where it is drawn.

    The aeqd scale is true only along lines through the centre, so the bar is solved at its own place.
    """
    x0, x1, y0, y1 = view.extent
    right, y, length_m = x1 - 0.03 * (x1 - x0), y0 + 0.05 * (y1 - y0), 0.16 * (x1 - x0)

    def true_km(lm: float) -> float:
        lon, lat = view.inv.transform(np.array([right - lm, right]), np.array([y, y]))
        return float(_GEOD.inv(lon[0], lat[0], lon[1], lat[1])[2]) / 1000.0

    km = max([n for n in _NICE_KM if n <= true_km(length_m)] or [_NICE_KM[0]])
    for _ in range(3):  # locally linear: rescale until the bar measures km
        length_m *= km / true_km(length_m)
    h = 0.008 * (y1 - y0)
    for i, face in enumerate((INK, "white")):
        left = right - length_m + i * length_m / 2
        ax.add_patch(Rectangle((left, y), length_m / 2, h, facecolor=face, edgecolor=INK, lw=0.6, zorder=7))
    for xx, label in ((right - length_m, "0"), (right, f"{km:,} km")):
        draw_text(ax, (xx, y + 2.2 * h), label, ha="center", va="bottom", fontsize=7.5, zorder=7)


def place_labels(ax: Axes, items: list[tuple[float, float, str, str]], avoid: list[Bbox]) -> None:
    """Annotate points, trying offsets until a label overlaps no placed label or marker and stays inside."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    placed = list(avoid)
    for x, y, text, color in items:
        for n, (dx, dy, ha, va) in enumerate([*_OFFSETS, _OFFSETS[0]]):
            ann = ax.annotate(
                text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=8,
                color=color, zorder=8,
            )  # fmt: skip
            box = ann.get_window_extent(renderer)
            inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
            if n == len(_OFFSETS) or (inside and not any(box.overlaps(b) for b in placed)):
                placed.append(box)
                _halo(ax, ann)
                break
            ann.remove()


def marker_box(ax: Axes, xy: tuple[float, float], r_px: float) -> Bbox:
    px, py = ax.transData.transform(xy)
    return Bbox.from_bounds(px - r_px, py - r_px, 2 * r_px, 2 * r_px)


def draw_legend(ax: Axes, handles: list[Line2D], avoid: list[Bbox]) -> None:
    """A legend in the corner where it covers the fewest markers."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    style: dict[str, Any] = {"fontsize": 7.5, "framealpha": 0.92, "edgecolor": "#cccccc", "fancybox": False}
    scores: list[tuple[float, int, int]] = []
    for order, loc in enumerate((2, 3, 1, 4)):  # upper left, lower left, upper right, lower right
        box = ax.legend(handles=handles, loc=loc, **style).get_window_extent(renderer)
        scores.append((sum(box.overlaps(b) for b in avoid) + (loc == 4) * 0.5, order, loc))
    ax.legend(handles=handles, loc=min(scores)[2], **style).set_zorder(9)
