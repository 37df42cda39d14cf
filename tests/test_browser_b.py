"""The second half of the browser check (see test_browser.py), on its own JupyterLab server."""

import pytest
from conftest import LOOPBACK
from test_browser import SECOND_HALF, assert_runs_clean, browser_context, lab  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.allow_hosts(LOOPBACK)]


@pytest.mark.parametrize("notebook", SECOND_HALF, ids=lambda p: p.name)
def test_notebook_runs_clean_in_jupyterlab(lab, browser_context, notebook):  # noqa: F811
    assert_runs_clean(lab, browser_context, notebook)
