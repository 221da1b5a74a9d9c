"""Hand-made mutation testing (style.md practice 11): break one line at a time, and a named test must fail.

Each :class:`Mutation` below names a file, the exact text to change (found exactly once in it), the text put
in its place, what the change breaks, and the tests that must then fail. The script

1. copies the tree into a temporary folder: the files git knows, with their uncommitted changes and the new
   files not ignored (``--rev REV``: the tree of a commit instead). The working tree is never written to;
2. runs every named test once on the unchanged copy: they must all pass, or a "kill" would mean nothing;
3. applies each mutation alone to the copy, runs its tests there (``PYTHONPATH`` is the copy, no bytecode
   is cached, hypothesis runs with a fixed seed), and puts the file back. A mutation none of whose tests
   fails has SURVIVED.

Exit status: 0 every mutation killed; 1 one survived; 2 the list does not fit the tree (a file or a text not
found, a test file gone) or a test fails on the unchanged copy.

When modules move (``services/members/…``), update ``path`` and the test paths below. Until then the script
finds a moved text itself when exactly one file of the package holds it, and a moved test file when exactly
one file under tests/ has its name; it runs with them and says which entries to update.

Usage: python3 tools/mutate.py [-k WORD]… [--list] [--jobs N] [--timeout SECONDS] [--rev REV] [--keep]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str  # the file, relative to the repository root
    old: str  # exact text, found exactly once in the file
    new: str
    why: str  # what the mutation breaks
    tests: tuple[str, ...]  # pytest paths or node ids, relative to the root


M = Mutation
T_STALE = "tests/services/test_roster_import_stale.py"
T_ZIP = "tests/services/test_roster_import_zip_size.py"
T_ORACLE = "tests/domain/test_idcard_oracle.py"
T_IDCARD = "tests/domain/test_idcard.py"
T_SCRUB = "tests/services/test_logs_scrub.py"
T_SCRUB_FORMS = "tests/services/test_logs_scrub_forms.py"
T_QUORUM = ("tests/services/test_meetings_attendance.py", "tests/services/test_rules_issue11_quorum.py",
            "tests/services/test_meeting_quorum_even.py")
T_CHECK = "tests/domain/test_member_check.py"
T_TERMS = ("tests/domain/test_terms.py", "tests/services/test_org_terms.py", "tests/services/test_term_lengths.py")

MUTATIONS: tuple[Mutation, ...] = (
    # --- the four the review found surviving (issue 14) -------------------------------------------------------------
    M("import-stale-plan", "djdesk/services/roster_import/apply.py",
      "if db_stamp(conn) != plan.stamp:", "if False:",
      "the import writes a plan made before the database changed", (T_STALE,)),
    M("import-stamp-edits", "djdesk/services/roster_import/store_view.py",
      "members = conn.execute(select(func.count(), func.max(m.c.id), func.max(m.c.updated_at))).one()",
      "members = conn.execute(select(func.count(), func.max(m.c.id), func.max(m.c.id))).one()",
      "the plan's fingerprint misses an edited member", (T_STALE,)),
    M("scrub-no-mobiles", "djdesk/domain/privacy.py",
      "for p in (_ID18, _ID15, _MOBILE, _LANDLINE)", "for p in (_ID18, _ID15, _LANDLINE)",
      "the scrubber stops masking mobile numbers", (T_SCRUB,)),
    M("zip-limit-tenfold", "djdesk/services/roster_import/reader.py",
      "MAX_UNCOMPRESSED: Final[int] = 200 * 1024 * 1024", "MAX_UNCOMPRESSED: Final[int] = 2000 * 1024 * 1024",
      "a zip declaring up to 2 GB passes the absolute size limit", (T_ZIP,)),
    M("id-weights-swapped", "djdesk/domain/idcard.py",
      "return CHECK_CHARS[int(first17, 13) * 2 % 11]",
      "return CHECK_CHARS[sum(int(d) * w for d, w in"
      " zip(first17, (9, 7, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11]",
      "R-ID-1: the first two GB 11643 weights swapped (7 9 → 9 7)", (T_ORACLE,)),
    # --- R-ID-1 … R-ID-4 --------------------------------------------------------------------------------------------
    M("id-check-chars", "djdesk/domain/idcard.py",
      'CHECK_CHARS: Final[str] = "10X98765432"', 'CHECK_CHARS: Final[str] = "10X98765423"',
      "R-ID-1: the last two check characters swapped", (T_ORACLE,)),
    M("id-base-12", "djdesk/domain/idcard.py",
      "int(first17, 13) * 2 % 11", "int(first17, 12) * 2 % 11",
      "R-ID-1: the fast check read in base 12 (not ≡ 2 mod 11)", (T_ORACLE,)),
    M("id-gender-parity", "djdesk/domain/idcard.py",
      'return "男" if number[16] in "13579" else "女"', 'return "男" if number[16] in "02468" else "女"',
      "R-ID-2: even sequence digits read as men", (T_IDCARD, T_ORACLE)),
    M("id-lowercase-x", "djdesk/domain/idcard.py",
      """.lstrip("'").replace("x", "X")""", """.lstrip("'")""",
      "R-ID-1: a lowercase x is no longer accepted", (T_IDCARD,)),
    M("id-15-digit-century", "djdesk/domain/idcard.py",
      'first17 = number[:6] + "19" + number[6:]', 'first17 = number[:6] + "20" + number[6:]',
      "R-ID-3: a legacy number upgraded into the wrong century", (T_IDCARD,)),
    M("id-excel-float-digits", "djdesk/domain/idcard.py",
      "    if len(digits) > _EXCEL_DIGITS:\n        raise _excel_error()\n    return digits",
      "    if len(digits) > 18:\n        raise _excel_error()\n    return digits",
      "R-ID-4: an 18-digit number handed over as a float is no longer refused as damaged by Excel", (T_IDCARD,)),
    M("id-excel-scientific", "djdesk/domain/idcard.py",
      "if _SCIENTIFIC.fullmatch(text):", "if False:",
      "R-ID-4: 1.10105E+17 is refused as bad characters, without the Excel explanation", (T_IDCARD,)),
    # --- R-MEET-9, R-MEET-10 ----------------------------------------------------------------------------------------
    M("meet-9-quorum-half", "djdesk/domain/quorum.py",
      "if present_voting * 2 > entitled:", "if present_voting * 2 >= entitled:",
      "R-MEET-9: a 党员大会 with exactly half of the voters present is valid", T_QUORUM),
    M("meet-9-motion-half", "djdesk/domain/quorum.py",
      "if ballot.total_yes * 2 > entitled:", "if ballot.total_yes * 2 >= entitled:",
      "R-MEET-9: a motion passes with exactly half of those entitled", T_QUORUM),
    M("meet-9-motion-of-present", "djdesk/domain/quorum.py",
      "if ballot.total_yes * 2 > entitled:", "if ballot.total_yes * 2 > present_voting:",
      "R-MEET-9: a motion judged against those present, not those entitled", T_QUORUM),
    M("meet-9-probationary-vote", "djdesk/services/meeting_attendance.py",
      "return full_member_on(member, on) and not suspended_on(member, on) and",
      "return True and not suspended_on(member, on) and",
      "R-MEET-9: 预备党员 vote", T_QUORUM),
    M("meet-10-quorum-half", "djdesk/domain/quorum.py",
      "if present * 2 > members:", "if present * 2 >= members:",
      "R-MEET-10: a 支委会 with exactly half of the 委员 present is valid", T_QUORUM),
    # --- members: R-DEV-1, R-DEV-10, R-EVAL-7 -----------------------------------------------------------------------
    M("dev-1-eighteen", "djdesk/domain/member_check.py",
      "if latest_join < birthday(birth, 18):", "if latest_join < birthday(birth, 17):",
      "R-DEV-1: joining at 17 is accepted", (T_CHECK, "tests/services/test_member_admin.py")),
    M("dev-1-import-fast-path", "djdesk/services/roster_import/columns.py",
      "if joined.toordinal() - born.toordinal() < 6575 and joined < birthday(born, 18):",
      "if joined.toordinal() - born.toordinal() < 6000 and joined < birthday(born, 18):",
      "R-DEV-1: the import's fast path takes 16½ to 18 years for 18",
      ("tests/services/test_roster_import_fast.py", "tests/services/test_roster_import_fast_rules.py")),
    M("dev-10-one-year", "djdesk/domain/member_check.py",
      "return plus_years(joined, 1)", "return plus_years(joined, 2)",
      "R-DEV-10: the 预备期 lasts two years", (T_CHECK,)),
    M("eval-7-six-months", "djdesk/domain/contact.py",
      "LOST_CONTACT_MONTHS: Final = 6", "LOST_CONTACT_MONTHS: Final = 5",
      "R-EVAL-7: 失联 recordable after 5 months", ("tests/domain/test_rules_issue11_contact.py",
                                                    "tests/services/test_rules_issue11_contact.py")),
    # --- R-EVAL-2, R-ORG-1/2/5/7 ------------------------------------------------------------------------------------
    M("eval-2-one-third", "djdesk/services/evaluations.py",
      "if excellent > share * full:", "if excellent >= share * full:",
      "R-EVAL-2: exactly one third 优秀 is warned of", ("tests/services/test_evaluations.py",
                                                        "tests/services/test_rules_issue11_evaluations.py")),
    M("eval-2-share-default", "djdesk/domain/config.py",
      '"民主评议优秀比例上限", "1/3"', '"民主评议优秀比例上限", "1/2"',
      "R-EVAL-2: the default share of 优秀 is one half", ("tests/services/test_evaluations.py",)),
    M("org-1-three", "djdesk/domain/terms.py",
      "MIN_FULL_MEMBERS = 3  # R-ORG-1", "MIN_FULL_MEMBERS = 2  # R-ORG-1",
      "R-ORG-1: a branch of 2 正式党员 is not warned of", T_TERMS),
    M("org-2-fifty", "djdesk/domain/terms.py",
      "if total > MAX_BRANCH_MEMBERS:", "if total >= MAX_BRANCH_MEMBERS:",
      "R-ORG-2: a branch of exactly 50 members is warned of", T_TERMS),
    M("org-5-branch-term", "djdesk/domain/config.py",
      'SettingSpec("term.years.BRANCH", "党支部任期", 3,', 'SettingSpec("term.years.BRANCH", "党支部任期", 4,',
      "R-ORG-5: a 党支部 term of 4 years (the withdrawn 2010 value)", T_TERMS),
    M("org-5-committee-term", "djdesk/domain/config.py",
      'SettingSpec("term.years.ORGAN_COMMITTEE", "机关党委任期", 5,',
      'SettingSpec("term.years.ORGAN_COMMITTEE", "机关党委任期", 4,',
      "R-ORG-5: a 机关党委 term of 4 years", T_TERMS),
    M("org-3-committee-seven", "djdesk/domain/terms.py",
      "COMMITTEE_THRESHOLD = 7  # R-ORG-3", "COMMITTEE_THRESHOLD = 6  # R-ORG-3",
      "R-ORG-3: a branch of 6 正式党员 is expected to have a 支部委员会", T_TERMS),
    M("org-8-one-year", "djdesk/domain/terms.py",
      "if abs(months) > MAX_ADJUST_MONTHS:", "if abs(months) > MAX_ADJUST_MONTHS + 1:",
      "R-ORG-8: an extension of 13 months is accepted", T_TERMS),
    M("org-7-remind", "djdesk/domain/terms.py",
      "if on >= add_months(end, -remind_months):", "if on > add_months(end, -remind_months):",
      "R-ORG-7: the first day of the 6 months before expiry is not yet 即将届满", T_TERMS),
    # --- the database and its files ---------------------------------------------------------------------------------
    M("db-zero-bytes", "djdesk/store/backup.py",
      "        if path.stat().st_size == 0:\n            return [EMPTY_FILE]",
      "        if False:\n            return [EMPTY_FILE]",
      "a 0-byte database file passes the check (design.md, known traps)",
      ("tests/store/test_backup.py", "tests/services/test_damage.py", "tests/services/test_startup.py")),
    M("db-uri-escaping", "djdesk/store/files.py",
      "uri = Path(os.path.abspath(path)).as_uri()", 'uri = "file:" + os.path.abspath(path)',
      "file: URIs unescaped: a folder named 数据#1 or %41 opens another file",
      ("tests/store/test_file_names.py", "tests/store/test_files.py")),
    M("db-busy-as-disk", "djdesk/store/errors.py",
      "_BUSY: (DatabaseLocked, LOCKED_MESSAGE),", "_BUSY: (FolderNotWritable, NOT_WRITABLE_MESSAGE),",
      "a busy database is reported as a full disk", ("tests/store/test_engine.py",)),
    M("db-locked-words", "djdesk/store/errors.py",
      '(("locked", "busy"), _BUSY),', '(("busy",), _BUSY),',
      "a driver's «database is locked» without an error code is not known as locked", ("tests/store/test_engine.py",)),
    M("db-foreign-keys", "djdesk/store/engine.py",
      "cursor.execute(f\"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}\")",
      'cursor.execute("PRAGMA foreign_keys=OFF")',
      "foreign keys off on every connection", ("tests/store/test_engine.py",)),
    M("db-newer-schema", "djdesk/store/migrate.py",
      "if revision is not None and revision != SCHEMA_HEAD and revision not in known_revisions():",
      "if False:",
      "a database of a newer djdesk is opened", ("tests/store/test_migrations.py",)),
    # --- what is written, and where ---------------------------------------------------------------------------------
    M("target-database-name", "djdesk/services/targets.py",
      "if out.name.casefold() in _DATABASE_NAMES:", "if False:",
      "an export may be saved onto a djdesk database file", ("tests/services/test_targets.py",)),
    M("target-data-folder", "djdesk/services/targets.py",
      "if _is_data_folder(folder, named):", "if False:",
      "an export may be saved inside a data folder", ("tests/services/test_targets.py",)),
    M("audit-secret-phone", "djdesk/domain/privacy.py",
      'SECRET_MEMBER_FIELDS: Final = frozenset({"id_number", "phone", "address"})',
      'SECRET_MEMBER_FIELDS: Final = frozenset({"id_number", "address"})',
      "the 操作日志 shows a changed phone number",
      ("tests/store/test_audit.py", "tests/services/test_member_admin.py")),
    M("audit-secret-ignored", "djdesk/store/audit.py",
      "        if key in secret:\n", "        if False:\n",
      "the 操作日志 shows every secret field's values", ("tests/store/test_audit.py",)),
    M("scrub-no-landlines", "djdesk/domain/privacy.py",
      "for p in (_ID18, _ID15, _MOBILE, _LANDLINE)", "for p in (_ID18, _ID15, _MOBILE)",
      "the scrubber stops masking landlines", (T_SCRUB,)),
    M("scrub-log-off", "djdesk/services/logs.py",
      "    return mask_numbers(text)", "    return text",
      "the log file is written unmasked", (T_SCRUB,)),
    M("scrub-full-width", "djdesk/domain/privacy.py",
      "_NUMBER.finditer(text.translate(_PLAIN))", "_NUMBER.finditer(text)",
      "numbers typed in full-width digits or brackets leak", (T_SCRUB_FORMS,)),
    # docxtpl's render(autoescape=True) turns on the environment's escaping: each of the two alone is enough.
    M("docx-autoescape", "djdesk/services/documents.py",
      "env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)\n    try:\n"
      "        document.render(dict(context), jinja_env=env, autoescape=True)",
      "env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)\n    try:\n"
      "        document.render(dict(context), jinja_env=env, autoescape=False)",
      "Word documents rendered without escaping: a title such as A&B <公司> cuts the document",
      ("tests/services/test_documents.py",)),
    M("xlsx-formula-text", "djdesk/services/xlsx_print.py",
      'if v[0] in "=+-@":  # write_string', 'if False:  # write_string',
      "a text cell starting with = + - @ loses its quote prefix (Excel turns it into a formula on editing)",
      ("tests/services/test_xlsx_print.py", "tests/services/test_workbook_cells.py")),
    # --- reading rosters --------------------------------------------------------------------------------------------
    M("zip-limit-off-by-one", "djdesk/services/roster_import/reader.py",
      "if total > MAX_UNCOMPRESSED or", "if total >= MAX_UNCOMPRESSED or",
      "a zip declaring exactly 200 MiB is refused", (T_ZIP,)),
    M("zip-ratio-tenfold", "djdesk/services/roster_import/reader.py",
      "MAX_RATIO: Final[int] = 100", "MAX_RATIO: Final[int] = 1000",
      "a zip 100 to 1000 times its size passes the ratio rule", (T_ZIP,)),
    M("zip-ratio-floor", "djdesk/services/roster_import/reader.py",
      "RATIO_FLOOR: Final[int] = 20 * 1024 * 1024", "RATIO_FLOOR: Final[int] = 2 * 1024 * 1024",
      "a small, highly compressed workbook is refused", (T_ZIP,)),
    M("sheet-sparse-area", "djdesk/services/roster_import/bounds.py",
      "MAX_AREA: Final[int] = 3_000_000", "MAX_AREA: Final[int] = 3_000_000_000",
      "calamine may be asked for a rectangle of 3 billion cells", ("tests/services/test_roster_import_bounds.py",)),
)


# --- running ----------------------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    mutation: Mutation
    killed: bool
    seconds: float
    by: str = ""  # the first failing test, or what else stopped the run
    notes: list[str] = field(default_factory=list)


def copy_tree(dest: Path, rev: str | None) -> None:
    """The files of the repository (``rev``: of that commit) into ``dest``; never the .git folder."""
    if rev is not None:
        data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev],
                              check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
                tar.extractall(dest, filter="data")
            else:
                tar.extractall(dest)  # our own repository's tree
        return
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is left out
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _environment(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1", QT_QPA_PLATFORM="offscreen")
    return env


def run_tests(tree: Path, tests: Sequence[str], timeout: float, *, stop_first: bool = True) -> tuple[int, str]:
    """pytest in ``tree`` on ``tests``: (exit status, output); status -1 when it ran out of time."""
    command = [sys.executable, "-m", "pytest", "-q", "-rf", "--no-header", "-p", "no:cacheprovider",
               "--hypothesis-seed=14", *(["-x"] if stop_first else []), *tests]
    try:
        done = subprocess.run(command, cwd=tree, env=_environment(tree), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        return -1, out
    return done.returncode, done.stdout + done.stderr


def _first_failure(output: str) -> str:
    found = re.search(r"^(?:FAILED|ERROR) (.+?)(?: - .*)?$", output, re.MULTILINE)  # "FAILED node id - why"
    return found.group(1) if found else ""


def resolve(mutation: Mutation, tree: Path) -> tuple[Mutation | None, list[str]]:
    """The mutation as it applies to ``tree`` (a moved text or test file found), notes, or None if it cannot."""
    notes: list[str] = []
    target = tree / mutation.path
    count = target.read_text(encoding="utf-8").count(mutation.old) if target.is_file() else 0
    if count > 1:
        return None, [f"the text occurs {count} times in {mutation.path}: make it longer"]
    if count == 0:
        package = Path(mutation.path).parts[0]
        holders = [p for p in sorted((tree / package).rglob("*.py"))
                   if p.read_text(encoding="utf-8").count(mutation.old) == 1]
        if len(holders) != 1:
            where = f" (found in {len(holders)} files)" if holders else ""
            return None, [f"text not found in {mutation.path}{where}"]
        moved = holders[0].relative_to(tree).as_posix()
        notes.append(f"moved: {mutation.path} → {moved} (update the list)")
        mutation = replace(mutation, path=moved)
    tests = []
    for test in mutation.tests:
        file, sep, rest = test.partition("::")
        if not (tree / file).is_file():
            same = sorted(p for p in (tree / "tests").rglob(Path(file).name))
            if len(same) != 1:
                return None, [*notes, f"test file {file} not found"]
            new_file = same[0].relative_to(tree).as_posix()
            notes.append(f"moved: {file} → {new_file} (update the list)")
            file = new_file
        tests.append(file + sep + rest)
    return replace(mutation, tests=tuple(tests)), notes


def mutate_once(mutation: Mutation, tree: Path, timeout: float, notes: list[str]) -> Outcome:
    target = tree / mutation.path
    original = target.read_bytes()
    text = original.decode("utf-8")
    target.write_text(text.replace(mutation.old, mutation.new, 1), encoding="utf-8")
    started = time.perf_counter()
    try:
        status, output = run_tests(tree, mutation.tests, timeout)
    finally:
        target.write_bytes(original)
    seconds = time.perf_counter() - started
    if status == 0:
        return Outcome(mutation, False, seconds, notes=notes)
    if status == -1:
        return Outcome(mutation, True, seconds, f"timed out after {timeout:.0f} s", notes)
    if status == 1:
        return Outcome(mutation, True, seconds, _first_failure(output) or "a test failed", notes)
    # 2: interrupted (an import error, say), 3: internal error, 4: usage, 5: no tests collected
    tail = " ".join(output.strip().splitlines()[-1:])
    return Outcome(mutation, status in (2, 3), seconds, f"pytest exit {status}: {tail}", notes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("-k", action="append", default=[], metavar="WORD",
                        help="only the mutations whose name, file or description holds WORD (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the mutations and check that each fits the tree")
    parser.add_argument("--jobs", type=int, default=1, help="mutations tested at once, each in its own copy")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds for one mutation's tests")
    parser.add_argument("--rev", help="mutate the tree of this commit instead of the working tree's files")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copies (their paths are printed)")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS
              if not args.k or any(w in m.name or w in m.path or w in m.why for w in args.k)]
    names = [m.name for m in MUTATIONS]
    if len(set(names)) != len(names):
        print("two mutations share a name", file=sys.stderr)
        return 2
    base = Path(tempfile.mkdtemp(prefix="djdesk-mutate-"))
    try:
        return _run(chosen, base, args)
    finally:
        if args.keep:
            print(f"copies kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def _run(chosen: list[Mutation], base: Path, args: argparse.Namespace) -> int:
    first = base / "tree-1"
    copy_tree(first, args.rev)
    resolved: list[tuple[Mutation, list[str]]] = []
    broken = False
    for mutation in chosen:
        fitted, notes = resolve(mutation, first)
        if fitted is None:
            print(f"LIST    {mutation.name}: {'; '.join(notes)}")
            broken = True
        else:
            resolved.append((fitted, notes))
    if args.list:
        for m, notes in resolved:
            print(f"{m.name:28} {m.path}\n    {m.why}\n    tests: {' '.join(m.tests)}")
            for note in notes:
                print(f"    note: {note}")
        print(f"{len(resolved)} mutations fit the tree" + (", some do not (see LIST above)" if broken else ""))
        return 2 if broken else 0
    if broken:
        return 2
    every_test = list(dict.fromkeys(t for m, _n in resolved for t in m.tests))
    print(f"{len(resolved)} mutations; first, their {len(every_test)} test files/ids on the unchanged copy …",
          flush=True)
    started = time.perf_counter()
    status, output = run_tests(first, every_test, args.timeout * 2, stop_first=False)
    if status != 0:
        print(output[-4000:])
        print("the tests fail on the unchanged tree: fix that first")
        return 2
    summary = (output.strip().splitlines() or [""])[-1]
    print(f"unchanged: {summary} ({time.perf_counter() - started:.0f} s)", flush=True)
    jobs = max(1, min(args.jobs, len(resolved)))
    trees = [first] + [base / f"tree-{i}" for i in range(2, jobs + 1)]
    for tree in trees[1:]:
        shutil.copytree(first, tree)
    free = list(trees)
    lock = threading.Lock()

    def work(item: tuple[Mutation, list[str]]) -> Outcome:
        with lock:
            tree = free.pop()
        try:
            outcome = mutate_once(item[0], tree, args.timeout, item[1])
        finally:
            with lock:
                free.append(tree)
        with lock:
            verdict = "killed  " if outcome.killed else "SURVIVED"
            print(f"{verdict} {outcome.mutation.name:28} {outcome.seconds:5.1f} s  {outcome.by}", flush=True)
        return outcome

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outcomes = list(pool.map(work, resolved))
    print()
    print(f"{'':8} {'mutation':28} {'file':44} killed by")
    for o in outcomes:
        verdict = "killed" if o.killed else "SURVIVED"
        print(f"{verdict:8} {o.mutation.name:28} {o.mutation.path:44} {o.by or '-'}")
        print(f"{'':8}   {o.mutation.why}")
        for note in o.notes:
            print(f"{'':8}   note: {note}")
    survivors = [o for o in outcomes if not o.killed]
    print(f"\n{len(outcomes) - len(survivors)} of {len(outcomes)} mutations killed"
          + (f"; survived: {', '.join(o.mutation.name for o in survivors)}" if survivors else "")
          + f" ({time.perf_counter() - started:.0f} s)")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
