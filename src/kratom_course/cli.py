"""One command for every tool of the course: `python -m kratom_course <subcommand>` (or `kratom-course`).

figures        write every figure to figures/ (SVG + PNG) and figures/README.md
copies         student, exam and instructor copies of the notebooks in build/
answer-key     build/answer-key.md, every exercise's answer computed from data/
reading-list   data/references.csv as RIS, BibTeX and CSL-JSON in build/
execute        run notebooks top to bottom and save their outputs
benchmark      time and memory of the notebooks, data loading and the model
refresh        fetch fresh literature metadata (PubMed, ClinicalTrials.gov); needs the network
verify         check every reference's identifiers against PubMed and ClinicalTrials.gov
summary        the course's key points and the one-page claims table in notebooks/ (from notebooks, data/)
site           a static website of the course in build/site/ (needs requirements-site.txt)
slides         one reveal.js deck per session plan in build/slides/ (needs requirements-site.txt)
handouts       the claims sheet and one handout per session plan, PDF, in build/handouts/ (idem)

Errors the course expects (no course folder, a malformed table, an unwritable output, a service that
does not answer) end the command with one line on stderr; `--debug` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from pathlib import Path

# Exit statuses, the same for every subcommand (argparse's own usage errors are 2 as well).
EXIT_OK = 0  # done
EXIT_FINDINGS = 1  # the command ran and found problems to look at (verify: references disagree)
EXIT_ERROR = 2  # the command could not run: input or environment (course folder, table, output, network)
EXIT_BUG = 3  # an unexpected error: a bug in the course's code; the traceback is printed
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES_HELP = (
    "exit status: 0 done; 1 the command ran and found problems (verify: references disagree); "
    "2 it could not run (no course folder, a malformed table, an output that cannot be written, "
    "a service that did not answer, a usage error); 3 an unexpected error (a bug: the traceback is "
    "printed; please report it); 130 interrupted."
)


class CommandError(Exception):
    """A problem with the command's input or environment, said in one line for the person running it."""


# Exceptions that mean "input or environment", by module and class name. Looked up only in modules
# already imported (an exception cannot come from a module that was never loaded), so `--help` stays
# quick and no optional dependency is needed to report an error.
EXPECTED_ERRORS = {
    "kratom_course.data": ("DataValidationError", "SelectionError"),
    "kratom_course.literature.http": ("ServiceError",),
    "kratom_course.literature.queries": ("QueryFileError",),
    "kratom_course.literature.refresh": ("SnapshotError",),
    "jupyter_client.kernelspec": ("NoSuchKernel",),
    "nbclient.exceptions": ("CellExecutionError", "CellTimeoutError", "DeadKernelError"),
    "kratom_course.room": ("RoomError",),
    "kratom_course.teaching": ("PlanError",),  # a session plan that does not hold (the message names it)
}


def expected_error_types() -> tuple[type[BaseException], ...]:
    kinds: list[type[BaseException]] = [OSError, CommandError]
    for module_name, class_names in EXPECTED_ERRORS.items():
        module = sys.modules.get(module_name)
        kinds += [getattr(module, name) for name in class_names if module is not None and hasattr(module, name)]
    return tuple(kinds)


