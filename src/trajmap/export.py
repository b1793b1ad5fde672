"""Exports of launch estimates: GeoJSON, KML for Google Earth, spreadsheet-safe CSV and offline HTML.

Every function takes a frame from :func:`trajmap.records.load_launches` (usually already filtered with
:func:`trajmap.filters.apply`) and returns text or a dict; nothing here touches the network or files.

>>> import io
>>> from trajmap import records
>>> df = records.load_launches(io.StringIO(
...     "event_id,date,missile,class,site,site_lat,site_lon,bearing_deg,range_km,estimate_by,source_url\\n"
...     "x,2024-01-01,Test,IRBM,p,35.0,170.0,80,3000,Test,https://example.org\\n"))
>>> fc = to_geojson(df)
>>> [f["geometry"]["type"] for f in fc["features"]]
['MultiLineString', 'Point', 'Point']
>>> to_csv_safe(df.assign(missile="=1+2")).splitlines()[1].split(",")[3]
"'=1+2"
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import xml.etree.ElementTree as ET
from typing import Any

import folium
import numpy as np
import pandas as pd

from trajmap import geodesy, maps, records
from trajmap.constants import CLASS_COLORS
from trajmap.escape import html_text, xml_text
from trajmap.records import LaunchEstimate

__all__ = [
    "FORMULA_PREFIXES",
    "KML_NAMESPACE",
    "ExportError",
    "to_csv_safe",
    "to_geojson",
    "to_html",
    "to_kml",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
_EXTERNAL = re.compile(
    r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>"  # a script loaded from a file
    r"|<link\b[^>]*\bhref\s*=[^>]*>",  # a stylesheet (or icon) loaded from a file
    re.IGNORECASE,
)


class ExportError(ValueError):
    """What was asked cannot be exported faithfully (the message says what to change)."""


def _json_value(value: Any) -> Any:
    """A cell as a JSON value: NaN / NaT / None -> None, dates ISO, numpy scalars as Python numbers."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


def _properties(rec: dict[str, Any], kind: str) -> dict[str, Any]:
    props = {"kind": kind}
    props.update({str(k): _json_value(v) for k, v in rec.items() if k != "row"})
    return props


def _round(coords: Any) -> Any:
    if isinstance(coords, float | int):
        return round(float(coords), 6)
    return [_round(c) for c in coords]


def to_geojson(df: pd.DataFrame) -> dict[str, Any]:
    """The estimates as an RFC 7946 FeatureCollection.

    Per estimate with a landing point: a ``trajectory`` feature (the geodesic from the site, a LineString,
    or a MultiLineString cut at +-180 when it crosses the antimeridian) and a ``landing`` Point; per launch
    site one ``site`` Point listing its ``event_ids``. Properties are the record's raw values (not
    escaped: escape them where they are shown as HTML), JSON-safe: missing numbers are ``null`` and dates
    ISO 8601. Coordinates are ``[lon, lat]`` with lon in [-180, 180], rounded to 6 decimals (~0.1 m).
    """
    features: list[dict[str, Any]] = []
    sites: dict[tuple[str, float, float], list[str]] = {}
    for rec in df.to_dict("records"):
        sites.setdefault((str(rec["site"]), rec["site_lat"], rec["site_lon"]), []).append(
            str(rec["event_id"])
        )
        if rec["landing_basis"] == "unknown":
            continue
        geom = geodesy.path_geojson(
            rec["site_lat"], rec["site_lon"], rec["landing_lat"], rec["landing_lon"], 25.0
        )
        geom["coordinates"] = _round(geom["coordinates"])
        landing = _round([geodesy.normalize_lon(rec["landing_lon"]), rec["landing_lat"]])
        for kind, g in (("trajectory", geom), ("landing", {"type": "Point", "coordinates": landing})):
            features.append({"type": "Feature", "geometry": g, "properties": _properties(rec, kind)})
    for (site, lat, lon), events in sites.items():
        props = {"kind": "site", "site": site, "site_lat": lat, "site_lon": lon, "event_ids": events}
        point = {"type": "Point", "coordinates": _round([geodesy.normalize_lon(lon), lat])}
        features.append({"type": "Feature", "geometry": point, "properties": _json_value_dict(props)})
    return {"type": "FeatureCollection", "features": features}


def _json_value_dict(props: dict[str, Any]) -> dict[str, Any]:
    return {k: _json_value(v) for k, v in props.items()}


# --------------------------------------------------------------------------------------------------------
# KML
# --------------------------------------------------------------------------------------------------------


def _kml_color(hex_rgb: str, alpha: int = 0xFF) -> str:
    """``#rrggbb`` as KML's ``aabbggrr``."""
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha:02x}{b}{g}{r}"


