"""The one rule of direction (design.md, Layout): ``ui → services → (store, domain)``, ``store → domain``.

Nothing below ``ui/`` imports PySide6; ``domain/`` imports neither Qt nor SQLAlchemy. Each module is
imported alone in a fresh interpreter (the interpreters run concurrently to keep this fast), and
every ``import`` statement is also read from the source, so that an import hidden inside a function
is caught too.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "djdesk"
LAYERS = ("domain", "store", "services")
SKIP_DIRS = {"migrations", "__pycache__"}  # Alembic's env.py runs only inside Alembic

# What each layer must never load or import.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "domain": ("PySide6", "shiboken6", "sqlalchemy", "alembic", "djdesk.store", "djdesk.services",
               "djdesk.ui", "djdesk.app", "djdesk.cli"),
    "store": ("PySide6", "shiboken6", "djdesk.services", "djdesk.ui", "djdesk.app", "djdesk.cli"),
    "services": ("PySide6", "shiboken6", "djdesk.ui", "djdesk.app", "djdesk.cli"),
}


def _modules(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE_DIR / layer).rglob("*.py")):
        rel = path.relative_to(PACKAGE_DIR.parent)
        if SKIP_DIRS & set(rel.parts):
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append(".".join(parts))
    return found


MODULES = [(layer, module) for layer in LAYERS for module in _modules(layer)]

CHILD = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(sys.modules)))
"""


def _is_forbidden(name: str, layer: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])


def _import_alone(module: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", CHILD, module], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def fresh_imports() -> dict[str, tuple[int, str, str]]:
    names = [module for _layer, module in MODULES]
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(names, pool.map(_import_alone, names), strict=True))


def test_every_layer_has_modules() -> None:
    for layer in LAYERS:
        assert _modules(layer), f"no modules found under djdesk/{layer}"
    assert "djdesk.store.migrations.env" not in {m for _l, m in MODULES}


@pytest.mark.parametrize(("layer", "module"), MODULES, ids=[m for _l, m in MODULES])
def test_fresh_import_loads_no_forbidden_module(
    layer: str, module: str, fresh_imports: dict[str, tuple[int, str, str]]
) -> None:
    returncode, stdout, stderr = fresh_imports[module]
    assert returncode == 0, f"importing {module} alone failed:\n{stderr}"
    loaded = json.loads(stdout)
    assert "PySide6" not in loaded
    offenders = [name for name in loaded if _is_forbidden(name, layer)]
    assert offenders == [], f"importing {module} loads {offenders[:5]}"


def _imported_names(path: Path, module: str) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.append((node.lineno, target))
            names.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
    return names


@pytest.mark.parametrize(("layer", "module"), MODULES, ids=[m for _l, m in MODULES])
def test_source_imports_respect_the_direction(layer: str, module: str) -> None:
    """Catches imports inside functions, which a fresh import would not execute."""
    rel = Path(*module.split("."))
    path = PACKAGE_DIR.parent / rel / "__init__.py"
    if not path.exists():
        path = (PACKAGE_DIR.parent / rel).with_suffix(".py")
    offenders = [f"{path.name}:{line} {name}" for line, name in _imported_names(path, module)
                 if _is_forbidden(name, layer)]
    assert offenders == []


def test_the_checks_can_fail() -> None:
    """The detectors themselves: a Qt import and a domain→store import are recognised."""
    assert _is_forbidden("PySide6.QtWidgets", "services")
    assert _is_forbidden("sqlalchemy.orm", "domain")
    assert _is_forbidden("djdesk.store.models", "domain")
    assert not _is_forbidden("djdesk.domain.enums", "store")
    assert not _is_forbidden("sqlalchemy", "store")
    # A module that does use Qt is seen to load it, and its source is seen to import it.
    code, stdout, stderr = _import_alone("djdesk.ui.member_table_model")
    assert code == 0, stderr
    assert "PySide6" in json.loads(stdout)
    ui_path = PACKAGE_DIR / "ui" / "member_table_model.py"
    assert any(_is_forbidden(name, "services")
               for _line, name in _imported_names(ui_path, "djdesk.ui.member_table_model"))
