"""A roster import planned in a child process, measured: no tests here (issue 12 point 4).

A file that makes the reader abort (a Rust allocation failure is SIGABRT) or eat memory must fail
its test, not take the test runner with it; and the child is where time and peak memory can be
measured. :func:`plan_in_child` runs this module as a script::

    python -m tests.services.import_child DATA_DIR FILE [plan|inspect]

It opens a fresh database with the small tree of the roster tests, plans an import of FILE (or
inspects it, as the wizard's first step does), and prints one JSON line: ``outcome`` ("refused",
"planned", "inspected"), ``message``, ``unchanged`` (the database snapshot the same before and
after), ``seconds`` (of the plan or inspection alone) and ``peak_mb`` (the child's peak RSS, interpreter and
imports included: about 60 MB for a two-row roster).
On Linux the child's address space is limited (4 GB), so a reader that tries to allocate more
fails fast instead of making the machine swap.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ADDRESS_LIMIT = 4 * 1024**3


@dataclass
class ChildResult:
    returncode: int
    report: dict[str, Any]
    stderr: str

    @property
    def message(self) -> str:
        return str(self.report.get("message", ""))


def _limit() -> None:  # runs in the child before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))


def plan_in_child(data_dir: Path, file: Path, mode: str = "plan", timeout: float = 120) -> ChildResult:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "tests.services.import_child", str(data_dir), str(file), mode],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, check=False,
        preexec_fn=_limit if sys.platform.startswith("linux") else None,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return ChildResult(done.returncode, json.loads(lines[-1]) if lines else {}, done.stderr[-2000:])


def peak_mb() -> float:
    """This process's peak RSS: VmHWM on Linux (``ru_maxrss`` there keeps the parent's peak across
    fork and exec), else ``ru_maxrss``; 0 where neither exists (Windows: not measured)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str]) -> int:
    from djdesk.domain.errors import InputError
    from djdesk.paths import DataPaths
    from djdesk.services.roster_import import inspect_file, plan_import
    from tests.services.test_roster_import_support import TODAY, open_fresh, snapshot

    data_dir, file, mode = Path(argv[0]), Path(argv[1]), (argv[2] if len(argv) > 2 else "plan")
    paths = DataPaths(data_dir)
    paths.ensure()
    store, _ids = open_fresh(paths)
    report: dict[str, Any] = {}
    try:
        before = snapshot(store.sessions)
        start = time.perf_counter()
        try:
            if mode == "inspect":
                infos = inspect_file(file, store.sessions)
                report.update(outcome="inspected", sheets=[[i.name, i.data_rows] for i in infos])
            else:
                plan = plan_import(store.sessions, file, today=TODAY)
                report.update(outcome="planned", created=plan.created, invalid=plan.invalid,
                              errors=[m.message for r in plan.rows for m in r.errors][:20])
        except InputError as exc:
            report.update(outcome="refused", message=exc.message)
        report["seconds"] = round(time.perf_counter() - start, 3)
        report["unchanged"] = snapshot(store.sessions) == before
    finally:
        store.close()
    report["peak_mb"] = round(peak_mb(), 1)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
