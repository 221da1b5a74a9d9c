"""The import's fast paths give exactly what the full paths give (djdesk.services.roster_import).

Rules fast path (settle_new) against check_rules; column-wise parsing (ParsedRows) against parsing
record by record; data-row detection in bulk against ignore_reason; the planner's fast rows against
the same rows planned the full way; BulkInsert against SQLAlchemy Core, byte for byte; bulk pinyin
keys against djdesk.domain.names.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from djdesk.domain.enums import AuditAction, Employment, Gender, MemberCategory, PartyStanding
from djdesk.domain.idcard import IdInfo, make_id
from djdesk.domain.member_check import MemberCheck, RecordParser, check_rules, parse_fields
from djdesk.domain.names import pinyin_full, pinyin_initials
from djdesk.paths import DataPaths
from djdesk.services.perf import paused_gc
from djdesk.services.roster_import import apply_import, plan_import
from djdesk.services.roster_import import columns as fast
from djdesk.services.roster_import.bulk import BulkInsert
from djdesk.services.roster_import.cells import ignore_reason, ignore_reasons
from djdesk.services.roster_import.columns import IdFacts, ParsedRows, settle_new
from djdesk.services.roster_import.keys import SearchKeys
from djdesk.store.models import AuditEntry, Member
from tests.services.test_roster_import_support import HEADER, TODAY, member_row, open_fresh, pid, write_xlsx

DAYS = st.dates(min_value=dt.date(1930, 1, 1), max_value=TODAY)


@st.composite
def records(draw: st.DrawFn) -> tuple[dict[str, object], IdInfo | None]:
    """A new record's clean values (as parsing gives them) and its ID number's details."""
    birth = draw(DAYS)
    info = draw(st.sampled_from([None, IdInfo(make_id("110105", birth, 11), birth, "男"),
                                 IdInfo(make_id("110105", birth, 12), birth, "女")]))
    values: dict[str, object] = {"name": "张三"}
    if draw(st.booleans()):
        values["category"] = draw(st.sampled_from(MemberCategory))
    if draw(st.booleans()):
        values["gender"] = draw(st.sampled_from(Gender))
    if draw(st.booleans()):
        values["birth_date"] = birth if draw(st.booleans()) else draw(DAYS)
    joined = draw(st.one_of(st.none(), DAYS, st.integers(16, 40).map(lambda y: _years(birth, y))))
    if joined is not None:
        values["joined_on"] = joined
        later = draw(st.sampled_from([0, 1, 1, 1, 2, 3]))
        if later:
            values["confirmed_on"] = _years(joined, later) + dt.timedelta(days=draw(st.sampled_from([0, 0, -1, 1])))
    elif draw(st.booleans()):
        values["confirmed_on"] = draw(DAYS)
    for key, strategy in (("lost_contact", st.booleans()), ("lost_contact_on", DAYS), ("floating", st.booleans()),
                          ("floating_to", st.just("广东深圳"))):
        if draw(st.integers(0, 3)) == 0:
            values[key] = draw(strategy)
    return values, info


def _years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@settings(max_examples=600)
@given(records())
def test_settle_new_is_check_rules_when_it_finds_nothing(record: tuple[dict[str, object], IdInfo | None]) -> None:
    values, info = record
    quick = dict(values)
    full = check_rules(MemberCheck(dict(values), id_info=info), today=TODAY)
    if settle_new(quick, None if info is None else (info.birth_date, info.gender)):
        assert full.issues == [] and quick == full.values and list(quick) == list(full.values)
    else:
        assert quick == values  # untouched: the full path starts from the same record


def test_settle_new_takes_the_common_rows() -> None:
    birth = dt.date(1980, 2, 29)
    info = IdInfo(make_id("110105", birth, 11), birth, "男")
    for joined, confirmed in ((dt.date(2008, 3, 1), dt.date(2009, 3, 1)), (dt.date(2004, 2, 29), None),
                              (dt.date(2004, 2, 29), dt.date(2005, 2, 28))):
        category = MemberCategory.FULL if confirmed else MemberCategory.PROBATIONARY
        values: dict[str, object] = {"category": category, "joined_on": joined}
        if confirmed:
            values["confirmed_on"] = confirmed
        assert settle_new(values, (info.birth_date, info.gender)), (joined, confirmed)
        assert values["gender"] is Gender.MALE and values["birth_date"] == birth


CELLS: list[list[object]] = [
    ["张三", pid(1980), "2010-07-01", dt.date(2011, 7, 1), "男", "", "  示例市  ", " 汉族", "否"],
    ["李四", f" {pid(1981)} ", dt.date(2010, 7, 1), "2011.07", "女性", None, "示例市\u3000", " 汉族", "否"],
    ["", "123", "2030-01-01", dt.date(2030, 1, 1), "未知", float("nan"), "示例市", " 汉族", "否"],
    ["王　五", pid(1982).lower(), "1985.07", "", "男", "是", "很" * 250, " 汉族", "否"],
    ["Tom", 110105198001010011.0, dt.datetime(2010, 7, 1, 8, 0), None, "男", "×", "１２３", " 汉族", "否"],
    ["赵六", pid(1983, seq=12), dt.date(2010, 7, 1), dt.date(2011, 7, 1), None, "否", "", " 汉族", "否"],
]
COLUMNS = [(0, "name"), (1, "id_number"), (2, "joined_on"), (3, "confirmed_on"), (4, "gender"), (5, "floating"),
           (6, "address"), (7, "ethnicity"), (8, "lost_contact")]


def test_parsed_rows_equal_parsing_record_by_record() -> None:
    parser = RecordParser(TODAY)
    parsed = ParsedRows(parser, CELLS, COLUMNS)
    for i, row in enumerate(CELLS):
        one = parse_fields({key: row[col] for col, key in COLUMNS}, today=TODAY)
        bulk = parsed.check(i)
        assert (bulk.values, bulk.issues, bulk.partial, bulk.id_info) == (
            one.values, one.issues, one.partial, one.id_info), i
        assert parsed.values[i] == one.values and list(parsed.values[i]) == list(one.values)
        facts = None if one.id_info is None else (one.id_info.birth_date, one.id_info.gender)
        assert parsed.facts[i] == facts and parsed.numbers[i] == one.values.get("id_number")
        assert (i in parsed.troubled) == bool(one.partial or any(x.field != "name" for x in one.issues)), i
    assert parser.parse_rows(CELLS, COLUMNS)[3].values == parse_fields(
        {key: CELLS[3][col] for col, key in COLUMNS}, today=TODAY).values


def test_ignore_reasons_equal_ignore_reason() -> None:
    header: list[object] = ["序号", "姓名", "公民身份号码", "所在支部"]
    rows: list[list[object]] = [
        [1, "张三", pid(1980), "办公室支部"], ["", "", "", ""], [None, None, None, None], ["合计", "", "", ""],
        [" 填表人：", "王五", "", ""], ["注：以上", None, None, None], [1, 2, 3, 4], ["(1)", "(2)", "（3）", "(4)"],
        header, ["序号", "姓 名", "身份证号", "支部"], ["2", "李四", pid(1981), "财务处支部"],
        ["\u3000", "赵六", pid(1982), ""], ["\u2003x", "", "", ""], ["小王", "", "", ""], ["合", "x", "", ""],
        ["３", "孙七", "", ""], [dt.date(2020, 1, 1), "周八", "", ""],
    ]
    for columns, probe in (([0, 1, 2, 3], 1), ([0, 1, 2, 3], 0), ([1, 2, 3], 1), ([0, 2], 2)):
        assert ignore_reasons(rows, columns, probe) == [ignore_reason(r, columns, probe) for r in rows]
    ragged: list[list[object]] = [*rows, ["张三"], []]
    assert ignore_reasons(ragged, [0, 1], 0) == [ignore_reason(r, [0, 1], 0) for r in ragged]


def test_fast_rows_plan_as_the_full_path_does(data_paths: DataPaths, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Every row planned the fast way gets what the full way (check_rules, row by row) gives it."""
    rows = [member_row(f"党员{i}", pid(1950 + i % 40, 1 + i % 12, 1 + i % 28, seq=11 + 2 * i)) for i in range(60)]
    rows[3][3] = "信息中心支部"
    rows[5][3] = ""
    rows[7][6] = ""
    rows[9][2] = rows[8][2]
    rows[11][5] = "2011-07-05"
    rows.append(["第一小组", "男", pid(1979), "办公室支部", "2010-07-01", "2011-07-01", "正式党员"])
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [[*HEADER, "党小组"], *([*r, "第一小组"] for r in rows)]})
    settled: list[bool] = []

    def counted(values: dict[str, object], facts: IdFacts | None) -> bool:
        settled.append(settle_new(values, facts))
        return settled[-1]

    store, _ids = open_fresh(data_paths)
    try:
        monkeypatch.setattr("djdesk.services.roster_import.planner.settle_new", counted)
        planned = plan_import(store.sessions, file, today=TODAY)
        monkeypatch.setattr("djdesk.services.roster_import.planner.settle_new", lambda *_a: False)
        slow = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert settled.count(True) > 40  # most rows took the fast path
    shown = [(r.row, r.status, r.name, r.messages, r.values, list(r.values), r.org_id, r.new_branch, r.branch,
              r.action) for r in planned.rows]
    assert shown == [(r.row, r.status, r.name, r.messages, r.values, list(r.values), r.org_id, r.new_branch,
                      r.branch, r.action) for r in slow.rows]
    assert planned.new_branches == slow.new_branches == ["信息中心支部"] and planned.invalid == slow.invalid == 3


