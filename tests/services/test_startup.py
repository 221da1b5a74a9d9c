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


def test_roster_read_matches_the_database_row_by_row(demo_paths: DataPaths) -> None:
    """The start-up read (plain sqlite3, no joins, ordered in Python) against the ORM: the same
    members, in the order of their organisation's sort order, then organisation, then id, with
    the organisation and 党小组 names and every field the roster shows."""
    from sqlalchemy import select, update

    from djdesk.domain.enums import RosterStatus
    from djdesk.services.database import open_store
    from djdesk.store.models_member import Member
    from djdesk.store.models_org import Organization

    store = open_store(demo_paths)
    try:
        with store.sessions.begin() as session:
            # Shuffle the organisations' sort order so that it differs from id order, and put one
            # member in the 回收站 and one among the 历史党员.
            orgs = session.scalars(select(Organization)).all()
            for org in orgs:
                org.sort_order = (org.id * 7) % 5
            first, second = session.scalars(select(Member).order_by(Member.id).limit(2)).all()
            session.execute(update(Member).where(Member.id == first.id).values(deleted_at=first.created_at))
            session.execute(
                update(Member).where(Member.id == second.id).values(roster_status=RosterStatus.TRANSFERRED_OUT))
        with store.sessions() as session:
            org_by_id = {o.id: o for o in session.scalars(select(Organization))}
            expected = sorted(
                session.scalars(select(Member).where(Member.deleted_at.is_(None))).all(),
                key=lambda m: (org_by_id[m.organization_id].sort_order, m.organization_id, m.id),
            )
            rows = list_members(demo_paths.database, history=True)
            assert [r.id for r in rows] == [m.id for m in expected]
            assert first.id not in {r.id for r in rows}
            assert [r.id for r in list_members(demo_paths.database)] == [
                m.id for m in expected if m.roster_status is RosterStatus.ACTIVE]
            grouped = 0
            for row, member in zip(rows, expected, strict=True):
                branch = org_by_id[member.organization_id]
                assert (row.name, row.gender, row.id_number, row.category) == (
                    member.name, member.gender, member.id_number, member.category)
                assert (row.joined_on, row.confirmed_on, row.birth_date) == (
                    member.joined_on, member.confirmed_on, member.birth_date)
                assert (row.branch, row.branch_short) == (branch.name, branch.short_name or branch.name)
                assert (row.standing, row.employment, row.roster_status) == (
                    member.standing, member.employment, member.roster_status)
                if member.group_id is not None:
                    grouped += 1
                    assert row.group == org_by_id[member.group_id].name
                else:
                    assert row.group is None
            assert grouped > 100
    finally:
        store.close()
