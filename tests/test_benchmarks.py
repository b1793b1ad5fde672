"""The benchmark's smoke run (seconds, no browser): it produces its table with every row and budget. The
timings themselves are not asserted (the machine is shared); only that each part runs and reports."""

from __future__ import annotations

import pytest

from benchmarks import __main__ as bench


def test_benchmark_smoke_prints_the_table(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    out_md = tmp_path / "bench.md"
    assert bench.main(["--smoke", "--write", str(out_md)]) == 0
    out = capsys.readouterr().out
    assert "| figure | trajmap | baseline | ratio / size | budget | result |" in out
    for figure in ("AppTest rerun after a filter change", "bytes per rerun", "geometry, synthetic 200",
                   "geometry growth exponent"):  # fmt: skip
        assert figure in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 3 + 3 * 2 + 1  # apptest (2), bytes, 3 sizes x (all, geodesics), exponent
    assert all(line.rstrip(" |").endswith(("pass", "FAIL")) for line in rows)
    text = out_md.read_text()
    assert bench.START in text
    assert bench.END in text
    assert bench.main(["--smoke", "--parts", "geometry", "--write", str(out_md)]) == 0  # replaced, not added
    assert out_md.read_text().count(bench.START) == 1


def test_benchmark_rejects_an_unknown_part() -> None:
    with pytest.raises(SystemExit):
        bench.main(["--parts", "nope"])
