"""No internal rule code (R-MEET-1 and the like) where the clerk reads (issue 11, point 11).

rules.md's preamble: the IDs are for the code only; documents, reminders, messages and CLI text say the
rule in plain Chinese. On the demo data, every kind of document djdesk makes, every reminder of a year
and the CLI's text output are searched for ``R-[A-Z]+-\\d+``; the JSON output keeps its ``rule`` field.
A last test reads djdesk's source: a string literal (not a docstring) that carries a code inside other
text would reach the clerk somewhere (a message, a hint, a note), so only a bare code may be written
as a literal (an ID handed around, compared or put in a ``rule`` field).
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from djdesk.domain.enums import MeetingKind
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.commendations import list_nominations
from djdesk.services.compliance_export import export_compliance
from djdesk.services.database import Store
from djdesk.services.eval_docs import branch_id, write_ballot, write_nomination_form
from djdesk.services.evaluations import branch_results
from djdesk.services.meeting_detail import load_meeting
from djdesk.services.meeting_docs import (
    expected_attendees,
    render_book,
    render_minutes,
    render_notice,
    render_signin,
)
from djdesk.services.meeting_print import minutes_html, signin_html
from djdesk.services.org_export import export_org_tables
from djdesk.services.org_letter import remind_letter
from djdesk.services.reminders import reminders
from djdesk.services.roster_export import export_roster
from djdesk.services.roster_import import error_lines, plan_import, save_error_report, warning_lines
from djdesk.services.roster_template import write_template
from djdesk.services.yearend_export import export_yearend
from djdesk.store.models import Meeting
from tests.e2e.cli_helpers import run_main
from tests.rule_codes import CODE, codes_in, codes_in_file
from tests.services.test_roster_import_support import HEADER, member_row, pid, write_xlsx

YEAR = 2025  # the demo year of the demo_template fixture
ON = dt.date(2026, 11, 26)  # its "today"
SOURCE = Path(__file__).resolve().parents[2] / "djdesk"


def _meetings_by_kind(store: Store) -> dict[MeetingKind, int]:
    """One held meeting of each kind the demo has (the first of the year)."""
    with store.sessions() as session:
        rows = session.execute(select(Meeting.kind, Meeting.id)
                               .where(Meeting.held.is_(True), Meeting.deleted_at.is_(None))
                               .order_by(Meeting.held_on, Meeting.id)).all()
    found: dict[MeetingKind, int] = {}
    for kind, meeting_id in rows:
        found.setdefault(kind, meeting_id)
    return found


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> list[Path]:
    """Every kind of document djdesk makes, from one copy of the demo database."""
    import sqlite3

    from djdesk.services.database import open_store

    paths = DataPaths(tmp_path_factory.mktemp("codes") / "data")
    paths.ensure()
    src, dst = sqlite3.connect(demo_template), sqlite3.connect(paths.database)
    src.backup(dst)
    src.close()
    dst.close()
    out = tmp_path_factory.mktemp("documents")
    store = open_store(paths)
    try:
        sessions = store.sessions
        made: list[Path] = []
        kinds = _meetings_by_kind(store)
        assert {MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.PARTY_LECTURE,
                MeetingKind.LIFE_MEETING} <= set(kinds)
        for kind, meeting_id in kinds.items():
            made.append(render_minutes(paths, sessions, meeting_id, out / f"会议记录-{kind.name}.docx"))
            made.append(render_signin(paths, sessions, meeting_id, out / f"签到表-{kind.name}.docx"))
            made.append(render_notice(paths, sessions, meeting_id, out / f"会议通知-{kind.name}.docx", on=ON))
            detail = load_meeting(sessions, meeting_id)  # the print preview's HTML
            html = out / f"预览-{kind.name}.html"
            html.write_text(minutes_html(detail) + signin_html(detail, expected_attendees(sessions, detail)),
                            encoding="utf-8")
            made.append(html)
        made.append(render_book(paths, sessions, "办公室支部", YEAR, out / "会议记录本.docx"))
        made.append(export_compliance(sessions, YEAR, out / "组织生活开展情况统计表.xlsx", on=ON))
        made.append(export_compliance(sessions, YEAR, out / "组织生活统计表-年中.xlsx", on=dt.date(YEAR, 7, 20)))
        made.append(export_yearend(sessions, YEAR, out / "年终汇总表.xlsx", on=ON))
        for branch in (demo.EXCELLENT_HEAVY_BRANCH, demo.UNQUALIFIED_BRANCH):
            made.append(write_ballot(paths, sessions, YEAR, branch_id(sessions, branch),
                                     out / f"测评表-{branch}.docx", today=ON))
        for nomination in list_nominations(sessions, YEAR):  # members and the 先进基层党组织
            made.append(write_nomination_form(paths, sessions, nomination.id, out / f"推荐审批表-{nomination.id}.docx"))
        made.append(export_org_tables(sessions, out / "党组织一览表.xlsx", on=demo.reference_date(YEAR)))
        for branch in (demo.DUE_SOON_BRANCH, demo.OVERDUE_BRANCH, "办公室支部"):
            made.append(remind_letter(paths, sessions, branch, out / f"换届提醒函-{branch}.docx",
                                      on=demo.reference_date(YEAR), not_due_ok=True))  # 办公室支部: not due
        made.append(export_roster(sessions, out / "花名册.xlsx", on=ON))
        made.append(export_roster(sessions, out / "花名册-分支部.xlsx", by_branch=True, on=ON))
        made.append(write_template(out / "导入模板.xlsx"))
        bad = write_xlsx(out / "有错的名册.xlsx", {"Sheet1": [HEADER, *_bad_rows()]},
                         numbers=[("Sheet1", 2, 2, 110105198005060117.0)])
        plan = plan_import(sessions, bad, today=ON)
        assert plan.invalid >= 4
        made.append(save_error_report(plan, out / "导入问题报告.xlsx"))
        lines = out / "导入问题.txt"
        lines.write_text("\n".join(error_lines(plan) + warning_lines(plan)), encoding="utf-8")
        made.append(lines)
    finally:
        store.close()
    return made


def _bad_rows() -> list[list[object]]:
    return [
        member_row("甲一", "110105198005060118"),  # check character
        member_row("甲二", ""),  # a number cell that lost its last digits (see numbers=)
        member_row("甲三", pid(1990, 2, 3, 22), gender="女", joined="2008-02-02", confirmed="2009-02-02"),  # under 18
        member_row("甲四", pid(1980, seq=15), joined="2030-01-01", confirmed=None),  # in the future
        member_row("甲五", pid(1980, seq=17), gender="女"),  # gender against the ID: a warning
        member_row("甲六", pid(1981, seq=19), joined="2010-07-01", confirmed="2012-03-01"),  # 预备期 not one year
    ]


def _found(path: Path) -> list[str]:
    if path.suffix in (".docx", ".xlsx"):
        return codes_in_file(path)
    return codes_in([(path.name, path.read_text(encoding="utf-8"))])


def test_documents_carry_no_rule_code(documents: list[Path]) -> None:
    """会议记录, 签到表, 会议通知 (and their print preview), 会议记录本, 组织生活统计表, 年终汇总表, 测评表,
    推荐审批表, 党组织一览表/班子成员名单, 换届提醒函, 花名册 (plain and by branch), the import template and an
    import error report: no code in any text, header, footer, table, cell or sheet name."""
    assert len(documents) > 30
    found = [hit for path in documents for hit in _found(path)]
    assert found == [], "\n".join(found[:40])


def test_missing_items_name_the_regulation_instead(documents: list[Path]) -> None:
    """The 缺项清单's last column, once the rule code, names the regulation in words (R-MEET-7: 第十九条)."""
    import openpyxl

    from djdesk.services.compliance_export import MISSING_SHEET

    book = openpyxl.load_workbook(next(p for p in documents if p.name == "组织生活开展情况统计表.xlsx"))
    rows = list(book[MISSING_SHEET].iter_rows(min_row=3, values_only=True))
    assert rows[0][-1] == "依据"
    basis = {row[2]: row[-1] for row in rows[1:] if isinstance(row[0], int)}
    assert basis["谈心谈话（党员之间）"] == "《中国共产党支部工作条例（试行）》第十九条"
    assert basis["党课"] == basis["党小组会"] == "《中国共产党支部工作条例（试行）》"


