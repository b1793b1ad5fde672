"""Fuzzing the launch importer: any input gives a frame or a RecordError, and every rejection is at its line.

The contract of :func:`trajmap.records.load_launches`: for any bytes, text or file it returns a DataFrame or
raises :class:`~trajmap.records.RecordError`, nothing else; each problem names the physical line where its
record starts (the header is line 1), the column, the value and the reason; text is stored as given; the
cost is linear in the input's size. ``pytest -m fuzz --hypothesis-profile=fuzz`` tries 10,000 inputs per
test and prints how many each test saw accepted, rejected and crashed.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.payloads import PAYLOADS, hostile_text
from trajmap import records

#: (test, outcome) -> how many inputs; printed when the module is done.
OUTCOMES: collections.Counter[tuple[str, str]] = collections.Counter()
WS = " \t\r\n\v\f"  # what the importer strips from a cell's ends
LINE_BREAK = re.compile(r"\r\n|\r|\n")
TODAY = dt.date.today()
BY_NAME = {c.name: c for c in records.COLUMNS}
SPECIALS = ("\x00", "\u2028", "\u2029", "\ufeff", "\x85", "\r", "\n", "\r\n", ",", '"', "\ud800", "\udfff")


@pytest.fixture(scope="module", autouse=True)
def _report_outcomes(request: pytest.FixtureRequest):
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None or not OUTCOMES:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line("")
        reporter.write_line(
            "load_launches per fuzz test: inputs, accepted (frame), rejected (RecordError), crashed"
        )
        for test in sorted({t for t, _ in OUTCOMES}):
            n = [OUTCOMES[test, k] for k in ("accepted", "rejected", "crashed")]
            reporter.write_line(f"  {test:<44} {sum(n):>7} {n[0]:>7} {n[1]:>7} {n[2]:>7}")


def _lines(text: str) -> int:
    """Physical lines of ``text``, counted independently of the importer."""
    return len(LINE_BREAK.findall(text)) + 1


def _check_problems(exc: records.RecordError) -> None:
    """Every problem names a row (a line, from 1), a column, the value and a reason, as printable text."""
    assert exc.problems
    for p in exc.problems:
        assert isinstance(p, records.RecordProblem)
        assert isinstance(p.row, int), p
        assert p.row >= 1, p
        assert isinstance(p.column, str), p
        assert p.column, p
        assert isinstance(p.value, str), p
        assert p.reason, p
    str(exc).encode("utf-8")  # the message is printable text (no lone surrogates)


def _load(test: str, source: Any) -> pd.DataFrame | records.RecordError:
    """``load_launches(source)``, counted; a RecordError is returned after checking every problem's shape."""
    try:
        df = records.load_launches(source)
    except records.RecordError as exc:
        OUTCOMES[test, "rejected"] += 1
        _check_problems(exc)
        return exc
    except Exception:
        OUTCOMES[test, "crashed"] += 1
        raise
    OUTCOMES[test, "accepted"] += 1
    assert len(df) > 0
    assert list(df.columns[:1]) == ["row"]
    assert df.columns[-1] == "landing_basis"
    assert df["row"].is_monotonic_increasing
    assert df["row"].is_unique
    return df


def _check_rows_within(result: pd.DataFrame | records.RecordError, text: str) -> None:
    """Every line a result names exists in ``text`` (or is the one after its end: "no records")."""
    last = _lines(text) + 1
    if isinstance(result, records.RecordError):
        assert all(p.row <= last for p in result.problems), (last, result.problems)
    else:
        assert result["row"].max() <= last


# ------------------------------------------------------------------------------------------ any input at all
any_char = st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIALS))
any_text = st.lists(
    st.one_of(any_char, st.sampled_from(["\r\n", '","', '""', "event_id,"])), max_size=300
).map("".join)


@pytest.mark.fuzz
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_a_frame_or_a_record_error(data: bytes) -> None:
    _load("any bytes", io.BytesIO(data))


