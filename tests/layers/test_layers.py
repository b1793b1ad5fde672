"""Reference layers: download over HTTP (a local server), validation, atomic caching, offline messages."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from trajmap import layers
from trajmap.layers.fetch import validate

SHARED = Path(os.environ.get("TRAJMAP_DATA_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data")


def _square(i: int, lon: float, lat: float, size: float = 1.0) -> dict[str, Any]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    props = {"mrgid": 9000 + i, "geoname": f"Zone {i}", "pol_type": "200NM", "iso_sov1": "JPN"}
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _fixture_eez() -> dict[str, Any]:
    """12 squares in the region (WFS-style lower-case fields), one straddling lon 180 to be clipped."""
    feats = [_square(i, 120.0 + 2 * i, 30.0) for i in range(11)]
    feats.append(_square(11, 179.5, 40.0))
    return {"type": "FeatureCollection", "features": feats}


class _Server:
    """A tiny HTTP server on 127.0.0.1 whose response each test sets."""

    def __init__(self) -> None:
        self.body = b""
        self.claimed_length: int | None = None
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(outer.status)
                length = outer.claimed_length if outer.claimed_length is not None else len(outer.body)
                self.send_header("Content-Length", str(length))
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(outer.body)
                self.wfile.flush()
                self.close_connection = True  # a short body then a closed connection = a cut transfer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/eez.geojson"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    srv = _Server()
    yield srv
    srv.close()


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(layers.DATA_DIR_ENV, str(tmp_path))
    return tmp_path


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/eez.geojson"


def _leftovers(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_ensure_downloads_validates_clips_and_reports_progress(cache: Path, server: _Server) -> None:
    server.body = json.dumps(_fixture_eez()).encode()
    calls: list[tuple[int, int | None]] = []
    got = layers.ensure("eez", url=server.url, progress=lambda done, total: calls.append((done, total)))
    assert got == cache / "eez" / "eez_v11_lon100-180_lat-5-60.geojson" == layers.path("eez")
    assert layers.available("eez")
    assert calls
    assert calls[-1] == (len(server.body), len(server.body))
    data = json.loads(got.read_text())
    assert len(data["features"]) == 12
    assert set(data["features"][0]["properties"]) >= {"MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1"}
    clipped = data["features"][-1]["geometry"]["coordinates"]
    assert max(x for ring in clipped for x, _ in ring) == 180.0
    assert _leftovers(cache) == [got]  # no temp file left behind
    server.body = b"changed"
    assert layers.ensure("eez", url=server.url) == got  # cached: not downloaded again
    assert layers.load_geojson("eez")["features"][0]["properties"]["MRGID"] == 9000


def test_connection_cut_mid_file_raises_download_error_and_caches_nothing(
    cache: Path, server: _Server
) -> None:
    body = json.dumps(_fixture_eez()).encode()
    server.body, server.claimed_length = body[: len(body) // 2], len(body)
    with pytest.raises(layers.LayerDownloadError, match="bytes"):
        layers.ensure("eez", url=server.url)
    assert not layers.available("eez")
    assert _leftovers(cache) == []


def test_http_error_raises_download_error(cache: Path, server: _Server) -> None:
    server.status, server.body = 503, b"busy"
    with pytest.raises(layers.LayerDownloadError, match="503"):
        layers.ensure("eez", url=server.url)
    assert _leftovers(cache) == []


@pytest.mark.parametrize(
    ("body", "match"),
    [
        (b"<ows:ExceptionReport>not json</ows:ExceptionReport>", "not JSON"),
        (json.dumps({"type": "Feature"}).encode(), "FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": []}).encode(), "0 features"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [{**f, "properties": {"x": 1}} for f in _fixture_eez()["features"]],
                }
            ).encode(),
            "lacks fields",
        ),
    ],
    ids=["xml-exception", "not-a-collection", "empty", "missing-fields"],
)
def test_invalid_download_raises_invalid_error_and_caches_nothing(
    cache: Path, server: _Server, body: bytes, match: str
) -> None:
    server.body = body
    with pytest.raises(layers.LayerInvalidError, match=match):
        layers.ensure("eez", url=server.url)
    assert _leftovers(cache) == []


def test_offline_without_download_names_the_command(cache: Path) -> None:
    with pytest.raises(layers.LayerMissingError) as err:
        layers.ensure("eez", download=False)
    msg = str(err.value)
    assert "python -m trajmap.layers download eez" in msg
    assert "TRAJMAP_DATA_DIR" in msg
    with pytest.raises(layers.LayerMissingError, match=re.escape("python -m trajmap.layers download")):
        layers.load_geojson("coastline")  # the one layer with no embedded default


def test_unreachable_server_raises_missing_error(cache: Path) -> None:
    with pytest.raises(layers.LayerMissingError, match=re.escape("python -m trajmap.layers download eez")):
        layers.ensure("eez", url=_closed_port_url(), timeout_s=5)
    assert _leftovers(cache) == []


def test_data_dir_env_resolves_the_shared_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    if not (SHARED / "eez").is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    monkeypatch.setenv(layers.DATA_DIR_ENV, str(SHARED))
    assert layers.data_dir() == SHARED
    for st in layers.status():
        assert st.available, st
        assert st.path == SHARED / layers.LAYERS[st.name].filename
    assert layers.ensure("eez", download=False) == SHARED / "eez" / "eez_v11_lon100-180_lat-5-60.geojson"
    data = layers.load_geojson("eez")
    assert len(data["features"]) == 33
    assert layers.load_geojson("eez") is data  # parsed once per process
    validate(layers.LAYERS["eez"], data, "shared copy")
    validate(layers.LAYERS["land"], layers.load_geojson("land"), "shared copy")


def test_default_data_dir_is_the_user_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(layers.DATA_DIR_ENV, raising=False)
    assert "trajmap" in str(layers.data_dir())


def test_registry_carries_source_and_attribution() -> None:
    eez = layers.LAYERS["eez"]
    assert eez.licence == "CC BY 4.0"
    assert "Flanders Marine Institute" in eez.attribution
    assert "not a legal boundary" in eez.attribution
    assert eez.url.startswith("https://geo.vliz.be/geoserver/MarineRegions/wfs?")
    assert layers.LAYERS["land"].filename == "naturalearth/ne_50m_land.geojson"
    assert layers.LAYERS["countries110"].filename == "naturalearth/ne_110m_admin_0_countries.geojson"
    assert all(lay.attribution and lay.url.startswith("https://") for lay in layers.LAYERS.values())
    with pytest.raises(ValueError, match="unknown layer 'nope'"):
        layers.path("nope")


def test_import_geojson_clips_to_the_region(cache: Path, tmp_path: Path) -> None:
    world = _fixture_eez()
    world["features"].append(_square(99, -30.0, 10.0))  # Atlantic: dropped
    src = tmp_path / "World_EEZ_v11.geojson"
    src.write_text(json.dumps(world))
    got = layers.import_file("eez", src)
    data = json.loads(got.read_text())
    assert [f["properties"]["MRGID"] for f in data["features"]] == list(range(9000, 9012))


def test_import_geopackage_without_pyogrio_says_what_to_install(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_ogr(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] in ("pyogrio", "fiona"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ogr)
    src = tmp_path / "eez_v11.gpkg"
    src.write_bytes(b"not really")
    with pytest.raises(layers.LayerDependencyError, match="pip install pyogrio"):
        layers.import_file("eez", src)


def test_cli_status_and_offline_download(
    cache: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert layers.main(["status"]) == 0
    assert "MISSING" in capsys.readouterr().out
    monkeypatch.setitem(
        layers.LAYERS, "eez", dataclasses.replace(layers.LAYERS["eez"], url=_closed_port_url())
    )
    assert layers.main(["download", "eez"]) == 1
    assert "python -m trajmap.layers download eez" in capsys.readouterr().err
    assert layers.main(["download", "nope"]) == 1
    assert "unknown layer" in capsys.readouterr().err


def test_text_progress_draws_a_bar() -> None:
    import io

    out = io.StringIO()
    report = layers.text_progress("eez", out)
    report(500_000, 1_000_000)
    report(1_000_000, None)
    assert "#" * 15 in out.getvalue()
    assert "1.0 MB" in out.getvalue()


@pytest.mark.parametrize(("suffix", "driver"), [("gpkg", "GPKG"), ("shp", "ESRI Shapefile")])
def test_import_geopackage_and_shapefile(cache: Path, tmp_path: Path, suffix: str, driver: str) -> None:
    """A World EEZ file from marineregions.org as GeoPackage or shapefile becomes the cached layer."""
    import pyogrio.raw

    from trajmap import zones

    src_geojson = SHARED / "eez" / "eez_v11_lon100-180_lat-5-60.geojson"
    meta, _, geoms, fields = pyogrio.raw.read(src_geojson)
    out = tmp_path / f"World_EEZ_v11.{suffix}"
    pyogrio.raw.write(
        out,
        geoms,
        fields,
        fields=meta["fields"],
        geometry_type="MultiPolygon",
        crs="EPSG:4326",
        driver=driver,
        promote_to_multi=True,
    )
    cached = layers.import_file("eez", out)
    assert cached == layers.path("eez")
    assert cached.exists()
    fc = json.loads(cached.read_text())
    assert len(fc["features"]) == len(geoms)
    index = zones.ZoneIndex(fc)
    hits = zones.eez_at(37.24, 131.87, index=index)  # Liancourt Rocks
    assert [h.kind for h in hits] == ["overlapping claim"]
