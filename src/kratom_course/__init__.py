"""Helper library for the kratom, opioid withdrawal and prolactin teaching course.

The notebooks tell the story; this package computes, in layers that only look down:
- formulas with units in their names: `units`, `pharmacology`, `pk`;
- the data: `data` (validated tables; `select`/`value` choose a row by meaning and check its unit);
- one domain module per idea: `evidence`, `receptors`, `exposure`, `references`, ...;
- on top and apart: drawing (`plots/`), exercises (`exercises/`), seminar material (`teaching`),
  and one command for every tool (`python -m kratom_course --help`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kratom-course")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "unknown"


def setup_notebook() -> None:
    """One call at the top of every notebook: figure style, table display, quiet warnings."""
    import warnings

    import pandas as pd

    from .plots.style import apply_style

    apply_style()
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
