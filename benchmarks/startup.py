"""Start-up speed (issue 2): djdesk against a bare PySide6 QMainWindow, measured in the same run.

Each figure is the time from spawning a fresh interpreter to the event, median of N runs:

- bare:    a bare ``QMainWindow`` shown, to its first paint;
- paint:   djdesk's main window (through ``run_gui``), to its first paint;
- members: until the 党员 tab shows every member of a 10,000-member database.

Targets: paint ≤ 1.5× bare; members ≤ 3× bare.
Usage: python3 benchmarks/startup.py [--members 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = r"""
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
class W(QMainWindow):
    done = False
    def paintEvent(self, e):
        super().paintEvent(e)
        if not self.done:
            self.done = True
            print("paint", time.time(), flush=True)
            app.quit()
app = QApplication(sys.argv[:1])
w = W(); w.resize(1100, 720); w.show()
app.exec()
"""

DJDESK = r"""
import sys, time
from pathlib import Path
from djdesk.app import run_gui
from djdesk.paths import DataPaths

def hook(window):
    window.first_painted.connect(lambda: print("paint", time.time(), flush=True))
    def shown(n):
        print("members", time.time(), n, flush=True)
        window.close()
    window.data_loaded.connect(shown)

sys.exit(run_gui(DataPaths(Path(sys.argv[1])), window_hook=hook))
"""


def _run(script: str, *args: str) -> dict[str, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    events: dict[str, float] = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in ("paint", "members"):
            events[parts[0]] = float(parts[1]) - start
            if parts[0] == "members":
                events["count"] = float(parts[2])
    return events


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from djdesk.paths import DataPaths
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_synthetic

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        store = open_store(DataPaths(data))
        fill_synthetic(store.sessions, args.members)
        store.close()
        # Warm the file cache and .pyc files once for both.
        _run(BARE)
        _run(DJDESK, str(data))
        bare, paint, shown = [], [], []
        for _ in range(args.runs):
            bare.append(_run(BARE)["paint"])
            ev = _run(DJDESK, str(data))
            assert int(ev["count"]) == args.members, ev
            paint.append(ev["paint"])
            shown.append(ev["members"])
    b, p, m = statistics.median(bare), statistics.median(paint), statistics.median(shown)
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, members: {args.members}, runs: {args.runs}")
    print(f"bare QMainWindow first paint:  {b * 1000:7.0f} ms")
    print(f"djdesk first paint:            {p * 1000:7.0f} ms   ratio {p / b:.2f} (target <= 1.5)")
    print(f"djdesk all members shown:      {m * 1000:7.0f} ms   ratio {m / b:.2f} (target <= 3.0)")
    return 0 if p / b <= 1.5 and m / b <= 3.0 else 1


if __name__ == "__main__":
    sys.exit(main())
