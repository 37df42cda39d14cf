"""The library's layers only look down, and no module imports another that (directly or not) imports it back.

Layers, bottom to top (README, "The library, in layers that only look down"):
  base      `paths`, `outputs`: where the course is, how files are written; import nothing of the package
  formulas  `units`, `pharmacology`, `pk`: pure functions with units in their names; import only formulas
  data      `data`, `literature_snapshot`: validated tables; import no domain module
  domain    one module per idea: import no module on top
  on top    drawing, exercises, teaching, the tools, the CLI: may import anything below
Every import counts, at module level or inside a function. The package `__init__` is checked too: it may
import nothing of the package except, inside its `__getattr__`, the modules named in `LAZY_EXPORTS`
(names re-exported lazily so that notebooks keep `from kratom_course import setup_notebook`).
"""

import ast
from pathlib import Path

import pytest

import kratom_course

PACKAGE = Path(kratom_course.__file__).parent

LAYERS = {  # rank: top-level names (a sub-package counts as its first name)
    0: {"paths", "outputs"},
    1: {"units", "pharmacology", "pk", "inference"},
    2: {"data", "literature_snapshot"},
    3: {"evidence", "receptors", "exposure", "prolactin", "withdrawal", "safety", "regulation", "literature_map"}
    | {"references", "tables"},
    4: {"plots", "exercises", "teaching", "notebook", "literature", "benchmark", "cli", "__main__", "room"},
}
LAYER_NAMES = {0: "base", 1: "formulas", 2: "data", 3: "domain", 4: "on top"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve(node: ast.ImportFrom, path: Path) -> str:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join(anchor + ([base] if base else []))
    return base


def imports_of(path: Path, *, skip_lazy_getattr: bool = False) -> set[str]:
    """Absolute names of the kratom_course modules that `path` imports (anywhere in the file).
    `skip_lazy_getattr` leaves out the lazy re-exports: a module-level `__getattr__` and its `LAZY_EXPORTS`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    if skip_lazy_getattr:
        for node in tree.body:
            lazy_table = isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LAZY_EXPORTS" for t in node.targets)
            if lazy_table or (isinstance(node, ast.FunctionDef) and node.name == "__getattr__"):
                skipped |= {id(n) for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kratom_course")}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, path)
            if base.startswith("kratom_course"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("kratom_course."):
            found.add(node.value)  # importlib.import_module("kratom_course.x") and lazy-export tables
    return {m for m in found if m in MODULES and m != module_name(path)}


GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def rank(name: str) -> int:
    if name == "kratom_course":
        return 0  # the package __init__ is loaded before any module: it must sit at the very bottom
    top = name.split(".")[1]
    for level, names in LAYERS.items():
        if top in names:
            return level
    raise AssertionError(f"{name} is in no layer: add {top!r} to LAYERS in tests/test_layers.py (and to the README's table)")


def test_every_module_has_a_layer():
    for name in MODULES:
        rank(name)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_look_down(name):
    own = rank(name)
    imported = imports_of(MODULES[name], skip_lazy_getattr=(name == "kratom_course"))
    upward = sorted(m for m in imported if m != "kratom_course" and rank(m) > own)
    # a sibling in the same layer is fine, except that formulas, data and the package __init__ are stricter:
    assert not upward, f"{name} ({LAYER_NAMES[own]}) imports {upward} from a layer above"


def test_formulas_import_only_formulas_and_base():
    for name, imported in GRAPH.items():
        if name != "kratom_course" and rank(name) == 1:
            wrong = sorted(m for m in imported if m != "kratom_course" and rank(m) > 1)
            assert not wrong, f"{name} (formulas) imports {wrong}"


def test_data_imports_no_domain():
    for name, imported in GRAPH.items():
        if name != "kratom_course" and rank(name) == 2:
            wrong = sorted(m for m in imported if m != "kratom_course" and rank(m) > 2)
            assert not wrong, f"{name} (data) imports {wrong}"


def test_the_package_init_imports_only_its_lazy_exports_and_only_lazily():
    init = MODULES["kratom_course"]
    assert imports_of(init, skip_lazy_getattr=True) == set(), "kratom_course/__init__.py imports a module at load time"
    lazy = imports_of(init) - imports_of(init, skip_lazy_getattr=True)
    assert lazy == set(kratom_course.LAZY_EXPORTS.values())
    for name, module in kratom_course.LAZY_EXPORTS.items():
        assert callable(getattr(kratom_course, name)), f"kratom_course.{name} does not resolve through {module}"


def test_domain_modules_never_import_plots_exercises_or_teaching():
    for name, imported in GRAPH.items():
        if name != "kratom_course" and rank(name) <= 3:
            wrong = sorted(m for m in imported if m.count(".") and m.split(".")[1] in ("plots", "exercises", "teaching", "cli"))
            assert not wrong, f"{name} imports {wrong}"


def test_exercises_never_import_plots():
    for name, imported in GRAPH.items():
        if name.startswith("kratom_course.exercises"):
            assert not {m for m in imported if m.startswith("kratom_course.plots")}, f"{name} imports a plot module"


def is_package_and_own_submodule(a: str, b: str) -> bool:
    """Python's normal package layout: `pkg/__init__.py` imports `pkg.sub` and `pkg.sub` imports `pkg`."""
    for package, sub in ((a, b), (b, a)):
        if MODULES[package].name == "__init__.py" and sub.startswith(package + "."):
            return True
    return False


def cycles() -> list[list[str]]:
    found = []

    def visit(node, stack):
        for nxt in sorted(GRAPH.get(node, ())):
            if nxt in stack:
                cycle = stack[stack.index(nxt) :] + [nxt]
                if not (len(cycle) == 3 and is_package_and_own_submodule(cycle[0], cycle[1])):
                    found.append(cycle)
                continue
            visit(nxt, stack + [nxt])

    for start in sorted(GRAPH):
        visit(start, [start])
    return found


def test_no_import_cycles():
    found = cycles()
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found[:5])


