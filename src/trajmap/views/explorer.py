"""The Explorer's view: from the records, the filters and the selection to everything the page shows.

:func:`explorer_view` is the page's logic without Streamlit: which estimates pass the filters, the
"waters" of each landing point, the launch picker's labels, the frame of the selected launch, its
uncertainty footprints and implied-reach ring, the table rows and the side-by-side estimate cards.
:func:`explorer_map` turns a view into the folium base map and its changing layers. The expensive library
calls (EEZ verdicts, odds, maximum range) come through :class:`Services`, so the page can cache them.

>>> from trajmap import filters, records
>>> df = records.load_launches()
>>> view = explorer_view(df, filters.Filters(classes=("ICBM",)), "2017-11-29",
...                      services=Services(waters=lambda lats, lons: None, odds=lambda *a: None))
>>> view.selected, view.heading
('2017-11-29', '2017-11-29: Hwasong-15 (ICBM)')
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import folium
import pandas as pd
import pyarrow as pa

from trajmap import (
    ballistics,
    export,
    filters,
    geodesy,
    layers,
    maps,
    reach,
    records,
    uncertainty,
    viewstate,
    zones,
)
from trajmap.constants import DEFAULT_VIEW, MAX_RING_RADIUS_KM
from trajmap.escape import markdown_table

__all__ = [
    "DEFAULT_EVENT",
    "TABLE_COLUMNS",
    "Download",
    "EstimateCard",
    "ExplorerData",
    "ExplorerView",
    "Footprint",
    "RangeBand",
    "ReachRing",
    "Services",
    "comparison",
    "decode_url",
    "downloads",
    "explorer_base",
    "explorer_layers",
    "explorer_map",
    "explorer_view",
    "figure_text",
    "landing_odds",
    "map_document",
    "max_range",
    "prepare",
    "problems_table",
    "timeline_spec",
    "url_params",
    "waters_texts",
    "widget_state",
    "with_upload",
]

#: The launch the Explorer opens on: the 2025-01-06 IRBM that started the project.
DEFAULT_EVENT = "2025-01-06"
#: The launches table's columns, in order.
TABLE_COLUMNS = (
    "event_id",
    "date",
    "time_utc",
    "missile",
    "class",
    "site",
    "range_km",
    "apogee_km",
    "flight_min",
    "bearing_deg",
    "landing_basis",
    "waters",
    "outcome",
    "estimate_by",
    "source_url",
)


def waters_texts(lats: Sequence[float], lons: Sequence[float], country: str = "JPN") -> list[str] | None:
    """One "waters" text per point (``country``'s EEZ as reference); None when the EEZ layer is missing."""
    try:
        return [v.waters for v in zones.verdicts(list(lats), list(lons), country)]
    except layers.LayerError:
        return None


def landing_odds(
    site_lat: float,
    site_lon: float,
    bearing_deg: float,
    range_km: float,
    bearing_sd_deg: float | None,
    range_sd_km: float | None,
    country: str = "JPN",
) -> uncertainty.UncertainVerdict | None:
    """The odds of a landing derived from bearing and range; None when the EEZ layer is missing."""
    try:
        return uncertainty.verdict_distribution(
            site_lat,
            site_lon,
            bearing_deg,
            range_km,
            country=country,
            bearing_sd_deg=bearing_sd_deg,
            range_sd_km=range_sd_km,
        )
    except layers.LayerError:
        return None


def max_range(apogee_km: float, range_km: float, flight_min: float | None, missile_class: str) -> Any:
    """The implied maximum range (:func:`trajmap.ballistics.max_range_km`)."""
    return ballistics.max_range_km(apogee_km, range_km, flight_min, missile_class=missile_class)


@dataclass(frozen=True, slots=True)
class Services:
    """The library calls a view needs that are worth caching; each returns None when a layer is missing.

    ``waters(lats, lons)`` gives one "waters" text per point (Japan's EEZ as reference); ``odds(site_lat,
    site_lon, bearing_deg, range_km, bearing_sd_deg, range_sd_km)`` the landing's odds; ``max_range(apogee_km,
    range_km, flight_min, class)`` the implied maximum range (raises :class:`ballistics.BallisticsError`);
    ``targets()`` the targets a class's reach is checked against.
    """

    waters: Callable[..., list[str] | None] = waters_texts
    odds: Callable[..., uncertainty.UncertainVerdict | None] = landing_odds
    max_range: Callable[..., Any] = max_range
    targets: Callable[[], pd.DataFrame | None] = reach.load_targets


@dataclass(frozen=True, slots=True)
class Footprint:
    """A derived landing's uncertainty footprint and its odds."""

    estimate_by: str
    site_lat: float
    site_lon: float
    bearing_deg: float
    range_km: float
    odds: uncertainty.UncertainVerdict

    @property
    def label(self) -> str:
        return f"{self.estimate_by}: 2-sigma landing area; {self.odds.odds}"


@dataclass(frozen=True, slots=True)
class ReachRing:
    """The selected launch's implied-reach ring."""

    lat: float
    lon: float
    radius_km: float
    label: str


@dataclass(frozen=True, slots=True)
class EstimateCard:
    """One estimate of the selected launch, as its column of the side-by-side comparison shows it.

    ``figures`` are (label, text) pairs ("—" where the source gave none); the other texts are the values
    of their rows in :func:`comparison` ("43.73°N, 137.35°E (derived)", "outside (Russia's EEZ)"), empty
    when there is nothing to say; ``source_url`` is set only for a web address (else ``source_text``).
    """

    estimate_by: str
    figures: tuple[tuple[str, str], ...]
    landing: str = ""
    waters: str = ""
    how_sure: str = ""
    stated: str = ""
    statement: str = ""
    notes: str = ""
    source_url: str | None = None
    source_text: str = ""


@dataclass(frozen=True)
class ExplorerView:
    """What the Explorer shows for one set of inputs (see :func:`explorer_view`)."""

    launches: pd.DataFrame  #: every record, with its ``waters``
    shown_index: pd.Index  #: the labels of the records that pass the filters (:attr:`shown`)
    events: pd.DataFrame  #: one row per shown event (:func:`trajmap.filters.events`)
    labels: dict[str, str]  #: launch picker: event id -> label
    selected: str | None
    center: tuple[float, float]
    zoom: int
    summary: str  #: the caption under the map
    table: pd.DataFrame
    footprints: tuple[Footprint, ...] = ()
    reach: ReachRing | None = None
    reach_note: str = ""
    heading: str = ""
    cards: tuple[EstimateCard, ...] = ()
    classes: tuple[str, ...] = field(default=())  #: classes in the data, in legend order
    bands: tuple[RangeBand, ...] = ()  #: where the selected launch may have come down, bearing unknown
    #: the data the view was made from (:func:`prepare`), and the key of its selection there
    prepared: ExplorerData | None = field(default=None, repr=False, compare=False)
    selection_key: Any = field(default=None, repr=False, compare=False)
    #: the labels of the records the map holds: those that pass every filter but the class filter, whose
    #: classes (:attr:`map_classes`, none: all) the map's script shows, so that it can show others at once
    #: when the class filter changes (:class:`trajmap.maps.LaunchLayers`); ``None``: :attr:`shown_index`
    map_index: pd.Index | None = field(default=None, repr=False, compare=False)
    map_classes: tuple[str, ...] = ()

    @functools.cached_property
    def shown(self) -> pd.DataFrame:
        """The records that pass the filters (taken from :attr:`launches` when first asked for)."""
        return self.launches.loc[self.shown_index]

    @functools.cached_property
    def launch_data(self) -> str:
        """The map's launches (:func:`trajmap.maps.launches_data` of the records of :attr:`map_index`,
        showing :attr:`map_classes`), encoded once per view."""
        index = self.shown_index if self.map_index is None else self.map_index
        if self.prepared is None:
            return maps.encode_launches(
                maps.launches_data(
                    self.launches.loc[index], selected_event=self.selected, only=self.map_classes
                )
            )
        # the prepared items need only the rows' labels
        return self.prepared.items.encoded(
            self.launches.loc[index, []], selected_event=self.selected, only=self.map_classes
        )

    @functools.cached_property
    def overlay_data(self) -> str:
        """The map's footprints, bands and reach ring with their labels (:func:`overlay_shapes`), encoded once
        per selection (:func:`trajmap.maps.encode_shapes`); "" when there are none."""

        def encode() -> str:
            shapes = overlay_shapes(self)
            return maps.encode_shapes(shapes) if shapes.shapes or shapes.labels else ""

        if self.prepared is None:
            return encode()
        return str(self.prepared.selection(("overlay", self.selection_key), encode))

    @functools.cached_property
    def timeline_spec(self) -> dict[str, Any]:
        """:func:`timeline_spec` of this view, built once per view, its events already a table (Arrow):
        Streamlit sends a table as it is instead of converting the rows again on every rerun."""
        return {
            **_timeline_chart(self.events, self.selected),
            "datasets": {TIMELINE_DATA: timeline_table(self.events)},
        }

    @functools.cached_property
    def table_arrow(self) -> pa.Table:
        """:attr:`table` as the page shows it (:func:`table_arrow`), its rows taken from the prepared
        data's table, built once for the data."""
        if self.prepared is None:
            return table_arrow(self.table)
        return self.prepared.table_arrow.take(self.prepared.table.index.get_indexer(self.table.index))

    @functools.cached_property
    def comparison(self) -> pd.DataFrame:
        """:func:`comparison` of the selected launch's :attr:`cards`, built once per view."""
        return comparison(self.cards)

    @functools.cached_property
    def comparison_markdown(self) -> str:
        """:attr:`comparison` as one Markdown table (a column per estimate, every text escaped:
        :func:`trajmap.escape.markdown_table`), built once per view, not on every rerun."""
        table = self.comparison
        rows = [[label, *values] for label, values in zip(table.index, table.values.tolist(), strict=True)]
        return markdown_table(["", *table.columns], rows)

    @functools.cached_property
    def number_columns(self) -> list[str]:
        """The table's columns of numbers (:attr:`table_arrow` keeps them as numbers)."""
        return [c for c in self.table.columns if self.table[c].dtype.kind == "f"]


#: At most this many selections (an event and the shown estimates of it) an :class:`ExplorerData` keeps.
SELECTIONS_KEPT = 512


@dataclass(frozen=True)
class ExplorerData:
    """A dataset prepared once for every Explorer view of it (:func:`prepare`): each record's "waters",
    its part of the map's data (:class:`trajmap.maps.LaunchItems`), the filters' choices, the table's rows
    and the classes present. A view of a filter state then only picks rows.

    The selected launch's parts (frame, footprints, reach, cards, bands) are kept per selection, so a
    filter change that leaves the selection's estimates as they were computes none of them again. Never
    modified once made except for that memo, which is safe to share between threads (a race computes a
    selection twice).
    """

    launches: pd.DataFrame  #: every record, with its ``waters``; a unique index
    items: maps.LaunchItems
    choices: dict[str, list[str]]  #: column -> :func:`trajmap.filters.choices` of it
    table: pd.DataFrame  #: every record's table row (:data:`TABLE_COLUMNS`), newest first
    classes: tuple[str, ...]
    services: Services
    event_table: filters.EventTable  #: the events of any filter state (:func:`trajmap.filters.events`)
    _selections: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @functools.cached_property
    def table_arrow(self) -> pa.Table:
        """:func:`table_arrow` of :attr:`table`, built once for the data."""
        return table_arrow(self.table)

    def selection(self, key: Any, build: Callable[[], Any]) -> Any:
        """What ``build()`` gives for ``key``, built once (the last :data:`SELECTIONS_KEPT` kept)."""
        held = self._selections.get(key)
        if held is None:
            held = self._selections[key] = build()
            while len(self._selections) > SELECTIONS_KEPT:
                self._selections.pop(next(iter(self._selections)), None)
        return held


def prepare(launches: pd.DataFrame, services: Services | None = None) -> ExplorerData:
    """``launches`` (a loaded frame) made ready for :func:`explorer_view`: the work all its views share."""
    services = services or Services()
    if not launches.index.is_unique:
        launches = launches.reset_index(drop=True)
    with_waters = _with_waters(launches, services)
    table = with_waters.assign(date=with_waters["date"].dt.date)[list(TABLE_COLUMNS)].sort_values(
        ["date", "event_id"], ascending=False
    )
    present = set(with_waters["class"])
    return ExplorerData(
        launches=with_waters,
        items=maps.LaunchItems(with_waters),
        choices={c: filters.choices(with_waters, c) for c in FILTER_COLUMNS},
        table=table,
        classes=tuple(c for c in maps.CLASS_COLORS if c in present),
        services=services,
        event_table=filters.EventTable(with_waters),
    )


def table_arrow(table: pd.DataFrame) -> pa.Table:
    """The launches table as the page shows it: empty texts empty (a missing number stays missing),
    typed columns, so each sorts by its values."""
    texts = {c: "" for c in table.columns if table[c].dtype.kind != "f"}
    return pa.Table.from_pandas(table.fillna(texts), preserve_index=False)


#: The columns the Explorer filters on, with a choice list each (:attr:`ExplorerData.choices`).
FILTER_COLUMNS = ("class", "outcome", "site", "estimate_by")


@dataclass(frozen=True, slots=True)
class RangeBand:
    """An estimate with a range but no bearing: the band (or the ring, when low == high) around the site
    at that distance, where the launch came down in some direction."""

    lat: float
    lon: float
    low_km: float
    high_km: float
    label: str


#: At most this many estimates of one launch get a range band on the map.
MAX_BANDS = 4


def _bands(ests: pd.DataFrame) -> tuple[RangeBand, ...]:
    out: list[RangeBand] = []
    for r in ests[ests["landing_basis"] == "unknown"].itertuples():
        low, high = _opt(r.range_low_km), _opt(r.range_high_km)
        if low is None or high is None:
            low = high = _opt(r.range_km)
        if low is None or high is None or high <= 0:
            continue
        span = f"{low:,.0f} km" if low == high else f"{low:,.0f}-{high:,.0f} km"
        band = RangeBand(
            r.site_lat, r.site_lon, max(low, 0.1), high, f"{r.estimate_by}: flew {span}, bearing unknown"
        )
        if band not in out:
            out.append(band)
    return tuple(out[:MAX_BANDS])


def figure_text(value: float | None, unit: str) -> str:
    """A figure as precise as the source gave it (99.8 km stays 99.8), "—" when not given.

    >>> figure_text(1100.0, "km"), figure_text(99.8, "km"), figure_text(58.0, "°"), figure_text(None, "km")
    ('1,100 km', '99.8 km', '58°', '—')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    figure = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{figure}{'' if unit == '°' else ' '}{unit}"


def _opt(x: Any) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _with_waters(launches: pd.DataFrame, services: Services) -> pd.DataFrame:
    has_landing = launches["landing_basis"] != "unknown"
    out = launches.assign(waters="")
    texts = services.waters(
        tuple(launches.loc[has_landing, "landing_lat"]), tuple(launches.loc[has_landing, "landing_lon"])
    )
    if texts is not None:
        out.loc[has_landing, "waters"] = texts
    return out


LEGEND_STRIP_PX = 190.0
"""The strip along the map's right edge that the legend covers (its box, up to about 170 px wide, 10 px
from the edge): the selected launch is framed beside it and ring labels are kept out of it."""


def _frame(sel_rows: pd.DataFrame, footprints: Iterable[Footprint] = ()) -> tuple[tuple[float, float], int]:
    """The selected launch's view: its sites, landing points and footprints' far corners (2 sigma, as
    drawn), beside the legend."""
    pts: list[tuple[float, float]] = []
    for f in footprints:
        for sign in (-1.0, 0.0, 1.0):
            bearing = f.bearing_deg + sign * 2.0 * f.odds.bearing_sd_deg
            pts.append(
                geodesy.destination(f.site_lat, f.site_lon, bearing, f.range_km + 2.0 * f.odds.range_sd_km)
            )
    for r in sel_rows.itertuples():
        pts.append((r.site_lat, r.site_lon))
        if r.landing_basis != "unknown":
            pts.append((r.landing_lat, r.landing_lon))
    if not pts:
        return DEFAULT_VIEW.center, DEFAULT_VIEW.zoom - 1
    return maps.view_for_points(pts, max_zoom=7, right_px=LEGEND_STRIP_PX)


def _footprints(sel_rows: pd.DataFrame, services: Services) -> dict[Any, Footprint]:
    out: dict[Any, Footprint] = {}
    for idx, r in sel_rows[sel_rows["landing_basis"] == "derived"].iterrows():
        u = services.odds(
            r["site_lat"],
            r["site_lon"],
            r["bearing_deg"],
            r["range_km"],
            _opt(r.get("bearing_sd_deg")),
            _opt(r.get("range_sd_km")),
        )
        if u is not None:
            out[idx] = Footprint(
                str(r["estimate_by"]), r["site_lat"], r["site_lon"], r["bearing_deg"], r["range_km"], u
            )
    return out


def _reach(sel_rows: pd.DataFrame, services: Services) -> tuple[ReachRing | None, str]:
    """The selected launch's reach: the implied maximum range of a lofted ballistic flight, else the range
    of its class (a glide vehicle's or cruise missile's apogee implies nothing of its reach)."""
    if sel_rows.empty:
        return None, ""
    ballistic = ~sel_rows["payload"].eq("glide") & ~sel_rows["class"].eq("cruise")
    lofted = sel_rows[ballistic].dropna(subset=["apogee_km", "range_km"])
    why = ""
    if not lofted.empty:
        r0 = lofted.iloc[0]
        try:
            est = services.max_range(
                float(r0["apogee_km"]), float(r0["range_km"]), _opt(r0["flight_min"]), str(r0["class"])
            )
        except ballistics.BallisticsError as exc:
            why = f"no implied maximum range from this flight ({exc})"
        else:
            who = r0["estimate_by"]
            what = "orbital-capable, reaches anywhere" if est.reaches_anywhere else f"~{est.value_km:,.0f} km"
            ring = ReachRing(
                r0["site_lat"],
                r0["site_lon"],
                min(est.value_km, MAX_RING_RADIUS_KM),
                f"implied reach {what} ({est.model}; from {who}'s figures)",
            )
            note = (
                f"Ring: implied reach {est.value_text} ({est.floor_text}; {est.band_text}), model: "
                f"{est.model}, from {who}'s apogee and range; see the Flight profile page."
            )
            return ring, note
    elif not ballistic.all():
        why = "its flight was not a ballistic arc (a glide vehicle), so its apogee implies no maximum range"
    return _class_reach(sel_rows.iloc[0], why, services)


def _class_reach(r0: pd.Series, why: str, services: Services) -> tuple[ReachRing | None, str]:
    cls = str(r0["class"])
    try:
        radius_km = ballistics.preset_radius_km(cls)
    except ballistics.BallisticsError:
        return None, (f"No reach ring for this launch: {why}." if why else "")
    label = f"{cls} class range: up to {radius_km:,.0f} km"
    ring = ReachRing(r0["site_lat"], r0["site_lon"], radius_km, label)
    note = f"Ring: {label} (the class's upper bound, not this missile's measured reach)"
    note += f"; {why}." if why else "."
    targets = services.targets()
    if targets is not None and len(targets):
        hits = reach.targets_in_reach(r0["site_lat"], r0["site_lon"], radius_km, targets)
        hits = hits[hits["in_reach"]]
        if len(hits):
            names = ", ".join(f"{t.name} ({t.distance_km:,.0f} km)" for t in hits.itertuples())
            note += f" Targets within {cls} range of the launch site: {names}."
        else:
            note += f" None of the targets lies within {cls} range of the launch site."
    return ring, note


def _figure(rec: pd.Series, key: str, unit: str) -> str:
    """A figure, or its interval (``25-90 km``) when the source gave one instead."""
    value = _opt(rec.get(key))
    low_key, high_key = key.replace("_km", "_low_km"), key.replace("_km", "_high_km")
    low, high = _opt(rec.get(low_key)), _opt(rec.get(high_key))
    if value is None and low is not None and high is not None:
        return f"{figure_text(low, '').rstrip()}-{figure_text(high, unit)}"
    return figure_text(value, unit)


def _card(rec: pd.Series, footprint: Footprint | None) -> EstimateCard:
    figures = tuple(
        (label, _figure(rec, key, unit))
        for label, key, unit in (
            ("Range", "range_km", "km"),
            ("Apogee", "apogee_km", "km"),
            ("Flight time", "flight_min", "min"),
            ("Bearing", "bearing_deg", "°"),
        )
    )
    landing = waters = ""
    if rec["landing_basis"] != "unknown":
        where = geodesy.format_lat_lon(rec["landing_lat"], rec["landing_lon"])
        landing = f"{where} ({rec['landing_basis']})"
        waters = str(rec["waters"] or "")
    url = str(rec["source_url"]).strip()
    is_web = url.lower().startswith(("https://", "http://"))
    return EstimateCard(
        estimate_by=str(rec["estimate_by"]),
        figures=figures,
        landing=landing,
        waters=waters,
        how_sure=footprint.odds.summary if footprint is not None else "",
        stated=f"{rec['japan_eez']} Japan's EEZ" if rec.get("japan_eez") else "",
        statement=str(rec.get("landing_statement") or ""),
        notes=str(rec.get("notes") or ""),
        source_url=url if is_web else None,
        source_text="" if is_web else url,
    )


def comparison(cards: Sequence[EstimateCard]) -> pd.DataFrame:
    """The competing estimates side by side: one column per estimate (its source's name, numbered when a
    source gives two), one row per figure or statement, plain text ("" where the estimate says nothing;
    rows no estimate fills are left out). The page shows it as one table."""
    names: list[str] = []
    for card in cards:
        name, k = card.estimate_by, 2
        while name in names:
            name, k = f"{card.estimate_by} ({k})", k + 1
        names.append(name)
    rows: dict[str, list[str]] = {label: [] for label, _ in (cards[0].figures if cards else ())}
    for card in cards:
        for label, text in card.figures:
            rows[label].append(text)
        for label, text in (
            ("Landing", card.landing),
            ("Waters", card.waters),
            ("How sure", card.how_sure),
            ("Stated", card.stated),
            ("Statement", card.statement),
            ("Notes", card.notes),
            ("Source", card.source_url or card.source_text),
        ):
            rows.setdefault(label, []).append(text)
    kept = {label: values for label, values in rows.items() if any(values)}
    return pd.DataFrame.from_dict(kept, orient="index", columns=names)


def _count(n: int, noun: str) -> str:
    """``"1 launch event"``, ``"4 launch events"``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def explorer_view(
    launches: pd.DataFrame | ExplorerData,
    flt: filters.Filters,
    selected: str | None,
    *,
    services: Services | None = None,
) -> ExplorerView:
    """Everything the Explorer shows for ``launches`` (a loaded frame, or one :func:`prepare` made ready,
    which saves redoing what every view shares), the filters and the selection.

    ``selected`` is the chosen event; when it is not among the filtered events the view selects
    :data:`DEFAULT_EVENT` if shown, else the newest shown event (``None`` when nothing is shown).
    ``services`` are for a frame; prepared data hold their own.
    """
    if isinstance(launches, ExplorerData):
        if services is not None:
            raise TypeError("prepared data hold their services: pass services to prepare()")
        data = launches
    else:
        data = prepare(launches, services)
    launches = data.launches
    # the map holds the other filters' records of every class and shows the chosen (ExplorerView.map_index)
    map_keep = filters.mask(launches, replace(flt, classes=()))
    keep = map_keep
    if flt.classes:
        keep = keep & filters.mask(launches, filters.Filters(classes=flt.classes))
    shown_index = launches.index[keep.to_numpy()]
    events = data.event_table.events(keep)
    ids, missiles = events["event_id"].tolist(), events["missile"].tolist()
    labels = {e: f"{e} — {m}" for e, m in zip(ids, missiles, strict=True)}
    if selected not in labels:
        selected = DEFAULT_EVENT if DEFAULT_EVENT in labels else next(iter(labels), None)
    sel = keep & (launches["event_id"] == selected)
    selection_key = (selected, tuple(launches.index[sel.to_numpy()].tolist()))
    part = data.selection(selection_key, lambda: _selection(data, selected, launches.loc[sel]))
    n_landing = int((launches["landing_basis"] != "unknown")[keep].sum())
    n_events, n_shown = len(events), len(shown_index)
    summary = (
        f"{_count(n_events, 'launch event')}, {_count(n_shown, 'estimate')} shown; {n_landing} with a "
        "landing point (solid line/filled dot: reported; dashed line/hollow dot: derived from site, "
        "bearing and range)."
    )
    return ExplorerView(
        launches=launches,
        shown_index=shown_index,
        events=events,
        labels=labels,
        selected=selected,
        summary=summary,
        table=data.table[data.table.index.isin(shown_index)],
        classes=data.classes,
        prepared=data,
        selection_key=selection_key,
        map_index=launches.index[map_keep.to_numpy()],
        map_classes=tuple(flt.classes),
        **part,
    )


