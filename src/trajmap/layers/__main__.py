"""``python -m trajmap.layers``: list, download or import the reference layers."""

import sys

from trajmap.layers.cache import main

sys.exit(main())
