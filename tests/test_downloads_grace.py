"""A download built on click stays valid while the browser may still show its button (pages/_downloads.py).

Regression: a run stopped early (a widget change while the page ran) ended before it reached the download
buttons, and Streamlit's cleanup at its end dropped the callables of the buttons the browser still showed:
the click did nothing ("Deferred file ... not found"). The browser test
``tests/browser/test_map_layout.py::test_downloads_work_however_soon_after_a_rerun`` shows it in Chromium.
"""

from __future__ import annotations

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.media_file_storage import MediaFileStorageError
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from pages import _downloads


@pytest.fixture
def manager(monkeypatch: pytest.MonkeyPatch) -> MediaFileManager:
    clock = [1000.0]
    monkeypatch.setattr(_downloads.time, "monotonic", lambda: clock[0])
    _downloads.install()
    mgr = MediaFileManager(MemoryMediaFileStorage("/media"))
    mgr.clock = clock  # type: ignore[attr-defined]
    return mgr


def test_a_run_stopped_before_the_buttons_keeps_the_callables_the_browser_holds(manager) -> None:
    shown = manager.add_deferred(lambda: b"png bytes", "image/png", "1.(4).2", file_name="snap.png")
    # the next run starts (its references cleared) and stops for a rerun before the download buttons
    manager.clear_session_refs()
    manager.remove_orphaned_files()
    assert manager.execute_deferred(shown).startswith("/media/")  # the browser's button still works


def test_a_callable_no_run_refers_to_is_dropped_after_the_grace_period(manager) -> None:
    old = manager.add_deferred(lambda: b"a", "text/csv", "1.(4).3", file_name="a.csv")
    manager.clear_session_refs()
    new = manager.add_deferred(lambda: b"b", "text/csv", "1.(4).3", file_name="a.csv")  # the next run's
    manager.remove_orphaned_files()
    manager.clock[0] += _downloads.GRACE_S - 1
    manager.remove_orphaned_files()
    assert manager.execute_deferred(old)
    manager.clock[0] += 2
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError, match="not found"):
        manager.execute_deferred(old)
    assert manager.execute_deferred(new)  # the one the current run refers to stays


def test_a_disabled_button_still_revokes_its_callable_at_once(manager) -> None:
    file_id = manager.add_deferred(lambda: b"a", "text/csv", "1.(4).5", file_name="a.csv", element_id="dl")
    manager.remove_deferred("1.(4).5", element_id="dl")
    manager.remove_orphaned_files()
    with pytest.raises(MediaFileStorageError, match="not found"):
        manager.execute_deferred(file_id)


def test_install_is_idempotent() -> None:
    _downloads.install()
    patched = MediaFileManager._remove_orphaned_deferred_callables
    _downloads.install()
    assert MediaFileManager._remove_orphaned_deferred_callables is patched
