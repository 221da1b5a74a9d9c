"""换届提醒函 (R-ORG-7, R-ORG-8) in GB/T 9704 layout (R-DOC-1, R-DOC-2, R-DOC-4)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from djdesk.domain.dates import format_cn
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.documents import GUIDE_FILENAME, default_template_path, docx_text
from djdesk.services.org_info import org_overviews
from djdesk.services.org_letter import TEMPLATE, NotDue, remind_letter
from djdesk.services.settings import save_setting
from djdesk.store.models import Organization

ON = demo.reference_date(2025)
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def opened(opened: Any) -> Any:
    """The demo store (tests/conftest.py) with the committee's name set."""
    save_setting(opened.sessions, "unit.committee_name", "中共示例省交通运输厅直属机关委员会")
    return opened


def _overview(store: Any, short: str) -> Any:
    return next(o for o in org_overviews(store.sessions, ON) if o.row.short_name == short)


def _letter(store: Any, paths: DataPaths, name: str, tmp_path: Path, *, not_due_ok: bool = False,
            on: Any = ON) -> Path:
    return remind_letter(paths, store.sessions, name, tmp_path / "out" / "换届提醒函.docx", on=on,
                         not_due_ok=not_due_ok)


def test_r_org_7_letter_for_due_soon_branch(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-ORG-7 / R-DOC-4: the letter names the branch, its election and expiry as 2026年3月10日."""
    overview = _overview(opened, demo.DUE_SOON_BRANCH)
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path))
    assert text.splitlines()[0] == "关于做好换届选举工作的提醒函"
    assert f"{overview.row.name}：" in text.splitlines()  # 主送, on a line of its own
    assert f"应于{format_cn(overview.term.end)}届满" in text
    assert f"于{format_cn(overview.term.elected_on)}经党员大会选举产生" in text
    assert f"第{overview.term.number}届支部委员会" in text
    assert "每届任期3年" in text  # R-ORG-5
    assert "已不足6个月" in text  # R-ORG-7
    assert "不超过1年" in text  # R-ORG-8
    assert "中共示例省交通运输厅直属机关委员会\n2025年10月1日" in text  # signature and date
    assert "机关党委办公室（内线 8001）" in text
    assert "{{" not in text and "}}" not in text


def test_r_doc_4_dates_without_zero_padding(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-DOC-4: 2026年3月10日, never 2026年03月10日 or 2026-03-10."""
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path))
    dates = re.findall(r"\d+年\d+月\d+日", text)
    assert len(dates) >= 3
    assert all(not re.search(r"[年月]0", d) for d in dates)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_r_org_7_overdue_letter_by_full_name(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    overview = _overview(opened, demo.OVERDUE_BRANCH)
    text = docx_text(_letter(opened, demo_paths, overview.row.name, tmp_path))
    assert f"应于{format_cn(overview.term.end)}届满" in text
    assert "目前任期已经届满" in text and "不足6个月" not in text


def test_r_org_8_approved_extension_is_explained(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-ORG-8: an approved extension moves the expiry and the letter says so."""
    import datetime as dt

    with opened.sessions.begin() as session:
        session.execute(update(Organization).where(Organization.short_name == demo.DUE_SOON_BRANCH)
                        .values(term_adjust_months=6, term_adjust_doc="示例机党〔2025〕8号",
                                term_adjust_on=dt.date(2025, 9, 1)))
    overview = _overview(opened, demo.DUE_SOON_BRANCH)
    # the extension moves the expiry past the reminder period: a letter now is an early one
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path, not_due_ok=True))
    assert format_cn(overview.term.end) == "2026年9月10日"
    assert "应于2026年9月10日届满" in text
    assert "经上级党组织批准（2025年9月1日，示例机党〔2025〕8号），你支部延期6个月换届" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [("不存在的支部", "找不到党组织“不存在的支部”"), ("办公室第一党小组", "党小组不进行换届选举"), ("  ", "请填写")],
)
def test_refused_organisation_writes_nothing(
    opened: Any, demo_paths: DataPaths, tmp_path: Path, name: str, expected: str
) -> None:
    with pytest.raises(InputError) as caught:
        _letter(opened, demo_paths, name, tmp_path)
    assert expected in caught.value.message
    assert not (tmp_path / "out").exists()


def test_top_level_committee_is_reminded_by_upper_org(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """The 机关党委 itself (5-year term, R-ORG-5) is reminded by its upper organisation."""
    save_setting(opened.sessions, "unit.upper_org", "中共示例省委直属机关工作委员会")
    text = docx_text(_letter(opened, demo_paths, "机关党委", tmp_path, not_due_ok=True))
    assert "你委第3届委员会于2022年4月22日" in text and "每届任期5年" in text
    assert "中共示例省委直属机关工作委员会\n2025年10月1日" in text
    assert "联系人：＿" in text and "联系电话：＿" in text  # the upper organisation's: lines to fill in


def test_organisation_without_recorded_term(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    with opened.sessions.begin() as session:
        session.execute(update(Organization).where(Organization.short_name == demo.DUE_SOON_BRANCH)
                        .values(term_elected_on=None))
    with pytest.raises(InputError) as caught:
        _letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path)
    assert "请先在组织页记录该组织的换届选举" in caught.value.message
    assert not (tmp_path / "out").exists()


def test_names_with_xml_characters_survive(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """docxtpl autoescape (design.md, Known traps): A&B <公司> is printed whole."""
    with opened.sessions.begin() as session:
        session.execute(update(Organization).where(Organization.short_name == demo.DUE_SOON_BRANCH)
                        .values(name="中共A&B <公司> 支部委员会"))
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path))
    assert "中共A&B <公司> 支部委员会：" in text


def test_r_doc_1_page_and_margins(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-DOC-1: A4, margins top 37, bottom 35, left 28, right 26 mm; R-DOC-2: title and body styles."""
    import docx

    document = docx.Document(str(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert [round(m) for m in margins] == [37, 35, 28, 26]
    paragraphs = document.paragraphs
    assert paragraphs[0].style.name == "Title"
    assert paragraphs[1].paragraph_format.first_line_indent == 0  # 主送: no indent
    assert paragraphs[2].style.name == "Normal"
    assert paragraphs[-2].style.name == "Signature" and paragraphs[-3].style.name == "Signature"


def test_guide_lists_every_placeholder() -> None:
    """模板说明.txt lists every placeholder the default template uses."""
    template_text = docx_text(default_template_path(TEMPLATE))
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", template_text))
    assert {"org_name", "term_years", "term_end", "elected_on", "issuer", "date", "contact"} <= used
    guide = (default_template_path(TEMPLATE).parent / GUIDE_FILENAME).read_text(encoding="utf-8-sig")
    section = guide.split(f"【{TEMPLATE}】", 1)[1].split("【", 1)[0]
    assert all(f"{{{{ {name} }}}}" in section for name in used)


def test_template_is_up_to_date() -> None:
    """forms/换届提醒函.docx is what tools/make_forms.py builds (and _base.docx is unchanged)."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "make_forms.py"), "--check"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler-utils are needed to check the printed page")
def test_r_doc_1_letter_prints_on_a4(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-DOC-1: converted to PDF, the letter is A4 (595 × 842 pt) and shows the branch name."""
    letter = _letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path)
    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), str(letter)],
        capture_output=True, check=True, timeout=180,
    )
    pdf = pdf_dir / "换届提醒函.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size is not None
    assert round(float(size[1])) == 595 and round(float(size[2])) == 842
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert _overview(opened, demo.DUE_SOON_BRANCH).row.name in flat
    assert "2026年3月10日届满" in flat


