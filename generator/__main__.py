"""`python -m generator` runs the factsheet command line."""

import sys

from .cli import main

sys.exit(main())
