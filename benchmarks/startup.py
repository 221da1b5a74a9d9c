"""Start-up speed (issue 2): djdesk against a bare PySide6 QMainWindow, measured in the same run.

Each figure is the time from spawning a fresh interpreter to the event, median of N runs:

- bare:    a bare ``QMainWindow`` shown, to its first paint;
- paint:   djdesk's main window (through ``run_gui``), to its first paint;
- members: until the 党员 tab shows every member of a 10,000-member database.

Targets: paint ≤ 1.5× bare; members ≤ 3× bare.

With a 50,000-member database (``--big-members``), issue "backups":

- paint and members on the big database against the same bare window (paint target ≤ 1.5×);
- (a) the start-up checks and the daily backup happen after the first paint and add nothing to
  it: djdesk's first paint with no backup for today in ``backups/`` (so the daily backup runs,
  after the store opens) against the first paint with today's backup already there (it is
  skipped). Both runs use the same instrumented script, which records when SQLite connections
  are opened (an audit hook: the ``quick_check`` at start-up, the backup's ``.part`` copy) and
  waits until the backup is in place before closing. The two alternate (ABBA), ``--backup-runs``
  of each, as first paint varies a lot on a busy machine. Target: ratio of medians ≤ 1.10 (≈ 1);
- (b) the daily backup itself (``djdesk.services.backups.daily_backup``: the SQLite backup API,
  ``journal_mode=DELETE`` on the copy, ``PRAGMA integrity_check`` of the copy, rename, rotation)
  against a bare ``src.backup(dst)`` of the same file in this process, for information (the ≤ 2×
  target was withdrawn when integrity_check of the copy was kept: issue 12). The
  ``integrity_check`` and the ``quick_check`` of the same copy are timed too, to show where the
  time goes.

Usage: python3 benchmarks/startup.py [--members 10000] [--big-members 50000] [--runs 7] [--backup-runs 15]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
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


# djdesk on the big database, instrumented: when each SQLite connection is opened (an audit hook,
# installed before anything else so both variants carry the same cost), first paint, all members
# shown, store ready; the window closes once today's backup is in place and no background task is
# running any more.
DJDESK_BACKUP = r"""
import sys, time
from pathlib import Path
connects = []
def audit(event, args):
    if event == "sqlite3.connect":
        connects.append((time.time(), str(args[0])))
sys.addaudithook(audit)
from djdesk.app import run_gui
from djdesk.paths import DataPaths
from PySide6.QtCore import QThreadPool, QTimer

paths = DataPaths(Path(sys.argv[1]))
seen = {}
daily = paths.backups / sys.argv[2]
part = daily.with_name(daily.name + ".part")

def hook(window):
    window.first_painted.connect(lambda: print("paint", time.time(), flush=True))
    window.data_loaded.connect(lambda n: print("members", time.time(), n, flush=True))
    def ready():
        print("store", time.time(), flush=True)
        timer = QTimer(window)
        def poll():
            if daily.exists() and not part.exists() and "done" not in seen:
                seen["done"] = time.time()
            if "done" in seen and QThreadPool.globalInstance().activeThreadCount() == 0:
                timer.stop()
                print("backup_in_place", seen["done"], flush=True)
                for at, name in connects:
                    print("connect", at, name, flush=True)
                window.close()
        timer.timeout.connect(poll)
        timer.start(5)
    window.store_ready.connect(ready)

