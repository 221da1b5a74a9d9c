"""Entry script of the frozen build: both ``djdesk`` (windowed) and ``djdesk-cli`` (console) run it.

It lives outside the ``djdesk`` package on purpose: PyInstaller puts the entry script's folder on
its search path, and ``djdesk/__main__.py`` would make ``paths``, ``cli``, ``app``… importable as
top-level modules in the analysis.
"""

import sys

from djdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
