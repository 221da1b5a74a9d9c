"""The main window's eight tabs: which widget each one is, and what it gets once the store is open.

The window makes each tab on first use (``MainWindow.page``), so nothing here is imported before
the window's first paint except this module itself: the tab modules are imported inside the
functions (benchmarks/startup.py).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
    from djdesk.ui.main_window import MainWindow

TAB_TITLES = ("首页", "组织", "党员", "发展党员", "会议", "考核评议", "党费", "台账")
HOME, ORGS, MEMBERS, DEVELOPMENT, MEETINGS, ASSESSMENTS, DUES, LEDGER = range(len(TAB_TITLES))


def make_page(window: MainWindow, index: int) -> QWidget:
    """The widget of tab ``index``, connected to the window; store-backed parts come in :func:`wire_page`."""
    if index == HOME:
        from djdesk.ui.home_tab import HomeTab

        home = HomeTab()
        home.org_requested.connect(window.open_org)
        home.way_chosen.connect(lambda choice: window.first_day.take(choice))
        return home
    if index == ORGS:
        from djdesk.ui.orgs_tab import OrgsTab

        orgs = OrgsTab(lambda: window.store)
        orgs.changed.connect(window.refresh)
        return orgs
    if index == MEMBERS:
        from djdesk.ui.members_tab import MembersTab

        members = MembersTab(window.ui_settings)
        members.members_shown.connect(window.data_loaded)
        return members
    if index == MEETINGS:
        from djdesk.ui.meetings_tab import MeetingsTab

        return MeetingsTab()
    if index == ASSESSMENTS:
        from djdesk.ui.assessments_tab import AssessmentsTab

        return AssessmentsTab()
    if index == DEVELOPMENT:
        from djdesk.ui.development_tab import DevelopmentTab

        return DevelopmentTab()
    if index == DUES:
        from djdesk.ui.dues_tab import DuesTab

        return DuesTab()
    from djdesk.ui.ledger_tab import LedgerTab

    return LedgerTab()


def wire_page(window: MainWindow, index: int, page: Any) -> None:
    """Give a tab the actions that need the store (once per tab, whenever it is made)."""
    if index == ORGS:
        from djdesk.ui.org_actions import OrgActions

        page.wire(OrgActions(page, lambda: window.store, lambda org_id: members_of(window, org_id)))
    elif index in (MEETINGS, ASSESSMENTS):
        page.wire(SimpleNamespace(  # what the feature tabs need from the window, without the window
            store=lambda: window.store, orgs=lambda: window.orgs_tab.rows,
            people=lambda org_id: members_of(window, org_id), clock=window.clock, changed=window.refresh))
    elif index == MEMBERS:
        _add_member_buttons(window, page)


def members_of(window: MainWindow, org_id: int) -> list[tuple[int, str]]:
    """(id, label) of the active members of an organisation and everything under it."""
    from djdesk.domain.enums import RosterStatus
    from djdesk.services.orgs import subtree_ids

    ids = subtree_ids(window.orgs_tab.rows, org_id)
    rows = [m for m in window.members_tab.model.all_rows() if m.roster_status is RosterStatus.ACTIVE]
    return [(m.id, f"{m.name}（{m.branch_short}）") for m in rows if m.branch_id in ids or m.group_id in ids]


def _add_member_buttons(window: MainWindow, tab: Any) -> None:
    from djdesk.ui.member_actions import MemberActions, MemberFileActions, MemberFormActions

    window.member_actions = actions = MemberActions(tab, lambda: window.store, window.refresh)
    window.member_form_actions = forms = MemberFormActions(actions, lambda: window.orgs_tab.rows)
    window.member_file_actions = files = MemberFileActions(actions, lambda: window.orgs_tab.rows)
    roster = tab.add_action("名册", lambda: None)
    menu = QMenu(roster)
    menu.addAction("导入党员名册…", files.import_roster)
    menu.addAction("导出党员花名册…", files.export_roster)
    menu.addSeparator()
    menu.addAction("下载导入模板…", files.template)
    roster.setMenu(menu)
    tab.add_action("新增党员…", forms.add)
    tab.add_action("编辑…", forms.edit)
    tab.open_requested.connect(forms.edit)
    status = tab.add_action("变动", lambda: None)
    status.setMenu(actions.status_menu())
    tab.add_action("变动记录", actions.history)
    tab.add_action("删除", actions.delete)
    tab.add_action("回收站…", actions.recycle_bin)
    tab.finish_actions()
