"""Helper library for the kratom, opioid withdrawal and prolactin teaching course.

The notebooks tell the story; this package computes: loading and validating the evidence
tables (`data`), figure style and export (`figures`), evidence grading (`evidence`),
self-checks for exercises (`exercises`), references (`references`), and the models.
"""

__version__ = "0.1.0"


def setup_notebook() -> None:
    """One call at the top of every notebook: figure style, table display, quiet warnings."""
    import warnings

    import pandas as pd

    from .figures import apply_style

    apply_style()
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.width", 160)
    pd.set_option("display.max_columns", 20)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
