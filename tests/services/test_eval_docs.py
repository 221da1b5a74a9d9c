"""Word forms of 民主评议 (R-EVAL-1, R-EVAL-2) and 评先评优 (R-EVAL-5) on the demo: content, GB/T 9704 page
(R-DOC-1), dates (R-DOC-4), and (with LibreOffice) the printed PDF on A4."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import docx
import pytest

from djdesk.domain.dates import format_cn_month
from djdesk.domain.enums import MemberCategory, OrgKind
from djdesk.services import demo
from djdesk.services.commendations import NominationInput, add_nomination, list_nominations
from djdesk.services.documents import GUIDE_FILENAME, default_forms_dir, docx_text
from djdesk.services.eval_docs import (
    BALLOT_TEMPLATE,
    NOMINATION_TEMPLATE,
    ballot_context,
    branch_id,
    nomination_context,
    share_words,
    write_ballot,
    write_nomination_form,
)
from djdesk.services.evaluations import roster_for_year
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.settings import save_setting
from tests.services.test_evaluations import TODAY, YEAR, members_of, org_id, refused

HAS_LIBREOFFICE = bool(shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext"))
MM_PER_PT = 25.4 / 72


def _ballot(store: Any, short: str, out: Path) -> Path:
    return write_ballot(store.paths, store.sessions, YEAR, branch_id(store.sessions, short), out, today=TODAY)


def test_r_eval_1_ballot_lists_the_roster_with_four_boxes(opened: Any, tmp_path: Path) -> None:
    out = _ballot(opened, demo.EXCELLENT_HEAVY_BRANCH, tmp_path / "测评表.docx")
    roster = roster_for_year(opened.sessions, org_id(opened, demo.EXCELLENT_HEAVY_BRANCH), YEAR)
    document = docx.Document(str(out))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "人员类别", "优秀", "合格", "基本合格", "不合格"]
    assert table.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None  # repeated on each page
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[1] for r in rows] == [m.name for m in roster]
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(roster) + 1)]
    # R-EVAL-2: a 预备党员 gets no 等次, so no boxes; the share is of the 正式党员.
    assert all(r[3:] == (["—"] * 4 if m.category is MemberCategory.PROBATIONARY else ["□"] * 4)
               for r, m in zip(rows, roster, strict=True))
    full = sum(1 for m in roster if m.category is MemberCategory.FULL)
    assert full < len(roster)
    text = docx_text(out)
    assert f"{YEAR}年度民主评议党员测评表" in text and "在对应的等次栏内画“√”" in text
    assert f"本支部正式党员{full}名" in text and f"最多{full // 3}名" in text and "三分之一" in text


def test_r_eval_2_ballot_follows_the_configured_share(opened: Any) -> None:
    save_setting(opened.sessions, "eval.excellent_share", "1/4")
    context = ballot_context(opened.sessions, YEAR, org_id(opened, "办公室支部"), today=TODAY)
    assert context["优秀比例"] == "四分之一" and context["优秀上限"] == str(int(context["正式党员人数"]) // 4)
    assert share_words(Fraction(3, 10)) == "十分之三" and share_words(Fraction(7, 20)) == "35%"


def test_ballot_for_a_group_an_unknown_branch_or_an_empty_year_is_refused(opened: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    refused(opened.sessions, lambda: _ballot(opened, "办公室第一党小组", out), "党小组")
    refused(opened.sessions, lambda: _ballot(opened, "没有这个支部", out), "找不到党组织")
    empty = create_org(opened.sessions, OrgFields("中共示例新设支部委员会", OrgKind.BRANCH, "新设支部"),
                       org_id(opened, "机关党委"), today=TODAY)
    refused(opened.sessions, lambda: write_ballot(opened.paths, opened.sessions, YEAR, empty, out, today=TODAY),
            "没有在册党员")
    assert not out.exists()


def test_r_eval_5_nomination_form_of_a_member(opened: Any, tmp_path: Path) -> None:
    nomination = list_nominations(opened.sessions, YEAR)[0]
    out = write_nomination_form(opened.paths, opened.sessions, nomination.id, tmp_path / "审批表.docx")
    member = next(m for m in members_of(opened, nomination.organisation) if m.id == nomination.member_id)
    text = docx_text(out)
    assert f"{YEAR}年度优秀共产党员推荐审批表" in text
    assert member.name in text and format_cn_month(member.joined_on) in text  # R-DOC-4: 2007年6月
    assert nomination.deeds and nomination.deeds in text
    assert "党组织名称" not in text and "推荐单位" in text and "机关党委" in text and "（盖章）" in text
    assert not re.search(r"年0\d月", text)


def test_r_eval_5_nomination_form_of_an_organisation(opened: Any, tmp_path: Path) -> None:
    advanced = next(n for n in list_nominations(opened.sessions, YEAR) if n.for_organisation)
    context = nomination_context(opened.sessions, advanced.id)
    assert context["个人"] is False and context["党组织名称"] == advanced.nominee_name and context["书记"]
    text = docx_text(write_nomination_form(opened.paths, opened.sessions, advanced.id, tmp_path / "x.docx"))
    assert "先进基层党组织推荐审批表" in text and advanced.nominee_name in text
    assert "出生年月" not in text and "照\n\n片" not in text and "党员\n人数" in text


def test_long_deeds_in_paragraphs_and_xml_characters_survive(opened: Any, tmp_path: Path) -> None:
    member = members_of(opened, "办公室支部")[6]
    deeds = "第一段：带头攻坚 A&B <公司> 项目。\n\n第二段：" + "勇于担当，" * 80
    new = add_nomination(opened.sessions, YEAR, NominationInput("青年学习标兵", member_id=member.id, deeds=deeds),
                         today=TODAY)
    out = write_nomination_form(opened.paths, opened.sessions, new, tmp_path / "x.docx")
    deeds_table = docx.Document(str(out)).tables[1]  # 主要事迹: a table of its own, one row a paragraph
    paragraphs = [r.cells[0].text for r in deeds_table.rows[1:]]
    assert paragraphs[0] == "第一段：带头攻坚 A&B <公司> 项目。" and paragraphs[1].startswith("第二段：")


def test_unknown_nomination_is_refused(opened: Any, tmp_path: Path) -> None:
    refused(opened.sessions, lambda: write_nomination_form(opened.paths, opened.sessions, 9999, tmp_path / "x.docx"),
            "找不到")


@pytest.mark.parametrize("name", [BALLOT_TEMPLATE, NOMINATION_TEMPLATE])
def test_r_doc_1_templates_are_gbt9704_and_listed_in_the_guide(name: str) -> None:
    path = default_forms_dir() / name
    section = docx.Document(str(path)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert [round(m) for m in margins] == [37, 35, 28, 26]
    guide = (default_forms_dir() / GUIDE_FILENAME).read_text(encoding="utf-8-sig").split(f"【{name}】")[1]
    guide = guide.split("\n【")[0]
    with zipfile.ZipFile(path) as package:
        xml = re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode())
    loops = set(re.findall(r"for (\w+) in", xml))
    for placeholder in set(re.findall(r"\{\{ ([\w.]+) \}\}", xml)):
        if placeholder.split(".")[0] not in loops:
            assert f"{{{{ {placeholder} }}}}" in guide, (name, placeholder)


# --- printed with LibreOffice ----------------------------------------------------------------------


def _pdf(docx_path: Path, tmp_path: Path) -> Path:
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    return docx_path.with_suffix(".pdf")


def _pages(pdf: Path) -> tuple[int, tuple[float, float]]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None
    return pages, (float(size[1]), float(size[2]))


def _text_box(pdf: Path) -> tuple[float, float, float]:
    """Leftmost, rightmost (from the right edge) and topmost text of page 1, in mm."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = [(float(a), float(b), float(c), w) for a, b, c, w in
             re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html)]
    words = [w for w in words if not re.fullmatch(r"[—\d\s]+", w[3])]  # not the page number
    return (min(w[0] for w in words) * MM_PER_PT, 210 - max(w[2] for w in words) * MM_PER_PT,
            min(w[1] for w in words) * MM_PER_PT)


@pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice and poppler-utils are needed to check the printed page")
def test_r_doc_1_ballot_prints_on_a4_within_the_margins(opened: Any, tmp_path: Path) -> None:
    pdf = _pdf(_ballot(opened, demo.EXCELLENT_HEAVY_BRANCH, tmp_path / "ballot.docx"), tmp_path)
    pages, (width, height) = _pages(pdf)
    assert (round(width), round(height)) == (595, 842) and pages == 2  # 46 members on two pages
    left, right, top = _text_box(pdf)
    assert abs(left - 28) <= 1 and right >= 26 - 1 and abs(top - 37) <= 1.5
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("序号") == 2  # the header row again on page 2
    assert "—1—" in "".join(text.split()) and "—2—" in "".join(text.split())


@pytest.mark.skipif(not HAS_LIBREOFFICE, reason="LibreOffice and poppler-utils are needed to check the printed page")
def test_r_doc_1_nomination_forms_print_on_one_a4_page(opened: Any, tmp_path: Path) -> None:
    person = list_nominations(opened.sessions, YEAR)[0]
    organisation = next(n for n in list_nominations(opened.sessions, YEAR) if n.for_organisation)
    for nomination in (person, organisation):
        out = write_nomination_form(opened.paths, opened.sessions, nomination.id, tmp_path / f"n{nomination.id}.docx")
        pdf = _pdf(out, tmp_path)
        pages, (width, height) = _pages(pdf)
        assert (round(width), round(height), pages) == (595, 842, 1)
        left, right, top = _text_box(pdf)
        assert left >= 28 - 1 and right >= 26 - 1 and abs(top - 37) <= 1.5
