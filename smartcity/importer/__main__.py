"""``python -m smartcity.importer``: see :mod:`smartcity.importer.cli`."""

import sys

from .cli import main

sys.exit(main())
