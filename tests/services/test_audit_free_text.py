"""The 操作日志 of free text (issue 12, point 8): an ID or phone number typed into a field that is not
itself secret (an organisation's 联系人, a member's 工作岗位 or 备注) is masked in the entry, on
create and on update, from the form and from a roster import. The rows are read as stored."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest

from djdesk.domain.enums import OrgKind
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.member_admin import MemberForm, save_member
from djdesk.services.org_admin import OrgFields, create_org, update_org
from djdesk.services.roster_import import apply_import, plan_import
from tests.services.test_roster_import_support import HEADER, member_row, open_fresh, pid, write_xlsx

TODAY = dt.date(2026, 6, 1)
PHONE, OTHER_PHONE, LANDLINE = "13812345678", "13987654321", "010-66668888"
ID_IN_NOTE = "11010519600101002X"
RAW = re.compile(r"\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|\d{4}-?\d{4}(?!\*)")


def audit_rows(paths: DataPaths) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute("SELECT entity, action, summary FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()


def assert_no_raw_numbers(rows: list[tuple[str, str, str]]) -> None:
    for _entity, _action, summary in rows:
        for raw in (PHONE, OTHER_PHONE, ID_IN_NOTE, "66668888", "12345678", "87654321"):
            assert raw not in summary, summary
        assert not RAW.search(summary), summary


def test_an_organisation_contact_with_a_phone_is_masked_on_create_and_update(store: Store,
                                                                              data_paths: DataPaths) -> None:
    org_id = create_org(store.sessions, OrgFields("中共示例厅办公室支部委员会", OrgKind.ORGAN_COMMITTEE,
                                                  contact=f"王芳 {PHONE}"), None, today=TODAY)
    update_org(store.sessions, org_id, OrgFields("中共示例厅办公室支部委员会", OrgKind.ORGAN_COMMITTEE,
                                                 contact=f"王芳，电话 {OTHER_PHONE}，座机 {LANDLINE}",
                                                 note=f"联系人身份证 {ID_IN_NOTE}"), today=TODAY)
    rows = audit_rows(data_paths)
    assert [r[0] for r in rows] == ["党组织", "党组织"]
    update = rows[1][2]
    assert "联系人：" in update and "139****4321" in update
    assert "备注：空→联系人身份证 110105****" in update
    assert_no_raw_numbers(rows)


def test_a_member_note_and_post_with_numbers_are_masked(data_paths: DataPaths) -> None:
    store, ids = open_fresh(data_paths)
    try:
        form = MemberForm({"name": "张三", "id_number": pid(1975), "category": "正式党员",
                           "job_post": f"办公室 {PHONE}", "note": f"其配偶身份证号{ID_IN_NOTE}"},
                          organization_id=ids["办公室支部"])
        member_id = save_member(store.sessions, None, form, today=TODAY)
        form.cells["note"] = f"配偶 {ID_IN_NOTE}，电话 +86{OTHER_PHONE}"
        form.cells["job_post"] = "科员"
        save_member(store.sessions, member_id, form, today=TODAY)
    finally:
        store.close()
    rows = [r for r in audit_rows(data_paths) if r[0] == "党员"]
    assert len(rows) == 2
    update = rows[1][2]
    assert "工作岗位：办公室 138****5678→科员" in update
    assert "备注：其配偶身份证号110105****" in update  # masked, then shortened to 20 characters
    assert_no_raw_numbers(rows)


def test_an_import_update_of_free_text_is_masked(data_paths: DataPaths, tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    header = [*HEADER, "工作岗位", "备注"]
    try:
        first = write_xlsx(tmp_path / "一.xlsx", {"Sheet1": [header, [*member_row("张三", pid(1975)), "科员", ""]]})
        apply_import(store.sessions, plan_import(store.sessions, first, today=TODAY))
        second = write_xlsx(tmp_path / "二.xlsx", {"Sheet1": [
            header, [*member_row("张三", pid(1975)), f"科员 {PHONE}", f"身份证{ID_IN_NOTE}"]]})
        plan = plan_import(store.sessions, second, today=TODAY)
        assert plan.updated == 1
        apply_import(store.sessions, plan)
    finally:
        store.close()
    rows = audit_rows(data_paths)
    updates = [s for e, a, s in rows if e == "党员" and a == "UPDATE"]
    assert len(updates) == 1 and "138****5678" in updates[0]
    assert_no_raw_numbers(rows)


def test_a_long_free_text_is_masked_before_it_is_shortened(store: Store, data_paths: DataPaths) -> None:
    """A value is cut to 20 characters in the entry; a number cut in half would not be found afterwards."""
    contact = f"办公室综合科王芳同志电话{PHONE}"  # the phone starts at character 13 of 23
    create_org(store.sessions, OrgFields("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE), None, today=TODAY)
    org_id = 1
    update_org(store.sessions, org_id, OrgFields("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE, contact=contact),
               today=TODAY)
    rows = audit_rows(data_paths)
    assert "1381234" not in rows[-1][2] and "138****" in rows[-1][2]


def test_one_definition_of_the_secret_member_fields() -> None:
    from djdesk.domain.member_check import FIELDS
    from djdesk.domain.privacy import SECRET_MEMBER_FIELDS
    from djdesk.services.roster_import.plan import Change
    from djdesk.store.models import Member

    assert Member.__audit_secret__ is SECRET_MEMBER_FIELDS
    assert SECRET_MEMBER_FIELDS == {"id_number", "phone", "address"}
    # The import's change list hides exactly those fields.
    hidden = {f.key for f in FIELDS if Change(f.key, f.label, "旧", "新").secret}
    assert hidden == {"id_number", "phone", "address"}


def test_entries_written_before_are_masked_when_shown(store: Store, data_paths: DataPaths) -> None:
    """An entry an older version wrote with a number in it is masked in the 操作日志 window and its export."""
    from djdesk.services.audit_view import list_audit

    conn = sqlite3.connect(data_paths.database)
    try:
        conn.execute("INSERT INTO audit_log (at, entity, entity_id, action, summary) VALUES "
                     "('2026-01-01 09:00:00', '党组织', '1', 'UPDATE', ?)",
                     (f"修改党组织：甲（联系人：空→王芳 {PHONE}）",))
        conn.commit()
    finally:
        conn.close()
    [row] = list_audit(store.sessions)
    assert row.summary == "修改党组织：甲（联系人：空→王芳 138****5678）"


def test_the_command_line_change_list_masks_free_text(capsys: pytest.CaptureFixture[str], data_paths: DataPaths,
                                                      tmp_path: Path) -> None:
    from tests.e2e.cli_helpers import run_main

    store, _ids = open_fresh(data_paths)
    header = [*HEADER, "备注"]
    try:
        first = write_xlsx(tmp_path / "一.xlsx", {"Sheet1": [header, [*member_row("张三", pid(1975)), ""]]})
        apply_import(store.sessions, plan_import(store.sessions, first, today=TODAY))
    finally:
        store.close()
    second = write_xlsx(tmp_path / "二.xlsx", {"Sheet1": [header, [*member_row("张三", pid(1975)), f"电话{PHONE}"]]})
    result = run_main(capsys, ["--data-dir", str(data_paths.root), "members", "import", str(second)])
    assert result.code == 0, result.err
    assert "更新：Sheet1 第2行 张三：备注：（空）→电话138****5678" in result.out
    assert PHONE not in result.out + result.err
