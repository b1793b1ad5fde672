"""Launches on the map: sites, geodesic trajectories and landing points, with their popups and tooltips.

The launches travel as one data literal (:func:`launches_data`, JSON written by
:func:`trajmap.escape.script_json`, so it survives Jinja2 and ends no script) from which the browser
builds three GeoJSON layers (:class:`LaunchLayers`): whatever the number of launches, the map's script is
one fixed template and the data. Record text is carried as plain text and shown with ``textContent``
(never parsed as HTML); links are kept only when they are http(s) URLs. Markers are SVG circle markers
(no ``folium.Icon``). :func:`point_marker` labels are escaped with :func:`trajmap.escape.html_text`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.template import Template

from trajmap import geodesy
from trajmap.constants import CLASS_COLORS
from trajmap.escape import html_text, script_json, shown_text
from trajmap.maps.rendered import RenderedFeatureGroup, RenderedMacroElement
from trajmap.records import LaunchEstimate, estimates

__all__ = [
    "LANDING_CLASS",
    "LINE_PROPERTIES",
    "POPUP_LABELS",
    "SITE_CLASS",
    "TRAJECTORY_CLASS",
    "LaunchItems",
    "LaunchLayers",
    "LineValue",
    "encode_launches",
    "launches_data",
    "launches_layer",
    "launches_layer_of",
    "point_marker",
    "popup_rows",
]

#: SVG class names of the launches' paths (Leaflet's ``className``): the CSS and tests find them by these.
TRAJECTORY_CLASS = "trajmap-trajectory"
LANDING_CLASS = "trajmap-landing"
SITE_CLASS = "trajmap-site"


def _fmt(x: float | None, unit: str = "", digits: int = 0) -> str:
    return "not given" if x is None else f"{x:,.{digits}f}{unit}"


#: Coordinates in the launches' data are rounded to this many decimals (1e-4 degrees is about 11 m).
_DIGITS = 4
#: The popup's rows, in order; :func:`popup_rows` gives their values ("" leaves an optional row out).
POPUP_LABELS = (
    "Event",
    "Missile",
    "Estimate by",
    "Site",
    "Range",
    "Apogee",
    "Flight time",
    "Bearing",
    "Outcome",
    "Landing",
    "Waters",
    "Statement",
    "Source",
)
_OPTIONAL = frozenset({"Landing", "Waters", "Statement"})


def popup_rows(est: LaunchEstimate) -> tuple[list[str], str]:
    """One estimate's popup as plain text: the value of each of :data:`POPUP_LABELS` ("" for an optional
    row left out) and the source's address when it is an http(s) URL (else "").

    The texts are shown as given (:func:`trajmap.escape.shown_text`: control characters visible), never
    as HTML: the map's script writes them with ``textContent``.
    """
    t = shown_text
    when = f" {t(est.time_utc)} UTC" if est.time_utc else ""
    flight_digits = 1 if (est.flight_min or 0) % 1 else 0
    landing = ""
    if est.has_landing:
        where = geodesy.format_lat_lon(est.landing_lat, est.landing_lon)  # type: ignore[arg-type]
        landing = f"{where} ({t(est.landing_basis)})"
    url = est.source_url.strip()
    web = url if url.lower().startswith(("http://", "https://")) else ""
    values = [
        f"{t(est.event_id)} ({est.date.isoformat()}{when})",
        f"{t(est.missile)} ({t(est.missile_class)})",
        t(est.estimate_by),
        t(est.site),
        _fmt(est.range_km, " km"),
        _fmt(est.apogee_km, " km"),
        _fmt(est.flight_min, " min", flight_digits),
        _fmt(est.bearing_deg, "°"),
        t(est.outcome),
        landing,
        t(est.extra.get("waters") or ""),
        t(est.landing_statement),
        "source" if web else t(est.source_url),
    ]
    return values, t(web)


class _Strings:
    """A table of the distinct texts of the launches' data: features hold indices into it."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def table(self) -> list[str]:
        return list(self.index)


