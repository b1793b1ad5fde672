"""Every number the built-in stories state is true of the record.

Each story's numbers (digits, dates and number words in its title, description and steps) are found in
its text; each must have a check below that computes it from the data the app shows (the full record, the
Explorer's view of the 2025-01-06 launch, the Reach page's targets). A number with no check fails, and so
does a check whose number the text no longer states.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from trajmap import ballistics, config, dataset, filters, reach, records, stories
from trajmap.views import explorer as ev

ROOT = Path(__file__).resolve().parents[1]
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "forty": 40}  # fmt: skip
#: Numbers in a text: dates, figures (not the digits of a name such as Hwasong-15), number words.
NUMBER = re.compile(
    r"(?<![\w-])(\d{4}-\d{2}-\d{2}|\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w-])|\b(" + "|".join(WORDS) + r")\b",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _stories_of_this_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.STORIES_ENV, str(ROOT / "data" / "stories"))


def numbers(text: str) -> set[str]:
    return {(m.group(1) or m.group(2)).lower() for m in NUMBER.finditer(text)}


def fig(x: float) -> str:
    return f"{round(x):,}"


def word(n: int) -> str:
    return {v: k for k, v in WORDS.items()}[n]


@cache
def record() -> pd.DataFrame:
    return dataset.load()


def events(a: str, b: str, classes: tuple[str, ...] = ()) -> pd.DataFrame:
    flt = filters.Filters(dt.date.fromisoformat(a), dt.date.fromisoformat(b), classes)
    return filters.events(filters.apply(record(), flt))


def year_events(year: int, classes: tuple[str, ...] = ()) -> int:
    return len(events(f"{year}-01-01", f"{year}-12-31", classes))


def events_per_year() -> pd.Series:
    e = filters.events(record())
    return e.groupby(e["date"].dt.year).size()


def missiles_per_year() -> pd.Series:
    """nagix counts missiles: one row per missile."""
    n = record()[record()["estimate_by"] == "nagix/nk-missile-tests"]
    return n.groupby(n["date"].dt.year).size()


def launch(by: str) -> pd.Series:
    rows = record()[(record()["event_id"] == "2025-01-06") & (record()["estimate_by"] == by)]
    assert len(rows) == 1, by
    return rows.iloc[0]


@cache
def view_2025() -> ev.ExplorerView:
    rows = record()[
        record()["event_id"] == "2025-01-06"
    ]  # the launch's estimates, as the Explorer shows them
    return ev.explorer_view(rows, filters.Filters(), "2025-01-06")


def footprint(by: str) -> ev.Footprint:
    (f,) = [f for f in view_2025().footprints if f.estimate_by == by]
    return f


def card(by: str) -> ev.EstimateCard:
    (c,) = [c for c in view_2025().cards if c.estimate_by == by]
    return c


@cache
def irbm_reach() -> pd.DataFrame:
    site = records.load_sites().set_index("site").loc["pyongyang"]
    top_km = ballistics.CLASS_RANGES_KM["IRBM"][1]
    return reach.targets_in_reach(site["lat"], site["lon"], top_km, reach.load_targets()).set_index("target")


def target_km(target: str, *, in_reach: bool) -> str:
    row = irbm_reach().loc[target]
    assert bool(row["in_reach"]) is in_reach, target
    return fig(row["distance_km"])


def jcs_range() -> str:
    assert launch("ROK JCS")["range_km"] == launch("Japan MOD")["range_km"]
    return fig(launch("ROK JCS")["range_km"])


def official_sources() -> str:
    curated = record()[
        (record()["event_id"] == "2025-01-06") & record()["source_dataset"].str.startswith("trajmap")
    ]
    assert set(curated["estimate_by"]) == {"ROK JCS", "Japan MOD", "KCNA"}
    return word(len(curated))


def kcna_landing_place() -> str:
    m = re.search(r"on land, about ([\d,]+) km NNE of Sapporo", card("KCNA").waters)
    assert m, card("KCNA").waters
    return m.group(1)


def jcs_beyond_japan_eez_km() -> str:
    nominal = footprint("ROK JCS").odds.nominal  # type: ignore[union-attr]
    assert (nominal.status, [z.sovereigns for z in nominal.zones]) == ("outside", [("RUS",)])
    assert "outside" in launch("Japan MOD")["japan_eez"]
    return str(round(nominal.distance_km, -1))[:-2]


def odds_pct(side: str) -> str:
    return str(round(100 * footprint("ROK JCS").odds.probabilities[side]))  # type: ignore[union-attr]


def first_year() -> str:
    return str(record()["date"].min().year)


def scud_b_1984() -> tuple[int, set[int]]:
    e = events("1984-01-01", "1984-12-31")
    assert set(e["missile"]) == {"Scud-B"}
    rows = record()[
        record()["event_id"].isin(e["event_id"]) & (record()["estimate_by"] == "nagix/nk-missile-tests")
    ]
    sept = rows[rows["date"].dt.month == 9]
    assert set(sept["outcome"]) == {"failure"}
    assert set(records.load_sites().set_index("site").loc[rows["site"], "name"].str[:7]) == {"Tonghae"}
    return len(e), set(rows.groupby("event_id").size())


def one_missile(event_prefix: str, name: str, **expected: str) -> str:
    rows = record()[record()["event_id"].str.startswith(event_prefix)]
    assert rows["missile"].str.contains(name, regex=False).any(), (event_prefix, name)
    for column, value in expected.items():
        assert set(rows[column]) == {value}, (event_prefix, column)
    return event_prefix[:4] if len(event_prefix) == 4 else event_prefix


def events_with_range(a: str, b: str) -> str:
    e = events(a, b)
    rows = record()[record()["event_id"].isin(e["event_id"])]
    return word(int(rows.groupby("event_id")["range_km"].apply(lambda r: r.notna().any()).sum()))


def most_so_far(year: int) -> str:
    per = events_per_year()
    assert per[year] > per[per.index < year].max()
    return str(per[year])


def record_year(year: int) -> tuple[str, str]:
    per, missiles = events_per_year(), missiles_per_year()
    assert per.idxmax() == year
    assert missiles.idxmax() == year
    return str(per[year]), str(missiles[year])


def icbms_2017() -> list[str]:
    e = events("2017-01-01", "2017-12-31", ("ICBM",)).sort_values("date")
    return [f"{d:%Y-%m-%d} {m}" for d, m in zip(e["date"], e["missile"], strict=True)]


def hwasong_15_apogee() -> str:
    rows = record()[record()["event_id"] == "2017-11-29"]
    return fig(round(rows["apogee_km"].max(), -2))


def last_icbm_since_2023() -> str:
    e = events("2023-01-01", "2026-12-31", ("ICBM",))
    last = e.sort_values("date").iloc[-1]
    assert last["missile"] == "Hwasong-19"
    assert e["missile"].eq("Hwasong-18").any()
    return f"{last['date']:%Y-%m-%d}"


Check = Callable[[], str]
#: Story name -> part ("title", "description", or a step number) -> {number as written: its check}.
FACTS: dict[str, dict[object, dict[str, Check]]] = {
    "2025-01-06-in-five-steps": {
        "title": {"2025-01-06": lambda: f"{launch('KCNA')['date']:%Y-%m-%d}", "five": lambda: word(5)},
        "description": {"one": lambda: word(len(events("2025-01-06", "2025-01-06")))},
        1: {"2025-01-06": lambda: f"{launch('KCNA')['date']:%Y-%m-%d}", "three": official_sources},
        2: {
            "58": lambda: fig({launch(s)["bearing_deg"] for s in ("ROK JCS", "Japan MOD", "KCNA")}.pop()),
            "1,100": jcs_range,
            "1,500": lambda: fig(launch("KCNA")["range_km"]),
            "240": kcna_landing_place,
        },
        3: {"1,100": jcs_range, "50": jcs_beyond_japan_eez_km},
        4: {
            "5": lambda: fig(footprint("ROK JCS").odds.bearing_sd_deg),  # type: ignore[union-attr]
            "110": lambda: fig(footprint("ROK JCS").odds.range_sd_km),  # type: ignore[union-attr]
            "2,000": lambda: fig(footprint("ROK JCS").odds.n),  # type: ignore[union-attr]
            "1,100": jcs_range,
            "63": lambda: odds_pct("outside"),
            "28": lambda: odds_pct("inside"),
        },
        5: {
            "3,000": lambda: fig(ballistics.CLASS_RANGES_KM["IRBM"][0]),
            "5,500": lambda: fig(ballistics.CLASS_RANGES_KM["IRBM"][1]),
            "3,393": lambda: target_km("hagatna", in_reach=True),
            "5,720": lambda: target_km("darwin", in_reach=False),
            "6,014": lambda: target_km("anchorage", in_reach=False),
            "1,100": jcs_range,
        },
    },
    "forty-years-of-tests": {
        "title": {
            "forty": lambda: word(int(round(record()["date"].max().year - record()["date"].min().year, -1)))
        },
        # "one launch day and site" defines a launch event
        "description": {"one": lambda: "one", "1984": first_year},
        1: {
            "1984": first_year,
            "two": lambda: word(scud_b_1984()[0]),
            "three": lambda: word(scud_b_1984()[1].pop()),
        },
        2: {
            "1984": first_year,
            "1999": lambda: "1999",  # the window's end, as the step's link sets it
            "nine": lambda: word(len(events("1984-01-01", "1999-12-31"))),
            "1993": lambda: one_missile("1993", "Nodong"),
            "1998": lambda: one_missile("1998", "Taepodong-1", outcome="failure", **{"class": "SLV"}),
            "two": lambda: events_with_range("1984-01-01", "1999-12-31"),
        },
        3: {
            "2016": lambda: "2016",
            "16": lambda: most_so_far(2016),
            "six": lambda: word(year_events(2016, ("IRBM",))),
        },
        4: {
            "2017": lambda: "2017",
            "three": lambda: word(len(icbms_2017())),
            "2017-07-04": lambda: icbms_2017()[0].replace(" Hwasong-14", ""),
            "2017-07-28": lambda: icbms_2017()[1].replace(" Hwasong-14", ""),
            "2017-11-29": lambda: icbms_2017()[2].replace(" Hwasong-15", ""),
            "4,500": hwasong_15_apogee,
        },
        5: {"2022": lambda: "2022", "36": lambda: record_year(2022)[0], "69": lambda: record_year(2022)[1]},
        6: {
            "2023": lambda: "2023",
            "2023-01-01": lambda: "2023-01-01",
            "2026-04-19": lambda: f"{record()['date'].max():%Y-%m-%d}",
            "44": lambda: str(len(events("2023-01-01", "2026-04-19"))),
            "six": lambda: word(len(events("2023-01-01", "2026-04-19", ("ICBM",)))),
            "2024-10-31": last_icbm_since_2023,
        },
    },
}


def _parts(story: stories.Story) -> dict[object, str]:
    out: dict[object, str] = {"title": story.title, "description": story.description}
    out.update({n: f"{s.title} {s.text}" for n, s in enumerate(story.steps, start=1)})
    return out


CASES = [(name, part) for name, parts in FACTS.items() for part in parts]


def test_every_part_of_every_story_has_its_checks() -> None:
    found = stories.builtin_stories()
    assert set(found) == set(FACTS)
    for name, story in found.items():
        assert set(_parts(story)) == set(FACTS[name]), name


@pytest.mark.parametrize(("name", "part"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_each_number_a_story_states_is_true_of_the_record(name: str, part: object) -> None:
    text = _parts(stories.builtin_stories()[name])[part]
    checks = FACTS[name][part]
    assert numbers(text) == set(checks), (
        f"numbers in the text without a check, or checks the text lost: {text}"
    )
    for stated, check in checks.items():
        assert check() == stated, (stated, text)


def test_the_windows_the_texts_name_are_the_steps_links() -> None:
    steps = stories.builtin_stories()["forty-years-of-tests"].steps
    assert dict(steps[1].params) == {"from": "1984-01-01", "to": "1999-12-31"}
    assert dict(steps[2].params) == {"year": "2016"}
    assert dict(steps[4].params) == {"year": "2022"}
    assert dict(steps[5].params) == {"from": "2023-01-01", "to": "2026-04-19"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Hwasong-15 on 2017-11-29 flew 4,500 km.", {"2017-11-29", "4,500"}),
        ("Three sources: 63% and 28%; 58° and 1,100 km.", {"three", "63", "28", "58", "1,100"}),
        ("Scud-B missiles, three each; someone", {"three"}),
    ],
)
def test_numbers_are_found_as_written(text: str, expected: set[str]) -> None:
    assert numbers(text) == expected
