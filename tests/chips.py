"""Driving a chip filter (``pages/_chips.py``) in AppTest, which shows a custom component as an element it
cannot click: the test reads the options and the choice from the data the component is given, and makes a
choice as the component's change does, in ``st.session_state[key]``. Browser tests click the chips
themselves (``tests/browser/test_chips.py``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from streamlit.testing.v1 import AppTest

from pages._chips import COMPONENT_NAME, component_key


def data(at: AppTest, key: str) -> dict[str, Any]:
    """What the filter kept in ``st.session_state[key]`` was last given to show (label, options, colours,
    the choice)."""
    found = [
        el
        for el in at.get("bidi_component")
        if el.proto.component_name == COMPONENT_NAME and el.proto.id.endswith(f"-{component_key(key)}")
    ]
    if len(found) != 1:
        raise LookupError(f"{len(found)} chip filters for {key!r} on the page")
    return json.loads(found[0].proto.json)  # type: ignore[no-any-return]


def options(at: AppTest, key: str) -> list[str]:
    return list(data(at, key)["options"])


def value(at: AppTest, key: str) -> list[str]:
    """The choice the filter shows (none: all pass)."""
    return list(data(at, key)["selected"])


def choose(at: AppTest, key: str, chosen: Sequence[str]) -> AppTest:
    """Choose ``chosen`` (none: all) and rerun, as ticking the chips does."""
    at.session_state[key] = list(chosen)
    return at.run()
