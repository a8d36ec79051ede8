"""`python -m tianyuan …` is the `tianyuan` command."""

import sys

from tianyuan.cli import main

sys.exit(main())
