"""Launch records: the schema of a launch estimate, and loading with validation in one place.

A *launch estimate* is one row: one event (``event_id``) as estimated by one source (``estimate_by``).
Where South Korea's JCS, Japan's MOD and KCNA disagree about the same launch, the event has one row per
estimate. :func:`load_launches` reads a CSV (path, file object or DataFrame), checks every cell once and
returns a typed :class:`pandas.DataFrame`, or raises :class:`RecordError` listing every problem;
:func:`read_launches` keeps the good rows and reports the rejected ones (for importers and uploads).

- :mod:`trajmap.records.schema`: the columns, their values, :class:`LaunchEstimate`, the problems;
- :mod:`trajmap.records.reading`: a file's text and CSV records, with their line numbers;
- :mod:`trajmap.records.loading`: validation, derived landing points, writing back to CSV;
- :mod:`trajmap.records.points`: curated tables of named places (sites, targets, places).
"""

from trajmap.records.loading import (
    LaunchImport,
    default_launches_path,
    estimates,
    load_launches,
    read_launches,
    to_csv,
)
from trajmap.records.points import default_sites_path, load_points, load_sites
from trajmap.records.schema import (
    CLASSES,
    COLUMNS,
    JAPAN_EEZ_STATEMENTS,
    OUTCOMES,
    PAYLOADS,
    Column,
    JapanEez,
    LandingBasis,
    LaunchEstimate,
    MissileClass,
    Outcome,
    Payload,
    RecordError,
    RecordProblem,
)

__all__ = [
    "CLASSES",
    "COLUMNS",
    "JAPAN_EEZ_STATEMENTS",
    "OUTCOMES",
    "PAYLOADS",
    "Column",
    "JapanEez",
    "LandingBasis",
    "LaunchEstimate",
    "LaunchImport",
    "MissileClass",
    "Outcome",
    "Payload",
    "RecordError",
    "RecordProblem",
    "default_launches_path",
    "default_sites_path",
    "estimates",
    "load_launches",
    "load_points",
    "load_sites",
    "read_launches",
    "to_csv",
]
