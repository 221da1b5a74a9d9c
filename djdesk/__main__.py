"""``python -m djdesk`` runs the command line (no arguments opens the GUI)."""

import sys

from djdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
