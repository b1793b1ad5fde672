"""Download buttons whose file is built on click stay valid while the browser still shows them.

A download button given a callable (``st.download_button(label, build, ...)``) registers the callable with
Streamlit's media file manager under a new id on every run, and the browser asks for the file by the id it
was last sent. At the end of every run, the manager drops the callables no button of that run registered.
A run that stops early (the user changes a widget while the page is running, or the map reports its view:
with ``runner.fastReruns`` the running script is stopped and a new one started) ends *before* it reached the
download buttons, so that cleanup drops the callables of the buttons the browser is still showing, and
the new run has not sent their new ids yet: a click in that window does nothing ("Deferred file ... not
found" in the server log). The same happens in the moment between the end of a complete run and the browser
applying its new ids. (Streamlit 1.67 already skips its stale-widget cleanup for a run stopped for a rerun,
for the same reason, but not this one.)

:func:`install` makes that cleanup keep a callable for :data:`GRACE_S` seconds after no run refers to it
any more, as Streamlit keeps a generated download file for one more cleanup. A callable the browser still
holds is then always there; one nothing refers to is dropped at the first cleanup after the grace period.
A disabled button's callable is still revoked at once (``remove_deferred``, not touched here).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from streamlit.runtime.media_file_manager import MediaFileManager

__all__ = ["GRACE_S", "install"]

GRACE_S = 120.0
"""How long a download callable outlives the last run that showed its button, in seconds."""

_LOG = logging.getLogger(__name__)


def _remove_orphaned_deferred_callables(self: Any) -> None:
    """Drop the deferred callables no session has referred to for :data:`GRACE_S` seconds.

    Called by ``MediaFileManager.remove_orphaned_files`` with the manager's lock held, in place of
    Streamlit's version, which drops every callable not referred to by the run that just ended.
    """
    active: set[str] = set()
    for by_coord in self._files_by_session_and_coord.values():
        active.update(by_coord.values())
    since: dict[str, float] = self.__dict__.setdefault("_trajmap_orphaned_since", {})
    now = time.monotonic()
    for file_id in list(self._deferred_callables):
        if file_id in active:
            since.pop(file_id, None)
        elif now - since.setdefault(file_id, now) >= GRACE_S:
            self._drop_deferred_id(file_id)
            del since[file_id]
    for file_id in [f for f in since if f not in self._deferred_callables]:
        del since[file_id]  # revoked meanwhile (a disabled button)


def install() -> None:
    """Install the grace period once per process (idempotent); warns and does nothing on a Streamlit
    whose media file manager does not have the parts this relies on."""
    if getattr(MediaFileManager, "_trajmap_grace", False):
        return
    needed = ("_remove_orphaned_deferred_callables", "_drop_deferred_id", "remove_orphaned_files")
    if not all(hasattr(MediaFileManager, name) for name in needed):
        _LOG.warning("trajmap: this Streamlit's media file manager changed; download grace not installed")
        return
    MediaFileManager._remove_orphaned_deferred_callables = _remove_orphaned_deferred_callables  # type: ignore[method-assign]
    MediaFileManager._trajmap_grace = True  # type: ignore[attr-defined]
