"""Fixtures of the service tests; ``store`` (an empty database) and ``opened`` (the demo) are in tests/conftest.py."""

from __future__ import annotations

import pytest

from djdesk.services.database import Store
from tests.services.test_meetings_support import Tree, build_tree


@pytest.fixture
def tree(store: Store) -> Tree:
    """The small tree of tests/services/test_meetings_support.py with its members and committee.

    test_org_admin.py overrides it with an organisation tree of its own.
    """
    return build_tree(store.sessions)
