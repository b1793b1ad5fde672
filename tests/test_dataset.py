"""The default dataset and "Update the record", against a local server (no internet)."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path

import pytest

from trajmap import config, dataset
from trajmap.importers.nagix import FILES


@pytest.fixture
def record_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(config.RECORD_DIR_ENV, str(tmp_path / "record"))
    monkeypatch.delenv(config.LAUNCHES_ENV, raising=False)
    return tmp_path / "record"


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    shutil.copytree(config.curated_path("nagix"), root)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_a_fresh_install_opens_on_the_embedded_snapshot(record_dir) -> None:
    info = dataset.record_info()
    assert info.where == "embedded snapshot"
    assert info.text.startswith("Record as of 2026-04-21 (nagix/nk-missile-tests a0cc658")


def test_the_record_in_use_follows_its_files(record_dir) -> None:
    """record_info is read again whenever a file of either record changes (it is kept between reruns)."""
    assert dataset.record_info().where == "embedded snapshot"
    copy = record_dir / "nagix"
    shutil.copytree(config.curated_path("nagix"), copy)
    meta = json.loads((copy / "VERSION.json").read_text(encoding="utf-8"))
    (copy / "VERSION.json").write_text(json.dumps({**meta, "as_of": "2099-01-01"}), encoding="utf-8")
    info = dataset.record_info()
    assert (info.where, info.as_of, info.folder) == ("updated copy", "2099-01-01", copy)
    assert dataset.nagix_folder() == copy
    (copy / "VERSION.json").write_text(json.dumps({**meta, "as_of": "1999-01-01"}), encoding="utf-8")
    assert dataset.record_info().where == "embedded snapshot"  # older than the snapshot: not used
    (copy / "VERSION.json").write_text(json.dumps({**meta, "as_of": "2099-01-02"}), encoding="utf-8")
    assert dataset.record_info().as_of == "2099-01-02"
    (copy / FILES["test"]).unlink()
    assert dataset.record_info().where == "embedded snapshot"  # incomplete: not used


def test_trajmap_launches_replaces_the_full_record(monkeypatch, record_dir) -> None:
    small = Path(__file__).parent / "fixtures" / "launches_small.csv"
    monkeypatch.setenv(config.LAUNCHES_ENV, str(small))
    assert len(dataset.load("full")) == len(dataset.load("curated")) < 20


def test_update_fetches_validates_and_swaps_in(record_dir, server) -> None:
    steps = []
    info = dataset.update_record(lambda done, total: steps.append((done, total)), base_url=server[1])
    assert info.where == "updated copy"
    assert steps[-1][0] == steps[-1][1]
    assert all((record_dir / "nagix" / n).is_file() for n in FILES.values())
    assert dataset.nagix_import().imported == 339


def test_a_broken_update_leaves_the_record_in_use(record_dir, server) -> None:
    root, url = server
    (root / FILES["test"]).write_text('{"timeBins": "no"}', encoding="utf-8")
    with pytest.raises(dataset.UpdateError, match="not valid"):
        dataset.update_record(base_url=url)
    assert dataset.record_info().where == "embedded snapshot"
    assert not list(record_dir.glob(".nagix-*"))  # no half-written folder is left


def test_an_update_with_fewer_records_is_refused(record_dir, server) -> None:
    root, url = server
    (root / FILES["test"]).write_text('{"timeBins": [{"year": 1984, "data": []}]}', encoding="utf-8")
    with pytest.raises(dataset.UpdateError):
        dataset.update_record(base_url=url)
    assert dataset.record_info().where == "embedded snapshot"


def test_no_connection_is_an_update_error(record_dir) -> None:
    with pytest.raises(dataset.UpdateError, match="could not fetch"):
        dataset.update_record(base_url="http://127.0.0.1:9/", timeout_s=2)