@pytest.mark.fuzz
@given(text=any_text, as_bytes=st.booleans())
def test_any_text_gives_a_frame_or_a_record_error(text: str, as_bytes: bool) -> None:
    # as bytes, lone surrogates become the (invalid) UTF-8 of a surrogate
    source = io.BytesIO(text.encode("utf-8", "surrogatepass")) if as_bytes else io.StringIO(text)
    _check_rows_within(_load("any text", source), text)


# ------------------------------------------------------------------------------------------ structured files
@dataclass
class Table:
    """A launch file under construction: header, records as cell lists, and how to write it."""

    header: list[str]
    rows: list[dict[str, str]]
    terminators: list[str]
    quote_all: bool = False
    blank_lines: list[int] = field(default_factory=list)

    def render(self) -> tuple[str, list[int]]:
        """The CSV text and the physical line where each record starts."""
        parts = [",".join(_quoted(c, self.quote_all) for c in self.header), self.terminators[0]]
        starts = []
        for i, rec in enumerate(self.rows):
            parts.append(self.terminators[0] * self.blank_lines[i] if self.blank_lines else "")
            starts.append(_lines("".join(parts)))
            parts.append(",".join(_quoted(rec.get(c, ""), self.quote_all) for c in self.header))
            parts.append(self.terminators[(i + 1) % len(self.terminators)])
        return "".join(parts), starts


def _quoted(cell: str, always: bool) -> str:
    if always or any(ch in cell for ch in ',"\r\n') or cell != cell.strip(" "):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _in_range(col: records.Column) -> st.SearchStrategy[str]:
    """A number within ``col``'s bounds, written as people write them (1100, 1,100.00, 1.1e3, 0.5)."""
    low, high = float(col.low or 0.0), float(col.high or 0.0)
    x = st.floats(low, high, exclude_max=col.high_open)
    written = st.one_of(
        x.map(repr), x.map(lambda v: f"{v:.3f}"), x.map(lambda v: f"{v:,.2f}"), x.map(lambda v: f"{v:.4e}")
    )

    def inside(s: str) -> bool:
        v = float(s.replace(",", ""))
        return low <= v <= high and not (col.high_open and v >= high)

    return written.filter(inside)


text_cell = st.one_of(st.sampled_from(PAYLOADS), hostile_text)
required_text = text_cell.filter(lambda s: s.strip(WS) != "")
multiline = st.lists(st.text(max_size=6), min_size=2, max_size=4).flatmap(
    lambda parts: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda sep: sep.join(parts))
)


def _good_cell(col: records.Column) -> st.SearchStrategy[str]:
    if col.kind == "float":
        return _in_range(col) if col.required else st.one_of(st.just(""), _in_range(col))
    if col.kind == "date":
        return st.dates(dt.date(1950, 1, 1), TODAY).map(dt.date.isoformat)
    if col.kind == "time":
        return st.one_of(st.just(""), st.times().map(lambda t: t.strftime("%H:%M")))
    if col.kind == "choice":
        pick = st.sampled_from([c for c in col.choices if c or not col.required])
        return pick.flatmap(lambda c: st.sampled_from([c, c.upper(), c.lower()]))
    if col.required:
        return required_text
    return st.one_of(text_cell, multiline)


@st.composite
def good_record(draw: st.DrawFn, extras: tuple[str, ...] = ()) -> dict[str, str]:
    rec = {c.name: draw(_good_cell(c)) for c in records.COLUMNS}
    if draw(st.booleans()):  # a reported landing point, or none: they come in pairs
        rec["landing_lat"], rec["landing_lon"] = "", ""
    elif not rec["landing_lat"] or not rec["landing_lon"]:
        rec["landing_lat"], rec["landing_lon"] = draw(_in_range(BY_NAME["landing_lat"])), "10"
    rec["notes"] = draw(st.one_of(multiline, text_cell))  # quoted fields over several lines, often
    for low, high in (("range_low_km", "range_high_km"), ("apogee_low_km", "apogee_high_km")):
        lo, hi = rec[low].strip(WS), rec[high].strip(WS)
        if lo and hi and float(lo.replace(",", "")) > float(hi.replace(",", "")):  # an interval is in order
            rec[low], rec[high] = rec[high], rec[low]
    for name in extras:
        rec[name] = draw(text_cell)
    return rec


