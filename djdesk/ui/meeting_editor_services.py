"""What the meeting editor asks of the services, bound to one database and, once saved, to one meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from djdesk.domain.enums import MeetingKind
from djdesk.domain.errors import DjdeskError
from djdesk.services.meetings import MeetingInput


class EditorServices:
    """The service calls the editor needs, bound to one database and, once saved, to one meeting."""

    def __init__(self, sessions: Any, people: Callable[[int], list[tuple[int, str]]], meeting_id: int | None):
        self.sessions, self.people, self.meeting_id = sessions, people, meeting_id

    def kinds(self, org_id: int, on: dt.date) -> list[MeetingKind]:
        from djdesk.services import meetings

        return meetings.allowed_kinds(self.sessions, org_id, on)

    def expected(self, org_id: int, kind: MeetingKind, on: dt.date) -> Any:
        from djdesk.services import meetings

        return meetings.expected_attendees(self.sessions, org_id, kind, on)

    def summary(self, data: MeetingInput) -> Any:
        from djdesk.services import meetings

        return meetings.summarize_input(self.sessions, data, meeting_id=self.meeting_id)

    def save(self, data: MeetingInput) -> int:
        """Create the meeting the first time, update it afterwards (打印 saves before 确定 does)."""
        from djdesk.services import meetings

        if self.meeting_id is None:
            self.meeting_id = meetings.create_meeting(self.sessions, data)
        else:
            meetings.update_meeting(self.sessions, self.meeting_id, data)
        return self.meeting_id

    def html(self, which: str) -> str:
        from djdesk.ui.meeting_docs_actions import meeting_html

        if self.meeting_id is None:
            raise DjdeskError("请先保存这次会议。")
        return meeting_html(self.sessions, self.meeting_id, which)


def editor_services(sessions: Any, people: Callable[[int], list[tuple[int, str]]],
                    meeting_id: int | None) -> EditorServices:
    return EditorServices(sessions, people, meeting_id)
