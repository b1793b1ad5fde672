"""Reference layers (the vector basemap, the EEZ overlay) as files the app serves, loaded by URL.

Streamlit re-sends a map's whole script on every rerun, and the basemap and EEZ overlay are most of it
(0.9 MB). Served as files instead, the browser fetches each once and keeps it (the name holds a hash of
the content: the same data keeps its URL, changed data gets a new one, so a cached copy is never stale).

* :func:`write_layer` writes a layer's file (:func:`trajmap.maps.packed.pack_polygons`) under the app's
  ``static/`` folder as ``vendor/layers/<stem>-<hash>.bin`` (Streamlit serves it at ``/app/static/...``)
  and returns its URL.
* :class:`ReferenceLayer` draws such a file. Two modes, one code path: with a ``url`` the map's script
  fetches the file; without one its bytes are inlined in the script as base64 (the self-contained HTML
  export, which opens from ``file://`` with no server).

A reference layer carries only geometry and styles (:mod:`trajmap.maps.packed`): a name from a file the
user imported never reaches the page, and the layer takes no clicks or hovers. Its polygons are drawn by
a canvas of its own, in its own pane, straight from the packed vertices (already projected: no parsing,
no object per vertex, features outside the view left out). When they are drawn, the pane gets the
attribute ``data-trajmap-drawn`` (the number of features), which tests and the benchmark wait for.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from branca.element import Template

from trajmap.maps.rendered import RenderedMacroElement

__all__ = ["LAYERS_URL", "PackedRenderer", "ReferenceLayer", "write_layer"]

#: Where the app serves the written layers (under the gitignored ``static/vendor/``).
LAYERS_URL = "/app/static/vendor/layers"
_STEM = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


def write_layer(data: bytes, static_dir: Path, stem: str) -> str:
    """Write ``data`` (a packed layer) as ``static_dir/vendor/layers/<stem>-<sha256[:16]>.bin``; return
    its URL.

    Idempotent: a file already there with that name holds that content and is left alone; a new one is
    written to a temporary file and renamed into place, so a browser never reads half a file.
    """
    if not _STEM.fullmatch(stem):
        raise ValueError(f"stem must be lowercase letters, digits and '-', got {stem!r}")
    if not isinstance(data, bytes):
        kind = type(data).__name__
        raise TypeError(f"write_layer takes a packed layer (maps.land_file, maps.eez_file), not a {kind}")
    name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.bin"
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


class PackedRenderer(RenderedMacroElement):
    """The script the reference layers of a map share, once per map (:meth:`ReferenceLayer.add_to` adds
    it): ``trajmapPacked.Renderer``, a Leaflet canvas renderer (Leaflet sizes, moves and zooms its canvas
    with the map) that draws a packed layer's polygons itself, and ``trajmapPacked.fromBase64``."""

    NAME = "trajmap_packed_renderer"

    _template = Template(
        """{% macro script(this, kwargs) %}
        var trajmapPacked = (function () {
            function unpack(buf) {  // the layout of trajmap.maps.packed
                if (buf.byteLength < 20 || new Uint32Array(buf, 0, 1)[0] !== 0x31504a54) {
                    throw new Error("not a packed polygon layer");
                }
                var head = new Uint32Array(buf, 4, 4), nf = head[0], nr = head[1], np = head[2];
                var off = 20 + head[3];
                var styles = JSON.parse(new TextDecoder().decode(new Uint8Array(buf, 20, head[3])));
                var fr = new Uint32Array(buf, off, nf + 1); off += 4 * (nf + 1);
                var rp = new Uint32Array(buf, off, nr + 1); off += 4 * (nr + 1);
                var fs = new Uint32Array(buf, off, nf); off += 4 * nf;
                var xy = new Float32Array(buf, off, 2 * np);
                var box = new Float64Array(4 * nf), x0 = Infinity, x1 = -Infinity;
                for (var f = 0; f < nf; f++) {
                    var a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
                    for (var p = rp[fr[f]]; p < rp[fr[f + 1]]; p++) {
                        var x = xy[2 * p], y = xy[2 * p + 1];
                        if (x < a) a = x;
                        if (x > c) c = x;
                        if (y < b) b = y;
                        if (y > d) d = y;
                    }
                    box[4 * f] = a; box[4 * f + 1] = b; box[4 * f + 2] = c; box[4 * f + 3] = d;
                    if (a < x0) x0 = a;
                    if (c > x1) x1 = c;
                }
                styles.forEach(function (s) {
                    s.dash = s.dashArray ? String(s.dashArray).split(/[ ,]+/).map(Number) : [];
                });
                return {nf: nf, fr: fr, rp: rp, fs: fs, xy: xy, box: box, x0: x0, x1: x1, styles: styles};
            }
            // in layer pixels, a point is x * W - origin, W the world's width at this zoom
            var Renderer = L.Canvas.extend({
                options: {worldCopies: false},
                setData: function (buf) {
                    this._geo = unpack(buf);
                    if (this._map) this._redraw();  // else drawn when the map adds it
                    return this._geo;
                },
                _draw: function () {
                    var geo = this._geo;
                    if (!geo || !this._map) return;
                    var ctx = this._ctx, bounds = this._bounds, o = this._map.getPixelOrigin();
                    var W = 256 * Math.pow(2, this._map.getZoom()), tol = 0.5 / W, xy = geo.xy, box = geo.box;
                    var u0 = (bounds.min.x + o.x) / W, u1 = (bounds.max.x + o.x) / W;
                    var v0 = (bounds.min.y + o.y) / W, v1 = (bounds.max.y + o.y) / W;
                    var copies = this.options.worldCopies;
                    ctx.save();
                    ctx.lineJoin = "round";
                    ctx.lineCap = "round";
                    // each copy of the world in view (k whole widths east), or the one the data are in
                    var k0 = copies ? Math.ceil(u0 - geo.x1) : 0, k1 = copies ? Math.floor(u1 - geo.x0) : 0;
                    for (var k = k0; k <= k1; k++) {
                        for (var f = 0; f < geo.nf; f++) {
                            var q = 4 * f;
                            var out = box[q] + k > u1 || box[q + 2] + k < u0;
                            if (out || box[q + 1] > v1 || box[q + 3] < v0) continue;
                            ctx.beginPath();
                            for (var r = geo.fr[f]; r < geo.fr[f + 1]; r++) {
                                var p = geo.rp[r], end = geo.rp[r + 1] - 1;
                                var lx = xy[2 * p], ly = xy[2 * p + 1];
                                ctx.moveTo((lx + k) * W - o.x, ly * W - o.y);
                                for (p++; p <= end; p++) {
                                    var x = xy[2 * p], y = xy[2 * p + 1];
                                    if (p < end && Math.abs(x - lx) < tol && Math.abs(y - ly) < tol) continue;
                                    ctx.lineTo((x + k) * W - o.x, y * W - o.y);
                                    lx = x;
                                    ly = y;
                                }
                                ctx.closePath();
                            }
                            var s = geo.styles[geo.fs[f]];  // Leaflet's path options and defaults
                            if (s.fill !== false) {
                                ctx.globalAlpha = s.fillOpacity === undefined ? 0.2 : s.fillOpacity;
                                ctx.fillStyle = s.fillColor || s.color || "#3388ff";
                                ctx.fill("evenodd");
                            }
                            if (s.stroke !== false && s.weight !== 0) {
                                ctx.globalAlpha = s.opacity === undefined ? 1 : s.opacity;
                                ctx.strokeStyle = s.color || "#3388ff";
                                ctx.lineWidth = s.weight === undefined ? 3 : s.weight;
                                ctx.setLineDash(s.dash);
                                ctx.stroke();
                            }
                        }
                    }
                    ctx.restore();
                }
            });
            function fromBase64(text) {
                var bin = atob(text), out = new Uint8Array(bin.length);
                for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
                return out.buffer;
            }
            return {Renderer: Renderer, fromBase64: fromBase64};
        })();
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PackedRenderer"


class ReferenceLayer(RenderedMacroElement):
    """A non-interactive polygon layer in its own map pane, from a URL (fetched) or inline bytes.

    Parameters
    ----------
    data : bytes or None
        The packed layer (:func:`trajmap.maps.packed.pack_polygons`: geometry and styles), inlined in the
        script as base64; None when ``url`` is given.
    url : str, optional
        Where the app serves the same bytes (:func:`write_layer`): the script fetches them once.
    pane : str
        The map pane (created here) and its z-index: the basemap below the launches, the EEZ overlay
        between them. A layer that arrives late (fetched) still draws under the launches.
    world_copies : bool
        Draw the layer again at each copy of the world in view (a basemap, as tiles repeat), not once.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function (map) {
            var paneName = {{ this.pane|tojson }};
            var pane = map.getPane(paneName) || map.createPane(paneName);
            pane.style.zIndex = {{ this.z_index|tojson }};
            pane.style.pointerEvents = "none";
            var options = {pane: paneName, worldCopies: {{ this.world_copies|tojson }}};
            var layer = new trajmapPacked.Renderer(options).addTo(map);
            function draw(buf) {
                var geo = layer.setData(buf);
                L.Util.requestAnimFrame(function () {  // after the canvas is painted
                    pane.setAttribute("data-trajmap-drawn", String(geo.nf));
                });
            }
            {%- if this.url %}
            fetch({{ this.url|tojson }}).then(function (r) {
                if (!r.ok) throw new Error(r.status + " " + r.statusText);
                return r.arrayBuffer();
            }).then(draw).catch(function (e) {
                console.warn("trajmap: could not load " + {{ this.url|tojson }} + ": " + e);
            });
            {%- else %}
            draw(trajmapPacked.fromBase64({{ this.data_b64|tojson }}));
            {%- endif %}
            return layer;
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def add_to(self, parent: Any, name: str | None = None, index: int | None = None) -> ReferenceLayer:
        """Add the layer to ``parent`` (a map), after the script the map's reference layers share
        (:class:`PackedRenderer`, added once)."""
        if PackedRenderer.NAME not in parent._children:
            parent.add_child(PackedRenderer(), name=PackedRenderer.NAME)
        super().add_to(parent, name=name, index=index)
        return self

    def __init__(
        self,
        data: bytes | None,
        *,
        url: str | None = None,
        pane: str,
        z_index: int,
        world_copies: bool = False,
        name: str = "ReferenceLayer",
    ) -> None:
        super().__init__()
        self._name = name
        self.world_copies = bool(world_copies)
        self.url = url
        self.pane = pane
        self.z_index = z_index
        if (url is None) == (data is None):
            raise ValueError("a reference layer needs either its data (inlined) or its url, not both")
        self.data_b64 = "" if data is None else base64.b64encode(data).decode("ascii")