extra_name = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda s: s.strip(WS) not in {c.name for c in records.COLUMNS} | {"row", "landing_basis", ""}
)


@st.composite
def table(draw: st.DrawFn, min_rows: int = 1, max_rows: int = 6) -> Table:
    extras = tuple(dict.fromkeys(n.strip(WS) for n in draw(st.lists(extra_name, max_size=3))))
    optional = [
        c.name for c in records.COLUMNS if not c.required and c.name not in ("landing_lat", "landing_lon")
    ]
    chosen = draw(st.lists(st.sampled_from(optional), unique=True))
    landing = ["landing_lat", "landing_lon"] if draw(st.booleans()) else []
    header = [c.name for c in records.COLUMNS if c.required] + chosen + landing + list(extras)
    header = draw(st.permutations(header))
    rows = [draw(good_record(extras)) for _ in range(draw(st.integers(min_rows, max_rows)))]
    for rec in rows:
        for name in [c.name for c in records.COLUMNS if c.name not in header]:
            rec.pop(name)
        if not landing:
            rec.pop("landing_lat", None)
            rec.pop("landing_lon", None)
    terminators = draw(st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1, max_size=3))
    blanks = draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    return Table(list(header), rows, terminators, draw(st.booleans()), blanks)


def _source(text: str, as_bytes: bool, bom: bool) -> io.StringIO | io.BytesIO:
    if as_bytes:
        return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return io.StringIO(("\ufeff" if bom else "") + text)


@pytest.mark.fuzz
@given(t=table(), as_bytes=st.booleans(), bom=st.booleans())
def test_valid_file_is_accepted_with_each_record_at_its_start_line(
    t: Table, as_bytes: bool, bom: bool
) -> None:
    text, starts = t.render()
    df = _load("valid file: accepted, rows at start lines", _source(text, as_bytes, bom))
    assert isinstance(df, pd.DataFrame), df
    assert df["row"].tolist() == starts
    for name in t.header:
        col = BY_NAME.get(name)
        given_ = [rec[name] for rec in t.rows]
        if col is None:  # unknown columns are kept as text, as given
            assert df[name].tolist() == given_
        elif col.kind == "text":
            assert df[name].tolist() == [g.strip(WS) for g in given_]
        elif col.kind == "float" and name not in ("landing_lat", "landing_lon"):
            want = [float(g.replace(",", "")) if g else None for g in given_]
            assert [None if pd.isna(v) else v for v in df[name]] == want


#: Bad values by column kind, with the value a problem should show (None: the value stripped).
BAD_FLOAT = [
    "abc",
    "12 km",
    "1_000",
    "inf",
    "-inf",
    "nan",
    "١٢",
    "12,5",
    "1,00",
    "--1",
    "1e",
    ".",
    "+",
    "0x10",
]
BAD_DATE = ["2025-13-01", "2025/01/06", "06.01.2025", "1949-12-31", "٢٠٢٥-٠١-٠٦", "yesterday", "2025-02-30"]
BAD_TIME = ["3:12", "24:00", "12:60", "noon", "١٢:٣٠", "12:30:00", "1230"]


def _bad_cell(col: records.Column, as_text: bool) -> st.SearchStrategy[tuple[str, str]]:
    """``(cell, value shown in the problem)`` for a cell of ``col`` that must be rejected."""
    families: list[st.SearchStrategy[str]] = []
    if col.kind == "float":
        out_of_range = [f"{col.low - 1:g}" if col.low is not None else "-1", "1e5000"]
        if col.high is not None:
            out_of_range.append(f"{col.high:g}" if col.high_open else f"{col.high * 1.5 + 1:g}")
        families += [st.sampled_from(BAD_FLOAT + out_of_range)]
    elif col.kind == "date":
        families += [st.sampled_from([*BAD_DATE, (TODAY + dt.timedelta(days=2)).isoformat()])]
    elif col.kind == "time":
        families += [st.sampled_from(BAD_TIME)]
    elif col.kind == "choice":
        choices = {c.lower() for c in col.choices}
        families += [
            st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12).filter(
                lambda s: s.strip(WS) != "" and s.strip(WS).lower() not in choices
            )
        ]
    if col.required:
        families += [st.sampled_from(["", "   "])]
    # whatever the column: too long, or (in a str input; bytes cannot hold them) lone surrogates
    bad = [st.one_of(families).map(lambda v: (v, v.strip(WS)))] if families else []
    bad += [st.just(("y" * 10_001, "y" * 200 + "…"))]
    if as_text:
        lone = st.sampled_from(["x\ud800", "\udfffy", "a\udc80b"])
        bad += [lone.map(lambda v: (v, v.encode("utf-8", "backslashreplace").decode()))]
    return st.one_of(bad)


