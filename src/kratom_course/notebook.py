"""What every notebook calls first: `setup_notebook()` (figure style, table display, quiet warnings).

It sits on top of the layers (it reaches into `plots`), so the package's `__init__` re-exports it lazily:
`from kratom_course import setup_notebook` imports this module only when the name is asked for.
"""

from __future__ import annotations


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