def _selection(data: ExplorerData, selected: str | None, sel_rows: pd.DataFrame) -> dict[str, Any]:
    """The selected launch's parts of a view: frame, footprints, reach, heading, cards and bands."""
    services = data.services
    footprints = _footprints(sel_rows, services)
    center, zoom = _frame(sel_rows, footprints.values())
    reach, reach_note = _reach(sel_rows, services)
    heading, cards, bands = "", tuple[EstimateCard, ...](), tuple[RangeBand, ...]()
    if selected is not None:
        ests = data.launches[data.launches["event_id"] == selected]
        heading = f"{selected}: {ests['missile'].iloc[0]} ({ests['class'].iloc[0]})"
        cards = tuple(_card(rec, footprints.get(idx)) for idx, rec in ests.iterrows())
        bands = _bands(ests)
    return {
        "center": center,
        "zoom": zoom,
        "footprints": tuple(footprints.values()),
        "reach": reach,
        "reach_note": reach_note,
        "heading": heading,
        "cards": cards,
        "bands": bands,
    }


def overlay_shapes(view: ExplorerView) -> maps.Shapes:
    """The selected launch's footprints, range bands and reach ring, with their labels placed inside the
    view the map opens on (clear of the legend and of each other)."""
    shapes = maps.Shapes(maps.MapFrame(view.center, view.zoom, right_px=LEGEND_STRIP_PX))
    for f in view.footprints:
        shapes.footprint(
            f.site_lat,
            f.site_lon,
            f.bearing_deg,
            f.range_km,
            f.odds.bearing_sd_deg,
            f.odds.range_sd_km,
            label=f.label,
        )
    for b in view.bands:  # labelled once, on the outer ring (rings take no hover: no tooltips)
        radii = [(b.high_km, b.label)] if b.low_km == b.high_km else [(b.low_km, ""), (b.high_km, b.label)]
        shapes.rings(b.lat, b.lon, radii, color="#666666", label_bearing_deg=120.0)
    if view.reach is not None:
        r = view.reach
        shapes.rings(r.lat, r.lon, [(r.radius_km, r.label)])
    return shapes


