"""The package's architecture rules, checked on the source: sizes, private imports, ``__all__``.

The import layers themselves are an import-linter contract (``lint-imports`` in ``make test``);
these are the rules it cannot express.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lscb_survey

PACKAGE = Path(lscb_survey.__file__).resolve().parent
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
ONE_PIECE = "# one piece:"


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, source: list[str]) -> int:
    """Lines of a function without its docstring."""
    total = (node.end_lineno or node.lineno) - node.lineno + 1
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        if isinstance(first.value.value, str):
            total -= (first.end_lineno or first.lineno) - first.lineno + 1
    return total


def _is_one_piece(node: ast.FunctionDef | ast.AsyncFunctionDef, source: list[str]) -> bool:
    start = node.lineno - 1
    end = node.end_lineno or node.lineno
    return any(ONE_PIECE in line for line in source[start:end])


def _resolve(module: str, level: int, name: str | None, is_package: bool) -> str:
    """Absolute module named by a (possibly relative) ``from`` import in ``module``."""
    if level == 0:
        return name or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, name] if name else base)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_module_is_small(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_functions_are_short(path: Path) -> None:
    source = path.read_text(encoding="utf-8").splitlines()
    long = [
        f"{node.name} ({_body_lines(node, source)} lines)"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _body_lines(node, source) > MAX_FUNCTION_LINES
        and not _is_one_piece(node, source)
    ]
    assert not long, f"{_name(path)}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def _private_imports(path: Path, module: str) -> list[str]:
    """Private names that ``path`` (module ``module``) imports from another lscb_survey module."""
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(module, node.level, node.module, path.name == "__init__.py")
            if not target.startswith("lscb_survey") or target == module:
                continue
            found += [
                f"{target}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_private_names_imported_from_another_module(path: Path) -> None:
    found = _private_imports(path, _name(path))
    assert not found, f"{_name(path)} imports private names: {found}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.name != "__init__.py" or p.parent == PACKAGE], ids=_name
)
def test_module_declares_all(path: Path) -> None:
    tree = _tree(path)
    declared = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == "__all__"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert declared, f"{_name(path)} has no __all__"


def test_all_names_exist() -> None:
    import importlib

    light = {"lscb_survey.cli"}
    for path in MODULES:
        module = _name(path)
        if module in light:
            continue
        mod = importlib.import_module(module)
        for name in getattr(mod, "__all__", []):
            assert hasattr(mod, name), f"{module}.__all__ names missing {name!r}"


def test_checker_sees_a_planted_private_import(tmp_path: Path) -> None:
    # The private-import rule must be able to fail, for relative imports at any depth.
    planted = tmp_path / "layout.py"
    planted.write_text(
        "from ..data.rawfiles import _sha, read_rows\nfrom . import _style\n"
        "from .layout import _own\n",
        encoding="utf-8",
    )
    assert _private_imports(planted, "lscb_survey.present.layout") == [
        "lscb_survey.data.rawfiles._sha",
        "lscb_survey.present._style",
    ]
    assert _resolve("lscb_survey.present.plots", 2, "data", True) == "lscb_survey.present.data"


def test_version_is_written_once() -> None:
    pyproject = (PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject
    assert "\nversion =" not in pyproject.split("[tool.")[0]


def _resolves(dotted: str) -> bool:
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            if not hasattr(obj, attr):
                return False
            obj = getattr(obj, attr)
        return True
    return False


def test_dotted_references_in_docs_and_docstrings_resolve() -> None:
    root = PACKAGE.parents[1]
    texts = [*MODULES, root / "README.md", *(root / "docs").glob("*.md")]
    refs = {
        ref.rstrip(".")
        for path in texts
        for ref in re.findall(r"lscb_survey(?:\.[A-Za-z_][A-Za-z_0-9]*)+", path.read_text("utf-8"))
    }
    assert len(refs) > 20
    assert not _resolves("lscb_survey.loaders.load_table")  # the check can fail
    stale = sorted(r for r in refs if not _resolves(r))
    assert not stale, f"references to names that do not exist: {stale}"