def test_reminders_carry_no_rule_code(opened: Store) -> None:
    """Every reminder text of the demo on days through the year (the 换届, 组织设置, 组织生活 and 七一
    reminders); the ``rule`` field keeps the ID."""
    days = [dt.date(YEAR, 1, 20), dt.date(YEAR, 3, 31), dt.date(YEAR, 5, 20), dt.date(YEAR, 7, 20),
            demo.reference_date(YEAR), dt.date(YEAR, 12, 20), dt.date(YEAR + 1, 2, 10), ON]
    texts: list[tuple[str, str]] = []
    rules: set[str] = set()
    for day in days:
        for reminder in reminders(opened.sessions, day):
            texts.append((f"{day} {reminder.organisation}", reminder.text))
            rules.add(reminder.rule)
    topics = {r.topic for day in days for r in reminders(opened.sessions, day)}
    assert {"换届", "组织生活", "评先评优"} <= topics
    assert len(texts) > 40
    assert codes_in(texts) == []
    assert all(CODE.search(rule) for rule in rules)  # the ID stays in the field


def _help_texts() -> list[tuple[str, str]]:
    import argparse

    from djdesk.cli import build_parser

    found: list[tuple[str, str]] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        found.append((path or "djdesk", parser.format_help()))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


def test_cli_help_carries_no_rule_code() -> None:
    """``-h`` of djdesk and of every command and subcommand."""
    texts = _help_texts()
    assert len(texts) > 25
    assert codes_in(texts) == []