def _profile(est: LaunchEstimate, land: tuple[float, float]) -> list[tuple[float, float, float]] | None:
    """``(lat, lon, altitude_m)`` along the geodesic from the ballistic arc, or None without one.

    The arc's downrange distances are scaled onto the geodesic from the site to the landing point ``land``,
    so a reported landing point that does not sit exactly at ``range_km`` still ends the arc.
    """
    if not est.ballistic or est.apogee_km is None or est.range_km is None:
        return None
    try:
        from trajmap import ballistics

        arc = ballistics.trajectory(est.range_km, est.apogee_km, n_points=120)
    except (ImportError, ValueError):  # no model, or outside it (BallisticsError is a ValueError)
        return None
    line = geodesy.WGS84.InverseLine(est.site_lat, est.site_lon, *land)
    out = []
    for downrange_km, altitude_km, _t_s in arc.points:
        p = line.Position(line.s13 * downrange_km / arc.range_km)
        out.append((p["lat2"], p["lon2"], max(altitude_km, 0.0) * 1000.0))
    return out


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib)
    if text is not None:
        el.text = xml_text(text)  # a control character would make the file malformed XML
    return el


def _description(est: LaunchEstimate) -> str:
    """Balloon text. Google Earth renders descriptions as HTML, so every value is HTML-escaped first."""
    fields = {
        "missile": est.missile,
        "class": est.missile_class,
        "estimate_by": est.estimate_by,
        "range_km": est.range_km,
        "apogee_km": est.apogee_km,
        "flight_min": est.flight_min,
        "landing_basis": est.landing_basis,
        "source": est.source_url,
    }
    return "<br>".join(f"{k}: {html_text(v)}" for k, v in fields.items())


def _coords(points: list[tuple[float, float, float]]) -> str:
    return " ".join(f"{geodesy.normalize_lon(lon):.6f},{lat:.6f},{alt:.0f}" for lat, lon, alt in points)


def _kml_launch(
    folders: dict[str, ET.Element], est: LaunchEstimate, land: tuple[float, float], cls: str
) -> None:
    """One estimate's trajectory (3D where the arc is known) and landing point."""
    profile = _profile(est, land)
    pm = _sub(folders["Trajectories"], "Placemark")
    _sub(pm, "name", f"{est.date} {est.missile} ({est.estimate_by})")
    _sub(pm, "description", _description(est))
    _sub(pm, "styleUrl", f"#class-{cls}")
    ls = _sub(pm, "LineString")
    if profile is None:
        pts = geodesy.path(est.site_lat, est.site_lon, *land, 25.0)
        _sub(ls, "tessellate", "1")
        _sub(ls, "altitudeMode", "clampToGround")
        _sub(ls, "coordinates", _coords([(la, lo, 0.0) for la, lo in pts]))
    else:
        _sub(ls, "altitudeMode", "absolute")
        _sub(ls, "coordinates", _coords(profile))
    pm = _sub(folders["Landing points"], "Placemark")
    _sub(pm, "name", f"{est.estimate_by}: landing ({est.landing_basis})")
    _sub(pm, "description", _description(est))
    _sub(pm, "styleUrl", f"#class-{cls}")
    _sub(_sub(pm, "Point"), "coordinates", _coords([(*land, 0.0)]))


def to_kml(df: pd.DataFrame) -> str:
    """The estimates as KML 2.2 for Google Earth.

    Trajectories are 3D LineStrings with ``altitudeMode`` ``absolute``, altitudes from the ballistic arc
    through the reported range and apogee (:func:`trajmap.ballistics.trajectory`) mapped along the geodesic
    by downrange distance; without an apogee, or for flights that are not a ballistic arc (a glide
    vehicle, a cruise missile), they are drawn ``clampToGround``. Landing points and launch sites are
    Placemarks. All text is XML-escaped by ElementTree, with the characters XML cannot hold written as
    ``\\xNN`` (:func:`trajmap.escape.xml_text`); descriptions (which Google Earth shows as HTML) are
    HTML-escaped too.
    """
    kml = ET.Element("kml", {"xmlns": KML_NAMESPACE})
    doc = _sub(kml, "Document")
    _sub(doc, "name", "trajmap launches")
    for cls, color in CLASS_COLORS.items():
        style = _sub(doc, "Style", id=f"class-{cls}")
        line = _sub(style, "LineStyle")
        _sub(line, "color", _kml_color(color))
        _sub(line, "width", "3")
        icon = _sub(style, "IconStyle")
        _sub(icon, "color", _kml_color(color))
    folders = {k: _sub(doc, "Folder") for k in ("Trajectories", "Landing points", "Launch sites")}
    for k, folder in folders.items():
        _sub(folder, "name", k)
    seen_sites: set[tuple[str, float, float]] = set()
    for est in records.estimates(df):
        cls = est.missile_class if est.missile_class in CLASS_COLORS else "unknown"
        key = (est.site, est.site_lat, est.site_lon)
        if key not in seen_sites:
            seen_sites.add(key)
            pm = _sub(folders["Launch sites"], "Placemark")
            _sub(pm, "name", f"launch site: {est.site}")
            _sub(_sub(pm, "Point"), "coordinates", _coords([(est.site_lat, est.site_lon, 0.0)]))
        if est.has_landing and est.landing_lat is not None and est.landing_lon is not None:
            _kml_launch(folders, est, (est.landing_lat, est.landing_lon), cls)
    ET.indent(kml)
    return ET.tostring(kml, encoding="unicode", xml_declaration=True) + "\n"


