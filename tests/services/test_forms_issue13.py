"""The forms as they are filed (issue 13): the 评先评优推荐审批表 (R-EVAL-5) with a 照片 box, 工作单位及职务
in full, cells wide enough, a 党总支意见 row where a 党总支 stands between, and a long 主要事迹 that goes on
to the next page under its label; the 签到表 with about 20 names a page."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select

from djdesk.domain.enums import MeetingKind, OrgKind
from djdesk.services import meeting_docs as md
from djdesk.services.commendations import NominationInput, add_nomination, list_nominations
from djdesk.services.documents import docx_text
from djdesk.services.eval_docs import nomination_context, write_nomination_form
from djdesk.services.meeting_detail import load_meetings
from djdesk.store.models import Member, Organization

YEAR = 2025
TODAY = dt.date(2026, 11, 26)
HAVE_LIBREOFFICE = bool(shutil.which("soffice") and shutil.which("pdftotext"))


def _pdf_pages(out: Path, tmp_path: Path) -> list[str]:
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(out)], check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "pdf" / f"{out.stem}.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _parent_kinds(opened: Any) -> dict[int, tuple[OrgKind, int | None]]:
    with opened.sessions() as session:
        return {o.id: (o.kind, o.parent_id) for o in session.scalars(select(Organization))}


def _under_general_branch(orgs: dict[int, tuple[OrgKind, int | None]], org_id: int) -> bool:
    parent = orgs[org_id][1]
    while parent is not None:
        if orgs[parent][0] is OrgKind.GENERAL_BRANCH:
            return True
        parent = orgs[parent][1]
    return False


def test_r_eval_5_form_of_a_member_has_a_photo_box_and_the_full_post(opened: Any, tmp_path: Path) -> None:
    nomination = next(n for n in list_nominations(opened.sessions, YEAR) if not n.for_organisation)
    out = write_nomination_form(opened.paths, opened.sessions, nomination.id, tmp_path / "表.docx")
    table = docx.Document(str(out)).tables[0]
    photo_rows = [r for r in table.rows if r.cells[-1].text == "照\n\n片"]
    assert len(photo_rows) == 4  # one cell merged over the four rows of particulars (w:vMerge)
    merged = [tc for tc in table._tbl.iter(qn("w:tc")) if tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}") is not None]
    assert len(merged) == 4
    with opened.sessions() as session:  # the unit, department and post as stored, read without the service
        member = session.get(Member, nomination.member_id)
        assert member is not None
        unit = member.organization.unit_name or ""
        expected = f"{unit}{member.department or ''}{member.admin_position or member.job_post or ''}"
    assert unit and expected in docx_text(out)
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[5] >= 31 * 1440 / 25.4  # 1975年10月 (5 characters of 14 pt and four digits) on one line
    assert widths[0] >= 22 * 1440 / 25.4 - 1  # labels of four characters (出生年月, 党内职务, 推荐类别)


@pytest.mark.parametrize("under", [True, False])
def test_r_eval_5_a_general_branch_opinion_row_where_one_stands_between(opened: Any, tmp_path: Path,
                                                                         under: bool) -> None:
    orgs = _parent_kinds(opened)
    with opened.sessions() as session:
        members = list(session.scalars(select(Member).where(Member.deleted_at.is_(None))))
    member = next(m for m in members if _under_general_branch(orgs, m.organization_id) is under)
    nominated = add_nomination(opened.sessions, YEAR, NominationInput("青年学习标兵", member_id=member.id), today=TODAY)
    text = docx_text(write_nomination_form(opened.paths, opened.sessions, nominated, tmp_path / "表.docx"))
    assert ("党总支\n意　　见" in text) is under
    assert "推荐单位\n意　　见" in text and "机关党委\n意　　见" in text
    assert bool(nomination_context(opened.sessions, nominated)["党总支"]) is under


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice and poppler-utils are not installed")
def test_r_eval_5_long_deeds_go_on_under_their_label(opened: Any, tmp_path: Path) -> None:
    member = next(n for n in list_nominations(opened.sessions, YEAR) if not n.for_organisation).member_id
    deeds = "\n".join(f"第{i}段：" + "爱岗敬业，勇于担当，在急难险重任务中发挥先锋模范作用。" * 4 for i in range(1, 13))
    nominated = add_nomination(opened.sessions, YEAR, NominationInput("青年学习标兵", member_id=member, deeds=deeds),
                               today=TODAY)
    out = write_nomination_form(opened.paths, opened.sessions, nominated, tmp_path / "长.docx")
    header = docx.Document(str(out)).tables[1].rows[0]
    assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    pages = _pdf_pages(out, tmp_path)
    assert len(pages) >= 2
    flat = ["".join(page.split()) for page in pages]
    continued = next(i for i, page in enumerate(flat) if "第12段" in page)
    assert continued >= 1 and "主要事迹" in flat[continued]  # the label again on the page the 事迹 goes on
    assert all(f"第{i}段" in "".join(flat) for i in range(1, 13))
    assert re.search(r"出生年月 +\d{4} *年 *\d{1,2} *月", pages[0])  # the date on the label's line, whole


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice and poppler-utils are not installed")
def test_signin_sheet_holds_about_20_names_a_page(opened: Any, demo_paths: Any, tmp_path: Path) -> None:
    with opened.sessions() as session:
        branch = session.scalar(select(Organization.id).where(Organization.short_name == "后勤服务中心支部"))
    detail = next(d for d in load_meetings(opened.sessions, branch, YEAR) if d.kind is MeetingKind.GENERAL_ASSEMBLY)
    assert len(detail.attendees) > 40
    pages = _pdf_pages(md.render_signin(demo_paths, opened.sessions, detail.id, tmp_path / "签到.docx"), tmp_path)
    counts = [sum(1 for line in page.splitlines() if re.match(r"\s*\d+\s+\S+\s+(正式|预备)党员", line))
              for page in pages]
    assert sum(counts) == len(detail.attendees)
    assert counts[0] >= 14 and all(n >= 20 for n in counts[1:-1])
    assert "主持人" in pages[0]  # above the table: never alone on a last page
