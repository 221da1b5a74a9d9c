"""What the clerk is told and what the log keeps when something goes wrong (issue 12, point 5).

A database error's text holds the SQL and the values being written; neither ever reaches a
sentence the clerk reads nor the log.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError

from djdesk.domain.errors import DatabaseLocked, FolderNotWritable, InputError
from djdesk.services.problems import UNEXPECTED_MESSAGE, Unexpected, as_problem, describe, safe_traceback

NAME, NUMBER, PHONE = "李一", "11010519820101015X", "13922224444"
SQL = "INSERT INTO members (name, id_number, phone) VALUES (?, ?, ?)"


def database_error(kind: type[StatementError] = IntegrityError,
                   message: str = "UNIQUE constraint failed: members.id_number",
                   driver: type[sqlite3.Error] = sqlite3.IntegrityError) -> StatementError:
    """A SQLAlchemy error as the engine raises it without hide_parameters, raised so it has a traceback."""
    try:
        try:
            raise driver(message)
        except sqlite3.Error as orig:
            raise kind(SQL, (NAME, NUMBER, PHONE), orig) from orig
    except StatementError as exc:
        return exc


def assert_clean(text: str) -> None:
    for value in (NAME, NUMBER, PHONE, "INSERT", "VALUES", "[SQL", "[parameters"):
        assert value not in text, text


def test_the_made_up_error_does_carry_the_values() -> None:
    """The premise: str() of a SQLAlchemy error has the SQL and the parameters."""
    text = str(database_error())
    assert NUMBER in text and "INSERT" in text


def test_unexpected_database_error_is_one_generic_sentence() -> None:
    problem = as_problem(database_error())
    assert isinstance(problem, Unexpected)
    assert problem.message == UNEXPECTED_MESSAGE
    assert_clean(problem.message)


@pytest.mark.parametrize(("message", "code", "kind"), [
    ("database is locked", 5, DatabaseLocked),
    ("database or disk is full", 13, FolderNotWritable),
    ("attempt to write a readonly database", 8, FolderNotWritable),
])
def test_environment_database_errors_get_their_typed_error(message: str, code: int, kind: type[Exception]) -> None:
    exc = database_error(OperationalError, message, sqlite3.OperationalError)
    exc.orig.sqlite_errorcode = code  # type: ignore[union-attr]
    problem = as_problem(exc)
    assert isinstance(problem, kind)
    assert_clean(problem.message)


def test_a_refusal_keeps_its_words() -> None:
    refusal = InputError("请填写姓名。")
    assert as_problem(refusal) is refusal
    assert isinstance(as_problem(KeyError("x")), Unexpected)


def test_safe_traceback_keeps_frames_and_driver_message_not_sql_or_values() -> None:
    exc = database_error()
    text = safe_traceback(exc)
    assert "Traceback (most recent call last):" in text
    assert "test_problems.py" in text and "database_error" in text  # the frames, as Python prints them
    assert "sqlalchemy.exc.IntegrityError: sqlite3.IntegrityError: UNIQUE constraint failed: members.id_number" in text
    assert "直接引发" in text  # the chain: the driver's error, then SQLAlchemy's
    assert_clean(text)


def test_safe_traceback_of_an_error_raised_while_handling_a_database_error() -> None:
    try:
        try:
            raise database_error()
        except IntegrityError:
            raise RuntimeError("后来的错误") from None
    except RuntimeError as outer:
        suppressed = outer
    try:
        try:
            raise database_error()
        except IntegrityError:
            raise RuntimeError("处理时的错误")  # noqa: B904 - the implicit context is what is tested
    except RuntimeError as outer:
        context = outer
    assert "IntegrityError" not in safe_traceback(suppressed)
    text = safe_traceback(context)
    assert "RuntimeError: 处理时的错误" in text and "处理上面的异常时" in text
    assert_clean(text)


def test_describe_other_errors_keeps_their_message() -> None:
    assert describe(ValueError("坏的值")) == "builtins.ValueError: 坏的值"
    statement = StatementError("bad", SQL, (NAME, NUMBER, PHONE), ValueError(NAME))
    assert_clean(describe(statement))
