"""Presentation mode (``?present=1`` on any page): for a projector in a classroom or a newsroom.

Larger type (the page's base font 1.35 times the usual), dark text on white with strong contrast, a thick
focus ring on whatever the keyboard reaches (a closed sidebar takes no focus), and map lines and markers
:data:`MAP_SCALE` times thicker (:func:`trajmap.maps.scale_strokes`). The style sheet is a fixed string:
nothing from a user or a link ever enters it. It loads nothing from the network (no web fonts), so the
mode works offline like the rest.

>>> is_on("1"), is_on("0"), is_on("yes please")
(True, False, None)
"""

from __future__ import annotations

__all__ = ["FONT_SCALE", "MAP_SCALE", "PRESENT_CSS", "is_on"]

#: How much larger the type is, and how much thicker the map's lines and markers.
FONT_SCALE = 1.35
MAP_SCALE = 2.0

#: The style sheet of presentation mode (fixed text; no user text is ever formatted into it).
PRESENT_CSS = """
html { font-size: 135% !important; }
.stApp, .stApp [data-testid="stMain"], .stApp header {
  background: #ffffff !important; color: #000000 !important;
}
.stApp p, .stApp li, .stApp label, .stApp span, .stApp h1, .stApp h2, .stApp h3,
.stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stMarkdownContainer"] {
  color: #000000 !important;
}
.stApp [data-testid="stMarkdownContainer"] p, .stApp [data-testid="stMarkdownContainer"] li {
  font-size: 1rem !important; line-height: 1.5 !important;
}
.stApp [data-testid="stCaptionContainer"] { font-size: 0.9rem !important; opacity: 1 !important; }
.stApp a { color: #00308f !important; text-decoration: underline !important; }
.stApp button, .stApp [role="button"] { border: 2px solid #000000 !important; }
.stApp *:focus-visible, .stApp button:focus, .stApp a:focus, .stApp input:focus,
.stApp [role="slider"]:focus, .stApp [tabindex]:focus-visible {
  outline: 4px solid #d00000 !important; outline-offset: 2px !important;
  box-shadow: 0 0 0 6px #ffffff !important;
}
section[data-testid="stSidebar"][data-collapsed="true"] { visibility: hidden !important; }
.st-key-story_bar { border: 3px solid #000000 !important; background: #ffffff !important; }
"""


def is_on(value: str | None) -> bool | None:
    """What a ``present`` parameter asks: True for ``1``, False for ``0``, None when absent or else."""
    if value == "1":
        return True
    if value == "0":
        return False
    return None
