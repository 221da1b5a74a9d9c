"""The optional start-up password (hashed with ``hashlib.scrypt``, see ``domain.password``).

It deters casual access to an unlocked PC, in the window and on the command line alike; it is NOT
encryption: the database file itself is not protected by it (README says so). Asking for it (the
record read without SQLAlchemy, the lock-out after wrong tries) is ``services.login``.
"""

from __future__ import annotations

from djdesk.domain.errors import InputError
from djdesk.domain.password import MIN_LENGTH, make_record, verify
from djdesk.services.login import KEY
from djdesk.services.settings import put_setting_text
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Setting


def _record(sessions: SessionFactory) -> str | None:
    with sessions() as session:
        row = session.get(Setting, KEY)
        return row.value if row is not None else None


def has_password(sessions: SessionFactory) -> bool:
    return _record(sessions) is not None


def check_password(sessions: SessionFactory, password: str) -> bool:
    record = _record(sessions)
    return True if record is None else verify(record, password)


def set_password(sessions: SessionFactory, new: str, current: str | None = None) -> None:
    """Set or change the password; changing it needs the current one."""
    if has_password(sessions) and not check_password(sessions, current or ""):
        raise InputError("当前密码不正确，未做修改。")
    if len(new) < MIN_LENGTH:
        raise InputError(f"新密码至少 {MIN_LENGTH} 个字符。")
    with sessions.begin() as session:
        session.info["audit_disabled"] = True  # the hash is not for the 操作日志
        put_setting_text(session, KEY, make_record(new))


def remove_password(sessions: SessionFactory, current: str) -> None:
    """Removing the password needs the current one."""
    if not has_password(sessions):
        return
    if not check_password(sessions, current):
        raise InputError("当前密码不正确，启动密码没有取消。")
    with sessions.begin() as session:
        session.info["audit_disabled"] = True
        row = session.get(Setting, KEY)
        if row is not None:
            session.delete(row)
