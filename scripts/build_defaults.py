"""Build the small reference layers trajmap ships for offline use (``data/defaults/``).

A fresh install with no internet and no ``TRAJMAP_DATA_DIR`` still draws land and answers "in whose waters"
for the East Asia and West Pacific region from these files; :func:`trajmap.layers.load_geojson` falls back
to them when a layer's full file is not on the machine. They are derived from the full layers:

- ``ne_50m_land_simplified.geojson`` from Natural Earth 1:50m land (public domain),
- ``ne_50m_admin_0_countries_simplified.geojson`` from Natural Earth 1:50m admin 0 countries (public domain),
- ``eez_v11_east_asia_simplified.geojson`` from World EEZ v11, lon 100-180, lat -5-60 (CC BY 4.0),

each simplified, rounded and with the fields trajmap does not read dropped, and ``NOTICE.md``, which says so.

Natural Earth is simplified with :data:`FINE_TOLERANCE_DEG` inside :data:`FINE_REGION` (the EEZ region and a
margin) and :data:`COARSE_TOLERANCE_DEG` elsewhere (about what the offline basemap draws at world scale);
every polygon is kept (``preserve_topology``), so no island is lost. The EEZ zones are simplified together
(``coverage_simplify``), so neighbouring zones still share their boundary. Coordinates are snapped to a
grid (:data:`NE_GRID_DEG`, :data:`EEZ_GRID_DEG`) with valid output. The output is deterministic: a re-run
writes the same bytes.

Usage (from the repository root)::

    python scripts/build_defaults.py [SOURCE_DIR] [--out data/defaults]

``SOURCE_DIR`` holds the full layers as ``python -m trajmap.layers download`` caches them (``eez/...``,
``naturalearth/...``); it defaults to ``../shared/data``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

ROOT = Path(__file__).resolve().parents[1]
#: Where the defaults are written (the package data ``trajmap.data`` holds ``defaults/``).
OUT_DIR = ROOT / "data" / "defaults"

#: ``(min_lon, min_lat, max_lon, max_lat)`` kept in detail: the EEZ region (100-180, -5-60) and a margin.
FINE_REGION = (95.0, -12.0, 180.0, 66.0)
#: Natural Earth tolerance inside :data:`FINE_REGION`, degrees (0.005 deg is about 0.55 km).
FINE_TOLERANCE_DEG = 0.005
#: Natural Earth tolerance elsewhere, degrees (0.1 deg is about 11 km; the vector basemap draws at 0.1).
COARSE_TOLERANCE_DEG = 0.1
#: EEZ tolerance of ``shapely.coverage_simplify``, degrees (0.005 deg is about 0.55 km).
EEZ_TOLERANCE_DEG = 0.005
#: Natural Earth coordinates are snapped to this grid, degrees (1e-4 deg is about 11 m).
NE_GRID_DEG = 1e-4
#: EEZ coordinates are snapped to this grid, degrees (1e-3 deg is about 110 m): the regional file was rebuilt
#: from zoom-4 vector tiles, whose vertices lie on a grid of 360 / 16 / 4096 = 0.0055 deg, five times coarser.
EEZ_GRID_DEG = 1e-3

LAND_FIELDS = ("featurecla",)
COUNTRY_FIELDS = ("ADMIN", "ISO_A3", "ADM0_A3", "NAME")
EEZ_FIELDS = (
    "MRGID", "GEONAME", "POL_TYPE", "TERRITORY1", "ISO_TER1",
    "SOVEREIGN1", "ISO_SOV1", "SOVEREIGN2", "ISO_SOV2", "SOVEREIGN3", "ISO_SOV3",
)  # fmt: skip

EEZ_SOURCE = "eez/eez_v11_lon100-180_lat-5-60.geojson"
LAND_SOURCE = "naturalearth/ne_50m_land.geojson"
COUNTRIES_SOURCE = "naturalearth/ne_50m_admin_0_countries.geojson"
#: Output file name by source file.
OUTPUTS = {
    LAND_SOURCE: "ne_50m_land_simplified.geojson",
    COUNTRIES_SOURCE: "ne_50m_admin_0_countries_simplified.geojson",
    EEZ_SOURCE: "eez_v11_east_asia_simplified.geojson",
}

EEZ_CREDIT = (
    "Flanders Marine Institute (2019). Maritime Boundaries Geodatabase v11, marineregions.org, "
    "https://doi.org/10.14284/386, CC BY 4.0"
)


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _snap(geom: shapely.Geometry, grid_deg: float) -> shapely.Geometry:
    """Snap to a grid of ``grid_deg`` keeping the polygons valid; only the areal parts are kept."""
    snapped = shapely.set_precision(shapely.make_valid(geom), grid_deg, mode="valid_output")
    polys = [p for p in shapely.get_parts(snapped) if p.geom_type == "Polygon" and not p.is_empty]
    if not polys:
        return shapely.Polygon()
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _simplify_ne(geom: shapely.Geometry) -> shapely.Geometry:
    """Fine inside :data:`FINE_REGION`, coarse elsewhere; polygons that cross the region's edge are cut."""
    region = shapely.box(*FINE_REGION)
    geom = shapely.make_valid(geom)
    fine = shapely.simplify(geom, FINE_TOLERANCE_DEG, preserve_topology=True)
    if region.contains(geom):
        return _snap(fine, NE_GRID_DEG)
    coarse = shapely.simplify(geom, COARSE_TOLERANCE_DEG, preserve_topology=True)
    if not region.intersects(geom):
        return _snap(coarse, NE_GRID_DEG)
    return _snap(shapely.union(fine.intersection(region), coarse.difference(region)), NE_GRID_DEG)


