"""The map over time: a Leaflet control that plays the launches year by year, in the browser.

:class:`TimePlayer` is a map element in the manner of folium's ``plugins/``: a fixed script template (no
text from records in it) that takes the trajectories and landing points a
:class:`trajmap.maps.LaunchLayers` drew (it leaves them on its group), whose lines carry a ``year``
property (:func:`year_data`), and shows one period (a calendar year) at a time: the current year's
launches in their class colours, earlier ones faded (lower opacity, thinner lines), later ones removed
from the map. Its buttons play, pause and step back and forward, a slider
scrubs, and the speed is 0.5x, 1x or 2x (1x is one year per second); the year and the count of launches
in that year and since the first year are written on the map. The animation runs in the browser with
Leaflet's own calls (``removeLayer``/``addLayer``/``setStyle``): no Streamlit rerun, no CDN, so it works
inside ``st_folium`` and offline, where folium's ``TimestampedGeoJson`` does not render (streamlit-folium
#208) and ``Timeline`` loads leaflet.timeline from a CDN.

Drawn paths get the class ``trajmap-current`` or ``trajmap-earlier`` (tests and CSS find them), and the
control's box says its state in ``data-year`` and ``data-playing``. Line widths follow the scale the
launches were drawn with (:func:`trajmap.maps.scale_strokes`, presentation mode): a faded line is half its
width, and never thinner than the scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
from branca.element import Template

from trajmap.maps.launches import LaunchLayers, LineValue, launches_data
from trajmap.records import LaunchEstimate

__all__ = [
    "CURRENT_CLASS",
    "EARLIER_CLASS",
    "SPEEDS",
    "STEP_MS",
    "Frame",
    "TimePlayer",
    "year_data",
]

#: CSS classes the player gives a drawn path of the current period and of an earlier one.
CURRENT_CLASS = "trajmap-current"
EARLIER_CLASS = "trajmap-earlier"
#: The speeds offered; 1x shows one period for :data:`STEP_MS` milliseconds.
SPEEDS = (0.5, 1.0, 2.0)
STEP_MS = 1000


@dataclass(frozen=True, slots=True)
class Frame:
    """One period of the animation: its ``year``, the launch events in it and since the first period."""

    year: int
    launches: int
    so_far: int


def _year(est: LaunchEstimate) -> dict[str, LineValue]:
    return {"year": int(est.date.year)}


def year_data(df: pd.DataFrame, *, selected_event: str | None = None) -> dict[str, Any]:
    """The launches' data (:func:`trajmap.maps.launches_data`), each line with its ``year`` (an int)."""
    return launches_data(df, selected_event=selected_event, properties=_year)