def test_cli_text_output_carries_no_rule_code(capsys: pytest.CaptureFixture[str], demo_paths: DataPaths,
                                              tmp_path: Path) -> None:
    """The text (not JSON) output of reminders, orgs list, the assessments lists and an import check."""
    base = ["--data-dir", str(demo_paths.root)]
    bad = write_xlsx(tmp_path / "有错的名册.xlsx", {"Sheet1": [HEADER, *_bad_rows()]},
                     numbers=[("Sheet1", 2, 2, 110105198005060117.0)])
    runs = [
        ["reminders", "--on", "2025-10-01"], ["reminders", "--on", "2025-05-20"], ["reminders", "--on", "2026-02-10"],
        ["orgs", "list", "--on", "2025-10-01"], ["assessments", "results", str(YEAR)],
        ["assessments", "nominations", str(YEAR)], ["assessments", "checklist", str(YEAR)],
        ["meetings", "list", "--year", str(YEAR), "--branch", "办公室支部"],
        ["meetings", "compliance", "--year", str(YEAR), "--on", "2025-10-01", str(tmp_path / "统计.xlsx")],
        ["members", "import", "--dry-run", str(bad)],
    ]
    texts: list[tuple[str, str]] = []
    for argv in runs:
        result = run_main(capsys, [*base, *argv])
        texts += [(" ".join(argv), result.out), (" ".join(argv) + " (stderr)", result.err)]
    assert "【" in texts[0][1] and "优秀" in texts[8][1]  # reminders and the 优秀 share warning were printed
    assert codes_in(texts) == []
    # The JSON output keeps the rule as an ID.
    data = json.loads(run_main(capsys, [*base, "reminders", "--on", "2025-10-01", "--json"]).out)
    rules = {rule for r in data for rule in r["rule"].split("、")}
    assert "R-ORG-7" in rules and any(rule.startswith("R-MEET-") for rule in rules)


def test_evaluation_warnings_carry_no_rule_code(opened: Store) -> None:
    """The 优秀 share warning of 民主评议 (shown in the GUI, the CLI and the year-end workbook)."""
    heavy = branch_results(opened.sessions, YEAR, branch_id(opened.sessions, demo.EXCELLENT_HEAVY_BRANCH))
    assert heavy.warnings
    assert codes_in(("warning", w) for w in heavy.warnings) == []


# --- the source ------------------------------------------------------------------------------------


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
        # A string on its own line after an assignment documents it (attribute docstrings).
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.add(id(node.value))
    return found


def literal_codes(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal in ``source`` that is not a docstring and carries a code
    inside other text; f-string parts are literals too."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and CODE.search(node.value) and not CODE.fullmatch(node.value)]


def test_no_string_literal_puts_a_code_into_text() -> None:
    """A literal is either a bare code (an ID) or text without one."""
    files = sorted(SOURCE.rglob("*.py"))
    assert len(files) > 100
    found = [f"{path.relative_to(SOURCE.parent)}:{line}: {text[:120]!r}"
             for path in files for line, text in literal_codes(path.read_text(encoding="utf-8"))]
    assert found == [], "\n".join(found)


def test_the_source_check_bites() -> None:
    """The check above finds a code in a message and in an f-string, not in a docstring or a bare ID."""
    sample = ('"""R-ORG-1 in a docstring."""\n'
              'RULE = "R-ORG-2"\n'
              'def f(n):\n'
              '    """R-ORG-3 here too."""\n'
              '    raise ValueError("人数不足（R-ORG-4）")\n'
              'def g(n):\n'
              '    return f"{n}人（R-MEET-5：每月一次）"\n')
    assert literal_codes(sample) == [(5, "人数不足（R-ORG-4）"), (7, "人（R-MEET-5：每月一次）")]