def explorer_map(
    view: ExplorerView,
    *,
    basemap: str,
    land: dict[str, Any] | None,
    eez: dict[str, Any] | None,
    land_url: str | None = None,
    eez_url: str | None = None,
) -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The stable base map and the layers that change with the view, new objects on every call.

    ``land_url`` and ``eez_url`` are where the app serves the basemap's land and the EEZ overlay
    (:func:`trajmap.maps.write_layer` of :func:`trajmap.maps.land_drawing` and
    :func:`trajmap.maps.eez_drawing`): the map then fetches them once (the browser caches them) instead
    of carrying them on every rerun. None inlines them.

    Footprints, bands and rings (one :class:`trajmap.maps.OverlayLayers`, labels placed inside the view)
    never take a click or a hover (``interactive: false``), and they come before the launches, so the
    launches stay on top and a landing point inside a ring opens its popup.
    """
    return explorer_base(view, basemap=basemap, land=land, eez=eez, land_url=land_url, eez_url=eez_url), (
        explorer_layers(view)
    )


def explorer_base(
    view: ExplorerView,
    *,
    basemap: str,
    land: dict[str, Any] | None,
    eez: dict[str, Any] | None,
    land_url: str | None = None,
    eez_url: str | None = None,
) -> folium.Map:
    """:func:`explorer_map`'s base map alone: the same for every view of the same data (it depends on the
    view's :attr:`~ExplorerView.classes` only)."""
    base = maps.base_map(
        basemap=basemap,
        land_geojson=land,
        land_url=land_url,
        overlays=[maps.eez_layer(eez, url=eez_url)] if eez is not None else [],
        attribution=maps.EEZ_ATTRIBUTION if eez is not None else "",
    )
    maps.legend(view.classes, eez).add_to(base)
    return base


