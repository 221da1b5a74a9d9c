"""The start-up path reads the roster without importing SQLAlchemy (design.md, Start-up)."""

from __future__ import annotations

import subprocess
import sys

from djdesk.paths import DataPaths
from djdesk.services.members import list_members
from djdesk.services.startup import read_snapshot


def test_snapshot_reads_demo_without_sqlalchemy(demo_paths: DataPaths) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from djdesk.paths import DataPaths\n"
        "from djdesk.services.startup import prepare, read_snapshot\n"
        f"paths = DataPaths(Path({str(demo_paths.root)!r}))\n"
        "prepare(paths); snap = read_snapshot(paths)\n"
        "print(len(snap.members), len(snap.orgs), 'sqlalchemy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    members, orgs, sa_loaded = int(out[0]), int(out[1]), out[2]
    assert members == len(list_members(demo_paths.database)) > 300
    assert orgs >= 20
    assert sa_loaded == "False"


def test_snapshot_matches_the_roster(demo_paths: DataPaths) -> None:
    snap = read_snapshot(demo_paths)
    assert not snap.empty
    by_branch: dict[int, int] = {}
    for m in snap.members:
        by_branch[m.branch_id] = by_branch.get(m.branch_id, 0) + 1
    for org in snap.orgs:
        if org.kind.is_branch:
            # A branch's count in the tree equals the members listed in it.
            assert org.members == by_branch.get(org.id, 0), org.name
    assert sum(o.members for o in snap.orgs if o.depth == 0) == len(snap.members)
