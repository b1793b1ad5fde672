"""Importers: other launch datasets into trajmap's schema, each row with its provenance and each rejected
row with its reasons.

- :func:`read_nagix`: the nagix/nk-missile-tests JSON record (:mod:`trajmap.importers.nagix`);
- :func:`read_cns`: the CNS North Korea Missile Test Database, CSV export or NTI xlsx
  (:mod:`trajmap.importers.cns`);
- :func:`read_mapped`: any CSV or XLSX through a column mapping (:mod:`trajmap.importers.mapping`);
- :func:`trajmap.records.read_launches`: trajmap's own CSV;
- :func:`merge`: another dataset's events matched to ours (:mod:`trajmap.importers.merge`).

Each returns a :class:`trajmap.records.LaunchImport`. :mod:`trajmap.importers.common` holds what they share.
"""

from trajmap.importers.cns import read_cns
from trajmap.importers.common import (
    SourceRow,
    Unsupported,
    file_version,
    file_version_of,
    finish,
    number_text,
)
from trajmap.importers.mapping import read_mapped, read_table, suggest_mapping
from trajmap.importers.merge import Merged, merge
from trajmap.importers.nagix import DATASET as NAGIX_DATASET
from trajmap.importers.nagix import NagixFiles, read_nagix
from trajmap.importers.nagix import parse_files as parse_nagix

__all__ = [
    "NAGIX_DATASET",
    "Merged",
    "NagixFiles",
    "SourceRow",
    "Unsupported",
    "file_version",
    "file_version_of",
    "finish",
    "merge",
    "number_text",
    "parse_nagix",
    "read_cns",
    "read_mapped",
    "read_nagix",
    "read_table",
    "suggest_mapping",
]