def _coords(value: Any, decimals: int) -> Any:
    """Nested coordinate tuples as lists, each number rounded (grid-snapped values print as such)."""
    if isinstance(value, float):
        return round(value, decimals) + 0.0  # + 0.0: no "-0.0"
    return [_coords(v, decimals) for v in value]


def _feature(props: dict[str, Any], geom: shapely.Geometry, grid_deg: float) -> dict[str, Any]:
    m = mapping(geom)
    coords = _coords(m["coordinates"], round(-math.log10(grid_deg)))
    return {"type": "Feature", "properties": props, "geometry": {"type": m["type"], "coordinates": coords}}


def _collection(name: str, source: str, features: list[dict[str, Any]]) -> bytes:
    fc = {"type": "FeatureCollection", "name": name, "source": source, "features": features}
    return (json.dumps(fc, separators=(",", ":"), ensure_ascii=True) + "\n").encode("ascii")


def _keep(props: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    return {k: props[k] for k in fields if k in props}


def natural_earth(src: dict[str, Any], fields: Sequence[str]) -> list[dict[str, Any]]:
    """The features of a Natural Earth layer, simplified (none dropped), with ``fields`` only."""
    out = []
    for f in src["features"]:
        geom = _simplify_ne(shape(f["geometry"]))
        if geom.is_empty:
            raise ValueError(f"a Natural Earth feature vanished when simplified: {f['properties']!r}")
        out.append(_feature(_keep(f["properties"], fields), geom, NE_GRID_DEG))
    return out


def eez(src: dict[str, Any]) -> list[dict[str, Any]]:
    """The EEZ zones simplified together (shared edges stay shared), with :data:`EEZ_FIELDS` only."""
    feats = src["features"]
    geoms = shapely.make_valid([shape(f["geometry"]) for f in feats])
    simple = shapely.coverage_simplify(geoms, EEZ_TOLERANCE_DEG, simplify_boundary=True)
    out = []
    for f, geom in zip(feats, simple, strict=True):
        snapped = _snap(geom, EEZ_GRID_DEG)
        if snapped.is_empty:
            raise ValueError(f"EEZ feature {f['properties'].get('MRGID')!r} vanished when simplified")
        out.append(_feature(_keep(f["properties"], EEZ_FIELDS), snapped, EEZ_GRID_DEG))
    return out


NOTICE = """# Embedded default reference layers

trajmap draws land and answers "in whose waters" from these small files when the full reference layers are
not on the machine (no internet, no `TRAJMAP_DATA_DIR`). The app then says it is using the regional default;
`python -m trajmap.layers download` fetches the full layers, which are used whenever they are there.

They are generated by `scripts/build_defaults.py` from the full layers (do not edit them by hand; re-run the
script, which writes the same bytes for the same input).

- `{land}`: layer `land`, from Natural Earth 1:50m land (`ne_50m_land.geojson`), naturalearthdata.com;
  public domain.
- `{countries}`: layers `countries` and `countries110`, from Natural Earth 1:50m admin 0 countries
  (`ne_50m_admin_0_countries.geojson`); public domain.
- `{eez_file}`: layer `eez`, from World EEZ v11, the East Asia and West Pacific extract
  (`eez_v11_lon100-180_lat-5-60.geojson`, lon 100 to 180, lat -5 to 60); CC BY 4.0.

Natural Earth data is in the public domain ("Made with Natural Earth", naturalearthdata.com).

The EEZ file is adapted from:

> {credit}.

It is an adaptation; the changes are listed below. EEZ lines are not a legal boundary (Marine Regions' own
caveat), and this simplified copy is coarser still: use it to see roughly whose zone a point is in, not to
settle a claim.

## What was changed

- Natural Earth (both files): every polygon kept (`shapely.simplify` with `preserve_topology=True`, so no
  island is dropped), simplified with a tolerance of {fine} degrees (about {fine_km:.2f} km) inside the
  region lon {r0:g} to {r2:g}, lat {r1:g} to {r3:g} (East Asia and the West Pacific with a margin), and
  {coarse} degrees (about {coarse_km:.0f} km) elsewhere; polygons crossing the region's edge are cut there and
  joined. Global coverage, but outside the region only good for a world map.
- Land keeps only the field `featurecla`; countries keep only `ADMIN`, `ISO_A3`, `ADM0_A3` and `NAME` (every
  other Natural Earth field is dropped).
- EEZ: the same {n_eez} zones as the regional file (lon 100 to 180, lat -5 to 60), simplified together with
  `shapely.coverage_simplify` at a tolerance of {eez} degrees (about {eez_km:.2f} km), so neighbouring zones
  still share their boundary. Fields kept (all others dropped):
  {eez_fields}.
- All files: geometries repaired with `make_valid`, then coordinates snapped with valid output to a grid of
  {ne_grid:g} degrees (about 11 m) for Natural Earth and {eez_grid:g} degrees (about 110 m) for the EEZ, whose
  source was rebuilt from zoom-4 vector tiles and has its vertices on a grid of about 0.0055 degrees.

## Checked

`tests/layers/test_defaults.py` checks that these files give the same EEZ verdicts as the full layers for
every landing point in `data/launches.csv`, that the region's small islands (Guam, the Northern Marianas,
Japan's islands, Ulleungdo) are still land, and that this script reproduces the files byte for byte.

## Sizes

| file | bytes |
|---|---|
{sizes}
"""


def build(source: Path, out: Path = OUT_DIR) -> dict[str, int]:
    """Write the default layers and ``NOTICE.md`` from the full layers in ``source`` into ``out``.

    Returns
    -------
    dict
        Bytes written, by file name.
    """
    land = _collection(
        "ne_50m_land_simplified",
        "Natural Earth 1:50m land (public domain), simplified by trajmap",
        natural_earth(_read(source / LAND_SOURCE), LAND_FIELDS),
    )
    countries = _collection(
        "ne_50m_admin_0_countries_simplified",
        "Natural Earth 1:50m admin 0 countries (public domain), simplified by trajmap",
        natural_earth(_read(source / COUNTRIES_SOURCE), COUNTRY_FIELDS),
    )
    eez_src = _read(source / EEZ_SOURCE)
    zones = _collection(
        "eez_v11_east_asia_simplified",
        f"{EEZ_CREDIT}; simplified by trajmap (not a legal boundary)",
        eez(eez_src),
    )
    files = {OUTPUTS[LAND_SOURCE]: land, OUTPUTS[COUNTRIES_SOURCE]: countries, OUTPUTS[EEZ_SOURCE]: zones}
    km = 111.32
    sizes = "\n".join(f"| `{name}` | {len(data):,} |" for name, data in files.items())
    notice = NOTICE.format(
        land=OUTPUTS[LAND_SOURCE], countries=OUTPUTS[COUNTRIES_SOURCE], eez_file=OUTPUTS[EEZ_SOURCE],
        credit=EEZ_CREDIT, fine=FINE_TOLERANCE_DEG, fine_km=FINE_TOLERANCE_DEG * km,
        coarse=COARSE_TOLERANCE_DEG, coarse_km=COARSE_TOLERANCE_DEG * km, r0=FINE_REGION[0],
        r1=FINE_REGION[1], r2=FINE_REGION[2], r3=FINE_REGION[3], n_eez=len(eez_src["features"]),
        eez=EEZ_TOLERANCE_DEG, eez_km=EEZ_TOLERANCE_DEG * km, ne_grid=NE_GRID_DEG, eez_grid=EEZ_GRID_DEG,
        eez_fields=", ".join(f"`{f}`" for f in EEZ_FIELDS), sizes=sizes,
    )  # fmt: skip
    files["NOTICE.md"] = notice.encode("utf-8")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default="../shared/data", help="folder of the full layers")
    parser.add_argument("--out", default=str(OUT_DIR), help=f"where to write (default {OUT_DIR})")
    args = parser.parse_args(argv)
    sizes = build(Path(args.source), Path(args.out))
    for name, n in sizes.items():
        print(f"{n:>10,}  {name}")
    print(f"{sum(sizes.values()):>10,}  total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
