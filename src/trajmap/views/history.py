"""The "Over time" page's view: launches per year by class, and the map played year by year.

Counts are of launch *events* (one per ``event_id``, however many estimates or missiles it has), each in
the class of its first estimate, as the Explorer's timeline shows it (:func:`trajmap.filters.events`).
The map draws one line per *estimate* with a landing point (reported or derived), as the Explorer does, so
an event with competing estimates draws several lines; the period is a calendar year.

>>> import pandas as pd
>>> df = pd.DataFrame({"event_id": ["a", "a", "b"],
...                    "date": pd.to_datetime(["2017-07-04"] * 2 + ["2022-03-24"]),
...                    "missile": ["Hwasong-14"] * 2 + ["Hwasong-17"], "class": ["ICBM"] * 3,
...                    "range_km": [933.0, 930.0, None], "estimate_by": ["KCNA", "Japan MOD", "ROK JCS"]})
>>> year_counts(df).to_dict("records")
[{'year': 2017, 'class': 'ICBM', 'launches': 1}, {'year': 2022, 'class': 'ICBM', 'launches': 1}]
>>> decode_url({"year": "2017", "class": "ICBM,XYZ"}, df)
(HistoryState(year=2017, classes=('ICBM',)), ['class: XYZ names nothing in the data; left out'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import folium
import pandas as pd

from trajmap import filters, maps
from trajmap.export import to_csv_safe
from trajmap.stories import APP_PARAMS

__all__ = [
    "IGNORED_PARAMS",
    "HistoryState",
    "HistoryView",
    "counts_chart",
    "counts_table",
    "decode_url",
    "frames",
    "history_map",
    "history_view",
    "url_params",
    "year_counts",
]

#: Parameters Streamlit and the app put in every page's URL (the story playing, its step, presentation
#: mode: :data:`trajmap.stories.APP_PARAMS`): not this page's, and not an error.
IGNORED_PARAMS = ("page", "embed", "embed_options", *APP_PARAMS)
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only (str.isdigit() accepts other scripts' digits)
_MAX_PARAM_LEN = 2000


@dataclass(frozen=True, slots=True)
class HistoryState:
    """The page's view in the URL: the ``year`` the map opens at (None: the first) and the ``classes``
    shown (empty: all)."""

    year: int | None = None
    classes: tuple[str, ...] = ()


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


def _first(value: str | Iterable[str]) -> str:
    if isinstance(value, str):
        return value
    items = list(value)
    return items[0] if items else ""


def decode_url(
    params: Mapping[str, str | Iterable[str]], launches: pd.DataFrame
) -> tuple[HistoryState, list[str]]:
    """The view from query parameters, checked against ``launches``; never raises.

    ``year`` is a four-digit year: one outside the record's years is clipped to them, anything else is
    dropped; ``class`` is a comma list of classes, those not in the data are left out. Each problem, and
    each unknown parameter, gives a notice.
    """
    years = launches["date"].dt.year
    first, last = (int(years.min()), int(years.max())) if len(launches) else (None, None)
    known = set(filters.choices(launches, "class"))
    notices: list[str] = []
    year: int | None = None
    classes: tuple[str, ...] = ()
    for key, value in params.items():
        raw = _first(value).strip()
        if key in IGNORED_PARAMS:
            continue
        if key not in ("year", "class"):
            notices.append(f"ignored unknown parameter {key[:40]!r}")
            continue
        if len(raw) > _MAX_PARAM_LEN:
            notices.append(f"{key}: {_shown(raw)} is too long; using the default")
        elif key == "year":
            if not _YEAR.fullmatch(raw):
                notices.append(f"year: {_shown(raw)} is not a year (YYYY); using the first year")
            elif first is None or last is None:
                notices.append("year: there are no launches to show")
            else:
                year = min(max(int(raw), first), last)
                if year != int(raw):
                    notices.append(f"year: {raw} is outside the record ({first} to {last}); using {year}")
        else:
            items = tuple(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
            classes = tuple(x for x in items if x in known)
            bad = ",".join(x for x in items if x not in known)
            if bad:
                notices.append(f"class: {_shown(bad)} names nothing in the data; left out")
    return HistoryState(year=year, classes=classes), notices


def url_params(state: HistoryState) -> dict[str, str]:
    """The query parameters that reopen ``state`` (defaults left out).

    >>> url_params(HistoryState(2017, ("ICBM", "IRBM")))
    {'year': '2017', 'class': 'ICBM,IRBM'}
    """
    out: dict[str, str] = {}
    if state.year is not None:
        out["year"] = str(state.year)
    if state.classes:
        out["class"] = ",".join(state.classes)
    return out


def year_counts(launches: pd.DataFrame) -> pd.DataFrame:
    """Launch events per year and class: columns ``year``, ``class``, ``launches`` (only non-zero rows),
    sorted by year and by the classes' legend order."""
    events = filters.events(launches)
    if events.empty:
        return pd.DataFrame({"year": [], "class": [], "launches": []}).astype(
            {"year": int, "class": object, "launches": int}
        )
    counts = (
        events.assign(year=events["date"].dt.year.astype(int))
        .groupby(["year", "class"], sort=False)
        .size()
        .rename("launches")
        .reset_index()
    )
    order = {c: i for i, c in enumerate(maps.CLASS_COLORS)}
    counts["_order"] = counts["class"].map(lambda c: order.get(c, len(order)))
    counts = counts.sort_values(["year", "_order", "class"]).drop(columns="_order")
    return counts.reset_index(drop=True)


