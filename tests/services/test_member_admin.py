"""The member form as the clerk fills it in (rules.md §7; R-ID-1, R-ID-2, R-DEV-1, R-DEV-10, R-DEV-12, R-EVAL-7).

Every field is typed as text the way clerks type it; :func:`save_member` stores the typed values,
derives 性别 and 出生日期 from the ID number when they are left empty, and clears a field that was
emptied. Every refusal says in Chinese what to change and leaves the database exactly as it was
(all member rows and the number of 操作日志 entries compared before and after).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select, text

from djdesk.domain.enums import Employment, Gender, MemberCategory, OrgKind, PartyStanding, RosterStatus
from djdesk.domain.errors import InputError
from djdesk.domain.idcard import make_id
from djdesk.domain.member_check import party_age
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.services.member_admin import FORM_FIELDS, MemberForm, check_form, load_member_form, save_member
from djdesk.services.member_status import delete_member
from djdesk.store.models import AuditEntry, Member, Organization

TODAY = dt.date(2026, 6, 1)
HAN = re.compile(r"[\u4e00-\u9fff]")
MAN_ID = make_id("110105", dt.date(1975, 3, 2), 11)  # odd sequence: a man (R-ID-2)
WOMAN_ID = make_id("440524", dt.date(1980, 12, 5), 22)  # even sequence: a woman
OTHER_ID = make_id("110105", dt.date(1978, 8, 9), 33)


@pytest.fixture
def opened(data_paths: DataPaths) -> Iterator[tuple[Store, dict[str, int]]]:
    """A fresh store with 机关党委 → 办公室支部 (with 第一党小组) and 财务处支部 (with 财务党小组)."""
    store = open_store(data_paths)
    with store.sessions.begin() as session:
        root = Organization(kind=OrgKind.ORGAN_COMMITTEE, name="中共示例厅直属机关委员会", short_name="机关党委")
        office = Organization(kind=OrgKind.BRANCH, name="中共示例厅办公室支部委员会", short_name="办公室支部",
                              parent=root)
        finance = Organization(kind=OrgKind.BRANCH, name="中共示例厅财务处支部委员会", short_name="财务处支部",
                               parent=root)
        group = Organization(kind=OrgKind.GROUP, name="办公室支部第一党小组", short_name="第一党小组", parent=office)
        other_group = Organization(kind=OrgKind.GROUP, name="财务处支部党小组", short_name="财务党小组",
                                   parent=finance)
        session.add_all([root, office, finance, group, other_group])
        session.flush()
        ids = {"机关党委": root.id, "办公室支部": office.id, "财务处支部": finance.id, "第一党小组": group.id,
               "财务党小组": other_group.id}
    try:
        yield store, ids
    finally:
        store.close()


def snapshot(store: Store) -> tuple[Any, ...]:
    """Every member row and the number of 操作日志 entries: "the database unchanged"."""
    with store.sessions() as session:
        members = tuple(tuple(r) for r in session.execute(text("SELECT * FROM members ORDER BY id")))
        audit = session.scalar(text("SELECT count(*) FROM audit_log"))
    return members, audit


def audit_entries(store: Store) -> list[str]:
    with store.sessions() as session:
        return list(session.scalars(select(AuditEntry.summary).order_by(AuditEntry.id)))


def stored(store: Store, member_id: int) -> Member:
    with store.sessions() as session:
        member = session.get(Member, member_id)
        assert member is not None
        session.expunge(member)
        return member


def form(ids: dict[str, int], **cells: str) -> MemberForm:
    """A minimal valid form for 办公室支部; ``cells`` override or add typed fields."""
    base = {"name": "张伟", "id_number": MAN_ID, "joined_on": "2000-07-01", "confirmed_on": "2001-07-01",
            "category": "正式党员"}
    base.update(cells)
    return MemberForm(base, ids["办公室支部"], None)


def test_r_id_2_create_stores_every_typed_field(opened: tuple[Store, dict[str, int]]) -> None:
    """Every form field lands on the member; dates typed 2000.7.1 / 2000年7月1日 are parsed; 性别 and
    出生日期 left empty come from the ID number (R-ID-2); a lowercase x is stored as X (R-ID-1)."""
    store, ids = opened
    number = make_id("110105", dt.date(1949, 12, 31), 2)  # 11010519491231002X: the rule's example
    assert number.endswith("X")
    cells = {
        "name": "丁　晓梅", "gender": "", "ethnicity": "汉族", "id_number": number.lower(), "birth_date": "",
        "education": "大学本科", "category": "正式党员", "joined_on": "1975.7.1", "confirmed_on": "1976年7月1日",
        "job_post": "办公室主任", "phone": "13800138000", "address": "示例市建设路 1 号", "standing": "正常",
        "lost_contact": "否", "lost_contact_on": "", "floating": "是", "floating_to": "广东省深圳市",
        "native_place": "河北保定", "degree": "学士", "work_started_on": "1972-09-01", "admin_position": "主任",
        "department": "办公室", "party_position": "支部书记", "employment": "离退休",
        "transferred_in_on": "2001/3/15", "community": "建设路社区", "is_leading_cadre": "是", "note": "示例备注",
    }
    assert set(cells) == {f.key for f in FORM_FIELDS}  # the test fills in every field of the form
    the_form = MemberForm(cells, ids["办公室支部"], ids["第一党小组"])
    result = check_form(store.sessions, None, the_form, today=TODAY)
    assert result.errors == [] and result.warnings == []
    member_id = save_member(store.sessions, None, the_form, today=TODAY)
    m = stored(store, member_id)
    assert m.name == "丁晓梅"  # the ideographic space typed between the characters is dropped
    assert (m.gender, m.birth_date) == (Gender.FEMALE, dt.date(1949, 12, 31))  # from the ID (R-ID-2)
    assert m.id_number == number  # R-ID-1: stored with an uppercase X
    assert (m.joined_on, m.confirmed_on) == (dt.date(1975, 7, 1), dt.date(1976, 7, 1))
    assert (m.work_started_on, m.transferred_in_on) == (dt.date(1972, 9, 1), dt.date(2001, 3, 15))
    assert (m.ethnicity, m.education, m.category) == ("汉族", "大学本科", MemberCategory.FULL)
    assert (m.job_post, m.phone, m.address) == ("办公室主任", "13800138000", "示例市建设路 1 号")
    assert (m.standing, m.lost_contact, m.lost_contact_on) == (PartyStanding.NORMAL, False, None)
    assert (m.floating, m.floating_to) == (True, "广东省深圳市")
    assert (m.native_place, m.degree, m.admin_position, m.department) == ("河北保定", "学士", "主任", "办公室")
    assert (m.party_position, m.employment, m.community) == ("支部书记", Employment.RETIRED, "建设路社区")
    assert (m.is_leading_cadre, m.note) == (True, "示例备注")
    assert (m.organization_id, m.group_id) == (ids["办公室支部"], ids["第一党小组"])
    assert m.roster_status is RosterStatus.ACTIVE
    assert m.deleted_at is None and m.name_initials == "dxm"  # found by pinyin initials in the roster
    # The form loads back what was stored (dates as ISO text, flags as 是/否).
    loaded = load_member_form(store.sessions, member_id)
    assert loaded.organization_id == ids["办公室支部"] and loaded.group_id == ids["第一党小组"]
    assert loaded.cells["joined_on"] == "1975-07-01" and loaded.cells["gender"] == "女"
    assert loaded.cells["is_leading_cadre"] == "是" and loaded.cells["employment"] == "离退休"


def test_create_with_minimal_fields_uses_defaults(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids, category=""), today=TODAY)
    m = stored(store, member_id)
    assert (m.gender, m.birth_date) == (Gender.MALE, dt.date(1975, 3, 2))  # R-ID-2: odd sequence digit
    assert m.category is MemberCategory.FULL and m.standing is PartyStanding.NORMAL
    assert m.employment is Employment.IN_SERVICE and m.lost_contact is False and m.floating is False


def test_edit_changes_fields_clears_emptied_ones_and_logs_without_digits(
    opened: tuple[Store, dict[str, int]],
) -> None:
    """编辑: changed fields are stored, an emptied field is cleared, the 操作日志 names the changes
    but never the ID or phone digits (personal data)."""
    store, ids = opened
    start = len(audit_entries(store))  # the organisations' entries
    member_id = save_member(store.sessions, None, form(ids, phone="13912345678", job_post="科员", note="旧备注",
                                                      address="示例市人民路 8 号"), today=TODAY)
    entries = audit_entries(store)[start:]
    assert len(entries) == 1 and entries[0].startswith("新增党员：张伟")
    loaded = load_member_form(store.sessions, member_id)
    assert loaded.cells["phone"] == "13912345678"
    loaded.cells.update(job_post="副科长", phone="", note="", education="研究生", id_number=OTHER_ID,
                        birth_date="", gender="")
    loaded.group_id = ids["第一党小组"]
    save_member(store.sessions, member_id, loaded, today=TODAY)
    m = stored(store, member_id)
    assert (m.job_post, m.education, m.group_id) == ("副科长", "研究生", ids["第一党小组"])
    assert (m.phone, m.note) == (None, None)  # emptied in the form: cleared, unlike an import
    assert m.address == "示例市人民路 8 号"  # untouched fields keep their values
    assert m.id_number == OTHER_ID and m.birth_date == dt.date(1978, 8, 9)  # re-derived from the new ID
    entries = audit_entries(store)[start:]
    assert len(entries) == 2
    change = entries[1]
    assert change.startswith("修改党员：张伟") and "工作岗位：科员→副科长" in change and "备注：旧备注→空" in change
    assert "联系电话：已修改" in change and "公民身份号码：已修改" in change
    for secret in ("13912345678", MAN_ID, OTHER_ID, MAN_ID[6:14], OTHER_ID[6:14]):
        assert all(secret not in e for e in entries), secret
    assert not any(re.search(r"\d{11}", e) for e in entries)


def test_saving_the_loaded_form_unchanged_writes_nothing(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids, phone="13912345678", floating_to="上海市"), today=TODAY)
    before = snapshot(store)
    save_member(store.sessions, member_id, load_member_form(store.sessions, member_id), today=TODAY)
    assert snapshot(store) == before


Change = Callable[[Store, dict[str, int], MemberForm], None]


def _no_name(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.cells["name"] = "  "


def _bad_check_digit(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    number = f.cells["id_number"]
    f.cells["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")


def _id_of_live_member(store: Store, ids: dict[str, int], f: MemberForm) -> None:
    save_member(store.sessions, None, form(ids, name="李娜", id_number=WOMAN_ID), today=TODAY)
    f.cells["id_number"] = WOMAN_ID


def _id_in_recycle_bin(store: Store, ids: dict[str, int], f: MemberForm) -> None:
    binned = save_member(store.sessions, None, form(ids, name="王芳", id_number=WOMAN_ID), today=TODAY)
    delete_member(store.sessions, binned)
    f.cells["id_number"] = WOMAN_ID


def _joined_before_18(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.cells.update(joined_on="1993-03-01", confirmed_on="1994-03-01")  # born 1975-03-02: one day short


def _confirmed_before_joined(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.cells.update(joined_on="2001-07-01", confirmed_on="2000-07-01")


def _future_date(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.cells["work_started_on"] = "2026.6.2"


def _no_org(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.organization_id = None


def _group_as_org(_s: Store, ids: dict[str, int], f: MemberForm) -> None:
    f.organization_id = ids["第一党小组"]


def _group_of_other_branch(_s: Store, ids: dict[str, int], f: MemberForm) -> None:
    f.group_id = ids["财务党小组"]


def _bad_category(_s: Store, _i: dict[str, int], f: MemberForm) -> None:
    f.cells["category"] = "积极分子"


REFUSALS: list[tuple[str, Change, tuple[str, ...]]] = [
    ("no_name", _no_name, ("姓名", "请填写")),
    ("r_id_1_check_digit", _bad_check_digit, ("公民身份号码", "校验位")),
    ("id_of_another_live_member", _id_of_live_member, ("已有身份证号相同的党员（李娜）", "不要重复录入")),
    ("id_in_recycle_bin", _id_in_recycle_bin, ("回收站", "王芳", "恢复")),
    ("r_dev_1_joined_before_18", _joined_before_18, ("加入党组织日期", "不满 18 周岁")),
    ("confirmed_before_joined", _confirmed_before_joined, ("转为正式党员日期", "早于入党日期")),
    ("future_date", _future_date, ("参加工作日期", "晚于今天")),
    ("no_organisation", _no_org, ("所在党支部", "请选择")),
    ("group_chosen_as_branch", _group_as_org, ("所在党支部", "党小组")),
    ("group_of_another_branch", _group_of_other_branch, ("党小组", "不属于所选党支部")),
    ("unknown_category", _bad_category, ("人员类别", "积极分子", "预备党员")),
]


@pytest.mark.parametrize(("change", "fragments"), [(c, f) for _n, c, f in REFUSALS], ids=[n for n, _c, _f in REFUSALS])
def test_refused_new_member_says_why_and_writes_nothing(
    opened: tuple[Store, dict[str, int]], change: Change, fragments: tuple[str, ...]
) -> None:
    store, ids = opened
    the_form = form(ids)
    change(store, ids, the_form)
    before = snapshot(store)
    errors = check_form(store.sessions, None, the_form, today=TODAY).errors
    assert errors and all(HAN.search(e) for e in errors)
    with pytest.raises(InputError) as caught:
        save_member(store.sessions, None, the_form, today=TODAY)
    message = caught.value.message
    assert message.startswith("请修改以下内容后再保存")
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert snapshot(store) == before


def test_empty_name_is_reported_once(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    errors = check_form(store.sessions, None, form(ids, name=""), today=TODAY).errors
    assert len([e for e in errors if e.startswith("姓名")]) == 1, errors


@pytest.mark.parametrize(("change", "fragments"), [(c, f) for n, c, f in REFUSALS if n != "id_in_recycle_bin"],
                         ids=[n for n, _c, _f in REFUSALS if n != "id_in_recycle_bin"])
def test_refused_edit_keeps_the_stored_member(
    opened: tuple[Store, dict[str, int]], change: Change, fragments: tuple[str, ...]
) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids, job_post="科员"), today=TODAY)
    the_form = load_member_form(store.sessions, member_id)
    the_form.cells["job_post"] = "处长"  # a valid change that must not be saved either
    change(store, ids, the_form)
    before = snapshot(store)
    with pytest.raises(InputError) as caught:
        save_member(store.sessions, member_id, the_form, today=TODAY)
    for fragment in fragments:
        assert fragment in caught.value.message, (fragment, caught.value.message)
    assert snapshot(store) == before
    assert stored(store, member_id).job_post == "科员"


def test_editing_a_member_with_its_own_id_is_no_clash(opened: tuple[Store, dict[str, int]]) -> None:
    """The duplicate-ID check leaves out the member being edited."""
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids), today=TODAY)
    assert check_form(store.sessions, member_id, load_member_form(store.sessions, member_id), today=TODAY).errors == []


def test_edit_of_deleted_member_is_refused(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids), today=TODAY)
    the_form = load_member_form(store.sessions, member_id)
    delete_member(store.sessions, member_id)
    before = snapshot(store)
    with pytest.raises(InputError, match="已被删除"):
        load_member_form(store.sessions, member_id)
    the_form.cells["job_post"] = "处长"
    with pytest.raises(InputError, match="已被删除"):
        save_member(store.sessions, member_id, the_form, today=TODAY)
    assert snapshot(store) == before


def test_r_id_2_sex_mismatch_is_a_warning_not_an_error(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    the_form = form(ids, gender="女", birth_date="1975-03-03")  # the ID says 男, born 1975-03-02
    result = check_form(store.sessions, None, the_form, today=TODAY)
    assert result.errors == []
    assert any(w.startswith("性别") and "身份证" in w for w in result.warnings), result.warnings
    assert any(w.startswith("出生日期") for w in result.warnings), result.warnings
    member_id = save_member(store.sessions, None, the_form, today=TODAY)  # the clerk decides: saved as typed
    m = stored(store, member_id)
    assert (m.gender, m.birth_date) == (Gender.FEMALE, dt.date(1975, 3, 3))


@pytest.mark.parametrize(("confirmed", "warned"), [("2001-01-01", True), ("2001-07-01", False),
                                                   ("2002-01-01", False), ("2003-07-02", True)])
def test_r_dev_10_confirmation_not_one_year_after_joining_warns(
    opened: tuple[Store, dict[str, int]], confirmed: str, warned: bool
) -> None:
    """R-DEV-10: 预备期 is one year; earlier, or beyond a one-year extension (R-DEV-11), is a warning."""
    store, ids = opened
    the_form = form(ids, joined_on="2000-07-01", confirmed_on=confirmed)
    result = check_form(store.sessions, None, the_form, today=TODAY)
    assert result.errors == []
    assert any(w.startswith("转为正式党员日期") for w in result.warnings) is warned, result.warnings
    member_id = save_member(store.sessions, None, the_form, today=TODAY)
    assert stored(store, member_id).confirmed_on == dt.date.fromisoformat(confirmed)


def test_r_dev_12_party_age_counts_from_confirmation(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids, joined_on="2000.7.1", confirmed_on="2001.7.1"), today=TODAY)
    confirmed = stored(store, member_id).confirmed_on
    assert confirmed == dt.date(2001, 7, 1)
    assert party_age(confirmed, dt.date(2026, 6, 30)) == 24  # not 25: joining in 2000 does not count
    assert party_age(confirmed, dt.date(2026, 7, 1)) == 25
    assert party_age(confirmed, dt.date(2001, 6, 30)) is None  # still 预备党员 then
    probationary = save_member(store.sessions, None, form(ids, name="赵磊", id_number=OTHER_ID,
                                                          joined_on="2025-12-01", confirmed_on="", category="预备党员"),
                               today=TODAY)
    m = stored(store, probationary)
    assert m.category is MemberCategory.PROBATIONARY and party_age(m.confirmed_on, TODAY) is None


def test_r_eval_7_lost_contact_with_its_date(opened: tuple[Store, dict[str, int]]) -> None:
    store, ids = opened
    member_id = save_member(store.sessions, None, form(ids, lost_contact="是", lost_contact_on="2025年9月30日"),
                            today=TODAY)
    m = stored(store, member_id)
    assert (m.lost_contact, m.lost_contact_on) == (True, dt.date(2025, 9, 30))
    # A 失联 date alone says 是; 失联 without a date is a warning asking for it.
    only_date = save_member(store.sessions, None, form(ids, name="钱进", id_number=OTHER_ID,
                                                       lost_contact_on="2025-10-01"), today=TODAY)
    assert stored(store, only_date).lost_contact is True
    result = check_form(store.sessions, None, form(ids, name="孙丽", id_number=WOMAN_ID, lost_contact="是"),
                        today=TODAY)
    assert result.errors == []
    assert any("失去联系日期" in w for w in result.warnings), result.warnings
    # Clearing both in the form (恢复联系 entered by hand) clears the stored flag and date.
    loaded = load_member_form(store.sessions, member_id)
    loaded.cells.update(lost_contact="否", lost_contact_on="")
    save_member(store.sessions, member_id, loaded, today=TODAY)
    assert (stored(store, member_id).lost_contact, stored(store, member_id).lost_contact_on) == (False, None)
