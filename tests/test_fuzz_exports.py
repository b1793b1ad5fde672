"""Fuzz: hostile record text through every map builder and export format, and hostile URL parameters.

Each test takes text from :data:`tests.payloads.hostile_text` (the payload families plus arbitrary
Unicode). The normal suite runs a seconds-long sample; `pytest -m fuzz --hypothesis-profile=fuzz` runs
10,000 inputs per test.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from unittest import mock

import pandas as pd
import pytest
from branca.element import Element
from hypothesis import given
from hypothesis import strategies as st
from jinja2.utils import htmlsafe_json_dumps

from tests.payloads import hostile_text
from trajmap import export, maps, records, viewstate
from trajmap.escape import html_text, script_json, shown_text, xml_text

pytestmark = pytest.mark.fuzz

TEXT_FIELDS = ("event_id", "missile", "site", "estimate_by", "landing_statement", "notes")
PLACEHOLDER = "QQPLACEHOLDERQQ"


def _records(text: str) -> pd.DataFrame:
    """Two estimates (one reported landing, one derived) whose every text field holds ``text``."""
    base = records.load_launches(
        io.StringIO(
            "event_id,date,missile,class,site,site_lat,site_lon,bearing_deg,range_km,apogee_km,"
            "landing_lat,landing_lon,estimate_by,source_url\n"
            "e,2025-01-06,m,IRBM,s,39.03,125.86,58,1100,100,,,b,https://example.org\n"
            "e,2025-01-06,m,IRBM,s,39.03,125.86,,1100,,41.5,134.2,b,https://example.org\n"
        )
    )
    # a source that is a web address becomes a link: the text inside the address, where it is escaped too
    url = f"https://example.org/?q={text}#end"
    return base.assign(**{f: text for f in TEXT_FIELDS}, waters=text, source_url=url)


def _document(df: pd.DataFrame, label: str) -> str:
    """The map rendered as a document, with element ids numbered in order (folium draws them at random)."""
    ids = itertools.count()
    with mock.patch.object(Element, "_generate_id", classmethod(lambda _cls: f"{next(ids):032d}")):
        m = maps.base_map(basemap="vector")
        maps.legend(["IRBM"]).add_to(m)
        maps.launches_layer(df, selected_event=str(df["event_id"].iloc[0])).add_to(m)
        maps.ring_layer(39.0, 125.8, [(3000.0, label)]).add_to(m)
        maps.footprint_layer(39.0, 125.8, 58.0, 1100.0, 5.0, 110.0, label=label).add_to(m)
        shapes = maps.Shapes().rings(39.0, 125.8, [(3000.0, label)])
        maps.overlay_layer(shapes.footprint(39.0, 125.8, 58.0, 1100.0, 5.0, 110.0, label=label)).add_to(m)
        maps.point_marker(39.0, 125.8, label).add_to(m)
        return m.get_root().render()


@functools.cache
def _plain_document() -> str:
    return _document(_records(PLACEHOLDER), PLACEHOLDER)


@given(hostile_text.filter(bool))  # an empty field leaves its popup row out: another structure
def test_map_document_holds_user_text_only_as_inert_text(text: str) -> None:
    """Rendered as a document (what the HTML export does), the map with hostile text is exactly the map
    with a placeholder in its place, the placeholder replaced by the text made inert for where it sits: no
    template ran, and the text reached no script, template or markup except as character data (HTML text,
    or a JSON string the browser writes with ``textContent``)."""
    hostile = _document(_records(text), text)
    assert hostile == _expected(_plain_document(), text)


def _expected(plain: str, text: str) -> str:
    """``plain`` with the placeholder replaced by ``text``: as a JSON string in the launches' data (plain
    text, :func:`script_json`, shown with ``textContent``), as escaped HTML elsewhere (:func:`html_text`),
    itself as JSON where that HTML sits in JSON (a ring label's HTML, folium's tojson filter)."""
    shown = html_text(text)
    as_json = htmlsafe_json_dumps(shown)[1:-1]
    as_data = script_json(shown_text(text))[1:-1]
    in_json = f"\\u003e{PLACEHOLDER}\\u003c"

    def html(part: str) -> str:
        return part.replace(in_json, in_json.replace(PLACEHOLDER, as_json)).replace(PLACEHOLDER, shown)

    decoder = json.JSONDecoder()
    out, pos = [], 0
    # the launches' data and the footprints' and rings' data, JSON literals (texts shown with textContent)
    for m in re.finditer(r"var (?:data|shapes) = ", plain):
        _, end = decoder.raw_decode(plain, m.end())
        out += [html(plain[pos : m.end()]), plain[m.end() : end].replace(PLACEHOLDER, as_data)]
        pos = end
    assert len(out) == 4  # one launches element, one footprints-and-rings element
    return "".join([*out, html(plain[pos:])])


@given(hostile_text)
def test_geojson_round_trips_hostile_text(text: str) -> None:
    fc = export.to_geojson(_records(text))
    back = json.loads(json.dumps(fc, allow_nan=False))
    props = [f["properties"] for f in back["features"] if f["properties"]["kind"] != "site"]
    assert props
    assert all(p["missile"] == text and p["notes"] == text for p in props)


@given(hostile_text)
def test_kml_is_well_formed_and_keeps_the_text(text: str) -> None:
    doc = export.to_kml(_records(text))
    root = ET.fromstring(doc.encode("utf-8"))  # well-formed XML, whatever the text
    ns = "{http://www.opengis.net/kml/2.2}"
    names = [el.text for el in root.iter(f"{ns}name")]
    kept = xml_text(text).replace("\r\n", "\n").replace("\r", "\n")  # XML reads every line end as LF
    assert any(kept in (n or "") for n in names)


@given(hostile_text)
def test_csv_has_no_formula_cells_and_parses_back(text: str) -> None:
    out = export.to_csv_safe(_records(text))
    rows = list(csv.reader(io.StringIO(out, newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == 2
    assert all(len(r) == len(header) for r in body)
    for row in [header, *body]:
        for cell in row:
            assert not cell.startswith(export.FORMULA_PREFIXES) or _is_number(cell), cell
    col = header.index("missile")
    assert all(r[col] in (text, "'" + text) for r in body)


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


KNOWN = {
    "events": ["2017-11-29", "2025-01-06"],
    "classes": ["ICBM", "IRBM"],
    "outcomes": ["success"],
    "sites": ["sohae"],
    "sources": ["Japan MOD"],
    "ring_sites": ["sohae"],
    "dates": (dt.date(1984, 4, 9), dt.date(2025, 1, 6)),
}
PARAM_NAMES = st.sampled_from(
    [
        "from",
        "to",
        "class",
        "outcome",
        "site",
        "source",
        "event",
        "basemap",
        "eez",
        "lat",
        "lon",
        "zoom",
        "ring_site",
        "ring_lat",
        "ring_lon",
        "ring_km",
        "page",
        "zzz",
    ]
)
PARAM_VALUES = st.one_of(
    hostile_text,
    st.sampled_from(["2099-01-01", "1900-01-01", "2017-11-29", "²", "١٢", "5", "nan", "inf", "-0", "1e308"]),
    st.from_regex(r"-?[0-9]{1,4}(\.[0-9]{0,6})?", fullmatch=True),
    st.dates().map(dt.date.isoformat),
)


@given(st.dictionaries(PARAM_NAMES, st.one_of(PARAM_VALUES, st.lists(PARAM_VALUES, max_size=3))))
def test_viewstate_decode_never_raises_and_stays_within_the_data(params: dict[str, object]) -> None:
    state, notices = viewstate.decode(params, **KNOWN)  # type: ignore[arg-type]
    first, last = KNOWN["dates"]  # type: ignore[misc]
    for day in (state.filters.date_from, state.filters.date_to):
        assert day is None or first <= day <= last
    if state.filters.date_from and state.filters.date_to:
        assert state.filters.date_from <= state.filters.date_to
    assert state.zoom is None or 1 <= state.zoom <= 18
    assert state.event is None or state.event in KNOWN["events"]
    assert all(isinstance(n, str) for n in notices)
    # what decode keeps encodes and decodes to itself
    assert viewstate.decode(viewstate.encode(state), **KNOWN)[0] == state  # type: ignore[arg-type]
