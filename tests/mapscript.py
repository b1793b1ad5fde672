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
