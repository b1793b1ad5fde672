"""Map assets served by the app itself, so that maps work with no internet (classrooms, closed networks).

Folium's defaults load Leaflet, jQuery, Bootstrap and Leaflet.awesome-markers from CDNs, and the
streamlit-folium iframe stops at the first one that fails. trajmap draws markers without ``folium.Icon``
(circle markers and SVG) and builds its popups with DOM nodes, never with ``folium.Popup`` (whose script
parses its HTML with jQuery), so the map needs only Leaflet (``XStatic-Leaflet`` on PyPI: leaflet.js,
leaflet.css and its images). tests/maps/test_assets.py checks no map of the app calls jQuery.

Two ways to use them:

* served: :func:`install_static` copies them under the app's ``static/`` folder, which Streamlit serves at
  ``/app/static/`` when ``server.enableStaticServing`` is on; :data:`STATIC_URL` is where maps load them.
* inlined: :func:`inline_head` returns ``<script>``/``<style>`` tags holding the files themselves, for a
  self-contained HTML file that opens from disk.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

__all__ = ["LEAFLET_VERSION", "STATIC_URL", "inline_head", "install_static", "leaflet_dir", "local_js_css"]

#: Where the app serves the vendored files (Streamlit's static serving of ``./static``).
STATIC_URL = "/app/static/vendor"
LEAFLET_VERSION: str = xleaflet.VERSION
_FILES = ("leaflet.js", "leaflet.css")


def leaflet_dir() -> Path:
    """Folder of the installed XStatic-Leaflet data (leaflet.js, leaflet.css, images/)."""
    return Path(xleaflet.BASE_DIR)


def install_static(static_dir: Path) -> Path:
    """Copy Leaflet from XStatic-Leaflet into ``static_dir/vendor/leaflet`` (only what is missing or stale).

    Returns the folder written. Idempotent: cheap to call on every app start.
    """
    src = leaflet_dir()
    dest = static_dir / "vendor"
    (dest / "leaflet" / "images").mkdir(parents=True, exist_ok=True)
    pairs = [(src / n, dest / "leaflet" / n) for n in _FILES]
    pairs += [(p, dest / "leaflet" / "images" / p.name) for p in (src / "images").iterdir()]
    for s, d in pairs:
        if not d.exists() or d.stat().st_size != s.stat().st_size:
            shutil.copyfile(s, d)
    return dest


def local_js_css(base_url: str = STATIC_URL) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(default_js, default_css)`` lists for a folium element, pointing at the served copies."""
    js = [("leaflet", f"{base_url}/leaflet/leaflet.js")]
    return js, [("leaflet_css", f"{base_url}/leaflet/leaflet.css")]


def inline_head() -> str:
    """``<style>`` and ``<script>`` tags with Leaflet inlined (images as data: URIs)."""
    src = leaflet_dir()
    css = (src / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        img = src / "images" / match.group(1)
        if not img.exists():
            return match.group(0)
        b64 = base64.b64encode(img.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{b64})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, css)
    js = (src / "leaflet.js").read_text(encoding="utf-8")
    safe = js.replace("</script", "<\\/script")
    return f"<style>{css}</style>\n<script>{safe}</script>\n"
