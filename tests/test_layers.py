"""The library's layers only look down: domain modules never import drawing or exercises, and no
module imports another that (directly or not) imports it back."""

import ast
from pathlib import Path

import kratom_course

PACKAGE = Path(kratom_course.__file__).parent
ON_TOP = ("plots", "exercises", "teaching", "cli", "__main__", "benchmark", "literature")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of the kratom_course modules that `path` imports (anywhere in the file)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kratom_course")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.startswith("kratom_course"):
                found.add(base)
                found |= {f"{base}.{a.name}" for a in node.names}
    modules = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in modules and m != name}


GRAPH = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def is_domain(name: str) -> bool:
    return name.split(".")[1] not in ON_TOP if "." in name else False


def test_domain_modules_never_import_plots_or_exercises():
    for name, imported in GRAPH.items():
        if is_domain(name):
            upward = {m for m in imported if m.count(".") and m.split(".")[1] in ("plots", "exercises", "teaching", "cli")}
            assert not upward, f"{name} (domain) imports {sorted(upward)}"


def test_exercises_never_import_plots():
    for name, imported in GRAPH.items():
        if name.startswith("kratom_course.exercises"):
            assert not {m for m in imported if m.startswith("kratom_course.plots")}, f"{name} imports a plot module"


def test_no_import_cycles():
    def visit(node, stack):
        for nxt in GRAPH.get(node, ()):
            if nxt in stack:
                cycle = stack[stack.index(nxt) :] + [nxt]
                # a package and its own submodule importing each other is Python's normal package layout
                if not all(m.startswith(cycle[0].rsplit(".", 1)[0]) for m in cycle) or len(set(cycle)) > 2:
                    raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
                continue
            visit(nxt, stack + [nxt])

    for start in GRAPH:
        visit(start, [start])