def _years(counts: pd.DataFrame) -> list[int]:
    if counts.empty:
        return []
    return list(range(int(counts["year"].min()), int(counts["year"].max()) + 1))


def counts_table(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per year from the first to the last (empty years included), one column per class in legend
    order, and ``total``."""
    present = set(counts["class"])
    classes = [c for c in maps.CLASS_COLORS if c in present] + sorted(present - set(maps.CLASS_COLORS))
    wide = (
        counts.pivot_table(index="year", columns="class", values="launches", aggfunc="sum", fill_value=0)
        .reindex(index=_years(counts), columns=classes, fill_value=0)
        .astype(int)
    )
    wide["total"] = wide.sum(axis=1)
    wide.columns.name = None
    return wide.rename_axis("year").reset_index()


def frames(counts: pd.DataFrame) -> list[maps.Frame]:
    """The animation's periods: every year from the first to the last, with its count and the running
    total."""
    per_year = counts.groupby("year")["launches"].sum()
    out, so_far = [], 0
    for year in _years(counts):
        n = int(per_year.get(year, 0))
        so_far += n
        out.append(maps.Frame(year, n, so_far))
    return out


def counts_chart(counts: pd.DataFrame) -> alt.Chart:
    """A stacked bar per year (every year on the axis, empty ones too), coloured by class.

    A click on a bar selects its year: the chart's selection parameter ``pick_year`` holds it.
    """
    present = set(counts["class"])
    order = [c for c in maps.CLASS_COLORS if c in present] + sorted(present - set(maps.CLASS_COLORS))
    colors = [maps.CLASS_COLORS.get(c, maps.CLASS_COLORS["unknown"]) for c in order]
    rank = {c: i for i, c in enumerate(order)}
    data = counts.assign(stack=counts["class"].map(rank))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "year:O", title=None, scale=alt.Scale(domain=_years(counts)), axis=alt.Axis(labelAngle=-60)
            ),
            y=alt.Y("launches:Q", title="launch events", stack="zero"),
            color=alt.Color("class:N", scale=alt.Scale(domain=order, range=colors), title="class"),
            order=alt.Order("stack:Q"),
            tooltip=["year:O", "class:N", alt.Tooltip("launches:Q", title="launch events")],
        )
        .add_params(alt.selection_point(name="pick_year", fields=["year"], on="click"))
        .properties(height=260)
    )


@dataclass(frozen=True)
class HistoryView:
    """What the page shows for one set of inputs (see :func:`history_view`)."""

    shown: pd.DataFrame  #: the estimates of the classes shown
    counts: pd.DataFrame  #: :func:`year_counts` of ``shown``
    table: pd.DataFrame  #: :func:`counts_table` of ``counts``
    frames: tuple[maps.Frame, ...]
    year: int | None  #: the year the map opens at (None when nothing is shown)
    classes: tuple[str, ...]  #: the classes present in ``shown``, in legend order
    caption: str  #: what the map draws
    chart_caption: str  #: what the chart counts
    state: HistoryState  #: the view to write back into the URL

    def csv(self) -> str:
        """The counts table as CSV (cells a spreadsheet would run as formulas are neutralised)."""
        return to_csv_safe(self.table)


def history_view(launches: pd.DataFrame, state: HistoryState, *, record_text: str = "") -> HistoryView:
    """Everything the page shows for ``launches`` (a loaded frame) and ``state``.

    ``record_text`` names the source and its date (:attr:`trajmap.dataset.RecordInfo.text`); it ends the
    captions.
    """
    shown = filters.apply(launches, filters.Filters(classes=state.classes))
    counts = year_counts(shown)
    table = counts_table(counts)
    periods = tuple(frames(counts))
    years = [f.year for f in periods]
    year = None
    if years:
        year = state.year if state.year is not None else years[0]
        year = min(max(year, years[0]), years[-1])
    n_events = int(counts["launches"].sum())
    n_lines = int((shown["landing_basis"] != "unknown").sum())
    source = f" {record_text}." if record_text else ""
    span = f"{years[0]} to {years[-1]}" if years else "no years"
    caption = (
        f"The map plays the record a year at a time ({span}): each line is one estimate of a launch's path "
        f"from its site to its landing point ({n_lines} lines for {n_events} launch events; an event with "
        "several estimates draws several lines, one without a landing point none). The year shown is in "
        "full colour, earlier years faded, later years hidden; the counts on the map are of launch events."
        + source
    )
    chart_caption = (
        "Launch events per year by class: one count per event, however many estimates or missiles it had, "
        "in the class of its first estimate (as the Explorer's timeline)." + source
    )
    present = set(shown["class"])
    return HistoryView(
        shown=shown,
        counts=counts,
        table=table,
        frames=periods,
        year=year,
        classes=tuple(c for c in maps.CLASS_COLORS if c in present),
        caption=caption,
        chart_caption=chart_caption,
        state=HistoryState(year=state.year if state.year is None else year, classes=state.classes),
    )


def _frame_of(shown: pd.DataFrame) -> tuple[tuple[float, float], int]:
    has = shown["landing_basis"] != "unknown"
    pts: Sequence[tuple[float, float]] = list(zip(shown["site_lat"], shown["site_lon"], strict=True)) + list(
        zip(shown.loc[has, "landing_lat"], shown.loc[has, "landing_lon"], strict=True)
    )
    return maps.view_for_points(pts, max_zoom=6)


def history_map(
    view: HistoryView, *, basemap: str, land: dict[str, Any] | None, land_url: str | None = None
) -> folium.Map:
    """The map with its launches (:class:`trajmap.maps.LaunchLayers`, each line with its year) and the
    year player (:class:`trajmap.maps.TimePlayer`), opened at ``view.year``, paused. With ``land_url``
    (where the app serves ``land``) the basemap is fetched from there, as the Explorer's is."""
    center, zoom = _frame_of(view.shown)
    m = maps.base_map(basemap=basemap, land_geojson=land, land_url=land_url, location=center, zoom=zoom)
    maps.legend(view.classes).add_to(m)
    launches = maps.launches_layer_of(maps.encode_launches(maps.year_data(view.shown)))
    launches.add_to(m)
    if view.frames and view.year is not None:
        maps.TimePlayer(launches, view.frames, start_year=view.year).add_to(m)  # after the layers it plays
    return m
