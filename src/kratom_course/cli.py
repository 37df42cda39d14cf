"""One command for every tool of the course: `python -m kratom_course <subcommand>` (or `kratom-course`).

figures        write every figure to figures/ (SVG + PNG) and figures/README.md
copies         student, exam and instructor copies of the notebooks in build/
answer-key     build/answer-key.md, every exercise's answer computed from data/
reading-list   data/references.csv as RIS, BibTeX and CSL-JSON in build/
benchmark      time and memory of the notebooks, data loading and the model
refresh        fetch fresh literature metadata (PubMed, ClinicalTrials.gov); needs the network
verify         check every reference's identifiers against PubMed and ClinicalTrials.gov
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path


def _figures(args) -> int:
    from . import plots

    for path in plots.export_all(args.out):
        print(path)
    return 0


def _copies(args) -> int:
    from . import teaching

    for paths in teaching.build_copies(args.out).values():
        for path in paths:
            print(path)
    return 0


def _answer_key(args) -> int:
    from . import teaching

    print(teaching.write_answer_key(args.out))
    return 0


def _reading_list(args) -> int:
    from . import references

    for path in references.export_reading_list(args.out):
        print(path)
    return 0


def _execute(args) -> int:
    from . import teaching

    for path in args.notebooks or teaching.course_notebooks():
        print(f"executing {path}", flush=True)
        teaching.execute_in_place(Path(path))
    return 0


def _out_option(parser, default: str) -> None:
    parser.add_argument("--out", type=Path, default=None, help=f"output folder (default: {default})")


# Subcommands whose code lives in a module of their own: (name, module, help). The module offers
# add_arguments(parser) and run(args) -> exit code.
EXTERNAL = [
    ("benchmark", "kratom_course.benchmark", "time and memory of notebooks, data loading and the model"),
    ("refresh", "kratom_course.literature.refresh", "fetch fresh literature metadata (needs the network)"),
    ("verify", "kratom_course.literature.verify", "check reference identifiers against PubMed and ClinicalTrials.gov"),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m kratom_course", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="subcommand")
    for name, func, help_text, default in (
        ("figures", _figures, "write every figure to figures/", "figures/"),
        ("copies", _copies, "student, exam and instructor copies in build/", "build/"),
        ("answer-key", _answer_key, "the answer key in build/answer-key.md", "build/"),
        ("reading-list", _reading_list, "references as RIS, BibTeX, CSL-JSON in build/", "build/"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        _out_option(sub, default)
        sub.set_defaults(run=func)
    execute = commands.add_parser(
        "execute",
        help="run notebooks top to bottom and save their outputs",
        description="Run notebooks top to bottom in place and save their outputs (no timestamps).",
    )
    execute.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: every course notebook)")
    execute.set_defaults(run=_execute)
    for name, module_name, help_text in EXTERNAL:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue  # that tool is not part of this version of the course
            raise
        sub = commands.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)
