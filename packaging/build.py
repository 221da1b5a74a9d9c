"""Build the portable 绿色版 of 党建工作台 and smoke-test it.

    python packaging/build.py            # PyInstaller (packaging/djdesk.spec) -> dist/djdesk/, then the zip
    python packaging/build.py --smoke    # ... then unzip it into a temporary folder and test it there
    python packaging/build.py --smoke --no-build   # test the zip already in dist/

Output (build/ and dist/ are git-ignored)::

    build/pyinstaller/                        PyInstaller's work folder
    dist/djdesk/                              the program folder
    dist/djdesk-<version>-<platform>.zip      what the clerk gets, e.g. djdesk-0.1.0-windows-x64.zip

The zip holds one folder ``djdesk-<version>/``: the program, ``data/`` (with a README.txt, so that
no unzip tool drops it) and ``README.txt`` for the clerk. A ``data/`` folder beside the executable
switches on portable mode (djdesk/paths.py): the database, backups, logs and the clerk's templates
then live in it.

Outside Windows ``djdesk-cli`` is a symbolic link to ``djdesk`` (the two are the same bytes there:
:func:`link_identical_executables`).

``--smoke`` (style.md: qutebrowser smoke-tests the frozen executable after every build) checks, in
the unzipped folder:

0. the Qt plugins the desktop needs and the offscreen smoke test cannot prove are there
   (:data:`NEEDED_QT_PLUGINS`: xcb, ibus, CUPS on Linux; qwindows and the windowsvista/windows11
   style on Windows);
1. ``djdesk-cli --version`` prints the version of pyproject.toml;
2. ``djdesk-cli --smoke-test`` exits 0 (window, migration, demo data, a document: djdesk/smoke.py),
   and so does the windowed ``djdesk --smoke-test``. The smoke test works in a temporary folder by
   design, so ``data/`` must still be untouched afterwards;
3. portable mode: ``djdesk-cli demo`` then ``djdesk-cli db path`` must name ``data/djdesk.sqlite3``
   of the unzipped folder, ``djdesk-cli meetings minutes`` renders a document from that database,
   and nothing of djdesk appears in the user's home. What landed in ``data/`` is printed: the
   database, ``backups/``, ``logs/`` and ``forms/`` (the clerk's template copies, made when the
   template manager is first opened).

PyInstaller does not cross-compile: run this on the OS you ship for (Windows for the clerk).
"""

from __future__ import annotations

import argparse
import locale
import os
import platform
import stat
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SPEC = HERE / "djdesk.spec"
BUILD_DIR = REPO / "build" / "pyinstaller"
DIST_DIR = REPO / "dist"
APP = "djdesk"
WINDOWS = sys.platform == "win32"
EXE_SUFFIX = ".exe" if WINDOWS else ""
SMOKE_OK = "冒烟测试通过"
# Qt plugins the smoke test cannot prove (it paints offscreen) but the clerk's desktop needs; the spec
# keeps them (djdesk.spec QT_PLUGINS), this makes sure a later change of the spec does not lose them.
NEEDED_QT_PLUGINS = {
    "win32": ["platforms/qwindows.dll", "styles/qmodernwindowsstyle.dll"],
    "linux": ["platforms/libqxcb.so", "platforminputcontexts/libibusplatforminputcontextplugin.so",
              "printsupport/libcupsprintersupport.so"],
}
STEP_TIMEOUT = 300  # seconds for one run of the program

DATA_README = """\
这个文件夹存放党建工作台的全部数据：数据库 djdesk.sqlite3、自动备份 backups、日志 logs、您修改过的文书模板 forms。

* 只要程序旁边有这个 data 文件夹，程序就把数据放在这里（绿色版）；整个文件夹可以随程序一起复制。
* 请不要删除或改名这个文件夹；删掉后程序会改用 Windows 用户目录（AppData）里的数据，看起来像“数据丢了”。
* 升级：解压新版本后，把旧版本的整个 data 文件夹复制到新版本的程序旁边（替换新版本里的 data 文件夹）。
* 数据库请放在本机硬盘上使用；U 盘或网络共享盘只用来存放备份（菜单“文件 → 备份”）。
"""

