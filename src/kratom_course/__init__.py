"""Helper library for the kratom, opioid withdrawal and prolactin teaching course.

The notebooks tell the story; this package computes, in layers that only look down:
- formulas with units in their names: `units`, `pharmacology`, `pk`;
- the data: `data` (validated tables; `select`/`value` choose a row by meaning and check its unit);
- one domain module per idea: `evidence`, `receptors`, `exposure`, `references`, ...;
- on top and apart: drawing (`plots/`), exercises (`exercises/`), seminar material (`teaching`),
  the notebooks' set-up (`notebook.setup_notebook`, re-exported here lazily), and one command for
  every tool (`python -m kratom_course --help`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kratom-course")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "unknown"


# Names re-exported from modules on top of the layers, imported only when asked for (PEP 562), so that
# importing any module of the package never loads drawing code. tests/test_layers.py allows the package
# `__init__` exactly this: imports inside `__getattr__`, of the names listed here.
LAZY_EXPORTS = {"setup_notebook": "kratom_course.notebook"}


def __getattr__(name: str):
    if name in LAZY_EXPORTS:
        from importlib import import_module

        return getattr(import_module(LAZY_EXPORTS[name]), name)
    raise AttributeError(f"module 'kratom_course' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *LAZY_EXPORTS])
