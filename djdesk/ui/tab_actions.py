"""What the controllers behind a tab's buttons share: the tab as the parent of their dialogs, the open
database, and asking the clerk to select something first."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from djdesk.domain.errors import DjdeskError

if TYPE_CHECKING:
    from djdesk.services.database import Store

TabT = TypeVar("TabT", bound=QWidget)
T = TypeVar("T")


class TabActions(Generic[TabT]):
    def __init__(self, tab: TabT, store: Callable[[], Store | None]) -> None:
        self.tab = tab
        self.store = store

    @property
    def parent(self) -> QWidget:
        return self.tab

    def _sessions(self) -> Any:
        store = self.store()
        if store is None:
            raise DjdeskError("数据还在载入，请稍候再试。")
        return store.sessions

    def _asked(self, found: T | None, ask: str) -> T | None:
        """``found`` (what the tab has selected); when there is none, the clerk is asked (``ask``) to select."""
        if found is None:
            QMessageBox.information(self.parent, "请先选择", ask)
        return found
