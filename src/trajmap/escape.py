"""User text is data, never code: the one place that makes text safe for where it is shown.

Text from records, uploads and URL parameters reaches four kinds of output, and each has its own syntax
that text must never become:

- **folium** (:func:`html_text`): popup, tooltip and label text is HTML, compiled as a Jinja2 template
  when the map is rendered as a document (branca renders scripts twice), and placed inside a JavaScript
  template literal. One escape covers all three: every character that means something in any of them
  (``& < > " '``, ``{ } # %`` for Jinja2, ``` ` $ \\ ``` for template literals, line and paragraph
  separators, control characters) becomes a numeric character reference, which the browser shows as the
  character itself and which none of the three languages reads as syntax.
- **scripts** (:func:`script_json`): data handed to JavaScript as a JSON literal, with every character
  that could end the script or start a template escaped inside strings.
- **Streamlit Markdown** (:func:`markdown_text`): every ASCII punctuation character backslash-escaped and
  bare addresses broken by an invisible word joiner, so a note holding a URL, a link or an image stays
  text (no live link, no fetch from an outside host).
- **XML** (:func:`xml_text`): characters XML 1.0 cannot hold are written as visible ``\\xNN`` escapes
  instead of making the file malformed.

>>> html_text("ZZ{{ 7*7 }}ZZ")
'ZZ&#123;&#123; 7*7 &#125;&#125;ZZ'
>>> html_text("${alert(1)} `x` <b>")
'&#36;&#123;alert(1)&#125; &#96;x&#96; &lt;b&gt;'
>>> script_json({"missile": "{{x}}</script>"})
'{"missile": "\\\\u007b\\\\u007bx\\\\u007d\\\\u007d\\\\u003c/script\\\\u003e"}'
>>> markdown_text("see [x](https://example.org)")
'see \\\\[x\\\\]\\\\(https\\\\:\\u2060\\\\/\\\\/example\\\\.org\\\\)'
>>> xml_text("a\\x01b")
'a\\\\x01b'
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Sequence
from typing import Any

__all__ = ["html_text", "markdown_table", "markdown_text", "script_json", "shown_text", "xml_text"]

_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
#: Characters with a meaning in HTML, Jinja2 or a JavaScript template literal, and line ends (Jinja2
#: rewrites CR LF, a template literal keeps them): all written as character references.
_HTML_SPECIAL = re.compile("[&<>\"'{}#%`$\\\\\n\r\u2028\u2029]")
#: Control characters (a browser shows nothing for them) and lone surrogates (no encoder can write one).
_UNSHOWABLE = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]")


def _html_ref(m: re.Match[str]) -> str:
    c = m.group(0)
    return _NAMED.get(c) or f"&#{ord(c)};"


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\x{code:02x}"


def shown_text(value: object) -> str:
    """``str(value)`` as a page shows it: control characters as visible ``\\xNN``, lone surrogates as
    U+FFFD; everything else unchanged.

    >>> shown_text("a\\x01b\\ud800")
    'a\\\\x01b\ufffd'
    """
    return _UNSHOWABLE.sub(_visible, str(value))


def html_text(value: object) -> str:
    """``value`` as text that is inert in HTML, in a Jinja2 template and in a JavaScript template literal.

    The browser shows it as given (``{{x}}`` shows ``{{x}}``), as :func:`shown_text` writes it.
    """
    return _HTML_SPECIAL.sub(_html_ref, shown_text(value))


#: Inside a JSON string, what :func:`script_json` writes as ``\\uXXXX``: characters that could end a
#: script (``<``, ``>``, ``&``), start a Jinja2 tag (``{``, ``}``, ``#``, ``%``) or a template-literal
#: substitution (`` ` ``, ``$``), and ``'``.
_JSON_SPECIAL = tuple((c, f"\\u{ord(c):04x}") for c in "{}<>&'`$%#")


def script_json(data: Any, *, compact: bool = False) -> str:
    """``data`` as a JSON literal that can be placed in a ``<script>`` and survives Jinja2 rendering.

    ``compact`` leaves out the spaces after ``,`` and ``:`` (for large data sent to the browser).

    Inside strings, ``{ } < > & ' ` $ % #`` are written as ``\\uXXXX`` escapes (JSON and JavaScript read
    them back as the same characters); outside strings JSON has no ``{{``, ``{%`` or ``{#``. Non-ASCII
    (U+2028 among it) is escaped too.
    """
    seps = (",", ":") if compact else None
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=seps)
    # The strings are what lies between the quotes once the two escapes that hold a quote or a backslash
    # (``\\\\`` and ``\\"``) are set aside: with ``ensure_ascii`` the text has no raw control character,
    # so NUL and SOH stand for them meanwhile. Every other part is JSON syntax, left as it is.
    parts = text.replace("\\\\", "\x00").replace('\\"', "\x01").split('"')
    if len(parts) > 1:
        inside = '"'.join(parts[1::2])  # every string's content, one after another (none holds a quote now)
        for char, escaped in _JSON_SPECIAL:
            inside = inside.replace(char, escaped)
        parts[1::2] = inside.split('"')
    return '"'.join(parts).replace("\x01", '\\"').replace("\x00", "\\\\")


_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


#: Where GitHub-flavoured Markdown finds a bare link in plain text (``https://``, ``www.``, ``a@b.c``): it
#: does so after escapes are resolved, so a word joiner (U+2060, invisible) goes between the parts.
_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?<=www)(?=\.)|(?=@)", re.IGNORECASE)


def markdown_text(value: object) -> str:
    """``value`` as Markdown that renders as the same plain text: no links, images, emphasis or HTML.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows it for all of them). Bare
    web and mail addresses, which GitHub-flavoured Markdown links even when escaped, get an invisible word
    joiner (U+2060) after the scheme's colon, after ``www`` and before ``@``. Line breaks become spaces.

    >>> markdown_text("www.example.org") == "www\u2060\\\\.example\\\\.org"
    True
    """
    text = _AUTOLINK.sub(lambda m: m.group(0) + "\u2060", " ".join(shown_text(value).splitlines()))
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_table(header: Sequence[object], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table of plain texts: every cell, header included, is
    :func:`markdown_text` (its ``|`` escaped with the rest of the punctuation, line breaks made spaces), so
    each row keeps its cells and every cell shows as the text given.

    >>> print(markdown_table(["", "a|b"], [["Range", "*1,100 km*"]]))
    |  | a\\|b |
    |---|---|
    | Range | \\*1\\,100 km\\* |
    """
    width = len(header)
    if any(len(r) != width for r in rows):
        raise ValueError(f"every row needs {width} cells, as the header")

    def line(cells: Sequence[object]) -> str:
        return "| " + " | ".join(markdown_text(c) for c in cells) + " |"

    return "\n".join([line(header), "|" + "---|" * width, *(line(r) for r in rows)])


#: Characters XML 1.0 cannot contain (and lone surrogates, which no encoder can write).
_XML_ILLEGAL = re.compile("[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """``value`` with the characters XML 1.0 cannot hold written as visible ``\\xNN`` / ``\\uXXXX``."""
    return _XML_ILLEGAL.sub(
        lambda m: f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}",
        str(value),
    )