class LaunchLayers(RenderedMacroElement):
    """Trajectories, landing points and launch sites, drawn by the browser from one compact data literal.

    The data (``this.data``, :func:`trajmap.escape.script_json`) holds a table of texts ``s`` and two
    GeoJSON FeatureCollections: ``lines`` (one LineString per estimate with a landing point; properties
    ``color``, ``reported``, ``selected``, ``t`` the tooltip's text index, ``r`` the popup's text indices
    in :data:`POPUP_LABELS` order, -1 for a row left out, ``u`` the source URL's index or -1, ``c`` its
    class's index) and ``sites`` (``t``: the site's name, ``c``: the indices of its launches' classes);
    and ``only``, when the map shows some classes only. Landing points are the lines' last points,
    sharing their properties, so a landing opens its trajectory's popup with no second copy of it.

    The script builds every tooltip and popup with DOM nodes and ``textContent``: no text of the data is
    ever read as HTML; a link's address is set only when it is http(s). Only fixed code, class names and
    labels are in the template.

    Other map elements reach the layers it builds on the parent group, as
    ``group[DRAWN_KEY] = {lines, landings, sites, scale, only}`` (Leaflet ``L.GeoJSON`` layers, the
    :attr:`scale` they were drawn with, and ``only(classes)``, which shows the launches of those classes,
    none named: all): :class:`trajmap.maps.TimePlayer` plays them year by year. The map's window holds
    the last drawn ``only`` as ``window[ONLY_HOOK]``: the Explorer's class filter calls it the moment it
    changes, and the map shows the new classes before the page's rerun brings the rest of the view.
    """

    #: The property of the parent group (a Leaflet ``FeatureGroup``) that holds the layers drawn.
    DRAWN_KEY = "trajmapLaunches"
    #: The map's window property that holds the last drawn layers' class filter (``only``): a function
    #: of a list of classes (none: all), for a page's filter to call as soon as it changes.
    ONLY_HOOK = "trajmapShowClasses"

    literal_fields = ("data",)

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (group) {
            var data = {{ this.data }}, K = {{ this.scale|tojson }};
            var S = data.s, LABELS = {{ this.labels }}, N_SOURCE = LABELS.length - 1;
            function text(tag, value) {
                var el = document.createElement(tag);
                el.textContent = value;
                return el;
            }
            function tooltip(suffix) {
                return function (layer) {
                    var p = layer.feature.properties;
                    return text("span", S[p.t] + (suffix ? suffix(p) : ""));
                };
            }
            function popup(layer) {
                var p = layer.feature.properties, table = document.createElement("table");
                table.style.fontSize = "12px";
                p.r.forEach(function (i, k) {
                    if (i < 0) return;
                    var row = table.insertRow(-1), th = text("th", LABELS[k]);
                    var td = document.createElement("td");
                    th.style.textAlign = "left";
                    th.style.paddingRight = "6px";
                    row.appendChild(th);
                    row.appendChild(td);
                    var url = k === N_SOURCE && p.u >= 0 ? S[p.u] : "";
                    if (/^https?:[/][/]/i.test(url)) {
                        var a = text("a", S[i]);
                        a.href = url;
                        a.target = "_blank";
                        a.rel = "noopener";
                        td.appendChild(a);
                    } else {
                        td.textContent = S[i];
                    }
                });
                return table;
            }
            var tipOptions = {className: "trajmap-tooltip"};
            var popupOptions = {maxWidth: 360, className: "trajmap-popup"};
            var lines = L.geoJSON(data.lines, {
                style: function (f) {
                    var p = f.properties;
                    return {
                        color: p.color,
                        weight: (p.selected ? 4 : 2) * K,
                        opacity: p.selected ? 0.95 : 0.7,
                        dashArray: p.reported || p.selected ? null : "6 4",
                        className: {{ this.trajectory_class|tojson }}
                    };
                }
            });
            var ends = {type: "FeatureCollection", features: data.lines.features.map(function (f) {
                var c = f.geometry.coordinates;
                return {type: "Feature", id: f.id, properties: f.properties,
                        geometry: {type: "Point", coordinates: c[c.length - 1]}};
            })};
            var landings = L.geoJSON(ends, {
                pointToLayer: function (f, latlng) {
                    var p = f.properties;
                    return L.circleMarker(latlng, {
                        radius: (p.selected ? 6 : 4) * K,
                        color: p.color,
                        weight: 2 * K,
                        fill: true,
                        fillColor: p.reported ? p.color : "#ffffff",
                        fillOpacity: p.reported ? 0.9 : 0.6,
                        className: {{ this.landing_class|tojson }}
                    });
                }
            });
            var sites = L.geoJSON(data.sites, {
                pointToLayer: function (f, latlng) {
                    return L.circleMarker(latlng, {
                        radius: 4 * K, color: "#222222", weight: K, fill: true, fillColor: "#ffffff",
                        fillOpacity: 1.0, className: {{ this.site_class|tojson }}
                    });
                }
            });
            lines.bindTooltip(tooltip(), tipOptions).bindPopup(popup, popupOptions);
            landings.bindTooltip(tooltip(function (p) {
                return p.reported ? {{ this.reported_suffix|tojson }} : {{ this.derived_suffix|tojson }};
            }), tipOptions).bindPopup(popup, popupOptions);
            sites.bindTooltip(tooltip(), tipOptions);
            // every launch of the data is drawn once; a class filter shows those of its classes (none
            // named: all), in the data's order (the selected launch last, on top)
            var every = [lines, landings, sites].map(function (g) { return g.getLayers(); });
            function only(classes) {
                var wanted = classes && classes.length ? classes : null;
                function shown(p) {
                    var c = typeof p.c === "number" ? [p.c] : p.c;
                    return !wanted || c.some(function (i) { return wanted.indexOf(S[i]) >= 0; });
                }
                [lines, landings, sites].forEach(function (g, k) {
                    g.clearLayers();
                    every[k].forEach(function (l) { if (shown(l.feature.properties)) g.addLayer(l); });
                });
                if (group._map) group._map.closePopup();
            }
            only(data.only);
            lines.addTo(group);
            landings.addTo(group);
            sites.addTo(group);
            var drawn = {lines: lines, landings: landings, sites: sites, scale: K, only: only};
            group[{{ this.drawn_key|tojson }}] = drawn;
            // the page's class filter reaches the map here before its rerun does (pages/_chips.py)
            window[{{ this.only_hook|tojson }}] = only;
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, data: dict[str, Any] | str) -> None:
        super().__init__()
        self._name = "LaunchLayers"
        self.data = data if isinstance(data, str) else encode_launches(data)
        self.labels = script_json(list(POPUP_LABELS))
        self.trajectory_class = TRAJECTORY_CLASS
        self.landing_class = LANDING_CLASS
        self.site_class = SITE_CLASS
        self.drawn_key = self.DRAWN_KEY
        self.only_hook = self.ONLY_HOOK
        #: line widths and marker radii are multiplied by this (presentation mode: :func:`maps.scale_strokes`)
        self.scale = 1.0
        self.reported_suffix = " — reported landing"
        self.derived_suffix = " — landing derived from bearing and range"


