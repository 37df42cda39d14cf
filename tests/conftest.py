"""Test-wide settings.

Sockets are disabled for every test (pytest-socket, see pyproject.toml). A test that must talk to
a local server opts in with `@pytest.mark.allow_hosts(LOOPBACK)`. Notebook cells run by nbval are
not Python test functions, so pytest-socket leaves them alone; here they get the same loopback-only
rule (the kernel itself talks to pytest over loopback ZeroMQ).
"""

import os
from pathlib import Path

import pytest
from pytest_socket import socket_allow_hosts

LOOPBACK = ["127.0.0.1", "::1", "localhost"]

# Every Python process the tests start (notebook kernels, Lab servers) loads the offline guard in
# tests/offline/sitecustomize.py: non-loopback connections and name lookups are refused.
OFFLINE_GUARD_DIR = str(Path(__file__).parent / "offline")
if OFFLINE_GUARD_DIR not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (OFFLINE_GUARD_DIR, os.environ.get("PYTHONPATH")) if p)

# Reproducible SVG metadata for any test that saves figures. (MPLBACKEND is left alone: the
# notebook kernels inherit this environment and must keep their inline backend.)
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


@pytest.hookimpl(trylast=True)
def pytest_runtest_setup(item):
    if not hasattr(item, "fixturenames"):  # an nbval cell
        socket_allow_hosts(LOOPBACK, allow_unix_socket=True)


def pytest_sessionfinish(session, exitstatus):
    # pytest exits 5 when it collected nothing; say so loudly rather than let CI read it as quiet.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
        session.config.get_terminal_writer().line(
            "ERROR: no tests were collected; the course's test command must run tests.", red=True
        )


@pytest.fixture
def scratch_course(tmp_path, monkeypatch):
    """A course folder whose data/ is a private copy, for tests that break a table on purpose."""
    from helpers import copy_data

    directory = copy_data(tmp_path)
    monkeypatch.setenv("KRATOM_COURSE_ROOT", str(tmp_path))
    return directory
