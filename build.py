"""Agenda CSTI Grand Est: `python build.py [build|serve|check|new]` (see README.md)."""

import sys

from agenda.cli import main

if __name__ == "__main__":
    sys.exit(main())