def encode_launches(data: dict[str, Any]) -> str:
    """:func:`launches_data` as the JSON literal the map's script holds (:func:`trajmap.escape.script_json`,
    compact): encode once and reuse it, the page does per filter state."""
    return script_json(data, compact=True)


#: Where :meth:`LaunchItems.encoded` puts a path while the rest is encoded, and how JSON writes it.
_PATH_MARK = "\x00path"
_PATH_MARK_JSON = re.compile(r'"\\u0000path(\d+)"')

#: The properties :func:`launches_data` gives each line itself; a ``properties`` hook may not set them.
LINE_PROPERTIES = frozenset({"color", "reported", "selected", "t", "r", "u", "c"})
#: What a ``properties`` hook may return as a value: numbers and flags (text goes in the table of texts).
LineValue = int | float | bool


class LaunchItems:
    """What each estimate of a frame brings to :func:`launches_data`, worked out once for the frame: its
    :class:`~trajmap.records.LaunchEstimate`, popup texts and, when it has a landing point, its path as
    drawn (coordinates rounded, longitudes unrolled from the site).

    A view of a subset of the frame (a filter state) then only picks its rows: the paths, the texts and the
    estimates are not computed again. Rows are found by their index labels, which must be unique.
    """

    def __init__(self, df: pd.DataFrame, *, tol_km: float = 0.5) -> None:
        if not df.index.is_unique:
            raise ValueError("LaunchItems needs a frame whose index labels are unique")
        labels = df.index.tolist()
        self.tol_km = tol_km
        self.estimates: dict[Any, LaunchEstimate] = dict(zip(labels, estimates(df), strict=True))
        self.popups: dict[Any, tuple[list[str], str]] = {
            label: popup_rows(est) for label, est in self.estimates.items()
        }
        landed = [
            label
            for label, est in self.estimates.items()
            if est.landing_lat is not None and est.landing_lon is not None
        ]
        ests = [self.estimates[label] for label in landed]
        lats, lons, starts = geodesy.display_paths(
            [e.site_lat for e in ests],
            [e.site_lon for e in ests],
            [e.landing_lat for e in ests],  # type: ignore[misc]  # landed: both are set
            [e.landing_lon for e in ests],  # type: ignore[misc]
            tol_km=tol_km,
        )
        coords = np.column_stack([np.round(lons, _DIGITS), np.round(lats, _DIGITS)]).tolist()
        #: label -> the path's [lon, lat] points, for the estimates with a landing point
        self.paths: dict[Any, list[list[float]]] = {
            label: coords[starts[i] : starts[i + 1]] for i, label in enumerate(landed)
        }
        # every text once (a view keeps those its rows use, in the order it meets them)
        table = _Strings()
        #: label -> the indices in :attr:`texts` of its line's popup rows (-1: left out), tooltip, link
        self.line_texts: dict[Any, list[int]] = {}
        for label in landed:
            est = self.estimates[label]
            values, url = self.popups[label]
            self.line_texts[label] = [
                -1 if (not v and name in _OPTIONAL) else table(v)
                for name, v in zip(POPUP_LABELS, values, strict=True)
            ] + [
                table(shown_text(f"{est.date} {est.missile} ({est.estimate_by})")),
                table(url) if url else -1,
            ]
        #: site -> the index in :attr:`texts` of its tooltip
        self.site_texts: dict[str, int] = {
            est.site: table(shown_text(f"launch site: {est.site}")) for est in self.estimates.values()
        }
        #: label -> the index in :attr:`texts` of its record's class, the value a class filter compares
        #: (:func:`launches_data`'s ``only``)
        self.class_texts: dict[Any, int] = {
            label: table(est.missile_class) for label, est in self.estimates.items()
        }
        self.texts: list[str] = table.table()
        # each path as its JSON (numbers only), written once: see :meth:`encoded`
        self._path_json = {id(path): script_json(path, compact=True) for path in self.paths.values()}

    def encoded(
        self, df: pd.DataFrame, *, selected_event: str | None = None, only: Collection[str] | None = None
    ) -> str:
        """``encode_launches(launches_data(df, selected_event=..., items=self, only=...))``, the same text,
        with each path's coordinates written once for all views instead of again for each."""
        data = launches_data(df, selected_event=selected_event, items=self, only=only)
        features = data["lines"]["features"]
        paths = [f["geometry"]["coordinates"] for f in features]
        for i, f in enumerate(features):  # a new geometry: the items' own paths stay as they are
            f["geometry"] = {"type": "LineString", "coordinates": f"{_PATH_MARK}{i}"}
        text = encode_launches(data)
        # a mark is a NUL and a number: no text of the data holds a raw control character (shown_text)
        out, n = _PATH_MARK_JSON.subn(lambda m: self._path_json[id(paths[int(m.group(1))])], text)
        if n != len(paths):
            raise RuntimeError(f"{n} path marks in the launches' data for {len(paths)} paths")
        return out

    def rows(self, df: pd.DataFrame) -> list[Any]:
        """The labels of ``df``'s rows, each checked to be one of these items'."""
        labels = df.index.tolist()
        missing = [label for label in labels if label not in self.estimates]
        if missing:
            raise ValueError(f"rows {missing[:5]!r} are not among the frame's the items were made from")
        return labels