def explorer_layers(view: ExplorerView) -> list[folium.FeatureGroup]:
    """:func:`explorer_map`'s changing layers alone: footprints, bands and rings under the launches."""
    groups = [maps.overlay_layer_of(view.overlay_data)] if view.overlay_data else []
    groups.append(maps.launches_layer_of(view.launch_data))
    return groups


def map_document(view: ExplorerView, **kwargs: Any) -> folium.Map:
    """One map holding the base and every layer of :func:`explorer_map`: for the HTML export, so the
    reference layers are inlined (any ``land_url`` / ``eez_url`` is ignored) and the file opens from disk."""
    full, groups = explorer_map(view, **{**kwargs, "land_url": None, "eez_url": None})
    for g in groups:
        g.add_to(full)
    return full


def with_upload(curated: pd.DataFrame, mine: pd.DataFrame | None, *, replace_curated: bool) -> pd.DataFrame:
    """The records the Explorer shows: the curated ones, the user's added to them, or the user's alone."""
    if mine is None:
        return curated
    return mine if replace_curated else pd.concat([curated, mine], ignore_index=True)


def problems_table(exc: records.RecordError) -> pd.DataFrame:
    """A rejected file's problems, one row each: row (the line in the file), column, value, reason."""
    return pd.DataFrame(
        [{"row": p.row, "column": p.column, "value": p.value, "reason": p.reason} for p in exc.problems],
        columns=["row", "column", "value", "reason"],
    )