@pytest.mark.fuzz
@given(t=table(2, 6), data=st.data(), as_bytes=st.booleans())
def test_bad_cell_is_rejected_at_the_line_where_its_record_starts(
    t: Table, data: st.DataObject, as_bytes: bool
) -> None:
    i = data.draw(st.integers(0, len(t.rows) - 1), label="bad record")
    column = data.draw(st.sampled_from(t.header), label="bad column")
    col = BY_NAME.get(column)
    kind = col or records.Column(name=column, kind="text")  # an unknown column is text
    bad, shown = data.draw(_bad_cell(kind, as_text=not as_bytes), label="bad value")
    if column in ("landing_lat", "landing_lon"):  # alone, the other half would be a second problem
        t.rows[i]["landing_lat"] = t.rows[i]["landing_lon"] = ""
    t.rows[i][column] = bad
    text, starts = t.render()
    source = io.BytesIO(text.encode("utf-8")) if as_bytes else io.StringIO(text)
    err = _load("one bad cell: rejected at its start line", source)
    assert isinstance(err, records.RecordError), (column, bad)
    assert [(p.row, p.column, p.value) for p in err.problems] == [(starts[i], column, shown)]


# ------------------------------------------------------------------------------------------ headers
@pytest.mark.fuzz
@given(
    t=table(1, 2),
    dupes=st.lists(st.sampled_from([c.name for c in records.COLUMNS]), max_size=2),
    reserved=st.lists(st.sampled_from(["row", "landing_basis"]), max_size=2, unique=True),
    dropped=st.lists(
        st.sampled_from([c.name for c in records.COLUMNS if c.required]), max_size=2, unique=True
    ),
    data=st.data(),
)
def test_header_with_repeats_reserved_or_missing_names_is_rejected_at_line_1(
    t: Table, dupes: list[str], reserved: list[str], dropped: list[str], data: st.DataObject
) -> None:
    header = [c for c in t.header if c not in dropped]
    for name in dupes + reserved:
        header.insert(data.draw(st.integers(0, len(header))), name)
    t.header = header
    text, _ = t.render()
    result = _load("header: repeats, reserved, missing, extras", io.StringIO(text))
    repeated = {n for n, k in collections.Counter(header).items() if k > 1}
    missing = {c.name for c in records.COLUMNS if c.required and c.name not in header}
    expected = repeated | set(reserved) | missing
    if not expected:
        assert isinstance(result, pd.DataFrame), result
        assert set(header) <= set(result.columns)  # unknown columns kept
        return
    assert isinstance(result, records.RecordError)
    assert {p.row for p in result.problems} == {1}
    assert {p.column for p in result.problems} == expected


# ------------------------------------------------------------------------------------------ text as given
@pytest.mark.fuzz
@given(
    t=table(1, 3),
    payload=st.lists(st.sampled_from(PAYLOADS), min_size=1, max_size=3).map("".join),
    around=st.tuples(st.text(max_size=4), st.text(max_size=4)),
    data=st.data(),
)
def test_hostile_text_round_trips_unchanged(
    t: Table, payload: str, around: tuple[str, str], data: st.DataObject
) -> None:
    value = (around[0] + payload + around[1]).strip(WS) or payload
    assume(value.strip(WS) == value)
    text_columns = [n for n in t.header if n not in BY_NAME or BY_NAME[n].kind == "text"]
    targets = data.draw(st.lists(st.sampled_from(text_columns), min_size=1, unique=True))
    for rec in t.rows:
        for name in targets:
            rec[name] = value
    text, _ = t.render()
    df = _load("payloads round-trip", io.StringIO(text))
    assert isinstance(df, pd.DataFrame), df
    for name in targets:
        assert df[name].tolist() == [value] * len(t.rows), name


