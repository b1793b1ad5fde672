"""Hostile text for security tests: the payload families found by trying the app as a hostile user would.

Shared by the unit tests, the Hypothesis fuzz tests and the browser tests, so that every layer is tried
with the same families: Jinja2 template source, JavaScript template-literal breakouts, HTML and script
injection (plain and as JavaScript escapes), line separators, control characters, Markdown links and
images, spreadsheet formulas.
"""

from __future__ import annotations

from hypothesis import strategies as st

PAYLOADS: tuple[str, ...] = (
    "ZZ{{ 7*7 }}ZZ",
    "PID{{ lipsum.__globals__.os.getpid() }}END",
    "{{citation needed}}",
    "{#",
    "{% raw %}",
    "{%",
    "{{'abc'}}",
    "${alert(1)}",
    "x`+alert(1)+`",
    "`",
    "\\",
    "\\u003cimg src=x onerror=alert(1)\\u003e",
    "\\x3csvg onload=alert(1)\\x3e",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</div><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "a\u2028b\u2029c",
    "line1\nline2\r\nline3\rline4",
    "tab\tand\x01\x02\x07\x08controls",
    "javascript:alert(1)",
    "[a link](https://example.org)",
    "![image](https://example.org/x.png)",
    "https://example.org/bare",
    "www.example.org",
    "**bold** _em_ # heading",
    "=1+2",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    '=HYPERLINK("http://evil")',
    "&amp; &lt; &#123;",
    "%s %d %(x)s {0}",
)

#: Text a fuzz test feeds to every sink: the families above, arbitrary Unicode, and mixtures of both.
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=8)), min_size=1, max_size=4).map("".join),
)