def _date_axis(dates: pd.Series) -> dict[str, str]:
    """A date axis that always shows the year: Vega's own labels over several years (they are years), and
    over shorter spans months with their year, or days (Vega's default drops the year there).

    >>> _date_axis(pd.Series(pd.to_datetime(["2017-01-01", "2017-03-01"])))
    {'format': '%b %Y'}
    """
    span = (dates.max() - dates.min()).days if len(dates) else 0
    if span > 3 * 365:
        return {}
    return {"format": "%b %Y" if span > 45 else "%Y-%m-%d"}


#: The name of the timeline's dataset in its spec (:func:`timeline_spec`).
TIMELINE_DATA = "events"
#: The timeline's columns, as its dataset holds them.
_TIMELINE_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("date", pa.string()),
        ("missile", pa.string()),
        ("class", pa.string()),
        ("range_km", pa.float64()),
        ("estimate_by", pa.string()),
    ]
)
#: The Vega-Lite schema the timeline's spec is written for (tests check the spec against it).
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


def timeline_spec(events: pd.DataFrame, selected: str | None) -> dict[str, Any]:
    """The filtered events by date and class as a Vega-Lite spec, coloured by class; the selected one
    larger. The events are rows of the dataset :data:`TIMELINE_DATA` (dates as ISO text, a missing range
    as null), plain JSON.

    A click selects an event: the chart's selection parameter ``pick`` holds its ``event_id``.
    """
    return {
        **_timeline_chart(events, selected),
        "datasets": {TIMELINE_DATA: timeline_table(events).to_pylist()},
    }


