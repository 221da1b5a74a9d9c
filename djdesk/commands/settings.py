"""``djdesk settings list|set|reset``: every value of 设置, checked as the 设置 dialog checks it."""

from __future__ import annotations

import argparse
from typing import Any

from djdesk.commands.common import EXIT_OK, opened_store, print_json, subparsers


def _shown(key: str, value: Any) -> str:
    from djdesk.domain.config import SETTINGS
    from djdesk.services.settings import setting_text

    text = setting_text(key, value)
    unit = SETTINGS[key].unit
    return (f"{text} {unit}" if unit else text) if text != "" else "（未填写）"


def cmd_list(args: argparse.Namespace) -> int:
    from djdesk.domain.config import SETTINGS
    from djdesk.services.settings import load_settings, setting_text

    with opened_store(args) as store:
        settings = load_settings(store.sessions)
    if args.json:
        print_json([
            {"key": spec.key, "label": spec.label, "group": spec.group, "value": settings.get(spec.key),
             "text": setting_text(spec.key, settings.get(spec.key)), "default": spec.default, "unit": spec.unit,
             "changed": settings.get(spec.key) != spec.default, "rule": spec.rule}
            for spec in SETTINGS.values()
        ])
        return EXIT_OK
    group = None
    for spec in SETTINGS.values():
        if spec.group != group:
            group = spec.group
            print(f"【{group}】")
        value = settings.get(spec.key)
        default = "" if value == spec.default else f"（默认：{_shown(spec.key, spec.default)}）"
        if spec.key == "unit.committee_name" and not value and settings.committee_name:
            default = f"（文书和提醒中用组织“{settings.committee_name}”的全称）"
        print(f"  {spec.label}：{_shown(spec.key, value)}{default}　　{spec.key}")
    return EXIT_OK


def cmd_set(args: argparse.Namespace) -> int:
    from djdesk.domain.config import SETTINGS
    from djdesk.services.settings import load_settings, save_setting

    with opened_store(args) as store:
        save_setting(store.sessions, args.key, args.value)  # the 设置 dialog's check: refused → nothing written
        value = load_settings(store.sessions).get(args.key)
    spec = SETTINGS[args.key]
    later = "修改后的规则参数只影响以后的计算，已保存的记录不变。" if spec.group == "规则参数" else ""
    print(f"已保存：{spec.label}：{_shown(args.key, value)}。{later}")
    return EXIT_OK


def cmd_reset(args: argparse.Namespace) -> int:
    from djdesk.domain.config import SETTINGS
    from djdesk.domain.errors import InputError
    from djdesk.services.settings import reset_setting

    spec = SETTINGS.get(args.key)
    if spec is None:
        raise InputError(f"没有名为“{args.key}”的设置项。请用 djdesk settings list 查看全部设置项。")
    with opened_store(args) as store:
        reset_setting(store.sessions, args.key)
    print(f"已恢复默认：{spec.label}：{_shown(args.key, spec.default)}。")
    return EXIT_OK


def register(sub: Any) -> None:
    settings = sub.add_parser("settings", help="设置：单位信息和规则参数")
    ops = subparsers(settings, "settings_command")
    listing = ops.add_parser("list", help="列出全部设置项及其当前值")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=cmd_list)
    put = ops.add_parser("set", help="修改一项设置（与“工具 → 设置”的检查相同）")
    put.add_argument("key", metavar="KEY", help="设置项名称，如 unit.committee_name（见 djdesk settings list）")
    put.add_argument("value", metavar="VALUE",
                     help="新的值：整数、每月/每季度/每年，多项用顿号或逗号分隔（如 好,较好,一般,差）")
    put.set_defaults(func=cmd_set)
    reset = ops.add_parser("reset", help="把一项设置恢复为默认值")
    reset.add_argument("key", metavar="KEY")
    reset.set_defaults(func=cmd_reset)
