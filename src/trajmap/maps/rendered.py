"""Macro elements whose rendered text goes into the page as it is.

branca's ``MacroElement.render`` wraps the text each macro renders (``header``, ``html``, ``script``) in a
new ``Element``, which compiles that text again as a Jinja2 template: for an element carrying a data literal
(the launches, a reference layer inlined) that is a lexer pass over every byte on every render, and
``st_folium`` renders the map and each feature group on every rerun without using what it adds to the
figure. :class:`RenderedMacroElement` adds the text itself. The text must already be inert (it is: every
text of the data goes through :mod:`trajmap.escape`, built to survive a Jinja2 pass unchanged), so the page
is the same, minus that second compile.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import Element, Figure

__all__ = ["RenderedFeatureGroup", "RenderedMacroElement", "RenderedText"]


class RenderedText(Element):
    """Text already rendered by a macro, put into the page unchanged (not compiled as a template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        self.text = str(text)

    def render(self, **_kwargs: Any) -> str:
        return self.text


def _render_as_is(element: folium.MacroElement, kwargs: dict[str, Any]) -> None:
    """What branca's ``MacroElement.render`` does, adding each macro's text as :class:`RenderedText`."""
    figure = element.get_root()
    if not isinstance(figure, Figure):
        raise TypeError(f"{type(element).__name__} can only be rendered inside a folium Figure")
    module = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = module.get(part)
        if macro is not None:
            getattr(figure, part).add_child(RenderedText(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class RenderedMacroElement(folium.MacroElement):
    """A ``MacroElement`` that renders like branca's, but adds its macros' text as :class:`RenderedText`.

    ``literal_fields`` name the attributes that hold a data literal already encoded
    (:func:`trajmap.escape.script_json`): what turns the map into a page may set them aside while it
    processes the script, and put them back unchanged (pages/_foliummap.py does).
    """

    literal_fields: tuple[str, ...] = ()

    def render(self, **kwargs: Any) -> Any:  # branca: None (Element.render: str)
        _render_as_is(self, kwargs)


class RenderedFeatureGroup(folium.FeatureGroup, RenderedMacroElement):
    """A :class:`folium.FeatureGroup` rendered as :class:`RenderedMacroElement` is: ``st_folium`` renders the
    layers' groups on every rerun, and folium's own render compiled the group's script text again as a
    template each time (its text is folium's, with a name of ours). folium's ``Layer.render`` still runs
    first (it adds the group to its map), then :meth:`RenderedMacroElement.render`."""
