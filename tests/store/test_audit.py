"""操作日志: every change made through a djdesk session leaves an entry; personal data never does."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from djdesk.domain.enums import AuditAction, MemberCategory, OrgKind
from djdesk.services.database import Store
from djdesk.store.models import AuditEntry, Member, Organization

OLD_ID = "110101199003074514"
NEW_ID = "11010119900307803X"
OLD_PHONE = "13812345678"
NEW_PHONE = "13987654321"
ADDRESS = "北京市东城区某某胡同7号"


def entries(store: Store) -> list[AuditEntry]:
    with store.sessions() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def member_entries(store: Store) -> list[AuditEntry]:
    return [e for e in entries(store) if e.entity == "党员"]


@pytest.fixture
def member_id(store: Store) -> int:
    with store.sessions() as session:
        org = Organization(kind=OrgKind.BRANCH, name="第一党支部")
        member = Member(name="张三", category=MemberCategory.FULL, organization=org,
                        id_number=OLD_ID, phone=OLD_PHONE, address=ADDRESS)
        session.add_all([org, member])
        session.commit()
        return member.id


def test_create_is_logged_with_the_name(store: Store, member_id: int) -> None:
    log = member_entries(store)
    assert len(log) == 1
    entry = log[0]
    assert entry.action is AuditAction.CREATE
    assert entry.entity == "党员"
    assert "张三" in entry.summary
    assert abs(entry.at - dt.datetime.now()) < dt.timedelta(minutes=1)
    # The organisation created in the same transaction is logged too.
    orgs = [e for e in entries(store) if e.entity == "党组织"]
    assert [(e.action, "第一党支部" in e.summary) for e in orgs] == [(AuditAction.CREATE, True)]


def test_create_entry_names_the_new_record(store: Store, member_id: int) -> None:
    created = [e for e in member_entries(store) if e.action is AuditAction.CREATE]
    assert [e.entity_id for e in created] == [str(member_id)]


def test_rename_is_logged_old_to_new(store: Store, member_id: int) -> None:
    with store.sessions() as session:
        session.get_one(Member, member_id).name = "张三丰"
        session.commit()
    last = member_entries(store)[-1]
    assert last.action is AuditAction.UPDATE
    assert last.entity_id == str(member_id)
    assert "张三→张三丰" in last.summary


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [("id_number", OLD_ID, NEW_ID), ("phone", OLD_PHONE, NEW_PHONE), ("address", ADDRESS, "上海市某路1号")],
)
def test_personal_data_changes_are_logged_without_values(
    store: Store, member_id: int, field: str, old: str, new: str
) -> None:
    with store.sessions() as session:
        setattr(session.get_one(Member, member_id), field, new)
        session.commit()
    last = member_entries(store)[-1]
    assert last.action is AuditAction.UPDATE
    assert "已修改" in last.summary
    for entry in entries(store):
        for secret in (old, new, OLD_ID, OLD_PHONE, ADDRESS):
            assert secret not in entry.summary
            # not even a recognisable fragment (the last digits of an ID or phone number)
            assert secret[-6:] not in entry.summary


def test_soft_delete_and_restore_are_logged(store: Store, member_id: int) -> None:
    with store.sessions() as session:
        session.get_one(Member, member_id).deleted_at = dt.datetime.now()
        session.commit()
    deleted = member_entries(store)[-1]
    assert deleted.action is AuditAction.DELETE
    assert "移入回收站" in deleted.summary
    assert "张三" in deleted.summary

    with store.sessions() as session:
        session.get_one(Member, member_id).deleted_at = None
        session.commit()
    restored = member_entries(store)[-1]
    assert restored.action is AuditAction.RESTORE
    assert "张三" in restored.summary
    assert [e.action for e in member_entries(store)] == [
        AuditAction.CREATE, AuditAction.DELETE, AuditAction.RESTORE,
    ]


def test_hard_delete_of_a_soft_deletable_row_is_a_purge(store: Store, member_id: int) -> None:
    with store.sessions() as session:
        session.delete(session.get_one(Member, member_id))
        session.commit()
    last = member_entries(store)[-1]
    assert last.action is AuditAction.PURGE
    assert last.entity_id == str(member_id)
    assert "彻底删除" in last.summary
    assert "张三" in last.summary


def test_delete_of_a_row_without_recycle_bin_is_a_delete(store: Store) -> None:
    with store.sessions() as session:
        org = Organization(kind=OrgKind.BRANCH, name="临时党支部")
        session.add(org)
        session.commit()
        session.delete(org)
        session.commit()
    last = entries(store)[-1]
    assert last.entity == "党组织"
    assert last.action is AuditAction.DELETE
    assert "临时党支部" in last.summary


def test_a_rolled_back_change_leaves_no_entry(store: Store, member_id: int) -> None:
    before = entries(store)
    with store.sessions() as session:
        member = session.get_one(Member, member_id)
        member.name = "王五"
        session.add(Organization(kind=OrgKind.BRANCH, name="未保存党支部"))
        session.flush()  # the hook has run and written its entries inside the transaction
        assert any("王五" in e.summary for e in session.scalars(select(AuditEntry)))
        session.rollback()
    after = entries(store)
    assert [(e.id, e.summary) for e in after] == [(e.id, e.summary) for e in before]


def test_a_flush_without_real_changes_writes_nothing(store: Store, member_id: int) -> None:
    before = len(entries(store))
    with store.sessions() as session:
        member = session.get_one(Member, member_id)
        member.name = member.name  # same value
        session.commit()
    assert len(entries(store)) == before
