"""``djdesk meetings …`` (filled in by the meetings feature)."""

from __future__ import annotations

from typing import Any

from djdesk.commands.common import subparsers


def register(sub: Any) -> None:
    meetings = sub.add_parser("meetings", help="会议（三会一课等组织生活）")
    subparsers(meetings, "meetings_command")
