"""Reading a rendered map's script in tests (no browser): the launches' data literal that
:class:`trajmap.maps.LaunchLayers` hands to the browser, its trajectories, and their texts as the
browser will show them; the reference layers (land, EEZ) a script inlines, read back."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from trajmap import maps
from trajmap.maps.packed import Packed

_DATA = re.compile(r"var data = ")
_SHAPES = re.compile(r"var shapes = ")


def launch_data(script: str) -> list[dict[str, Any]]:
    """Each :class:`trajmap.maps.LaunchLayers` element's data in ``script``, in order."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0] for m in _DATA.finditer(script)]


def _shown(data: dict[str, Any], classes: int | list[int]) -> bool:
    """Whether the map shows at first a feature of these classes (indices in the texts): the data's
    ``only`` names the classes it shows, none: all."""
    only = data.get("only")
    return not only or any(data["s"][i] in only for i in ([classes] if isinstance(classes, int) else classes))


def trajectories(script: str, *, every: bool = False) -> list[dict[str, Any]]:
    """The trajectory features (one LineString per estimate with a landing point) of every launches layer
    that the map shows at first (``every``: those of every class, shown or not), each with its texts
    resolved: ``properties["tooltip"]``, ``properties["popup"]`` (the popup's rows as ``label: value``
    lines, the link's address after the Source row when there is one) and ``properties["class"]``."""
    if f'"{maps.TRAJECTORY_CLASS}"' not in script:
        return []
    out = []
    for data in launch_data(script):
        for f in data["lines"]["features"]:
            p = f["properties"]
            if not every and not _shown(data, p["c"]):
                continue
            pairs = zip(maps.POPUP_LABELS, p["r"], strict=True)
            rows = [f"{label}: {data['s'][i]}" for label, i in pairs if i >= 0]
            if p["u"] >= 0:
                rows.append(f"href: {data['s'][p['u']]}")
            props = {**p, "tooltip": data["s"][p["t"]], "popup": "\n".join(rows), "class": data["s"][p["c"]]}
            out.append({**f, "properties": props})
    return out


def sites(script: str) -> list[str]:
    """The tooltip texts of the launch sites the map shows at first."""
    return [
        d["s"][f["properties"]["t"]]
        for d in launch_data(script)
        for f in d["sites"]["features"]
        if _shown(d, f["properties"]["c"])
    ]


def overlay_shapes(script: str) -> list[dict[str, Any]]:
    """Each :class:`trajmap.maps.OverlayLayers` element's data in ``script`` (``shapes`` and ``labels``), in
    order."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0] for m in _SHAPES.finditer(script)]


_INLINED = re.compile(r'fromBase64\("([A-Za-z0-9+/=]*)"\)')


def reference_layers(script: str) -> dict[str, Packed]:
    """The reference layers (:class:`trajmap.maps.ReferenceLayer`) whose data ``script`` inlines, by pane
    (``trajmapBasemap``, ``trajmapEez``), read back; a layer fetched by URL is not among them."""
    out = {}
    for chunk in script.split('var paneName = "')[1:]:
        pane, body = chunk.split('"', 1)[0], chunk.split("return layer;", 1)[0]
        m = _INLINED.search(body)
        if m:
            out[pane] = maps.unpack_polygons(base64.b64decode(m.group(1)))
    return out


def has_vertex(packed: Packed, lon: float, lat: float) -> bool:
    """Whether a packed layer holds the vertex (lon, lat) (to float32's precision)."""
    x, y = maps.mercator_xy(np.array([lon]), np.array([lat]))
    points = [r for rings, _ in packed.features for r in rings]
    return bool(points) and bool((np.abs(np.concatenate(points) - [x[0], y[0]]).max(axis=1) < 1e-6).any())


def served_tail(path: Path) -> str:
    """The end of a served layer file as an inlined layer writes it (base64): its absence from a message
    means the file's data is not carried there."""
    data = path.read_bytes()
    assert maps.unpack_polygons(data).features  # a packed layer, with polygons
    tail = base64.b64encode(data).decode()[-64:]
    return tail[: len(tail) - len(tail) % 4 - 4]  # whole groups, whatever the padding
