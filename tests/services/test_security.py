"""The optional start-up password (``domain.password`` + ``services.security``).

It is stored only as a salted ``hashlib.scrypt`` hash; changing or removing it needs the current one;
a refusal says in Chinese what was wrong and leaves the database exactly as it was; the 操作日志 never
records it. The prompt itself (five wrong tries, then 30 seconds) is tested in tests/ui/test_admin_dialogs.py.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from djdesk.domain.password import MIN_LENGTH, make_record, verify
from djdesk.services.database import Store
from djdesk.services.security import KEY, check_password, has_password, remove_password, set_password
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Setting
from tests.services.refusals import assert_refused

FIRST = "党建2026"
SECOND = "换届选举"


def dump(sessions: SessionFactory) -> tuple[Any, ...]:
    """Every settings row and every 操作日志 row: "the database unchanged"."""
    with sessions() as session:
        settings = tuple(tuple(r) for r in session.execute(text("SELECT * FROM settings ORDER BY key")))
        audit = tuple(tuple(r) for r in session.execute(text("SELECT * FROM audit_log ORDER BY id")))
    return settings, audit


def refused(sessions: SessionFactory, action: Callable[[], object], fragment: str) -> str:
    return assert_refused(sessions, dump, action, fragment)


def stored_record(store: Store) -> str:
    with store.sessions() as session:
        row = session.get(Setting, KEY)
        assert row is not None
        return row.value


# --- domain.password ----------------------------------------------------------------------------


def test_record_holds_a_salted_scrypt_hash_never_the_password() -> None:
    record = make_record(FIRST)
    assert FIRST not in record
    fields = json.loads(record)
    assert set(fields) == {"salt", "hash", "n", "r", "p"}
    assert (fields["n"], fields["r"], fields["p"]) == (2**14, 8, 1)
    assert len(base64.b64decode(fields["salt"])) == 16
    assert len(base64.b64decode(fields["hash"])) == 32
    # Salted: the same password never gives the same record twice.
    again = make_record(FIRST)
    assert json.loads(again)["salt"] != fields["salt"] and json.loads(again)["hash"] != fields["hash"]
    assert verify(record, FIRST) and verify(again, FIRST)


@pytest.mark.parametrize("attempt", ["党建2025", "党建2026 ", "", "党建"])
def test_verify_refuses_any_other_password(attempt: str) -> None:
    assert not verify(make_record(FIRST), attempt)


@pytest.mark.parametrize("record", ["", "不是JSON", "{}", "null", "[1, 2]", '{"salt": 123, "hash": "x"}',
                                    '{"salt": "AAAA", "hash": "!!!"}'])
def test_verify_of_a_damaged_record_is_false(record: str) -> None:
    assert verify(record, FIRST) is False


@pytest.mark.parametrize("field", [{"n": 3}, {"n": 0}, {"r": 0}])
def test_verify_of_a_record_with_damaged_scrypt_parameters_is_false(field: dict[str, int]) -> None:
    damaged = json.loads(make_record(FIRST)) | field
    assert verify(json.dumps(damaged), FIRST) is False


# --- services.security --------------------------------------------------------------------------


def test_without_a_password_everything_opens(store: Store) -> None:
    assert not has_password(store.sessions)
    assert check_password(store.sessions, "")
    assert check_password(store.sessions, "随便什么")
    before = dump(store.sessions)
    remove_password(store.sessions, "随便什么")  # nothing to remove: nothing happens
    assert dump(store.sessions) == before


def test_set_then_check(store: Store) -> None:
    set_password(store.sessions, FIRST)
    assert has_password(store.sessions)
    assert check_password(store.sessions, FIRST)
    assert not check_password(store.sessions, SECOND)
    assert not check_password(store.sessions, "")
    record = stored_record(store)
    assert FIRST not in record and verify(record, FIRST)


def test_too_short_a_new_password_is_refused(store: Store) -> None:
    message = refused(store.sessions, lambda: set_password(store.sessions, "abc"), f"至少 {MIN_LENGTH} 个字符")
    assert message == "新密码至少 4 个字符。"
    assert not has_password(store.sessions)
    set_password(store.sessions, "四个汉字")  # four characters are enough, Chinese ones too
    assert check_password(store.sessions, "四个汉字")


@pytest.mark.parametrize("current", [None, "", "党建2025"])
def test_changing_needs_the_current_password(store: Store, current: str | None) -> None:
    set_password(store.sessions, FIRST)
    message = refused(store.sessions, lambda: set_password(store.sessions, SECOND, current), "当前密码不正确")
    assert message == "当前密码不正确，未做修改。"
    assert check_password(store.sessions, FIRST)
    assert not check_password(store.sessions, SECOND)


def test_changing_with_the_current_password(store: Store) -> None:
    set_password(store.sessions, FIRST)
    old_record = stored_record(store)
    set_password(store.sessions, SECOND, FIRST)
    assert stored_record(store) != old_record
    assert check_password(store.sessions, SECOND)
    assert not check_password(store.sessions, FIRST)


def test_a_right_current_password_and_a_short_new_one_is_refused(store: Store) -> None:
    set_password(store.sessions, FIRST)
    refused(store.sessions, lambda: set_password(store.sessions, "12", FIRST), "新密码至少 4 个字符")
    assert check_password(store.sessions, FIRST)


def test_removing_needs_the_current_password(store: Store) -> None:
    set_password(store.sessions, FIRST)
    message = refused(store.sessions, lambda: remove_password(store.sessions, SECOND), "当前密码不正确")
    assert message == "当前密码不正确，启动密码没有取消。"
    assert has_password(store.sessions)
    remove_password(store.sessions, FIRST)
    assert not has_password(store.sessions)
    assert check_password(store.sessions, "")
    with store.sessions() as session:
        assert session.get(Setting, KEY) is None


def test_the_password_never_reaches_the_audit_log(store: Store) -> None:
    before = dump(store.sessions)[1]
    set_password(store.sessions, FIRST)
    set_password(store.sessions, SECOND, FIRST)
    remove_password(store.sessions, SECOND)
    assert dump(store.sessions)[1] == before  # no entry at all: not even the hash
