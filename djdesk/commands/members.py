"""``djdesk members …``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from djdesk.commands.common import EXIT_INPUT, EXIT_OK, force_flag, opened_store, output_path, print_json, subparsers

if TYPE_CHECKING:
    from djdesk.services.roster_import import ImportPlan, ImportResult


def cmd_list(args: argparse.Namespace) -> int:
    from djdesk.services.members import list_members

    with opened_store(args) as store:
        rows = list_members(store.sessions, branch=args.branch)
    if args.json:
        print_json(
            [
                {"id": r.id, "name": r.name, "gender": r.gender, "id_number": r.id_number,
                 "branch": r.branch, "category": r.category, "joined_on": r.joined_on,
                 "confirmed_on": r.confirmed_on}
                for r in rows
            ]
        )
    else:
        for r in rows:
            gender = r.gender.label if r.gender else ""
            print(f"{r.name}\t{gender}\t{r.branch}\t{r.category.label}\t{r.joined_on or ''}")
        print(f"共 {len(rows)} 名党员")
    return EXIT_OK


def _print_plan(plan: ImportPlan, *, blocked: bool) -> None:
    from djdesk.domain.privacy import mask_numbers
    from djdesk.services.roster_import import RowAction, error_lines, warning_lines

    sheets = "、".join(i.name for i in plan.sheets if i.recognised)
    print(f"文件：{plan.source.name}（读取的工作表：{sheets}）")
    if plan.skipped_sheets:
        print(f"已跳过的工作表（没有可识别的表头）：{'、'.join(plan.skipped_sheets)}")
    if plan.forced_branch:
        print(f"全部党员导入到：{plan.forced_branch}（--branch 指定，不看表中的支部）")
    for sheet in plan.sheets if not plan.forced_branch else ():
        if sheet.recognised and not sheet.has_branch_column:
            where = f"{sheet.branch}（取自{sheet.branch_from}）" if sheet.branch else "未找到，请用 --branch 指定"
            print(f"工作表“{sheet.name}”没有所在党支部列，党员所在支部：{where}")
    if plan.new_branches:
        print(f"将新建的党组织：{'、'.join(plan.organisations_to_create())}")
    for note in plan.notes:
        print(f"注意：{note}")
    for row in plan.rows:
        if row.valid and row.action is RowAction.UPDATE:
            # ID, phone and address values stay out of the terminal (it may be logged): 已修改; a number
            # in another field (备注, 工作岗位) is masked.
            changes = mask_numbers("；".join(c.summary() for c in row.changes))
            print(f"更新：{row.sheet} 第{row.row}行 {row.name}：{changes}")
    for line in warning_lines(plan):
        print(f"警告：{line}")
    print(f"新增 {plan.created} 名，更新 {plan.updated} 名，无变化 {plan.unchanged} 名，"
          f"忽略 {plan.ignored} 行，有错误 {plan.invalid} 行，有警告 {plan.warned} 行（照常导入，请核对）")
    for line in error_lines(plan):
        print(line, file=sys.stderr if blocked else sys.stdout)


def cmd_import(args: argparse.Namespace) -> int:
    from djdesk.services.roster_import import apply_import, plan_import, plan_summary, save_error_report

    # The report may not be the roster, the database or an existing file without --force: checked
    # before anything is read or written.
    report = output_path(args, args.report, sources=(Path(args.file),)) if args.report else None
    with opened_store(args) as store:
        plan = plan_import(store.sessions, Path(args.file), sheets=args.sheet or None, branch=args.branch)
        if report is not None:
            save_error_report(plan, report)
        blocked = bool(plan.invalid) and not args.skip_invalid
        result: ImportResult | None = None
        if not blocked and not args.dry_run:
            result = apply_import(store.sessions, plan, skip_invalid=args.skip_invalid)
    if args.json:
        print_json({**plan_summary(plan), "written": result is not None})
    else:
        _print_plan(plan, blocked=blocked)
        if args.report:
            print(f"错误报告已保存：{args.report}")
        if result is not None:
            print(f"已导入：新增 {result.created} 名，更新 {result.updated} 名"
                  + (f"，跳过有错误的 {result.skipped_invalid} 行" if result.skipped_invalid else "") + "。")
            created = ([f"机关党委“{result.new_committee}”"] if result.new_committee else []) + [
                f"党支部“{b}”" for b in result.new_branches]
            if created:
                print(f"已新建的党组织：{'、'.join(created)}")
        elif args.dry_run and not blocked:
            print("试运行：未写入数据库。")
    if blocked:
        print(f"有 {plan.invalid} 行数据有错误，未导入任何数据。请改正后重新导入，"
              "或加 --skip-invalid 只导入正确的行。", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from djdesk.services.roster_template import write_template

    out = write_template(output_path(args))
    print(f"已生成党员名册导入模板：{out}")
    return EXIT_OK


def register(sub: Any) -> None:
    members = sub.add_parser("members", help="党员")
    members_sub = subparsers(members, "members_command")
    members_list = members_sub.add_parser("list", help="列出党员")
    members_list.add_argument("--branch", metavar="NAME", help="只列出该组织（含下级组织）的党员")
    members_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    members_list.set_defaults(func=cmd_list)

    imp = members_sub.add_parser("import", help="从 Excel/WPS/CSV 党员名册导入党员（先检查，全部正确才写入）")
    imp.add_argument("file", metavar="FILE", help="名册文件：.xlsx、.xls、.ods 或 .csv")
    imp.add_argument("--sheet", metavar="NAME", action="append", help="只导入该工作表（可重复；默认全部）")
    imp.add_argument("--branch", metavar="NAME", help="把所有党员导入该支部（忽略表中的支部列）")
    imp.add_argument("--dry-run", action="store_true", help="只检查并显示结果，不写入数据库")
    imp.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余正确的行")
    imp.add_argument("--report", metavar="OUT.xlsx", help="把有错误的行（原内容加“问题”列）保存为 Excel")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    force_flag(imp)
    imp.set_defaults(func=cmd_import)

    template = members_sub.add_parser("template", help="生成党员名册导入模板（.xlsx）")
    template.add_argument("out", metavar="OUT.xlsx", help="保存模板的文件")
    force_flag(template)
    template.set_defaults(func=cmd_template)

    export = members_sub.add_parser("export", help="导出党员花名册（.xlsx，A4 横向，可直接打印）")
    export.add_argument("out", metavar="OUT.xlsx", help="保存花名册的文件")
    export.add_argument("--branch", metavar="NAME", help="只导出该组织（含下级组织）的党员")
    export.add_argument("--by-branch", action="store_true", help="每个支部一个工作表")
    export.add_argument("--columns", metavar="列,列,…",
                        help="打印的列，用逗号或顿号分隔，如 序号,姓名,性别,入党时间（默认：设置中“花名册打印的列”）")
    export.add_argument("--with-id", action="store_true", help="打印的花名册加上“公民身份号码”列")
    force_flag(export)
    export.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from djdesk.services.members import list_members
    from djdesk.services.roster_export import export_roster
    from djdesk.services.roster_print import requested_columns
    from djdesk.services.settings import load_settings

    target = output_path(args)
    with opened_store(args) as store:
        columns = requested_columns(load_settings(store.sessions).print_columns, args.columns, args.with_id)
        out = export_roster(store.sessions, target, branch=args.branch, by_branch=args.by_branch,
                            columns=columns)
        rows = list_members(store.sessions, branch=args.branch)
    sheets = len({r.branch_id for r in rows}) if args.by_branch else 1
    print(f"已导出党员花名册：{out}（共 {len(rows)} 名党员" + (f"，{sheets} 个工作表）" if sheets > 1 else "）"))
    return EXIT_OK