def timeline_table(events: pd.DataFrame) -> pa.Table:
    """The timeline's rows (:func:`timeline_spec`) as an Arrow table, built column by column."""
    return pa.table(
        {
            "event_id": pa.array(events["event_id"].astype(str), type=pa.string()),
            "date": pa.array(events["date"].dt.strftime("%Y-%m-%dT%H:%M:%S"), type=pa.string()),
            "missile": pa.array(events["missile"].astype(str), type=pa.string()),
            "class": pa.array(events["class"].astype(str), type=pa.string()),
            "range_km": pa.array(events["range_km"].astype(float), type=pa.float64(), from_pandas=True),
            "estimate_by": pa.array(events["estimate_by"].astype(str), type=pa.string()),
        },
        schema=_TIMELINE_SCHEMA,
    )


def _timeline_chart(events: pd.DataFrame, selected: str | None) -> dict[str, Any]:
    """:func:`timeline_spec` but its data."""
    present = set(events["class"].unique().tolist())
    order = [c for c in maps.CLASS_COLORS if c in present]
    is_selected = "datum.event_id === " + json.dumps(selected)
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"name": TIMELINE_DATA},
        "mark": {"type": "circle", "opacity": 0.85, "stroke": "#111111"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": None, "axis": _date_axis(events["date"])},
            "y": {"field": "class", "type": "nominal", "sort": order, "title": None},
            "color": {
                "field": "class",
                "type": "nominal",
                "scale": {"domain": order, "range": [maps.CLASS_COLORS[c] for c in order]},
                "legend": None,
            },
            "size": {"condition": {"test": is_selected, "value": 260}, "value": 70},
            "strokeWidth": {"condition": {"test": is_selected, "value": 2.5}, "value": 0},
            "tooltip": [
                {"field": "date", "type": "temporal", "format": "%Y-%m-%d"},
                {"field": "missile", "type": "nominal"},
                {"field": "class", "type": "nominal"},
                {
                    "field": "range_km",
                    "type": "quantitative",
                    "title": "range_km (largest estimate)",
                    "format": ",.0f",
                },
                {"field": "estimate_by", "type": "nominal", "title": "estimates by"},
            ],
        },
        "params": [{"name": "pick", "select": {"type": "point", "fields": ["event_id"], "on": "click"}}],
        "height": 36 * len(order) + 40,
    }


