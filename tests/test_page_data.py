"""AppTest for the Data page, and the dataset choice as the Explorer and the Reach page follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 90


@pytest.fixture(autouse=True)
def _full_record(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("TRAJMAP_LAUNCHES", raising=False)
    monkeypatch.setenv("TRAJMAP_RECORD_DIR", str(tmp_path / "record"))  # the shipped snapshot


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)


def _text(el: object) -> str:
    return re.sub(r"\\(.)", r"\1", el.value).replace("\u2060", "")  # type: ignore[attr-defined]


def test_data_page_opens_on_the_full_record_and_says_as_of_when() -> None:
    at = _page("data.py").run()
    assert not at.exception, at.exception
    assert any(
        _text(c).startswith("Record as of 2026-04-21 (nagix/nk-missile-tests a0cc658") for c in at.caption
    )
    showing = next(m.value for m in at.markdown if m.value.startswith("Showing"))
    events = int(showing.split()[1].replace(",", ""))
    assert events >= 160
    assert "to 2026-04-19" in showing
    assert at.button(key="update_record")  # "Update the record" is offered
    sources = at.dataframe[0].value
    assert {"nagix/nk-missile-tests", "trajmap curated (data/launches.csv)"} <= set(sources["source_dataset"])


def test_choosing_the_curated_dataset_changes_what_the_explorer_shows() -> None:
    at = _page("data.py").run()
    at.radio(key="dataset_choice").set_value("curated").run()
    assert not at.exception, at.exception
    showing = next(m.value for m in at.markdown if m.value.startswith("Showing"))
    assert int(showing.split()[1]) < 100
    explorer = _page("explorer.py")
    explorer.session_state["_dataset_choice"] = "curated"
    explorer.run()
    assert not explorer.exception, explorer.exception
    assert any("Curated estimates only" in _text(c) for c in explorer.caption)


def test_your_files_only_without_files_falls_back_and_says_so() -> None:
    at = _page("data.py").run()
    at.radio(key="dataset_choice").set_value("uploads").run()
    assert not at.exception, at.exception
    assert any("No file of yours is imported" in _text(i) for i in at.info)


def test_the_explorer_opens_on_2025_01_06_with_its_irbm_reach_and_guam() -> None:
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="event").value == "2025-01-06"
    ring = next(_text(c) for c in at.caption if _text(c).startswith("Ring:"))
    assert ring.startswith("Ring: IRBM class range: up to 5,500 km")
    assert "Guam" in ring
    heading = next(_text(h) for h in at.subheader if h.value.startswith("2025"))
    assert heading == "2025-01-06: Hwasong-16B (IRBM)"
    # the uploader is built when its section is opened (the first view loads no uploader script)
    (adding,) = at.sidebar.expander
    assert adding.label == "Add your own records"
    assert not at.sidebar.get("file_uploader")
    assert not at.sidebar.radio
    at.session_state["add_records"] = True
    at.run()
    assert not at.exception, at.exception
    assert len(at.sidebar.get("file_uploader")) == 1
    assert not at.sidebar.radio  # how to use the file is asked once there is one


def test_the_reach_page_offers_the_2025_01_06_class_range() -> None:
    at = _page("reach.py")
    at.run()
    assert not at.exception, at.exception
