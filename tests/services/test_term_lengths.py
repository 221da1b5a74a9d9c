"""R-ORG-5/R-ORG-6: a term's length is fixed when the term is elected. Changing 设置 afterwards changes
only the terms elected after the change; every term already running keeps the end it had.

The expected ends are counted by hand (elected on 2023-03-15 for 3 years ends on 2026-03-15), never by
the code under test.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

from djdesk.domain.enums import CommitteeRole, MemberCategory, OrgKind
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.org_info import org_overview
from djdesk.services.org_terms import CandidateInput, ElectionInput, record_election, set_term
from djdesk.services.settings import save_setting
from djdesk.store.migrate import current_revision
from djdesk.store.models import Member

TODAY = dt.date(2026, 6, 1)
FIXTURE_0001 = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "0001.sqlite3"


def _branch_with_members(store: Store) -> tuple[int, int, list[int]]:
    s = store.sessions
    root = create_org(s, OrgFields("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE, short_name="机关党委"), None,
                      today=TODAY)
    branch = create_org(s, OrgFields("办公室支部委员会", OrgKind.BRANCH, short_name="办公室支部"), root, today=TODAY)
    with s.begin() as session:
        people = [Member(name=n, category=MemberCategory.FULL, organization_id=branch)
                  for n in ("张伟", "王芳", "李娜", "刘洋", "陈静")]
        session.add_all(people)
        session.flush()
        ids = [m.id for m in people]
    return root, branch, ids


def _elect(store: Store, org_id: int, members: list[int], held: dt.date, term: int) -> None:
    data = ElectionInput(held_on=held, term_number=term, entitled=5, present=5,
                         candidates=[CandidateInput("张伟", 5, members[0], CommitteeRole.SECRETARY)])
    record_election(store.sessions, org_id, data, today=TODAY)


def _stored_years(db: Path) -> dict[str, int | None]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {name: years for name, years in conn.execute("SELECT name, term_years FROM organizations")}
    finally:
        conn.close()


def test_r_org_5_changing_the_setting_keeps_the_end_of_an_elected_term(store: Store) -> None:
    _root, branch, members = _branch_with_members(store)
    _elect(store, branch, members, dt.date(2023, 3, 15), 3)  # 党支部: 3 years by default
    save_setting(store.sessions, "term.years.BRANCH", 5)  # the province moves to 5 years later on
    term = org_overview(store.sessions, branch, TODAY).term
    assert (term.years, term.end) == (3, dt.date(2026, 3, 15))
    assert _stored_years(store.paths.database)["办公室支部委员会"] == 3


def test_r_org_5_a_term_elected_after_the_change_takes_the_new_length(store: Store) -> None:
    _root, branch, members = _branch_with_members(store)
    _elect(store, branch, members, dt.date(2023, 3, 15), 3)
    save_setting(store.sessions, "term.years.BRANCH", 5)
    _elect(store, branch, members, dt.date(2026, 4, 1), 4)
    term = org_overview(store.sessions, branch, TODAY).term
    assert (term.number, term.years, term.end) == (4, 5, dt.date(2031, 4, 1))


def test_r_org_5_an_older_election_entered_later_leaves_the_current_length(store: Store) -> None:
    _root, branch, members = _branch_with_members(store)
    _elect(store, branch, members, dt.date(2023, 3, 15), 3)
    save_setting(store.sessions, "term.years.BRANCH", 4)
    _elect(store, branch, members, dt.date(2020, 3, 10), 2)  # for the record only
    term = org_overview(store.sessions, branch, TODAY).term
    assert (term.number, term.years, term.end) == (3, 3, dt.date(2026, 3, 15))


def test_r_org_6_correcting_the_election_date_keeps_the_stored_length(store: Store) -> None:
    _root, branch, members = _branch_with_members(store)
    _elect(store, branch, members, dt.date(2023, 3, 15), 3)
    save_setting(store.sessions, "term.years.BRANCH", 5)
    set_term(store.sessions, branch, 3, dt.date(2023, 3, 20), today=TODAY)  # a typo in the date, corrected
    term = org_overview(store.sessions, branch, TODAY).term
    assert (term.years, term.end) == (3, dt.date(2026, 3, 20))


def test_r_org_5_the_demo_stores_each_terms_length(opened: Store) -> None:
    """The demo's elections store the length in force: 3 years for 党支部 and 党总支, 5 for the 机关党委
    (the demo database of tests/conftest.py is made with the default settings)."""
    conn = sqlite3.connect(f"file:{opened.paths.database}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT kind, term_years, term_elected_on FROM organizations").fetchall()
    finally:
        conn.close()
    expected = {"BRANCH": 3, "GENERAL_BRANCH": 3, "ORGAN_COMMITTEE": 5, "GROUP": None}
    assert rows and all(years == expected[kind] for kind, years, _on in rows), rows
    assert all(on is not None for kind, _years, on in rows if kind != "GROUP")


def test_r_org_5_demo_terms_keep_their_end_when_the_setting_changes(opened: Store) -> None:
    conn = sqlite3.connect(f"file:{opened.paths.database}?mode=ro", uri=True)
    try:
        org_id, elected = conn.execute(
            "SELECT id, term_elected_on FROM organizations WHERE kind = 'BRANCH' ORDER BY id LIMIT 1").fetchone()
    finally:
        conn.close()
    on = dt.date.fromisoformat(elected)
    save_setting(opened.sessions, "term.years.BRANCH", 5)
    term = org_overview(opened.sessions, org_id, TODAY).term
    assert term.end == on.replace(year=on.year + 3)


def test_r_org_5_migration_0002_stores_the_length_of_every_current_term(tmp_path: Path) -> None:
    """A database of the released schema 0001 (no stored lengths): the migration stores, for each
    organisation with a recorded election, the length its kind has in 设置 then (党支部 changed to 4 in
    this copy), or the default (党总支 3, 机关党委 5). 党小组 have no term; a length already stored stays."""
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURE_0001, paths.database)
    conn = sqlite3.connect(paths.database)
    try:
        conn.execute("INSERT INTO settings (key, value) VALUES ('term.years.BRANCH', '4')")
        kept = conn.execute("SELECT name FROM organizations WHERE kind = 'BRANCH' ORDER BY id").fetchone()[0]
        conn.execute("UPDATE organizations SET term_years = 2 WHERE name = ?", (kept,))
        conn.execute("UPDATE organizations SET term_elected_on = NULL "
                     "WHERE id = (SELECT max(id) FROM organizations WHERE kind = 'BRANCH')")
        unelected = conn.execute("SELECT name FROM organizations WHERE kind = 'BRANCH' ORDER BY id DESC").fetchone()[0]
        kinds = dict(conn.execute("SELECT name, kind FROM organizations").fetchall())
        conn.commit()
    finally:
        conn.close()
    assert current_revision(paths.database) == "0001"

    open_store(paths).close()

    assert current_revision(paths.database) == "0002"
    years = _stored_years(paths.database)
    for name, kind in kinds.items():
        if name == kept:
            assert years[name] == 2, name
        elif name == unelected or kind == "GROUP":
            assert years[name] is None, name
        else:
            assert years[name] == {"BRANCH": 4, "GENERAL_BRANCH": 3, "ORGAN_COMMITTEE": 5}[kind], name


def test_r_org_5_migration_0002_ignores_a_damaged_setting(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    shutil.copyfile(FIXTURE_0001, paths.database)
    conn = sqlite3.connect(paths.database)
    try:
        conn.execute("INSERT INTO settings (key, value) VALUES ('term.years.GENERAL_BRANCH', '\"很多\"')")
        conn.commit()
    finally:
        conn.close()
    open_store(paths).close()
    conn = sqlite3.connect(paths.database)
    try:
        found = conn.execute("SELECT DISTINCT term_years FROM organizations WHERE kind = 'GENERAL_BRANCH'").fetchall()
    finally:
        conn.close()
    assert found == [(3,)]