def one_line(exc: BaseException) -> str:
    """The error as one line: an OS error names the path; a multi-line message keeps its first two lines."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        text = f"cannot use{where}: {exc.strerror}"
    elif type(exc).__name__ == "NoSuchKernel":
        text = (
            f"no Jupyter kernel named {exc.args[0] if exc.args else 'python3'!r}: install ipykernel in this "
            "environment (it is in requirements.txt)"
        )
    elif type(exc).__name__ == "CellExecutionError":
        text = f"a notebook cell raised {getattr(exc, 'ename', 'an error')}: {getattr(exc, 'evalue', '')}"
    else:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
        text = "; ".join(lines[:2]) + (" (--debug shows the rest)" if len(lines) > 2 else "")
    return " ".join(text.split())


# --- subcommands -------------------------------------------------------------------------------------
def _figures(args) -> int:
    from . import plots

    for path in plots.export_all(args.out):
        print(path)
    return EXIT_OK


def _copies(args) -> int:
    from . import teaching

    for paths in teaching.build_copies(args.out).values():
        for path in paths:
            print(path)
    return EXIT_OK


def _answer_key(args) -> int:
    from . import teaching

    print(teaching.write_answer_key(args.out))
    return EXIT_OK


def _reading_list(args) -> int:
    from . import references

    for path in references.export_reading_list(args.out):
        print(path)
    return EXIT_OK


def _execute(args) -> int:
    from . import teaching

    notebooks = args.notebooks or teaching.course_notebooks()
    missing = [str(p) for p in notebooks if not Path(p).is_file()]
    if missing:
        raise CommandError(f"no such notebook: {', '.join(missing)}")
    _check_kernel("python3")
    for path in notebooks:
        print(f"executing {path}", flush=True)
        teaching.execute_in_place(Path(path))
    return EXIT_OK


def _check_kernel(name: str) -> None:
    """Say plainly, before running anything, when Jupyter has no kernel to run the notebooks with."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    except ImportError as exc:
        raise CommandError(f"`execute` needs jupyter_client and ipykernel ({exc}): install requirements.txt") from None
    try:
        KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise CommandError(
            f"no Jupyter kernel named {name!r}: install ipykernel in this environment (it is in requirements.txt)"
        ) from None


def _out_option(parser, default: str) -> None:
    parser.add_argument("--out", type=Path, default=None, help=f"output folder (default: {default})")


# Subcommands whose code lives in a module of their own: (name, module, help). The module offers
# add_arguments(parser) and run(args) -> exit code. A module missing from this version is skipped.
EXTERNAL = [
    (
        "benchmark",
        "kratom_course.benchmark",
        "time and memory of notebooks, data and model; `benchmark mutation`: the tests' mutation score",
    ),
    ("refresh", "kratom_course.literature.refresh", "fetch fresh literature metadata (needs the network)"),
    ("verify", "kratom_course.literature.verify", "check reference identifiers against PubMed and ClinicalTrials.gov"),
    ("summary", "kratom_course.room.summary", "the course's key points and claims table in notebooks/"),
    ("site", "kratom_course.room.site", "static website of the course in build/site/"),
    ("slides", "kratom_course.room.slides", "one reveal.js deck per session plan in build/slides/"),
    ("handouts", "kratom_course.room.handouts", "claims sheet and session handouts (PDF) in build/handouts/"),
]


def prog_name() -> str:
    """How the person called us: the console script, or `python -m kratom_course`."""
    called = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return "kratom-course" if called.startswith("kratom-course") else "python -m kratom_course"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog_name(),
        description=__doc__.split("\n\n")[0],
        epilog=EXIT_CODES_HELP,
    )
    parser.add_argument("--debug", action="store_true", help="on an error, show the full traceback")
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
    for sub in commands.choices.values():  # every subcommand, however it was added, takes --debug and states the codes
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="on an error, show the traceback")
        sub.epilog = sub.epilog or EXIT_CODES_HELP
    return parser


def subcommands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    """Name -> parser of every subcommand (for tests that must cover each one, new ones included)."""
    parser = parser or build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def parse(argv=None) -> argparse.Namespace:
    """Parse like argparse, but a mistyped option is reported with the subcommand's own usage."""
    parser = build_parser()
    args, extras = parser.parse_known_args(argv)
    if extras:
        subcommands(parser)[args.command].error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv=None) -> int:
    args = parse(argv)
    try:
        return int(args.run(args) or EXIT_OK)
    except KeyboardInterrupt:
        print(f"{args.command}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
            return EXIT_ERROR if isinstance(exc, expected_error_types()) else EXIT_BUG
        if isinstance(exc, expected_error_types()):
            print(f"{args.command}: {one_line(exc)}", file=sys.stderr)
            return EXIT_ERROR
        traceback.print_exc()
        print(
            f"{args.command}: unexpected error (a bug in the course's code; please report the traceback above)", file=sys.stderr
        )
        return EXIT_BUG
