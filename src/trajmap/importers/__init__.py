"""Importers: other launch datasets into trajmap's schema, each row with its provenance and each rejected
row with its reasons.

- :func:`read_nagix`: the nagix/nk-missile-tests JSON record (:mod:`trajmap.importers.nagix`);
- :func:`read_cns`: the CNS North Korea Missile Test Database, CSV export or NTI xlsx
  (:mod:`trajmap.importers.cns`);
- :func:`read_mapped`: any CSV or XLSX through a column mapping (:mod:`trajmap.importers.mapping`);
- :func:`trajmap.records.read_launches`: trajmap's own CSV.

Each returns a :class:`trajmap.records.LaunchImport`. :mod:`trajmap.importers.common` holds what they share.
"""

from trajmap.importers.common import SourceRow, Unsupported, file_version, finish, number_text
from trajmap.importers.nagix import DATASET as NAGIX_DATASET
from trajmap.importers.nagix import NagixFiles, read_nagix

__all__ = [
    "NAGIX_DATASET",
    "NagixFiles",
    "SourceRow",
    "Unsupported",
    "file_version",
    "finish",
    "number_text",
    "read_nagix",
]