# --------------------------------------------------------------------------------------------------------
# CSV and HTML
# --------------------------------------------------------------------------------------------------------


def _neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_safe(df: pd.DataFrame) -> str:
    """The records as launch CSV that a spreadsheet will not run as formulas.

    Columns and values as :func:`trajmap.records.to_csv` writes them (schema columns first, derived landing
    points left empty), except that every text cell and header starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading apostrophe, as OWASP's CSV-injection guidance advises. Any
    other table (rejected rows as given, say) is written the same way, its columns in their order.
    Numeric and date columns stay numbers (``-12.5`` in ``site_lon`` is written as ``-12.5``). Lines end
    in CRLF (RFC 4180), so a cell holding a carriage return is quoted rather than split.
    """
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_datetime64_any_dtype(out[col])):
            out[col] = out[col].map(_neutralise).astype(object)
    if "landing_basis" in out:
        out.loc[out["landing_basis"] == "derived", ["landing_lat", "landing_lon"]] = float("nan")
    if pd.api.types.is_datetime64_any_dtype(out.get("date", pd.Series(dtype=object))):
        out["date"] = pd.to_datetime(out["date"]).dt.strftime("%Y-%m-%d")
    known = [c.name for c in records.COLUMNS if c.name in out.columns]
    derived = ("row", "landing_basis") if "landing_basis" in out else ()
    extra = [c for c in out.columns if c not in known and c not in derived]
    out = out[known + extra]
    out.columns = [_neutralise(str(c)) for c in out.columns]
    buf = io.StringIO()
    out.to_csv(buf, index=False, float_format="%.10g", lineterminator="\r\n")
    return buf.getvalue()


def to_html(folium_map: folium.Map) -> str:
    """The map as one self-contained HTML file that opens from disk with no network.

    Folium's ``<script src>`` / ``<link href>`` tags for its default assets (CDN URLs, or the app's
    ``/app/static/...`` copies for :class:`trajmap.maps.LocalMap`) are replaced by Leaflet
    inlined (:func:`trajmap.maps.inline_head`). Tile basemaps still need the network; the ``vector``
    basemap does not.

    Raises
    ------
    ExportError
        The map uses assets that cannot be inlined: ``folium.Icon`` markers (Leaflet.awesome-markers) or
        a plugin that loads its own scripts or styles.
    """
    page = folium_map.get_root().render()
    known: set[str] = set()
    classes: list[type[folium.Map]] = [folium.Map, type(folium_map)]
    for cls in classes:
        known.update(url for _, url in [*cls.default_js, *cls.default_css])
    js, css = maps.local_js_css()
    known.update(url for _, url in [*js, *css])
    first: int | None = None

    def drop(match: re.Match[str]) -> str:
        nonlocal first
        url = re.search(r"(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", match.group(0), re.IGNORECASE)
        if url is None or url.group(1) not in known:
            return match.group(0)
        first = match.start() if first is None else first
        return "<!--trajmap-inline-->" if first == match.start() else ""

    page = _EXTERNAL.sub(drop, page)
    remaining = [
        m.group(0)
        for m in _EXTERNAL.finditer(page)
        if m.group(0).lower().startswith("<script") or "stylesheet" in m.group(0).lower()
    ]
    if remaining:
        raise ExportError(f"the map loads assets that cannot be inlined: {remaining}; remove those plugins")
    if "L.AwesomeMarkers" in page:
        raise ExportError("folium.Icon markers need Leaflet.awesome-markers; use CircleMarker or DivIcon")
    head = maps.inline_head()
    if "<!--trajmap-inline-->" in page:
        return page.replace("<!--trajmap-inline-->", head, 1)
    return page.replace("<head>", "<head>\n" + head, 1)