@pytest.mark.fuzz
@given(
    cells=st.lists(
        st.lists(st.one_of(hostile_text, any_text), min_size=1, max_size=6), min_size=1, max_size=4
    ),
    t=table(1, 2),
)
def test_any_data_frame_gives_a_frame_or_a_record_error(cells: list[list[str]], t: Table) -> None:
    text, _ = t.render()
    good = records.load_launches(io.StringIO(text)).drop(columns=["row", "landing_basis"])
    width = max(len(r) for r in cells)
    hostile = pd.DataFrame([r + [""] * (width - len(r)) for r in cells], dtype=object)
    names = [str(c) for c in cells[0]] + [str(k) for k in range(len(cells[0]), width)]
    hostile.columns = pd.Index(names, dtype=object)  # pandas' own str dtype cannot hold lone surrogates
    _load("data frames", hostile)
    rows = zip(good.astype(object).itertuples(index=False), hostile.itertuples(index=False), strict=False)
    mixed = pd.DataFrame(
        [[*g, *h] for g, h in rows], columns=pd.Index([*good.columns, *names], dtype=object), dtype=object
    )
    _load("data frames", mixed)
    assert isinstance(_load("data frames", good), pd.DataFrame)  # a loaded frame loads again


@pytest.mark.fuzz
@given(t=table(1, 4), edits=st.lists(st.tuples(st.integers(0, 10_000), any_text), max_size=4))
def test_a_valid_file_with_random_edits_gives_a_frame_or_a_record_error(
    t: Table, edits: list[tuple[int, str]]
) -> None:
    text, _ = t.render()
    for at, insert in edits:  # insert, overwriting 0 to 2 characters
        at %= len(text) + 1
        text = text[:at] + insert + text[at + len(insert) % 3 :]
    _check_rows_within(_load("valid file with random edits", io.StringIO(text)), text)


# ------------------------------------------------------------------------------------------ linear cost
HEADER = "event_id,date,missile,class,site,site_lat,site_lon,estimate_by,source_url,notes"


def _row(lat: str = "39", notes: str = "n") -> str:
    return f'e,2020-01-01,X,SRBM,s,{lat},125,JCS,https://x,"{notes}"'


#: name -> (CSV of size about n, n of the small and of the big file); the big one is ten times larger.
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "digits then a letter, in a number": (
        lambda n: HEADER + "\n" + "\n".join(_row("1" * n + "x") for _ in range(20)),
        900,
    ),
    "thousands groups then a letter": (
        lambda n: HEADER + "\n" + "\n".join(_row('"1' + ",000" * (n // 4) + 'x"') for _ in range(20)),
        900,
    ),
    "a header of many extra columns": (
        lambda n: HEADER + "," + ",".join(f"x{i}" for i in range(n)) + "\n" + _row() + "," * n,
        500,
    ),
    "many records": (lambda n: HEADER + "\n" + "\n".join(_row() for _ in range(n)), 500),
    "many quoted fields over lines": (
        lambda n: HEADER + "\n" + "\n".join(_row(notes="a\nb\r\nc\rd") for _ in range(n)),
        500,
    ),
    "many rejected records": (lambda n: HEADER + "\n" + "\n".join(_row(lat="abc") for _ in range(n)), 500),
    "long text cells": (lambda n: HEADER + "\n" + "\n".join(_row(notes="t" * n) for _ in range(20)), 900),
}


def _best_time(text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        _load("linear cost", io.StringIO(text))
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.fuzz
@given(shape=st.sampled_from(sorted(SHAPES)))
def test_cost_is_linear_in_input_size(shape: str) -> None:
    # not a wall-clock budget (the machine is noisy): ten times the input must cost well under 100 times
    make, n = SHAPES[shape]
    small, big = make(n), make(10 * n)
    assert 8 < len(big) / len(small) < 12
    ratio = _best_time(big) / _best_time(small)
    assert ratio < 30, f"{shape}: 10x the input cost {ratio:.0f}x the time"