def _raw_rows(path: Path, table: str, where: str = "1") -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} WHERE {where} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_bulk_insert_writes_what_sqlalchemy_writes(data_paths: DataPaths, tmp_path: Path) -> None:
    """Dates as 'YYYY-MM-DD', datetimes as SQLAlchemy writes them, enums by name, NULLs, quotes, defaults."""
    at = dt.datetime(2026, 5, 4, 3, 2, 1)
    members: list[dict[str, object]] = [
        {"name": "张'三", "ethnicity": "汉'族", "gender": Gender.MALE, "birth_date": dt.date(1, 2, 3),
         "joined_on": dt.datetime(2010, 7, 1, 9, 30), "category": MemberCategory.FULL, "note": None},
        {"name": "李四\u3000", "ethnicity": "汉'族", "gender": None, "birth_date": dt.date(9999, 12, 31),
         "joined_on": None, "category": MemberCategory.PROBATIONARY, "note": "备注"},
    ]
    fixed: dict[str, object] = {
        "name_initials": "zs", "name_pinyin": "", "standing": PartyStanding.SUSPENDED, "lost_contact": False,
        "floating": True, "employment": Employment.RETIRED, "created_at": at, "updated_at": at}  # defaults: the rest
    written = []
    for bulk in (False, True):
        paths = DataPaths(tmp_path / f"db{bulk}")
        store, ids = open_fresh(paths)
        rows = [{**m, **fixed, "organization_id": ids["办公室支部"]} for m in members]
        try:
            with store.sessions.begin() as session:
                conn = session.connection()
                table = Member.metadata.tables["members"]
                audit = AuditEntry.metadata.tables["audit_log"]
                entries = [{"at": at, "entity": "党员", "entity_id": str(i), "action": AuditAction.CREATE,
                            "summary": f"导入'{i}"} for i in range(3)]
                if bulk:
                    BulkInsert(conn, table, {k: [r.get(k) for r in rows] for k in rows[0]}, len(rows)).run()
                    BulkInsert(conn, audit, {k: [e[k] for e in entries] for k in entries[0]}, 3).run(1)
                    BulkInsert(conn, audit, {k: [e[k] for e in entries] for k in entries[0]}, 3).run(0, 1)
                else:
                    conn.execute(insert(table), rows)
                    conn.execute(insert(audit), entries[1:] + entries[:1])
            with store.sessions() as session:
                loaded = session.scalars(select(Member).order_by(Member.id)).all()
                assert [m.birth_date for m in loaded] == [dt.date(1, 2, 3), dt.date(9999, 12, 31)]
                assert loaded[0].created_at == at and loaded[0].gender is Gender.MALE and loaded[1].gender is None
        finally:
            store.close()
        written.append((_raw_rows(paths.database, "members"),
                        _raw_rows(paths.database, "audit_log", "summary LIKE '导入%'")))
    assert written[0] == written[1] and len(written[1][1]) == 3
    assert written[1][0][0][7] == "0001-02-03" and written[1][1][0][1] == "2026-05-04 03:02:01.000000"