TOP_README = """\
党建工作台 {version}（绿色版，无需安装）

启动：双击 djdesk{exe}。
数据：保存在本文件夹的 data 文件夹中，请勿删除。备份：菜单“文件 → 备份”，可备份到 U 盘。
升级：把新版本解压到另一个文件夹，再把旧版本的 data 文件夹整个复制过去（替换新版本的 data）。
命令行（技术人员使用）：djdesk-cli{exe} --help
解压：请用 Windows 10 及以上系统自带的“全部解压缩”、7-Zip、WinRAR 或 Bandizip，不要直接在压缩包里运行。
"""


# --- facts about this build ----------------------------------------------------------------------


def read_version(pyproject: Path = REPO / "pyproject.toml") -> str:
    """The version in pyproject.toml ([project] version): the single source of the release number."""
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def platform_tag() -> str:
    """windows-x64, windows-x86, windows-arm64, linux-x86_64, linux-aarch64, macos-arm64…"""
    machine = platform.machine().lower()
    if WINDOWS:
        if machine in ("arm64", "aarch64"):
            return "windows-arm64"
        # platform.machine() says AMD64 for a 32-bit Python on 64-bit Windows; the build follows Python.
        return "windows-x64" if struct.calcsize("P") == 8 else "windows-x86"
    if sys.platform == "darwin":
        return f"macos-{machine}"
    system = platform.system().lower() or sys.platform
    return f"{system}-{machine}"


def zip_path(version: str) -> Path:
    return DIST_DIR / f"{APP}-{version}-{platform_tag()}.zip"


def check_environment(version: str) -> None:
    """Refuse to build what would be broken or mislabelled."""
    from djdesk import __version__

    if __version__ != version:
        sys.exit(f"版本号不一致：pyproject.toml 是 {version}，djdesk/__init__.py 是 {__version__}。请先改成一致。")
    from importlib.metadata import version as dist_version

    pyside = dist_version("PySide6-Essentials")
    if sys.version_info < (3, 12) and pyside.startswith("6.12.0"):
        # design.md, known traps: PySide6 6.12.0 on Python < 3.12 aborts after a few thousand calls.
        sys.exit(f"PySide6 {pyside} 在 Python {platform.python_version()} 上会崩溃（none_dealloc），"
                 "请安装 PySide6-Essentials>=6.11,<6.12。")


# --- build and zip -----------------------------------------------------------------------------------


def run_pyinstaller() -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(DIST_DIR), "--workpath", str(BUILD_DIR), str(SPEC)]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=REPO, check=True)
    folder = DIST_DIR / APP
    for exe in (APP, f"{APP}-cli"):
        if not (folder / f"{exe}{EXE_SUFFIX}").is_file():
            sys.exit(f"PyInstaller 没有生成 {exe}{EXE_SUFFIX}（在 {folder}）")
    link_identical_executables(folder)
    return folder


def link_identical_executables(folder: Path) -> bool:
    """Outside Windows, make ``djdesk-cli`` a symbolic link to ``djdesk`` when the two are the same bytes.

    Each executable carries its own copy of the program's archive (PYZ, ~9 MB). On Windows the two
    differ (windowed and console subsystems) and both are needed; elsewhere ``console=`` changes
    nothing and PyInstaller writes the same file twice. The bootloader finds its archive and
    ``_internal/`` through the resolved path of the running program, so the link works as the file did;
    the zip stores it as a link, as it does PyInstaller's own links in ``_internal/``.
    """
    gui, cli = folder / f"{APP}{EXE_SUFFIX}", folder / f"{APP}-cli{EXE_SUFFIX}"
    if WINDOWS or cli.is_symlink() or gui.read_bytes() != cli.read_bytes():
        return False
    cli.unlink()
    cli.symlink_to(gui.name)
    return True