def url_params(
    flt: filters.Filters,
    data_dates: tuple[dt.date, dt.date],
    *,
    selected: str | None,
    basemap: str,
    eez: bool,
    view: tuple[tuple[float, float], int] | None,
) -> dict[str, str]:
    """The query parameters that reopen this view; the full date range and other defaults stay out.

    ``view`` is the map's centre and zoom when the user moved the map or the link gave them, else None
    (the view then follows the selected launch).
    """
    first, last = data_dates
    state = viewstate.ViewState(
        filters=replace(
            flt,
            date_from=flt.date_from if flt.date_from != first else None,
            date_to=flt.date_to if flt.date_to != last else None,
        ),
        event=selected,
        basemap=basemap,
        eez=eez,
        lat=round(view[0][0], 4) if view else None,
        lon=round(geodesy.normalize_lon(view[0][1]), 4) if view else None,
        zoom=view[1] if view else None,
    )
    return viewstate.encode(state)


def decode_url(params: dict[str, str], launches: pd.DataFrame) -> tuple[viewstate.ViewState, list[str]]:
    """The Explorer's view from query parameters, checked against what ``launches`` holds."""
    return viewstate.decode(
        params,
        events=launches["event_id"].unique(),
        classes=filters.choices(launches, "class"),
        outcomes=filters.choices(launches, "outcome"),
        sites=filters.choices(launches, "site"),
        sources=filters.choices(launches, "estimate_by"),
        dates=(launches["date"].min().date(), launches["date"].max().date()),
    )