sys.exit(run_gui(paths, window_hook=hook))
"""

EVENTS = ("paint", "members", "store", "backup_in_place")


CRASHES: list[str] = []  # children that died of a signal (and were run again)


def _spawn(script: str, *args: str) -> tuple[float, str]:
    for _attempt in range(3):
        start = time.time()
        done = subprocess.run([sys.executable, "-X", "faulthandler", "-c", script, *args], capture_output=True,
                              text=True, timeout=120, check=False)
        if done.returncode >= 0:
            done.check_returncode()
            return start, done.stdout
        CRASHES.append(f"signal {-done.returncode}:\n{done.stderr[-4000:]}")
    raise RuntimeError(f"the child crashed three times running the same script:\n{CRASHES[-1]}")


def _run(script: str, *args: str) -> dict[str, float]:
    start, out = _spawn(script, *args)
    events: dict[str, float] = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] in EVENTS:
            events[parts[0]] = float(parts[1]) - start
            if parts[0] == "members":
                events["count"] = float(parts[2])
        elif parts and parts[0] == "connect":
            at, name = float(parts[1]) - start, " ".join(parts[2:])
            if "quick_check" not in events and "mode=ro" in name:
                events["quick_check"] = at  # the first connection: ensure_sound's quick_check
            elif "quick_check" in events and "quick_check_done" not in events:
                events["quick_check_done"] = at  # the next one (the lock probe) follows it
            if name.endswith(".part") and "backup_start" not in events:
                events["backup_start"] = at
    return events


def _bare_backup(src: Path, dst: Path) -> float:
    dst.unlink(missing_ok=True)
    start = time.perf_counter()
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    a.backup(b)
    a.close()
    b.close()
    elapsed = time.perf_counter() - start
    dst.unlink()
    return elapsed


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--big-members", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--backup-runs", type=int, default=15, help="runs of each variant for (a)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from djdesk.paths import DataPaths
    from djdesk.services.backups import daily_backup, daily_name
    from djdesk.services.database import open_store
    from djdesk.services.demo import fill_synthetic
    from djdesk.store.backup import integrity_check, quick_check

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        store = open_store(DataPaths(data))
        fill_synthetic(store.sessions, args.members)
        store.close()
        big = DataPaths(Path(tmp) / "big")
        store = open_store(big)
        fill_synthetic(store.sessions, args.big_members)
        store.close()
        today = daily_name(dt.date.today())  # the name the GUI's daily backup uses
        todays_backup = big.backups / today
        # Warm the file cache and .pyc files once for all.
        _run(BARE)
        _run(DJDESK, str(data))
        _run(DJDESK, str(big.root))
        _run(DJDESK_BACKUP, str(big.root), today)
        bare, paint, shown = [], [], []
        big_paint, big_shown = [], []
        with_backup: list[dict[str, float]] = []  # no backup for today yet: the daily backup runs
        without: list[dict[str, float]] = []  # today's backup already there: skipped
        for _ in range(args.runs):
            bare.append(_run(BARE)["paint"])
            ev = _run(DJDESK, str(data))
            assert int(ev["count"]) == args.members, ev
            paint.append(ev["paint"])
            shown.append(ev["members"])
            ev = _run(DJDESK, str(big.root))
            assert int(ev["count"]) == args.big_members, ev
            big_paint.append(ev["paint"])
            big_shown.append(ev["members"])
        for run in range(args.backup_runs):
            # The two variants alternate which goes first (ABBA), so neither always follows the other.
            for backup_runs in ((True, False) if run % 2 == 0 else (False, True)):
                if backup_runs:
                    todays_backup.unlink(missing_ok=True)
                ev = _run(DJDESK_BACKUP, str(big.root), today)
                assert ("backup_start" in ev) == backup_runs and int(ev["count"]) == args.big_members, ev
                assert todays_backup.exists()
                (with_backup if backup_runs else without).append(ev)

        # (b) the daily backup against a bare SQLite backup of the same file, in this process.
        plain, daily, checks, quicks = [], [], [], []
        copy = Path(tmp) / "bare-copy.sqlite3"
        day = dt.date(2000, 1, 1)
        _bare_backup(big.database, copy)
        for _ in range(args.runs):
            plain.append(_bare_backup(big.database, copy))
            target = big.backups / daily_name(day)
            target.unlink(missing_ok=True)
            start = time.perf_counter()
            made = daily_backup(big, day)
            daily.append(time.perf_counter() - start)
            assert made == target
            start = time.perf_counter()
            assert integrity_check(target) == []
            checks.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert quick_check(target) == []
            quicks.append(time.perf_counter() - start)
        size = big.database.stat().st_size

    def med(values: list[float]) -> float:
        return statistics.median(values)

    def med_of(events: list[dict[str, float]], key: str) -> float:
        return statistics.median(e[key] for e in events)

    b, p, m = med(bare), med(paint), med(shown)
    print(f"platform: {os.environ['QT_QPA_PLATFORM']}, members: {args.members}, runs: {args.runs}")
    print(f"bare QMainWindow first paint:  {b * 1000:7.0f} ms")
    print(f"djdesk first paint:            {p * 1000:7.0f} ms   ratio {p / b:.2f} (target <= 1.5)")
    print(f"djdesk all members shown:      {m * 1000:7.0f} ms   ratio {m / b:.2f} (target <= 3.0)")

    bp, bm = med(big_paint), med(big_shown)
    print()
    print(f"big database: {args.big_members} members, {size / 1e6:.1f} MB (baseline: the same bare QMainWindow)")
    print(f"djdesk first paint:            {_ms(bp)}   ratio {bp / b:.2f} (target <= 1.5)")
    print(f"djdesk all members shown:      {_ms(bm)}   ratio {bm / b:.2f} (for information)")

    w_paint, n_paint = med_of(with_backup, "paint"), med_of(without, "paint")
    print()
    print(f"(a) daily backup and quick_check after the first paint ({args.backup_runs} instrumented runs of each, "
          "medians from spawn):")
    w_min, n_min = min(e["paint"] for e in with_backup), min(e["paint"] for e in without)
    print(f"first paint, today's backup already there (baseline): {_ms(n_paint)}   (fastest {_ms(n_min)})")
    print(f"first paint, daily backup runs at this start:         {_ms(w_paint)}   (fastest {_ms(w_min)})   "
          f"ratio {w_paint / n_paint:.2f} (target <= 1.10; fastest {w_min / n_min:.2f})")
    for label, events in (("backup runs", with_backup), ("backup there", without)):
        qc_after = sum(e["quick_check"] >= e["paint"] for e in events)
        line = (f"  {label:12s}: paint {_ms(med_of(events, 'paint'))}, quick_check "
                f"{_ms(med_of(events, 'quick_check'))} .. {_ms(med_of(events, 'quick_check_done'))} "
                f"(after the paint in {qc_after}/{len(events)} runs), members {_ms(med_of(events, 'members'))}, "
                f"store {_ms(med_of(events, 'store'))}")
        if label == "backup runs":
            after = sum(e["backup_start"] >= e["paint"] for e in events)
            line += (f", backup {_ms(med_of(events, 'backup_start'))} .. {_ms(med_of(events, 'backup_in_place'))} "
                     f"(after the paint in {after}/{len(events)} runs)")
        print(line)

    pb, db_, ic, qc = med(plain), med(daily), med(checks), med(quicks)
    print()
    print(f"(b) daily backup of the {size / 1e6:.1f} MB database:")
    print(f"bare sqlite3 src.backup(dst) (baseline): {_ms(pb)}")
    # The ≤ 2× target for the backup was withdrawn (issue 12: integrity_check on the copy stays; it runs
    # in the background after the first paint, part (a) shows it costs the paint nothing).
    print(f"daily_backup (backup + integrity_check): {_ms(db_)}   ratio {db_ / pb:.2f} (for information)")
    print(f"  integrity_check of the copy alone:     {_ms(ic)}   ratio {ic / pb:.2f}")
    print(f"  quick_check of the copy alone:         {_ms(qc)}   ratio {qc / pb:.2f}")

    if CRASHES:
        print()
        print(f"children that crashed (run again, not in the figures): {len(CRASHES)}; the first:")
        print(CRASHES[0])

    ok = p / b <= 1.5 and m / b <= 3.0 and bp / b <= 1.5 and w_paint / n_paint <= 1.10
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