def test_member_ids_follow_the_rows(data_paths: DataPaths, tmp_path: Path) -> None:
    rows = [member_row(f"党员{i}", pid(1950 + i, seq=11 + 2 * i)) for i in range(30)]
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, *rows]})
    store, _ids = open_fresh(data_paths)
    try:
        result = apply_import(store.sessions, plan_import(store.sessions, file, today=TODAY))
        with store.sessions() as session:
            names = {member_id: name for member_id, name in session.execute(select(Member.id, Member.name))}
    finally:
        store.close()
    assert [names[i] for i in result.member_ids] == [r[0] for r in rows]


def test_bulk_search_keys_equal_names() -> None:
    names = ["单田芳", "曾国藩", "张朝阳", "长城", "阿卜杜拉·买买提", "Tom李", "乐嘉", "重阳", "李海燕", "王　五",
             "𠀀明", "张", "欧阳娜娜", "司马相如", "单", "覃", "区", "朴", "〇一", "张三", "张三"]
    initials, full = SearchKeys().many(names)
    assert initials == [pinyin_initials(n) for n in names] and full == [pinyin_full(n) for n in names]
    assert SearchKeys()("单田芳") == ("stf", "shantianfang")


def test_paused_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            kept = [[i] for i in range(1000)]
        assert not gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == 0 and len(kept) == 1000


def test_parse_cells_uses_parse_column_for_other_kinds() -> None:
    parser = RecordParser(TODAY)
    assert fast.parse_cells(parser, "gender", ["男", "", "x"])[:3] == parser.parse_column("gender", ["男", "", "x"])