def make_zip(folder: Path, out: Path, version: str) -> Path:
    """Zip ``folder`` as ``djdesk-<version>/`` plus data/README.txt and README.txt.

    Symbolic links (PyInstaller makes some on Linux and macOS) are stored as links, not as copies;
    exec bits are kept. Names are stored in UTF-8 (the templates have Chinese names); the README
    files get a BOM so that old Notepad versions show them right.
    """
    top = f"{APP}-{version}"
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            base = Path(dirpath)
            for name in [*sorted(filenames), *[d for d in dirnames if (base / d).is_symlink()]]:
                path = base / name
                arcname = f"{top}/{path.relative_to(folder).as_posix()}"
                if path.is_symlink():
                    info = zipfile.ZipInfo(arcname, date_time=time.localtime(path.lstat().st_mtime)[:6])
                    info.create_system = 3  # unix: the mode below is meaningful
                    info.external_attr = (stat.S_IFLNK | 0o777) << 16
                    zf.writestr(info, os.readlink(path))
                else:
                    zf.write(path, arcname)
        readmes = {"data/README.txt": DATA_README, "README.txt": TOP_README.format(version=version, exe=EXE_SUFFIX)}
        for name, text in readmes.items():
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=time.localtime()[:6])
            info.external_attr = 0o644 << 16  # writestr's default is 0o600: unreadable for other users
            zf.writestr(info, text.encode("utf-8-sig"), compress_type=zipfile.ZIP_DEFLATED)
    partial.replace(out)
    return out


def extract(archive: Path, dest: Path) -> Path:
    """Unzip keeping exec bits and symbolic links (zipfile.extractall keeps neither)."""
    with zipfile.ZipFile(archive) as zf:
        tops = {name.split("/", 1)[0] for name in zf.namelist()}
        if len(tops) != 1:
            sys.exit(f"压缩包应当只有一个顶层文件夹，实际有：{sorted(tops)}")
        for info in zf.infolist():
            target = dest / info.filename
            if not target.resolve().is_relative_to(dest.resolve()):
                sys.exit(f"压缩包里有越界的路径：{info.filename}")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode) and not WINDOWS:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.symlink(zf.read(info).decode("utf-8"), target)
                continue
            zf.extract(info, dest)
            if mode & 0o111 and not info.is_dir():
                target.chmod(target.stat().st_mode | 0o111)
    return dest / tops.pop()


# --- smoke test ------------------------------------------------------------------------------------


def run(exe: Path, *args: str, env: dict[str, str]) -> tuple[int, str]:
    """Run the program; return its exit code and output (stdout then stderr)."""
    started = time.perf_counter()
    proc = subprocess.run([str(exe), *args], cwd=exe.parent, env=env, capture_output=True,
                          timeout=STEP_TIMEOUT, check=False)
    raw = proc.stdout + proc.stderr
    try:
        output = raw.decode("utf-8").strip()
    except UnicodeDecodeError:  # Windows: a pipe gets the ANSI code page (cp936 on a Chinese system)
        output = raw.decode(locale.getpreferredencoding(False), errors="replace").strip()
    print(f"$ {exe.name} {' '.join(args)}  ->  退出码 {proc.returncode}，{time.perf_counter() - started:.1f} 秒")
    for line in output.splitlines():
        print(f"    {line}")
    return proc.returncode, output


CHECKS = {"passed": 0}


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SystemExit(f"冒烟测试失败：{message}")
    CHECKS["passed"] += 1


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() + ("/" if p.is_dir() else "") for p in folder.rglob("*"))


