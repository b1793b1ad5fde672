"""The ``trajmap`` command: static map snapshots, exports and EEZ verdicts from a shell.

>>> main(["verdict", "--lat", "43.88", "--lon", "137.59"])  # the 2025-01-06 landing point
outside...
0

Exit codes: 0 success, 1 a data problem (unreadable launch file, unknown launch id, missing reference
layer), 2 a usage error (bad or missing arguments). Errors go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from trajmap import records

__all__ = ["main"]

_PROG = "trajmap"
_EXPORT_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".kml": "kml", ".csv": "csv"}


class _DataError(Exception):
    """A problem with the data (not with how the command was called): exit code 1."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (write YYYY-MM-DD): {text!r}") from None


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"size must be WIDTHxHEIGHT in pixels, e.g. 2400x1350: {text!r}"
        ) from None
    if not (200 <= w <= 8000 and 150 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size must be within 200x150 and 8000x8000 pixels: {text!r}")
    return w, h


def _ranged(name: str, limit: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number of degrees: {text!r}") from None
        if not -limit <= value <= limit:
            raise argparse.ArgumentTypeError(f"{name} must be within [-{limit:g}, {limit:g}]: {text!r}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=_PROG,
        formatter_class=fmt,
        description="Maps and files from the trajmap launch records: ballistic-missile launches, their "
        "geodesic trajectories, landing points and in whose waters they fell.",
        epilog="examples:\n"
        "  trajmap snapshot --launch 2025-01-06 --out map.png\n"
        "  trajmap export --format kml --class ICBM --out icbm.kml\n"
        "  trajmap verdict --lat 43.9 --lon 137.6\n"
        "  trajmap import north_korea_missile_test_database.csv --out merged.csv\n"
        "  trajmap data update\n"
        "  trajmap reach --site sunan --range-km 5500\n\n"
        "Run 'trajmap COMMAND --help' for the options of each command. Reference layers (land, EEZ) are\n"
        "read from $TRAJMAP_DATA_DIR or the user cache; fetch them with 'python -m trajmap.layers download'.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data_help = "launch CSV to read (default: the full record, or $TRAJMAP_LAUNCHES)"

    snap = sub.add_parser(
        "snapshot",
        formatter_class=fmt,
        help="draw one launch as a static PNG or SVG map",
        description="Draw one launch as a static map (PNG or SVG) for an article or a report: trajectories,\n"
        "landing points labelled with whose estimate they are, land, EEZ limits, scale and sources.",
        epilog="examples:\n"
        "  trajmap snapshot --launch 2025-01-06 --out map.png\n"
        "  trajmap snapshot --launch 2017-11-29 --out map.png --size 2400x1350\n"
        "  trajmap snapshot --launch 2017-11-29 --out map.svg --ring 39.3,125.9,1000,'1,000 km'",
    )
    snap.add_argument(
        "--launch", required=True, metavar="EVENT_ID", help="event id of the launch, e.g. 2025-01-06"
    )
    snap.add_argument("--out", required=True, type=Path, metavar="FILE", help="image file to write")
    snap.add_argument(
        "--size", type=_size, default=(1200, 675), metavar="WxH", help="pixels (default 1200x675)"
    )
    snap.add_argument("--format", choices=("png", "svg"), help="image format (default: from --out's suffix)")
    snap.add_argument("--data", type=Path, metavar="FILE", help=data_help)
    snap.add_argument("--title", help="replace the generated title")
    snap.add_argument("--no-eez", action="store_true", help="leave out EEZ boundaries")
    snap.add_argument(
        "--ring",
        action="append",
        default=[],
        metavar="LAT,LON,KM[,LABEL]",
        help="add a range ring (repeatable)",
    )

    exp = sub.add_parser(
        "export",
        formatter_class=fmt,
        help="write the (filtered) records as GeoJSON, KML or CSV",
        description="Write launch estimates to a file: GeoJSON (RFC 7946), KML for Google Earth (3D arcs\n"
        "where range and apogee are known) or CSV that spreadsheets will not run as formulas.",
        epilog="examples:\n"
        "  trajmap export --format geojson --out launches.geojson\n"
        "  trajmap export --from 2022-01-01 --to 2022-12-31 --class ICBM IRBM --out 2022.kml\n"
        '  trajmap export --source "ROK JCS" --format csv --out jcs.csv\n'
        "  trajmap export --format geojson --out -        (write to standard output)",
    )
    exp.add_argument("--format", choices=("geojson", "kml", "csv"), help="default: from --out's suffix")
    exp.add_argument("--out", required=True, metavar="FILE", help="file to write, or - for standard output")
    exp.add_argument(
        "--from", dest="date_from", type=_date, metavar="DATE", help="first launch date, YYYY-MM-DD"
    )
    exp.add_argument("--to", dest="date_to", type=_date, metavar="DATE", help="last launch date, YYYY-MM-DD")
    for flag, dest, what in (
        ("--class", "classes", "missile class, e.g. ICBM IRBM"),
        ("--source", "sources", 'who gave the figures, e.g. "ROK JCS" "Japan MOD"'),
        ("--site", "sites", "launch site key, e.g. sunan"),
        ("--outcome", "outcomes", "success, failure, partial or unknown"),
    ):
        exp.add_argument(flag, dest=dest, nargs="+", action="extend", default=[], metavar="NAME", help=what)
    exp.add_argument("--input", "--data", dest="data", type=Path, metavar="FILE", help=data_help)
    _add_data_commands(sub, fmt)
    _add_reach_command(sub, fmt)

    ver = sub.add_parser(
        "verdict",
        formatter_class=fmt,
        help="say whether a point is in a country's EEZ",
        description="Say whether a point (e.g. a reported landing point) lies in a country's exclusive\n"
        "economic zone (Marine Regions World EEZ v11; not a legal determination).",
        epilog="examples:\n"
        "  trajmap verdict --lat 43.9 --lon 137.6\n"
        "  trajmap verdict --lat 40.7 --lon 138.2 --country JPN",
    )
    ver.add_argument("--lat", required=True, type=_ranged("latitude", 90.0), help="latitude, degrees north")
    ver.add_argument("--lon", required=True, type=_ranged("longitude", 180.0), help="longitude, degrees east")
    for p, func in ((snap, _snapshot), (exp, _export), (ver, _verdict)):
        p.set_defaults(func=func, parser=p)
    ver.add_argument("--country", default="JPN", metavar="ISO3", help="ISO 3166 alpha-3 code (default JPN)")
    return parser


def _add_data_commands(sub: Any, fmt: type[argparse.HelpFormatter]) -> None:
    imp = sub.add_parser(
        "import",
        formatter_class=fmt,
        help="import launch files (CNS/NTI, nagix, CSV, XLSX) and write them merged",
        description="Import launch files into trajmap's schema, report rows, imported and rejected counts\n"
        "per file, and write the result merged into the full record (or alone, with --into none). The\n"
        "rejected rows, as given and with their reasons, go beside the output as <out>.rejected.csv.",
        epilog="examples:\n"
        "  trajmap import north_korea_missile_test_database.csv --out merged.csv\n"
        "  trajmap import nk-missile-tests/data --format nagix --into none --out nagix.csv\n"
        "  trajmap import mine.xlsx --format xlsx --map date=Day --map missile=Weapon \\\n"
        "      --map site_lat=Lat --map site_lon=Lon --set class=SRBM \\\n"
        '      --set "estimate_by=My analysis" --set source_url=https://example.org --out m.csv',
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files (a nagix folder for nagix)")
    imp.add_argument(
        "--format", choices=("cns", "nagix", "csv", "xlsx"), help="default: from each file's name and content"
    )
    imp.add_argument("--out", required=True, type=Path, metavar="FILE", help="CSV to write")
    imp.add_argument(
        "--into",
        choices=("full", "curated", "none"),
        default="full",
        help="merge into (default: full record)",
    )
    for flag, what in (("--map", "COLUMN=THEIRS: their column for one of ours"), ("--set", "COLUMN=VALUE")):
        imp.add_argument(flag, action="append", default=[], metavar="PAIR", help=what + " (repeatable)")
    imp.set_defaults(func=_import, parser=imp)
    data = sub.add_parser("data", help="the full record: where it is from, and updating it")
    data_sub = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    for name, what in (("status", "say which record is in use"), ("update", "fetch the latest nagix record")):
        p = data_sub.add_parser(name, help=what)
        p.set_defaults(func=_data, parser=p, action=name)


def _add_reach_command(sub: Any, fmt: type[argparse.HelpFormatter]) -> None:
    rch = sub.add_parser(
        "reach",
        formatter_class=fmt,
        help="which targets a range reaches from a site, with the margin",
        description="Every target with its geodesic distance from the site, whether it is in reach, the\n"
        "range used toward it and the margin (range minus distance): the Reach page's table.",
        epilog="examples:\n"
        "  trajmap reach --site sunan --range-km 5500\n"
        "  trajmap reach --site sunan --range-km 13000 --rotating-earth\n"
        "  trajmap reach --lat 39.03 --lon 125.75 --launch 2017-11-29 --estimate-by 'Japan MOD' \\\n"
        "      --format csv\n"
        "  trajmap reach --target hagatna --range-km 3400   (which known sites reach a target)",
    )
    where = rch.add_mutually_exclusive_group(required=False)
    where.add_argument("--site", metavar="KEY", help="a launch site key of data/sites.csv")
    where.add_argument("--lat", type=_ranged("latitude", 90.0), help="site latitude (with --lon)")
    where.add_argument(
        "--target",
        metavar="KEY",
        help="reverse reach: the known launch sites (data/sites.csv) that reach this target of "
        "data/targets.csv, with distance and margin",
    )
    rch.add_argument("--lon", type=_ranged("longitude", 180.0), help="site longitude (with --lat)")
    reach_by = rch.add_mutually_exclusive_group(required=True)
    reach_by.add_argument("--range-km", type=float, metavar="R", help="the range, km")
    reach_by.add_argument("--launch", metavar="EVENT", help="a launch's estimated maximum range (event id)")
    rch.add_argument("--estimate-by", metavar="WHO", help="whose figures of that launch (default: the first)")
    rch.add_argument(
        "--rotating-earth",
        action="store_true",
        help="include the Earth's rotation: the range toward each target is that of the rotating-Earth "
        "footprint (the missile of that minimum-energy range, or the launch's burnout speed, at its "
        "minimum-energy angle); adds launch_azimuth_deg",
    )
    rch.add_argument("--format", choices=("json", "csv"), default="csv", help="default csv")
    rch.add_argument(
        "--input", "--data", dest="data", type=Path, metavar="FILE", help="launch CSV for --launch"
    )
    rch.set_defaults(func=_reach, parser=rch)


def _reach_site(args: argparse.Namespace, parser: argparse.ArgumentParser) -> tuple[float, float, str]:
    if args.site is None:
        if args.lon is None:
            parser.error("--lat needs --lon")
        return float(args.lat), float(args.lon), f"{args.lat:.4f}, {args.lon:.4f}"
    sites = records.load_sites()
    row = sites[sites["site"] == args.site]
    if row.empty:
        raise _DataError(f"no site {args.site!r}; known sites: {', '.join(sites['site'])}")
    return float(row["lat"].iloc[0]), float(row["lon"].iloc[0]), str(row["name"].iloc[0])


def _reverse_reach(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``trajmap reach --target KEY --range-km R``: the known sites that reach the target."""
    import json

    from trajmap import reach

    if args.range_km is None:
        parser.error("--target needs --range-km")
    range_km = _reach_range(args, parser)[0]
    targets = reach.load_targets()
    row = targets[targets["target"] == args.target]
    if row.empty:
        raise _DataError(f"no target {args.target!r}; known targets: {', '.join(targets['target'])}")
    t = row.iloc[0]
    table = reach.sites_reaching(
        float(t["lat"]), float(t["lon"]), range_km, records.load_sites(), rotating=args.rotating_earth
    )
    cols = ["site", "name", "lat", "lon", "distance_km", "bearing_deg", "in_reach"]
    cols += ["range_used_km", "margin_km"]
    out = table[cols]
    how = "rotating Earth (each site's footprint)" if args.rotating_earth else "non-rotating Earth"
    print(f"# sites reaching {t['name']} with {range_km:,.0f} km; {how}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(out.to_dict("records"), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(out.to_csv(index=False, lineterminator="\n"))
    return 0


def _reach_range(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[float, str, float | None]:
    from trajmap.constants import MAX_RANGE_KM
    from trajmap.views import reach as rv

    if args.range_km is not None:
        if not 0 < args.range_km <= MAX_RANGE_KM:
            parser.error(f"--range-km must be above 0 and at most {MAX_RANGE_KM:,.0f} km (half the Earth)")
        return float(args.range_km), f"{args.range_km:,.0f} km", None
    df = _load(args.data)
    ests = df[(df["event_id"] == args.launch) & df["apogee_km"].notna() & df["range_km"].notna()]
    if args.estimate_by:
        ests = ests[ests["estimate_by"] == args.estimate_by]
    if ests.empty:
        raise _DataError(
            f"no estimate of launch {args.launch!r} with range and apogee"
            + (f" by {args.estimate_by!r}" if args.estimate_by else "")
        )
    got = rv.launch_reach(ests.iloc[0])
    if not got.rings:
        raise _DataError(got.warning or f"no reach for launch {args.launch!r}")
    radius, label = got.rings[0]
    return float(radius), label, got.speed_km_s


def _reach(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json

    from trajmap import reach
    from trajmap.views import reach as rv

    if args.target is not None:
        return _reverse_reach(args, parser)
    if args.site is None and args.lat is None:
        parser.error("one of the arguments --site --lat --target is required")
    lat, lon, name = _reach_site(args, parser)
    range_km, label, speed = _reach_range(args, parser)
    cols = ["target", "name", "country", "kind", "lat", "lon", "distance_km", "bearing_deg", "in_reach"]
    cols += ["range_used_km", "margin_km"]
    if args.rotating_earth:
        fps = rv.footprints_for(lat, lon, [(range_km, label)], speed)
        table = reach.targets_in_footprints(fps, reach.load_targets())
        cols.append("launch_azimuth_deg")
        fp = fps[0][0]
        label += (
            f"; rotating Earth: {fp.range_toward(90.0):,.0f} km east, {fp.range_toward(270.0):,.0f} km west"
        )
    else:
        table = reach.targets_in_reach(lat, lon, range_km, reach.load_targets())
    out = table[[c for c in cols if c in table.columns]]
    print(f"# from {name} ({lat:.4f}, {lon:.4f}); range {label}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(out.to_dict("records"), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(out.to_csv(index=False, lineterminator="\n"))
    return 0


def _pairs(items: Sequence[str], flag: str, parser: argparse.ArgumentParser) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            parser.error(f"{flag} takes COLUMN=VALUE: {item!r}")
        out[key.strip()] = value.strip()
    return out


def _import_one(path: Path, fmt: str | None, mapping: dict[str, str], constants: dict[str, str]) -> Any:
    from trajmap import importers
    from trajmap.views import data as dv

    if fmt == "nagix" or path.is_dir() or path.suffix.lower() == ".json":
        folder = path if path.is_dir() else path.parent
        return dv.Imported(str(path), "nagix", importers.read_nagix(folder))
    kind = {"csv": "trajmap", "xlsx": "table", "cns": "cns"}.get(fmt or "")
    if mapping and kind is None:
        kind = "table"
    data = path.read_bytes()
    return dv.import_file(path.name, data, fmt=kind, mapping=mapping, constants=constants)  # type: ignore[arg-type]


def _import(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trajmap import dataset, export
    from trajmap.importers.merge import merge

    mapping, constants = _pairs(args.map, "--map", parser), _pairs(args.set, "--set", parser)
    done = []
    for path in args.files:
        got = _import_one(path, args.format, mapping, constants)
        r = got.result
        print(f"{path}: {r.records} rows, {r.imported} imported, {len(r.rejected)} rejected")
        for p in r.problems[:20]:
            print(f"  {p}")
        if len(r.problems) > 20:
            print(f"  ... {len(r.problems) - 20} more problems in the rejected-rows file")
        done.append(got)
    merged = pd.DataFrame() if args.into == "none" else dataset.load(args.into)
    for got in done:
        merged = got.result.frame if merged.empty else merge(merged, got.result.frame).frame
    args.out.write_text(export.to_csv_safe(merged), encoding="utf-8")
    print(f"wrote {args.out} ({merged['event_id'].nunique()} events, {len(merged)} estimates)")
    rejected = [got.result.rejected_table().assign(file=got.name) for got in done if got.result.rejected]
    if rejected:
        side = args.out.with_name(args.out.stem + ".rejected.csv")
        side.write_text(export.to_csv_safe(pd.concat(rejected, ignore_index=True)), encoding="utf-8")
        print(f"wrote {side} (the rejected rows as given, with their reasons)")
    return 0


def _data(args: argparse.Namespace, _parser: argparse.ArgumentParser) -> int:
    from trajmap import dataset

    if args.action == "update":

        def step(done: int, total: int) -> None:
            print(f"\rupdating the record: step {done} of {total}", end="", file=sys.stderr, flush=True)

        try:
            info = dataset.update_record(step)
        except dataset.UpdateError as exc:
            print(file=sys.stderr)
            raise _DataError(str(exc)) from exc
        print(file=sys.stderr)
    else:
        info = dataset.record_info()
    print(f"{info.text}\n{info.folder}")
    return 0


def _load(path: Path | None) -> pd.DataFrame:
    if path is None:
        from trajmap import dataset

        return dataset.load("full")
    if not Path(path).is_file():
        raise _DataError(f"no launch file at {path}; pass --input FILE")
    return records.load_launches(path)


def _parse_ring(text: str) -> tuple[float, float, float, str]:
    parts = [p.strip() for p in text.split(",", 3)]
    try:
        lat, lon, km = (float(p) for p in parts[:3])
    except ValueError:
        raise argparse.ArgumentTypeError(f"--ring must be LAT,LON,KM[,LABEL]: {text!r}") from None
    return lat, lon, km, parts[3] if len(parts) > 3 else f"{km:,.0f} km"


def _snapshot(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trajmap import snapshot

    fmt = args.format or args.out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        parser.error(f"cannot tell the image format from {str(args.out)!r}: use --format png or svg")
    try:
        rings = [_parse_ring(r) for r in args.ring]
    except argparse.ArgumentTypeError as exc:
        parser.error(str(exc))
    df = _load(args.data)
    try:
        image = snapshot.render_snapshot(
            df,
            event_id=args.launch,
            rings=rings,
            title=args.title,
            size=args.size,
            fmt=fmt,
            show_eez=not args.no_eez,
        )
    except snapshot.UnknownEventError as exc:
        raise _DataError(str(exc)) from None
    args.out.write_bytes(image)
    print(f"wrote {args.out} ({args.size[0]}x{args.size[1]} {fmt})")
    return 0


def _export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    import json

    from trajmap import export, filters

    fmt = args.format or _EXPORT_SUFFIXES.get(Path(args.out).suffix.lower())
    if fmt is None:
        parser.error(f"cannot tell the format from {args.out!r}: use --format geojson, kml or csv")
    f = filters.Filters(
        date_from=args.date_from,
        date_to=args.date_to,
        classes=tuple(args.classes),
        outcomes=tuple(args.outcomes),
        sites=tuple(args.sites),
        sources=tuple(args.sources),
    )
    df = filters.apply(_load(args.data), f)
    if fmt == "geojson":
        text = json.dumps(export.to_geojson(df), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "kml":
        text = export.to_kml(df)
    else:
        text = export.to_csv_safe(df)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({len(df)} estimates, {fmt})", file=sys.stderr)
    return 0


def _verdict(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from trajmap import zones

    try:
        v = zones.verdict(args.lat, args.lon, country=args.country.upper())
    except ValueError as exc:  # unknown country
        parser.error(str(exc))
    print(f"{v.status}: {v.summary}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``trajmap`` command line; return the exit code (0 ok, 1 data error, 2 usage error).

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default: ``sys.argv[1:]``).
    """
    from trajmap import layers

    parser = _parser()
    try:
        args = parser.parse_args(argv)
        result: int = args.func(args, args.parser)
        return result
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    except (_DataError, records.RecordError, layers.LayerError, OSError) as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 1
