"""Reference layers (the vector basemap, the EEZ overlay) as files the app serves, loaded by URL.

Streamlit re-sends a map's whole script on every rerun, and the basemap and EEZ overlay are most of it
(0.9 MB). Served as files instead, the browser fetches each once and keeps it (the name holds a hash of
the content: the same data keeps its URL, changed data gets a new one, so a cached copy is never stale).

* :func:`write_layer` writes a FeatureCollection under the app's ``static/`` folder as
  ``vendor/layers/<stem>-<hash>.geojson`` (Streamlit serves it at ``/app/static/...``) and returns its URL.
* :class:`ReferenceLayer` draws a FeatureCollection with a fixed style. Two modes, one code path: with a
  ``url`` the map's script fetches the file; without one the data is inlined in the script (the
  self-contained HTML export, which opens from ``file://`` with no server).

A reference layer carries only drawing properties (:func:`trajmap.maps.base.drawing_only`): a name from a
file the user imported never reaches the page, and the layer takes no clicks or hovers. It is drawn on a
canvas in its own pane, not as one SVG element per polygon: the land alone is some 290 polygons, which as
SVG the browser lays out and paints as part of the page. When its features are drawn, the pane gets the
attribute ``data-trajmap-drawn`` (their number), which tests and the benchmark wait for.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from branca.element import Template

from trajmap.escape import script_json
from trajmap.maps.rendered import RenderedMacroElement

__all__ = ["LAYERS_URL", "ReferenceLayer", "layer_bytes", "write_layer"]

#: Where the app serves the written layers (under the gitignored ``static/vendor/``).
LAYERS_URL = "/app/static/vendor/layers"
_STEM = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


def layer_bytes(fc: dict[str, Any]) -> bytes:
    """The file's content: ``fc`` as compact JSON, keys sorted (the same data gives the same bytes)."""
    return json.dumps(fc, separators=(",", ":"), sort_keys=True, ensure_ascii=True, allow_nan=False).encode()


def write_layer(fc: dict[str, Any], static_dir: Path, stem: str) -> str:
    """Write ``fc`` as ``static_dir/vendor/layers/<stem>-<sha256[:16]>.geojson``; return its URL.

    Idempotent: a file already there with that name holds that content and is left alone; a new one is
    written to a temporary file and renamed into place, so a browser never reads half a file.
    """
    if not _STEM.fullmatch(stem):
        raise ValueError(f"stem must be lowercase letters, digits and '-', got {stem!r}")
    data = layer_bytes(fc)
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.geojson"
    folder = Path(static_dir) / "vendor" / "layers"
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{stem}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)  # mkstemp makes it private; the server reads it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return f"{LAYERS_URL}/{name}"


class ReferenceLayer(RenderedMacroElement):
    """A non-interactive GeoJSON layer in its own map pane, from a URL (fetched) or inline data.

    Parameters
    ----------
    data : dict or None
        The FeatureCollection (drawing properties only), inlined in the script; None when ``url`` is
        given.
    url : str, optional
        Where the app serves the same data (:func:`write_layer`): the script fetches it once.
    style : dict
        Leaflet path options for every feature.
    style_by : dict, optional
        Options that depend on a feature property: ``{"fill": ("color", "fillColor")}`` sets ``color`` and
        ``fillColor`` from ``properties.fill``; ``{"dashed": {"dashArray": "5 4", "fillOpacity": 0.2}}``
        sets those options on features whose ``dashed`` property is true.
    pane : str
        The map pane (created here) and its z-index: the basemap below the launches, the EEZ overlay
        between them. A layer that arrives late (fetched) still draws under the launches.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var pane = map.getPane({{ this.pane|tojson }}) || map.createPane({{ this.pane|tojson }});
            pane.style.zIndex = {{ this.z_index|tojson }};
            pane.style.pointerEvents = "none";
            var base = {{ this.style_json }};
            var by = {{ this.style_by_json }};
            var layer = L.geoJSON(null, {
                pane: {{ this.pane|tojson }},
                interactive: false,
                renderer: L.canvas({pane: {{ this.pane|tojson }}}),
                style: function (feature) {
                    var p = feature.properties || {}, out = Object.assign({}, base);
                    Object.keys(by).forEach(function (key) {
                        var rule = by[key];
                        if (Array.isArray(rule)) {
                            if (typeof p[key] === "string") rule.forEach(function (o) { out[o] = p[key]; });
                        } else if (p[key]) {
                            Object.assign(out, rule);
                        }
                    });
                    return out;
                }
            }).addTo(map);
            function draw(data) {
                layer.addData(data);
                // after the canvas's own redraw, which addData asked for in this frame
                L.Util.requestAnimFrame(function () {
                    pane.setAttribute("data-trajmap-drawn", String(layer.getLayers().length));
                });
            }
            {%- if this.url %}
            fetch({{ this.url|tojson }}).then(function (r) {
                if (!r.ok) throw new Error(r.status + " " + r.statusText);
                return r.json();
            }).then(draw).catch(function (e) {
                console.warn("trajmap: could not load " + {{ this.url|tojson }} + ": " + e);
            });
            {%- else %}
            draw({{ this.data_json }});
            {%- endif %}
            return layer;
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(
        self,
        data: dict[str, Any] | None,
        *,
        url: str | None = None,
        style: dict[str, Any],
        style_by: dict[str, Any] | None = None,
        pane: str,
        z_index: int,
        name: str = "ReferenceLayer",
    ) -> None:
        super().__init__()
        self._name = name
        self.url = url
        self.pane = pane
        self.z_index = z_index
        self.style_json = script_json(style)
        self.style_by_json = script_json(style_by or {})
        if (url is None) == (data is None):
            raise ValueError("a reference layer needs either its data (inlined) or its url, not both")
        self.data_json = "" if data is None else script_json(data, compact=True)
