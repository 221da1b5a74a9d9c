"""Running ``djdesk`` from the end-to-end tests (no tests here).

In this process through ``djdesk.cli.main(argv)`` (:func:`run_main`, :func:`cli_runner`; the ``cli`` fixture
of tests/e2e/conftest.py runs it on the demo data), or as a real ``python -m djdesk`` child process
(:func:`djdesk`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import pytest

from djdesk.cli import EXIT_OK, main


class Result(NamedTuple):
    code: int
    out: str
    err: str


class Cli(Protocol):
    def __call__(self, *argv: str) -> Result: ...


def run_main(capsys: pytest.CaptureFixture[str], argv: Sequence[str], *, catch_exit: bool = True) -> Result:
    """``djdesk.cli.main(argv)`` and what it printed.

    argparse's ``SystemExit`` (--version, -h and usage errors) becomes the exit code; with ``catch_exit=False``
    it propagates instead.
    """
    try:
        code = main(list(argv))
    except SystemExit as exc:
        if not catch_exit:
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def cli_runner(capsys: pytest.CaptureFixture[str], *prefix: str) -> Cli:
    """A :class:`Cli` that runs ``djdesk <prefix> <argv>`` through :func:`run_main`."""

    def run(*argv: str) -> Result:
        return run_main(capsys, [*prefix, *argv])

    return run


def json_output(result: Result) -> Any:
    """The JSON a successful command printed."""
    assert result.code == EXIT_OK, result.err
    return json.loads(result.out)


def child_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),  # never the real user data dir, whatever goes wrong
        "XDG_DATA_HOME": str(home / "share"),
    }


def djdesk(cwd: Path, *args: str, timeout: float = 120) -> Result:
    """``python -m djdesk …`` in a real child process, in ``cwd`` with its HOME under ``cwd / "home"``;
    a child still running after ``timeout`` seconds fails the test (``subprocess.TimeoutExpired``)."""
    done = subprocess.run([sys.executable, "-m", "djdesk", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=child_env(cwd / "home"), timeout=timeout, check=False)
    return Result(done.returncode, done.stdout, done.stderr)