def widget_state(state: viewstate.ViewState, dates: tuple[dt.date, dt.date]) -> dict[str, Any]:
    """The Explorer's widget values (session-state keys) for a view decoded from a link.

    ``_url_view`` holds the link's own map centre, zoom and event, kept until another launch is chosen.
    """
    flt = state.filters
    out: dict[str, Any] = {
        "dates": (flt.date_from or dates[0], flt.date_to or dates[1]),
        "classes": list(flt.classes),
        "outcomes": list(flt.outcomes),
        "sites": list(flt.sites),
        "sources": list(flt.sources),
        "basemap": state.basemap,
        "eez": state.eez,
    }
    if state.event:
        out["event"] = state.event
    if state.lat is not None and state.lon is not None:
        out["_url_view"] = ((state.lat, state.lon), state.zoom or DEFAULT_VIEW.zoom, state.event)
    return out


@dataclass(frozen=True, slots=True)
class Download:
    """One export button: its label, the function that builds the file when pressed, name and type."""

    label: str
    build: Callable[[], str | bytes]
    file_name: str
    mime: str


def downloads(
    view: ExplorerView,
    *,
    map_args: dict[str, Any],
    snapshot: Callable[..., bytes],
    size: tuple[int, int],
    show_eez: bool,
) -> list[Download]:
    """The Explorer's exports of what it shows: snapshots of the selected launch (built by ``snapshot(rows,
    event_id, size, fmt, show_eez)``), the interactive map as one HTML file, GeoJSON, KML and CSV."""
    stem = f"trajmap-{view.selected or 'launches'}"
    out = []
    # every file is made only when its button is pressed, from the view as it is now
    if view.selected is not None:
        selected = view.selected

        def snap(fmt: str) -> bytes:
            rows = view.launches[view.launches["event_id"] == selected]
            return snapshot(rows, selected, size, fmt, show_eez)

        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            out.append(
                Download(f"Snapshot {fmt.upper()}", functools.partial(snap, fmt), f"{stem}.{fmt}", mime)
            )
    out += [
        Download(
            "Interactive map (HTML)",
            lambda: export.to_html(map_document(view, **map_args)),
            f"{stem}.html",
            "text/html",
        ),
        Download(
            "GeoJSON",
            lambda: json.dumps(export.to_geojson(view.shown)),
            "trajmap-launches.geojson",
            "application/geo+json",
        ),
        Download(
            "KML (Google Earth)",
            lambda: export.to_kml(view.shown),
            "trajmap-launches.kml",
            "application/vnd.google-earth.kml+xml",
        ),
        Download("CSV", lambda: export.to_csv_safe(view.shown), "trajmap-launches.csv", "text/csv"),
    ]
    return out