def launches_data(
    df: pd.DataFrame,
    *,
    selected_event: str | None = None,
    tol_km: float = 0.5,
    properties: Callable[[LaunchEstimate], Mapping[str, LineValue]] | None = None,
    items: LaunchItems | None = None,
    only: Collection[str] | None = None,
) -> dict[str, Any]:
    """The data :class:`LaunchLayers` draws (see there): texts once each, paths with as few points as
    the map needs (:func:`trajmap.geodesy.display_paths`), coordinates rounded to 4 decimals (~11 m).

    Trajectories are coloured by class; the selected event's come last (drawn on top). Longitudes are
    unrolled from each site, so a trajectory over the antimeridian is one curve on the map, and its
    landing point sits at the curve's end.

    ``properties(estimate)`` adds its numbers or flags to that estimate's line (and so to its landing
    point), for other map elements to read (:func:`trajmap.maps.year_data` adds the ``year``). It may
    not set :data:`LINE_PROPERTIES` (``ValueError``) and its values must be int, float or bool
    (``TypeError``): no text reaches the data outside the table of texts.

    ``items`` (:class:`LaunchItems` of a frame ``df`` is a subset of, with the same ``tol_km``) saves
    working out each row again: the result is the same.

    ``only`` names the classes the map shows at first (none named: all of them, as a filter with no class
    chosen). Every row of ``df`` is in the data, each line and site with its classes (``c``: indices in
    the table of texts), so the map's script can show other classes with no new data
    (:class:`LaunchLayers`, ``group[DRAWN_KEY].only``).
    """
    if items is None:
        df = df.reset_index(drop=True)
        items = LaunchItems(df, tol_km=tol_km)
    elif items.tol_km != tol_km:
        raise ValueError(f"the items were made with tol_km={items.tol_km!r}, not {tol_km!r}")
    labels = items.rows(df)
    sites: dict[str, LaunchEstimate] = {}
    for label in labels:
        est = items.estimates[label]
        sites.setdefault(est.site, est)
    site_list = sorted(sites.items())
    landed = [label for label in labels if label in items.paths]
    landed.sort(key=lambda label: items.estimates[label].event_id == selected_event)  # selected on top
    # the texts these rows use, numbered in the order they are met: sites, the sites' classes, then each
    # line's popup rows, tooltip, link and class
    n_rows = len(POPUP_LABELS)
    site_classes: dict[str, set[int]] = {}
    for label in labels:
        site_classes.setdefault(items.estimates[label].site, set()).add(items.class_texts[label])
    site_c = [sorted(site_classes[site], key=items.texts.__getitem__) for site, _ in site_list]
    n_site_c = sum(len(c) for c in site_c)
    used = np.array(
        [items.site_texts[site] for site, _ in site_list]
        + [i for c in site_c for i in c]
        + [i for label in landed for i in (*items.line_texts[label], items.class_texts[label])],
        dtype=np.int64,
    )
    met = used[used >= 0]
    distinct, first = np.unique(met, return_index=True)
    order = distinct[np.argsort(first, kind="stable")]
    renumber = np.full(len(items.texts) + 1, -1, dtype=np.int64)  # the last entry: -1 stays -1
    renumber[order] = np.arange(len(order))
    n_sites = len(site_list)
    site_t = renumber[used[:n_sites]].tolist()
    site_c_flat = iter(renumber[used[n_sites : n_sites + n_site_c]].tolist())
    line_t = renumber[used[n_sites + n_site_c :]].reshape(len(landed), n_rows + 3).tolist() if landed else []
    site_features = [
        _feature(
            i,
            _point(est.site_lat, est.site_lon),
            t=site_t[i],
            c=[next(site_c_flat) for _ in site_c[i]],
        )
        for i, (_, est) in enumerate(site_list)
    ]
    lines = []
    for i, label in enumerate(landed):
        est = items.estimates[label]
        numbers = line_t[i]
        lines.append(
            _feature(
                i,
                {"type": "LineString", "coordinates": items.paths[label]},
                color=CLASS_COLORS.get(est.missile_class, CLASS_COLORS["unknown"]),
                reported=est.landing_basis == "reported",
                selected=est.event_id == selected_event,
                t=numbers[n_rows],
                r=numbers[:n_rows],
                u=numbers[n_rows + 1],
                c=numbers[n_rows + 2],
                **(_extra(properties(est)) if properties is not None else {}),
            )
        )
    data: dict[str, Any] = {
        "s": [items.texts[i] for i in order.tolist()],
        "lines": {"type": "FeatureCollection", "features": lines},
        "sites": {"type": "FeatureCollection", "features": site_features},
    }
    if only:
        data["only"] = sorted({str(c) for c in only})
    return data


