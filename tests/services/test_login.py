"""The start-up password at the door (issue 12, point 9): one lock-out rule for the window and the
command line (domain.password.Lockout), its state shared through the data folder (services.login)."""

from __future__ import annotations

from pathlib import Path

from djdesk.domain.password import MAX_TRIES, WAIT_SECONDS, Lockout, Outcome, make_record
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.login import LOCKOUT_FILENAME, LoginGuard, stored_record
from djdesk.services.security import set_password

RECORD = make_record("党建2026")
T0 = 1_000_000.0


def test_five_wrong_tries_then_thirty_seconds_even_for_the_right_password() -> None:
    lockout = Lockout()
    answers = [lockout.attempt(RECORD, "错", T0 + i) for i in range(MAX_TRIES)]
    assert [a.tries_left for a in answers] == [4, 3, 2, 1, 0]
    assert answers[-1] == Outcome(False, 0, WAIT_SECONDS)
    assert answers[-1].message == "连续 5 次密码错误，请等待 30 秒后再试。"
    assert answers[0].message == "密码不正确，还可以再试 4 次。"
    locked_at = T0 + MAX_TRIES - 1
    assert lockout.attempt(RECORD, "党建2026", locked_at + 10) == Outcome(False, 0, 20)
    assert lockout.wait_left(locked_at + 29.5) == 1
    assert lockout.attempt(RECORD, "党建2026", locked_at + 30).accepted
    assert lockout.tries == 0


def test_a_right_password_resets_the_count() -> None:
    lockout = Lockout()
    for i in range(MAX_TRIES - 1):
        lockout.attempt(RECORD, "错", T0 + i)
    assert lockout.attempt(RECORD, "党建2026", T0 + 10).accepted
    assert lockout.attempt(RECORD, "错", T0 + 11).tries_left == MAX_TRIES - 1


def test_a_clock_set_back_never_waits_longer_than_the_wait() -> None:
    lockout = Lockout(0, T0 + 10 * 365 * 86400)
    assert lockout.wait_left(T0) == WAIT_SECONDS


def test_a_damaged_state_is_a_fresh_start() -> None:
    for text in ("", "{", "[]", '{"tries": "x", "until": 0}', '{"tries": 3}', '{"tries": 99, "until": "nan"}'):
        restored = Lockout.from_text(text)
        assert restored.tries < MAX_TRIES and restored.wait_left(T0) == 0
    assert Lockout.from_text(Lockout(3, T0 + 5).to_text()) == Lockout(3, T0 + 5)


def test_the_guard_shares_its_state_through_the_data_folder(data_paths: DataPaths) -> None:
    now = [T0]
    first, second = LoginGuard(data_paths, clock=lambda: now[0]), LoginGuard(data_paths, clock=lambda: now[0])
    for _ in range(MAX_TRIES - 1):
        first.attempt(RECORD, "错")
    assert second.attempt(RECORD, "错").wait == WAIT_SECONDS  # the fifth, in another window or command
    assert first.wait_left() == WAIT_SECONDS
    assert (data_paths.root / LOCKOUT_FILENAME).is_file()
    now[0] += WAIT_SECONDS
    assert first.attempt(RECORD, "党建2026").accepted


def test_a_read_only_folder_keeps_the_count_in_memory(tmp_path: Path) -> None:
    guard = LoginGuard(DataPaths(tmp_path / "不存在的文件夹"), clock=lambda: T0)
    for _ in range(MAX_TRIES):
        last = guard.attempt(RECORD, "错")
    assert last.wait == WAIT_SECONDS and guard.wait_left() == WAIT_SECONDS


def test_the_record_is_read_without_opening_the_store(store: Store, data_paths: DataPaths, tmp_path: Path) -> None:
    assert stored_record(DataPaths(tmp_path / "空")) is None  # no database yet
    assert stored_record(data_paths) is None
    set_password(store.sessions, "党建2026")
    record = stored_record(data_paths)
    assert record is not None and '"hash"' in record