# --- the test itself: the mutants of the code review (M16-M18) are caught ---------------------------------
def test_the_cycle_rule_exempts_only_a_package_and_its_own_submodule(monkeypatch):
    monkeypatch.setitem(GRAPH, "kratom_course.pk", GRAPH["kratom_course.pk"] | {"kratom_course.units"})
    monkeypatch.setitem(GRAPH, "kratom_course.units", GRAPH["kratom_course.units"] | {"kratom_course.pk"})
    assert any(set(c) == {"kratom_course.pk", "kratom_course.units"} for c in cycles()), "a sibling 2-cycle must count"
    assert is_package_and_own_submodule("kratom_course.plots", "kratom_course.plots.style")
    assert not is_package_and_own_submodule("kratom_course.plots.pk", "kratom_course.plots.style")
    assert not is_package_and_own_submodule("kratom_course.pk", "kratom_course.plots")


def test_a_formula_importing_data_or_a_domain_module_is_caught(tmp_path, monkeypatch):
    for wrong in ("data", "exposure"):
        monkeypatch.setitem(GRAPH, "kratom_course.pk", GRAPH["kratom_course.pk"] | {f"kratom_course.{wrong}"})
        with pytest.raises(AssertionError, match="formulas"):
            test_formulas_import_only_formulas_and_base()
        monkeypatch.setitem(GRAPH, "kratom_course.pk", GRAPH["kratom_course.pk"] - {f"kratom_course.{wrong}"})


def test_imports_inside_functions_count(tmp_path, monkeypatch):
    fake = tmp_path / "kratom_course" / "withdrawal.py"
    fake.parent.mkdir()
    fake.write_text("def f():\n    from .plots import style\n    import kratom_course.exposure\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "kratom_course")
    assert imports_of(fake) == {"kratom_course.plots", "kratom_course.plots.style", "kratom_course.exposure"}