class TimePlayer(folium.MacroElement):
    """Plays the launches of ``launches`` (lines with a ``year``) over ``frames``, one year a step.

    Parameters
    ----------
    launches : folium.FeatureGroup
        The group holding the :class:`trajmap.maps.LaunchLayers` to animate (its data from
        :func:`year_data`), added to the map before this element. Its trajectories and landing points
        are played; its launch sites stay.
    frames : sequence of Frame
        Every year shown, in order (years with no launch included, with a count of 0).
    start_year : int
        The year shown first (paused); must be one of the frames'.
    faded_opacity : float
        Earlier launches' lines and fills are drawn at this fraction of their opacity (0 < x <= 1).
    position : str
        Where the control sits (a Leaflet control position).
    """

    _template = Template(
        """{% macro header(this, kwargs) %}
        <style>
        .trajmap-time { background: rgba(255,255,255,.94); padding: 6px 8px; border-radius: 4px;
            box-shadow: 0 1px 4px rgba(0,0,0,.35); font: 13px sans-serif; min-width: 230px; }
        .trajmap-time-year { font: bold 28px sans-serif; line-height: 1.1; }
        .trajmap-time-count { margin: 2px 0 4px; }
        .trajmap-time button { font: 14px sans-serif; min-width: 32px; margin: 0 2px 2px 0; padding: 2px 6px;
            cursor: pointer; }
        .trajmap-time button[aria-pressed="true"] { background: #333; color: #fff; }
        .trajmap-time button:focus-visible, .trajmap-time input:focus-visible { outline: 3px solid #1a73e8; }
        .trajmap-time input[type=range] { width: 100%; margin: 2px 0 0; }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            const map = {{ this._parent.get_name() }};
            const drawn = {{ this.launches.get_name() }}[{{ this.drawn_key | tojson }}];
            if (!drawn) throw new Error("TimePlayer: the launches are not drawn yet (add them first)");
            const frames = {{ this.frames | tojson }};
            const opts = {{ this.options | tojson }};
            const K = drawn.scale, items = [];
            [drawn.lines, drawn.landings].forEach(function (group) {
                group.eachLayer(function (layer) {
                    const o = layer.options;
                    items.push({
                        group: group, layer: layer, year: layer.feature.properties.year, state: null,
                        full: {opacity: o.opacity, fillOpacity: o.fillOpacity, weight: o.weight}
                    });
                });
            });
            let index = Math.max(0, frames.findIndex(function (f) { return f[0] === opts.start; }));
            let speed = 1, timer = null;
            const box = L.DomUtil.create("div", "trajmap-time leaflet-bar");
            const year = L.DomUtil.create("div", "trajmap-time-year", box);
            const count = L.DomUtil.create("div", "trajmap-time-count", box);
            const total = L.DomUtil.create("div", "trajmap-time-count", box);
            const row = L.DomUtil.create("div", "", box);
            function button(label, title, parent) {
                const b = L.DomUtil.create("button", "", parent);
                b.type = "button";
                b.textContent = label;
                b.title = title;
                b.setAttribute("aria-label", title);
                return b;
            }
            const back = button("\u00ab", "Step back a year", row);
            const play = button("\u25b6", "Play", row);
            const fwd = button("\u00bb", "Step forward a year", row);
            const speedButtons = opts.speeds.map(function (s) {
                const b = button(s + "\u00d7", "Speed " + s + "\u00d7", row);
                b.dataset.speed = s;
                return b;
            });
            const slider = L.DomUtil.create("input", "", box);
            slider.type = "range";
            slider.min = 0;
            slider.max = frames.length - 1;
            slider.setAttribute("aria-label", "Year");
            function style(item, faded) {
                const f = item.full, k = faded ? opts.faded : 1;
                return {
                    opacity: f.opacity * k, fillOpacity: f.fillOpacity * k,
                    weight: faded ? Math.max(K, f.weight / 2) : f.weight
                };
            }
            function draw() {
                const frame = frames[index], now = frame[0];
                const current = [];
                items.forEach(function (item) {
                    const state = item.year < now ? "earlier" : (item.year === now ? "current" : "later");
                    if (state === "current") current.push(item);
                    if (state === item.state) return;
                    item.state = state;
                    if (state === "later") { item.group.removeLayer(item.layer); return; }
                    if (!item.group.hasLayer(item.layer)) item.group.addLayer(item.layer);
                    item.layer.setStyle(style(item, state === "earlier"));
                    const el = item.layer.getElement && item.layer.getElement();
                    if (el) {
                        el.classList.toggle(opts.currentClass, state === "current");
                        el.classList.toggle(opts.earlierClass, state === "earlier");
                    }
                });
                current.forEach(function (item) { item.layer.bringToFront(); });
                year.textContent = String(now);
                count.textContent = frame[1] + (frame[1] === 1 ? " launch" : " launches") + " in " + now;
                total.textContent = frame[2] + (frame[2] === 1 ? " launch" : " launches") +
                    " from " + frames[0][0] + " to " + now;
                slider.value = index;
                box.dataset.year = String(now);
                box.dataset.playing = timer === null ? "false" : "true";
                play.textContent = timer === null ? "\u25b6" : "||";
                play.title = timer === null ? "Play" : "Pause";
                play.setAttribute("aria-label", play.title);
                speedButtons.forEach(function (b) {
                    b.setAttribute("aria-pressed", Number(b.dataset.speed) === speed ? "true" : "false");
                });
            }
            function pause() {
                if (timer !== null) { clearInterval(timer); timer = null; }
                draw();
            }
            function tick() {
                if (index >= frames.length - 1) { pause(); return; }
                index += 1;
                draw();
                if (index >= frames.length - 1) pause();
            }
            function start() {
                if (index >= frames.length - 1) index = 0;
                clearInterval(timer);
                timer = setInterval(tick, opts.stepMs / speed);
                draw();
            }
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            L.DomEvent.on(play, "click", function () { if (timer === null) start(); else pause(); });
            L.DomEvent.on(back, "click", function () { index = Math.max(0, index - 1); pause(); });
            L.DomEvent.on(fwd, "click", function () {
                index = Math.min(frames.length - 1, index + 1);
                pause();
            });
            speedButtons.forEach(function (b) {
                L.DomEvent.on(b, "click", function () {
                    speed = Number(b.dataset.speed);
                    if (timer !== null) start(); else draw();
                });
            });
            L.DomEvent.on(slider, "input", function () { index = Number(slider.value); pause(); });
            const control = L.control({position: opts.position});
            control.onAdd = function () { return box; };
            control.addTo(map);
            draw();
        })();
        {% endmacro %}"""
    )

    def __init__(
        self,
        launches: folium.FeatureGroup,
        frames: Sequence[Frame],
        *,
        start_year: int,
        faded_opacity: float = 0.25,
        position: str = "bottomright",
    ) -> None:
        super().__init__()
        if not isinstance(launches, folium.FeatureGroup) or not any(
            isinstance(c, LaunchLayers) for c in launches._children.values()
        ):
            raise TypeError(f"launches must be a FeatureGroup holding a LaunchLayers, got {launches!r}")
        if not frames:
            raise ValueError("frames must hold at least one year, got none")
        years = [f.year for f in frames]
        if years != sorted(set(years)):
            raise ValueError(f"frames must be in increasing years, one each, got {years!r}")
        if start_year not in years:
            raise ValueError(
                f"start_year must be one of the frames' years ({years[0]}-{years[-1]}), got {start_year!r}"
            )
        if not 0.0 < faded_opacity <= 1.0:
            raise ValueError(f"faded_opacity must be in (0, 1], got {faded_opacity!r}")
        self._name = "TimePlayer"
        self.launches = launches
        self.drawn_key = LaunchLayers.DRAWN_KEY
        self.frames = [[int(f.year), int(f.launches), int(f.so_far)] for f in frames]
        self.options = {
            "start": int(start_year),
            "speeds": list(SPEEDS),
            "stepMs": STEP_MS,
            "faded": float(faded_opacity),
            "position": position,
            "currentClass": CURRENT_CLASS,
            "earlierClass": EARLIER_CLASS,
        }
