"""One escape per kind of output: every payload family is inert in HTML, Jinja2 and JavaScript."""

from __future__ import annotations

import html
import json
import re
import string

import pytest
from branca.element import Template
from hypothesis import given
from hypothesis import strategies as st

from tests.payloads import PAYLOADS, hostile_text
from trajmap.escape import html_text, markdown_text, script_json, shown_text, xml_text

#: Characters that mean something in HTML, Jinja2 or a JavaScript template literal.
_SPECIAL = set("&<>\"'{}`$\\#%\u2028\u2029")


def _check_html(text: str) -> None:
    out = html_text(text)
    assert not (set(out) & (_SPECIAL - {"&", "#"}))  # & and # appear only in &#NN; references
    assert html.unescape(out) == shown_text(text)
    assert Template(out).render() == out  # Jinja2 finds no template syntax in it
    assert "`" not in out
    assert "${" not in out


def _check_json(data: object) -> None:
    out = script_json(data)
    assert json.loads(out) == data
    assert not any(tok in out for tok in ("{{", "{%", "{#", "</", "<!--", "`", "${"))
    assert Template(out).render() == out


@pytest.mark.parametrize("text", PAYLOADS)
def test_html_text_is_inert_and_shows_the_text_as_given(text: str) -> None:
    _check_html(text)


@pytest.mark.parametrize("text", PAYLOADS)
def test_script_json_round_trips_and_holds_no_template_or_script_end(text: str) -> None:
    _check_json({"missile": text, "list": [text, 1.5, None]})


def test_html_text_replaces_lone_surrogates() -> None:
    assert html_text("a\ud800b") == "a\ufffdb"


@pytest.mark.parametrize("text", PAYLOADS)
def test_markdown_text_escapes_every_punctuation_mark(text: str) -> None:
    out = markdown_text(text)
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert out[i + 1] in string.punctuation
            i += 2
            continue
        assert out[i] not in string.punctuation
        assert out[i] not in "\r\n"
        i += 1


def test_xml_text_writes_illegal_characters_visibly() -> None:
    assert xml_text("a\x01b\x08c\ud800") == "a\\x01b\\x08c\\ud800"
    assert xml_text("tab\tnew\nline") == "tab\tnew\nline"


@pytest.mark.fuzz
@given(hostile_text)
def test_fuzz_html_text(text: str) -> None:
    _check_html(text)


@pytest.mark.fuzz
@given(hostile_text)
def test_fuzz_script_json(text: str) -> None:
    _check_json({"t": text})


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_CHAR = re.compile(r"[{}<>&'`$%#]")


def _script_json_by_regex(data: object, compact: bool) -> str:
    """script_json as first written: every JSON string found by a regex, its specials escaped one by one
    (the reference its faster split on quotes must match, character for character)."""
    seps = (",", ":") if compact else None
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=seps)
    return _JSON_STRING.sub(lambda m: _JSON_CHAR.sub(lambda c: f"\\u{ord(c.group(0)):04x}", m.group(0)), text)


_json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.parametrize(
    "data",
    [
        {'a\\"b': ["\\", '"', '\\"', '\\\\"{', "x\\"], "{{": {"}}": "%}"}},
        ["\x00\x01", "\\\x00", '"\\\x01"', "</script>"],
        {"nested": [{"t": "{%x%}"}, {"t": "${1}"}], "n": [1.5, -0.0, 10**20]},
    ],
)
@pytest.mark.parametrize("compact", [False, True])
def test_script_json_matches_the_string_by_string_escape(data: object, compact: bool) -> None:
    assert script_json(data, compact=compact) == _script_json_by_regex(data, compact)
    _check_json(data)


@pytest.mark.fuzz
@given(_json_data, st.booleans())
def test_fuzz_script_json_matches_the_string_by_string_escape(data: object, compact: bool) -> None:
    assert script_json(data, compact=compact) == _script_json_by_regex(data, compact)