def smoke(archive: Path, version: str) -> None:
    with tempfile.TemporaryDirectory(prefix="djdesk-unzipped-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        folder = extract(archive, root / "绿色版")  # a Chinese path, as on a clerk's desktop
        print(f"已解压到 {folder}（{time.perf_counter() - started:.1f} 秒）")
        gui, cli = folder / f"{APP}{EXE_SUFFIX}", folder / f"{APP}-cli{EXE_SUFFIX}"
        data = folder / "data"
        expect(gui.is_file() and cli.is_file(), f"压缩包里缺少 {gui.name} 或 {cli.name}")
        plugins = {f"{p.parent.name}/{p.name}" for p in (folder / "_internal").rglob("*")
                   if p.parent.parent.name == "plugins"}
        missing = [name for name in NEEDED_QT_PLUGINS.get(sys.platform, []) if name not in plugins]
        expect(not missing, f"压缩包里缺少 Qt 插件：{'、'.join(missing)}")
        data.mkdir(exist_ok=True)  # shipped in the zip; made here too in case an unzip tool dropped it
        before = listing(data)

        env = dict(os.environ)
        # Where the user data directory would be if portable mode failed: it must stay empty.
        home = root / "home"
        for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA"):
            env[var] = str(home / var.lower())
        env.pop("PYTHONPATH", None)
        env["PYTHONUTF8"] = "1"  # UTF-8 pipes where the frozen program honours it; run() decodes either way

        code, out = run(cli, "--version", env=env)
        expect(code == 0 and version in out, f"--version 应输出 {version}")

        code, out = run(cli, "--smoke-test", env=env)
        expect(code == 0 and SMOKE_OK in out, f"djdesk-cli --smoke-test 没有通过（退出码 {code}）")
        code, out = run(gui, "--smoke-test", env=env)  # windowed on Windows: no output, the exit code says it
        expect(code == 0, f"djdesk --smoke-test 没有通过（退出码 {code}）；详情请运行 djdesk-cli --smoke-test")
        expect(listing(data) == before, "冒烟测试应当只用临时文件夹，却改动了 data/："
                                        f"{sorted(set(listing(data)) - set(before))}")

        code, out = run(cli, "demo", env=env)
        expect(code == 0, "djdesk-cli demo 失败")
        code, out = run(cli, "db", "path", env=env)
        db = Path(out.splitlines()[-1].strip()) if out else Path()
        expect(code == 0 and db.resolve() == (data / "djdesk.sqlite3").resolve(),
               f"绿色版模式没有生效：数据库在 {db}，应在 {data / 'djdesk.sqlite3'}")
        expect(db.is_file() and db.stat().st_size > 0, f"数据库文件不存在或为空：{db}")
        minutes = root / "会议记录.docx"
        code, out = run(cli, "meetings", "minutes", "1", str(minutes), env=env)
        expect(code == 0 and minutes.is_file() and minutes.stat().st_size > 0,
               "djdesk-cli meetings minutes 没有生成文档")
        strays = [p for p in home.rglob("*") if "djdesk" in p.name.lower()] if home.exists() else []
        expect(not strays, f"用户目录里出现了党建工作台的文件（应当都在 data/ 里）：{strays}")
        print("data/ 里现在有：" + "、".join(p for p in listing(data) if p.count("/") <= 1 or p.endswith("/")))
    print(f"冒烟测试全部通过（{archive.name}）")


# --- main ------------------------------------------------------------------------------------------


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description="打包党建工作台绿色版（PyInstaller onedir + zip），可选冒烟测试。")
    parser.add_argument("--smoke", action="store_true", help="打包后解压到临时文件夹并运行冒烟测试")
    parser.add_argument("--no-build", action="store_true",
                        help="不重新打包，只测试 dist/ 里已有的压缩包（与 --smoke 同用）")
    parser.add_argument("--version", action="store_true", help="只显示将要打包的版本号和压缩包名称")
    args = parser.parse_args(argv)

    version = read_version()
    archive = zip_path(version)
    if args.version:
        print(version, archive.name)
        return 0
    timings: list[tuple[str, float]] = []
    sys.path.insert(0, str(REPO))
    check_environment(version)
    if not args.no_build:
        started = time.perf_counter()
        folder = run_pyinstaller()
        timings.append(("PyInstaller", time.perf_counter() - started))
        started = time.perf_counter()
        make_zip(folder, archive, version)
        timings.append(("压缩", time.perf_counter() - started))
        print(f"程序文件夹：{folder}（{human_size(folder_size(folder))}）")
    elif not archive.is_file():
        sys.exit(f"没有找到 {archive}，请先不带 --no-build 运行一次。")
    print(f"压缩包：{archive}（{human_size(archive.stat().st_size)}）")
    if args.smoke:
        started = time.perf_counter()
        smoke(archive, version)
        timings.append(("冒烟测试", time.perf_counter() - started))
    total = sum(seconds for _, seconds in timings)
    print("用时：" + "，".join(f"{name} {seconds:.0f} 秒" for name, seconds in timings) + f"；合计 {total:.0f} 秒")
    if args.smoke:  # the closing line CI reads: every check of the frozen bundle passed
        print(f"smoke: {CHECKS['passed']} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
