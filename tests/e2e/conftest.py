"""Fixtures of the end-to-end tests; the runners themselves are in tests/e2e/cli_helpers.py."""

from __future__ import annotations

import pytest

from djdesk.paths import DataPaths
from tests.e2e.cli_helpers import Cli, cli_runner


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], demo_paths: DataPaths) -> Cli:
    """Runs ``djdesk --data-dir <demo> ...`` in this process (test_cli.py has its own, without --data-dir)."""
    return cli_runner(capsys, "--data-dir", str(demo_paths.root))