# --- issue 13: the regulations that fit, the 联系人, and no letter for a term not yet due ------------------

BRANCH_RULE = "《中国共产党支部工作条例（试行）》"
ORGAN_RULE = "《中国共产党党和国家机关基层组织工作条例》"
TERM_RULE = "《关于党的基层组织任期的意见》"


def test_r_org_7_a_branch_not_due_gets_no_letter(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-ORG-7: a letter is for a term due within 6 months or overdue; otherwise refused, nothing written."""
    normal = next(o for o in org_overviews(opened.sessions, ON)
                  if o.row.kind.is_branch and o.term.end is not None and o.term.status.label == "正常")
    with pytest.raises(NotDue) as refused:
        _letter(opened, demo_paths, normal.row.name, tmp_path)
    assert format_cn(normal.term.end) in refused.value.message and "6个月" in refused.value.message
    assert "R-" not in refused.value.message
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    # asked for anyway (the GUI, after the clerk confirms): written, without the "due soon" sentence
    text = docx_text(_letter(opened, demo_paths, normal.row.name, tmp_path, not_due_ok=True))
    assert f"应于{format_cn(normal.term.end)}届满" in text and "已不足" not in text and "已经届满" not in text


def test_a_branch_is_reminded_under_the_branch_regulation(opened: Any, demo_paths: DataPaths,
                                                          tmp_path: Path) -> None:
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path))
    assert f"根据{BRANCH_RULE}和{TERM_RULE}有关规定" in text
    assert ORGAN_RULE not in text
    assert "《中国共产党基层组织选举工作条例》第三条" in text  # R-ORG-8: extension at most one year


@pytest.mark.parametrize("kind", ["党总支", "机关党委"])
def test_a_general_branch_or_committee_is_not_reminded_as_a_branch(opened: Any, demo_paths: DataPaths,
                                                                    tmp_path: Path, kind: str) -> None:
    """A 党总支 or the 机关党委 is not a 支部: the 机关基层组织工作条例, not the 支部工作条例."""
    import datetime as dt

    save_setting(opened.sessions, "unit.upper_org", "中共示例省委直属机关工作委员会")
    target = next(o for o in org_overviews(opened.sessions, ON) if o.row.kind.label == kind)
    assert target.term.end is not None
    soon = target.term.end - dt.timedelta(days=30)  # within the 6 months before expiry: due
    text = docx_text(_letter(opened, demo_paths, target.row.name, tmp_path, on=soon))
    assert f"根据{ORGAN_RULE}和{TERM_RULE}有关规定" in text
    assert BRANCH_RULE not in text
    assert "已不足6个月" in text


def test_contact_and_phone_come_from_the_settings(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    save_setting(opened.sessions, "unit.contact_name", "李联络")
    save_setting(opened.sessions, "unit.contact_phone", "0571-87001234")
    text = docx_text(_letter(opened, demo_paths, demo.DUE_SOON_BRANCH, tmp_path))
    assert "（联系人：李联络，联系电话：0571-87001234）" in text.splitlines()
    with pytest.raises(InputError):
        save_setting(opened.sessions, "unit.contact_phone", "请打电话=SUM(A1)")


def test_contact_settings_are_listed_in_the_settings_dialog() -> None:
    from djdesk.domain.config import SETTINGS

    assert SETTINGS["unit.contact_name"].group == SETTINGS["unit.contact_phone"].group == "单位信息"
