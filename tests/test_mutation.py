"""The mutation benchmark's own parts, fast and without cosmic-ray: the module -> tests map points at real
modules, functions and unit-test files; the report parser counts each outcome; the equivalents table reads
back; the run says in one line what to install when the tool is missing; CI never installs it.
(The run itself is `python -m kratom_course benchmark mutation`, a maintainer's check: benchmarks/mutation.md.)"""

import ast
import json
import re
import sys

import pytest

from kratom_course import benchmark, cli
from kratom_course.paths import course_root

ROOT = course_root()
SOURCE = 'def half(x: float | None) -> float:\n    return x / 2\n\n\nTABLE = {"a": 1}\n'


def dump_row(line, after, result):
    item = {
        "job_id": "j",
        "mutations": [
            {
                "module_path": "m.py",
                "operator_name": "core/ReplaceBinaryOperator_Div_Mul",
                "occurrence": 0,
                "start_pos": [line, 11],
                "end_pos": [line, 12],
                "operator_args": {},
                "definition_name": None,
            }
        ],
    }
    if result is not None:
        before = SOURCE.splitlines()[line - 1]
        result.setdefault("diff", f"--- mutation diff ---\n--- am.py\n+++ bm.py\n@@ -{line} +{line} @@\n-{before}\n+{after}")
    return json.dumps([item, result])


@pytest.mark.parametrize("name", list({**benchmark.MUTATION_TARGETS, **benchmark.OPTIONAL_MUTATION_TARGETS}))
def test_each_target_names_a_module_its_functions_and_unit_test_files(name):
    target = {**benchmark.MUTATION_TARGETS, **benchmark.OPTIONAL_MUTATION_TARGETS}[name]
    if name in benchmark.OPTIONAL_MUTATION_TARGETS and not (ROOT / target.path).exists():
        pytest.skip(f"{target.path} is not in this version")
    assert (ROOT / target.path).is_file()
    benchmark.function_spans(ast.parse((ROOT / target.path).read_text(encoding="utf-8")), target.functions)
    for test_file in target.tests:
        assert (ROOT / test_file).is_file() and test_file.startswith("tests/test_") and test_file.endswith(".py")
        assert "browser" not in test_file  # never the browser, never nbval (notebooks are not test files)
    command = benchmark.test_command(target)
    assert command[:3] == [sys.executable, "-m", "pytest"] and ["-n", "0"] == command[5:7]


def test_the_dump_is_read_into_outcomes_counts_and_a_score():
    survivor_key = ("half", "return x / 2", "return x * 2")
    dump = "\n".join(
        [
            dump_row(2, "return x * 2", {"worker_outcome": "normal", "test_outcome": "survived", "output": ""}),
            dump_row(2, "return x // 2", {"worker_outcome": "normal", "test_outcome": "killed", "output": "timeout"}),
            dump_row(
                2,
                "return x + 2",
                {"worker_outcome": "normal", "test_outcome": "killed", "output": "...\nFAILED tests/test_m.py::test_half - x\n"},
            ),
            dump_row(2, "return x - 2", {"worker_outcome": "normal", "test_outcome": "incompetent", "output": ""}),
            dump_row(2, "return x % 2", {"worker_outcome": "exception", "test_outcome": None, "output": "boom"}),
            dump_row(5, "", {"worker_outcome": "skipped", "test_outcome": None, "output": "not sampled"}),
            dump_row(5, "", None),
        ]
    )
    mutants = benchmark.parse_dump(dump, SOURCE)
    assert [m["outcome"] for m in mutants] == [
        "survived",
        "timeout",
        "killed",
        "incompetent",
        "error",
        "not sampled",
        "pending",
    ]
    assert mutants[0]["function"] == "half" and benchmark.mutant_key(mutants[0]) == survivor_key
    assert mutants[2]["killed_by"] == "tests/test_m.py::test_half"
    assert mutants[5]["function"] == "(module)" and mutants[5]["before"] == 'TABLE = {"a": 1}'

    marked = benchmark.parse_dump(dump, SOURCE, {survivor_key: "x is never read"})
    assert marked[0]["outcome"] == "equivalent" and marked[0]["why"] == "x is never read"
    tally = benchmark.counts([m for m in marked if m["outcome"] not in ("not sampled", "pending")])
    assert tally == {
        "killed": 1,
        "timeout": 1,
        "survived": 0,
        "equivalent": 1,
        "incompetent": 1,
        "error": 1,
        "sampled": 5,
    }
    module = {**tally, "baseline": "passed", "eligible": 9}
    total = benchmark.overall({"m": module, "broken": {"baseline": "failed"}})
    assert total["score"] == 1.0 and total["eligible"] == 9  # a module whose tests fail unchanged is not counted
    assert benchmark.overall({"m": {**module, "survived": 2}})["score"] == 0.5