def _extra(props: Mapping[str, LineValue]) -> dict[str, LineValue]:
    clash = sorted(set(props) & LINE_PROPERTIES)
    if clash:
        raise ValueError(f"properties may not set the line's own {clash!r}")
    for key, value in props.items():
        if not isinstance(value, int | float | bool):
            raise TypeError(f"property {key!r} must be an int, float or bool, not {value!r}")
    return dict(props)


def _feature(fid: int, geometry: dict[str, Any], **properties: object) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def _point(lat: float, lon: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, _DIGITS), round(lat, _DIGITS)]}


def launches_layer(
    df: pd.DataFrame,
    *,
    selected_event: str | None = None,
    name: str = "Launches",
) -> folium.FeatureGroup:
    """Sites, geodesic trajectories (one line per estimate with a landing point) and landing points.

    One :class:`LaunchLayers` element whatever the number of launches: the map's script grows only by the
    data (:func:`launches_data`), and the browser builds the three layers, their tooltips and popups
    from it. Trajectories are coloured by class, the selected event's thicker and on top; landing points
    are filled when reported and hollow when derived from site, bearing and range.
    """
    return launches_layer_of(encode_launches(launches_data(df, selected_event=selected_event)), name=name)


def launches_layer_of(encoded: str, *, name: str = "Launches") -> folium.FeatureGroup:
    """:func:`launches_layer` from data already encoded (:func:`encode_launches`)."""
    fg = RenderedFeatureGroup(name=name)
    LaunchLayers(encoded).add_to(fg)
    return fg


def point_marker(
    lat: float,
    lon: float,
    label: str,
    *,
    color: str = "#222222",
    fill_color: str = "#ffffff",
    radius: int = 4,
    class_name: str = "trajmap-point",
) -> folium.CircleMarker:
    """A circle marker with a tooltip; ``label`` is plain text (escaped here, shown as given)."""
    return folium.CircleMarker(
        (lat, lon),
        radius=radius,
        color=color,
        weight=1,
        fill=True,
        fill_color=fill_color,
        fill_opacity=1.0 if fill_color != color else 0.9,
        tooltip=html_text(label),
        class_name=class_name,
    )
