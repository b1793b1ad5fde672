"""``python -m trajmap``: the same as the ``trajmap`` command (see :mod:`trajmap.cli`)."""

from __future__ import annotations

import sys

from trajmap.cli import main

if __name__ == "__main__":
    sys.exit(main())
