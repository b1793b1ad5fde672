"""Reading a rendered map's script in tests (no browser): the launches' data literal that
:class:`trajmap.maps.LaunchLayers` hands to the browser, its trajectories, and their texts as the
browser will show them."""

from __future__ import annotations

import json
import re
from typing import Any

from trajmap import maps

_DATA = re.compile(r"var data = ")
_SHAPES = re.compile(r"var shapes = ")


def launch_data(script: str) -> list[dict[str, Any]]:
    """Each :class:`trajmap.maps.LaunchLayers` element's data in ``script``, in order."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0] for m in _DATA.finditer(script)]


def trajectories(script: str) -> list[dict[str, Any]]:
    """The trajectory features (one LineString per estimate with a landing point) of every launches layer,
    each with its texts resolved: ``properties["tooltip"]`` and ``properties["popup"]`` (the popup's rows
    as ``label: value`` lines, the link's address after the Source row when there is one)."""
    if f'"{maps.TRAJECTORY_CLASS}"' not in script:
        return []
    out = []
    for data in launch_data(script):
        for f in data["lines"]["features"]:
            p = f["properties"]
            pairs = zip(maps.POPUP_LABELS, p["r"], strict=True)
            rows = [f"{label}: {data['s'][i]}" for label, i in pairs if i >= 0]
            if p["u"] >= 0:
                rows.append(f"href: {data['s'][p['u']]}")
            props = {**p, "tooltip": data["s"][p["t"]], "popup": "\n".join(rows)}
            out.append({**f, "properties": props})
    return out


def sites(script: str) -> list[str]:
    """The launch sites' tooltip texts."""
    return [d["s"][f["properties"]["t"]] for d in launch_data(script) for f in d["sites"]["features"]]


def overlay_shapes(script: str) -> list[dict[str, Any]]:
    """Each :class:`trajmap.maps.OverlayLayers` element's data in ``script`` (``shapes`` and ``labels``), in
    order."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0] for m in _SHAPES.finditer(script)]
