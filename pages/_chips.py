"""A filter of a few choices shown as toggle chips, each a checkbox: the Explorer's Class filter.

It is a Streamlit custom component (``st.components.v2``), which runs in the page's own document, not in
a frame. That is why it exists: when the user ticks or clears a chip, it hands the new choice at once to
the map's script in the map's frame (same origin), through the function the map keeps under ``hook``
(:attr:`trajmap.maps.LaunchLayers.ONLY_HOOK`), and only then asks for the rerun that brings the rest of
the view. The map shows the chosen classes in tens of milliseconds instead of after a whole rerun (issue
12's widget-change budget, measured in ``benchmarks/``). Without a map, or with a frame of another origin,
the rerun alone redraws it, as for any widget.

Each chip is a native ``<input type="checkbox">`` in a ``<fieldset>`` whose ``<legend>`` is the label:
Tab and Space work, and a screen reader announces the group, each choice and its state. Every text is set
with ``textContent``; the options are data, never markup.

The choice lives in ``st.session_state[key]`` (a list of options, none chosen: all), which the page, a
shared link and the tests set and read as they would a multiselect's value; the component's own state
(under ``key + "_chips"``) only reports what the user changed. ``tests/test_chips.py`` drives it in
Chromium.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

__all__ = ["COMPONENT_NAME", "chip_filter", "component_key"]

COMPONENT_NAME = "trajmap_chip_filter"

_HTML = """<fieldset class="chips"><legend></legend><div class="options"></div>
<p class="note" aria-live="polite"></p></fieldset>"""

_CSS = """
.chips { border: 0; margin: 0; padding: 0; min-width: 0; font-family: var(--st-font);
  color: var(--st-text-color); }
.chips legend { padding: 0; margin-bottom: 0.4rem; font-size: 0.875rem; }
.options { display: flex; flex-wrap: wrap; gap: 0.35rem; }
.chip { display: inline-flex; align-items: center; gap: 0.3rem; padding: 0.15rem 0.55rem 0.15rem 0.35rem;
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2)); border-radius: 1rem; cursor: pointer;
  font-size: 0.875rem; line-height: 1.4; background: var(--st-background-color); user-select: none; }
.chip:has(input:checked) { border-color: var(--st-primary-color);
  background: var(--st-secondary-background-color); font-weight: 600; }
.chip:has(input:focus-visible) { outline: 2px solid var(--st-primary-color); outline-offset: 1px; }
.chip input { margin: 0; accent-color: var(--st-primary-color); cursor: pointer; }
.swatch { width: 0.65rem; height: 0.65rem; border-radius: 50%; flex: none; }
.note { margin: 0.3rem 0 0; font-size: 0.8rem; opacity: 0.7; min-height: 1em; }
"""

_JS = """
function same(a, b) {
    const x = [...a].sort(), y = [...b].sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
}

export default function ({ parentElement, data, setStateValue }) {
    const box = parentElement.querySelector(".chips");
    const list = box.querySelector(".options");
    const note = box.querySelector(".note");
    box.querySelector("legend").textContent = data.label;
    const shape = JSON.stringify([data.options, data.colors]);
    if (box.dataset.shape !== shape) {  // new options: new chips
        list.replaceChildren();
        data.options.forEach((value, i) => {
            const chip = document.createElement("label");
            chip.className = "chip";
            const input = document.createElement("input");
            input.type = "checkbox";
            input.value = value;
            const swatch = document.createElement("span");
            swatch.className = "swatch";
            swatch.setAttribute("aria-hidden", "true");
            if (data.colors[i]) swatch.style.background = data.colors[i];
            const text = document.createElement("span");
            text.textContent = value;
            chip.append(input, swatch, text);
            list.append(chip);
        });
        box.dataset.shape = shape;
        box.pending = null;
    }
    const inputs = [...list.querySelectorAll("input")];
    const chosen = () => inputs.filter((i) => i.checked).map((i) => i.value);
    const explain = () => { note.textContent = chosen().length ? "" : data.none; };
    // the page's value, unless the user has changed it since and the page has not caught up yet
    if (!box.pending || same(box.pending, data.selected)) {
        box.pending = null;
        inputs.forEach((i) => { i.checked = data.selected.includes(i.value); });
    }
    explain();
    box.onchange = () => {
        const value = chosen();
        box.pending = value;
        explain();
        if (data.hook) {  // the map first, then the rerun
            for (const frame of document.querySelectorAll("iframe")) {
                try {
                    const show = frame.contentWindow && frame.contentWindow[data.hook];
                    if (typeof show === "function") show(value);
                } catch (e) {
                    // a frame of another origin: the rerun redraws it
                }
            }
        }
        setStateValue("value", value);
    };
}
"""

_COMPONENT = st.components.v2.component(COMPONENT_NAME, html=_HTML, css=_CSS, js=_JS)


def component_key(key: str) -> str:
    """The key of the component that shows the filter whose value is ``st.session_state[key]``."""
    return f"{key}_chips"


def chip_filter(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    colors: Mapping[str, str] | None = None,
    hook: str | None = None,
    none_text: str = "None chosen: all are shown.",
) -> list[str]:
    """The options chosen in a row of chips labelled ``label`` (none: the filter lets all through), kept
    in ``st.session_state[key]``: a value set there before this call is shown, less any option no longer
    offered.

    ``colors`` gives an option's swatch (a CSS colour of ours, never user text). ``hook`` names the
    function a frame of the page (the map) keeps on its window: it is called with the new choice the
    moment the user makes it, before the rerun.
    """
    offered = list(dict.fromkeys(str(o) for o in options))
    held = set(st.session_state.get(key) or ())
    chosen = [o for o in offered if o in held]
    st.session_state[key] = chosen
    ckey = component_key(key)

    def _changed() -> None:
        state: Any = st.session_state.get(ckey) or {}
        picked = set(state.get("value") or ())
        st.session_state[key] = [o for o in offered if o in picked]

    _COMPONENT(
        key=ckey,
        data={
            "label": label,
            "options": offered,
            "colors": [(colors or {}).get(o, "") for o in offered],
            "selected": chosen,
            "hook": hook,
            "none": none_text,
        },
        on_value_change=_changed,
    )
    return chosen