def test_the_equivalents_table_reads_back(tmp_path):
    table = tmp_path / "mutation-equivalent.md"
    table.write_text(
        "# Equivalent mutants\n\n| module | function | before | after | why |\n|---|---|---|---|---|\n"
        "| outputs | `_remove` | `a \\| b` | `a & b` | both are sets of flags here |\n",
        encoding="utf-8",
    )
    assert benchmark.read_equivalents(table) == {"outputs": {("_remove", "a | b", "a & b"): "both are sets of flags here"}}
    assert benchmark.read_equivalents(tmp_path / "absent.md") == {}


def test_the_committed_equivalents_name_known_modules_and_give_a_reason():
    table = benchmark.read_equivalents(ROOT / "benchmarks" / benchmark.EQUIVALENTS_FILE)
    known = {**benchmark.MUTATION_TARGETS, **benchmark.OPTIONAL_MUTATION_TARGETS}
    for module, rows in table.items():
        assert module in known
        for (function, before, after), why in rows.items():
            assert function and before and why.strip(), (module, function, before, after)


def test_annotations_and_bitwise_replacements_are_out_of_scope():
    tree = ast.parse(SOURCE)
    annotations = benchmark.annotation_spans(tree)

    class Mutation:
        def __init__(self, line, column, operator="core/NumberReplacer"):
            self.start_pos, self.operator_name = (line, column), operator

    spans = benchmark.function_spans(tree, ("half",))
    assert not benchmark._eligible(Mutation(1, 15), spans, annotations)  # `float | None` is never evaluated
    assert benchmark._eligible(Mutation(2, 15), spans, annotations)
    assert not benchmark._eligible(Mutation(5, 13), spans, annotations)  # outside the functions in scope
    assert not benchmark._eligible(Mutation(2, 13, "core/ReplaceBinaryOperator_Div_BitOr"), spans, annotations)
    with pytest.raises(ValueError, match="not found: gone"):
        benchmark.function_spans(tree, ("half", "gone"))


def test_without_cosmic_ray_the_run_says_what_to_install(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(sys.modules, "cosmic_ray", None)  # an import of it fails, as when it is not installed
    code = cli.main(["benchmark", "mutation", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip()
    assert code == cli.EXIT_ERROR and "requirements-dev.txt" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_ci_never_installs_the_mutation_tool():
    for path in [ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))]:
        if path.exists():
            assert "requirements-dev" not in path.read_text(encoding="utf-8"), path
    assert "requirements-dev.txt" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_dev_lock_is_pinned_hashed_and_agrees_with_the_course_and_test_locks():
    from test_project import locked_versions

    dev = locked_versions("requirements-dev.txt")
    assert dev.get("cosmic-ray") == (ROOT / "requirements-dev.in").read_text().split("cosmic-ray==")[1].split()[0]
    for other in ("requirements.txt", "requirements-test.txt"):
        shared = {name: (version, dev[name]) for name, version in locked_versions(other).items() if name in dev}
        assert all(a == b for a, b in shared.values()), f"requirements-dev.txt disagrees with {other}: {shared}"
    text = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    packages = re.findall(r"^[A-Za-z0-9_.\-]+==.*$", text, re.M)
    hashed = re.findall(r"^[A-Za-z0-9_.\-]+==.* \\\n\s+--hash=sha256:", text, re.M)
    assert packages and len(packages) == len(hashed), "requirements-dev.txt: a package without a hash"


def test_a_removed_decorator_is_named_by_its_line_not_by_the_blank_lines_it_takes_along():
    source = "X = 1\n\n\n@dataclass\nclass A:\n    pass\n"
    diff = "--- mutation diff ---\n--- am.py\n+++ bm.py\n@@ -1,6 +1,3 @@\n X = 1\n-\n-\n-@dataclass\n class A:"
    row = json.dumps(
        [
            {"mutations": [{"operator_name": "core/RemoveDecorator", "start_pos": [2, 0], "definition_name": None}]},
            {"worker_outcome": "normal", "test_outcome": "survived", "output": "", "diff": diff},
        ]
    )
    (mutant,) = benchmark.parse_dump(row, source)
    assert (mutant["before"], mutant["after"]) == ("@dataclass", "")


def test_a_survivor_listed_later_counts_as_equivalent_without_running_again():
    survivor = {"function": "half", "line": 2, "operator": "o", "before": "a", "after": "b", "outcome": "survived"}
    module = {"baseline": "passed", "eligible": 1, **benchmark.counts([survivor]), "mutants": [survivor]}
    marked = benchmark.apply_equivalents({"m": module}, {"m": {("half", "a", "b"): "never read"}})["m"]
    assert (marked["survived"], marked["equivalent"], marked["mutants"][0]["why"]) == (0, 1, "never read")
    unmarked = benchmark.apply_equivalents({"m": marked}, {})["m"]
    assert (unmarked["survived"], unmarked["equivalent"], "why" in unmarked["mutants"][0]) == (1, 0, False)
