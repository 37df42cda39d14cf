"""Every notebook runs clean in a real JupyterLab, driven in headless Chromium (Playwright).

Starts `jupyter lab` on loopback (free port, token, no browser of its own) over a temporary copy
of the notebooks, opens each notebook, clears outputs, runs all cells, waits until every code cell
has an execution count and the kernel is idle, and fails on any error output. Screenshots go to
test-artifacts/browser/. Skips without Chromium unless KRATOM_REQUIRE_BROWSER=1 (set by .ci/run).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import LOOPBACK

from kratom_course.paths import course_root

pytestmark = [pytest.mark.browser, pytest.mark.allow_hosts(LOOPBACK)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("KRATOM_REQUIRE_BROWSER") == "1"
NOTEBOOKS = sorted((course_root() / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTIFACTS = course_root() / "test-artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
]
RUN_TIMEOUT_S = 180

if CHROMIUM is None:
    if REQUIRED:
        pytest.fail("KRATOM_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)", pytrace=False)
    pytest.skip("Chromium is not installed (Debian: apt-get install chromium); browser tests skipped", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lab_settings(settings_dir: Path) -> None:
    """User settings that keep Lab from writing run notebooks back or reaching the network."""
    settings = {
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
        "@jupyterlab/extensionmanager-extension/plugin.jupyterlab-settings": {"enabled": False},
    }
    for relative, content in settings.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content), encoding="utf-8")


def api(base: str, token: str, path: str):
    with urllib.request.urlopen(f"{base}{path}?token={token}", timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server over a temporary copy of the notebooks; always shut down."""
    root = tmp_path_factory.mktemp("lab")
    work = root / "notebooks"
    shutil.copytree(course_root() / "notebooks", work)
    broken = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("1 + 1"),
            nbformat.v4.new_code_cell("raise RuntimeError('deliberately broken')"),
            nbformat.v4.new_code_cell("2 + 2"),
        ]
    )
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(broken, root / "zz_broken_on_purpose.ipynb")
    lab_settings(root / "settings")
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
        MPLCONFIGDIR=str(root / "mplconfig"),
        JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTER_CONFIG_DIR=str(root / "config"),
    )
    port, token = free_port(), secrets.token_hex(16)
    log = open(root / "lab.log", "w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            "--LabApp.news_url=",
            "--ServerApp.open_browser=False",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(base, token, "/api/status")
                break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {root / 'lab.log'}") from exc
                time.sleep(0.3)
        yield {"base": base, "token": token, "root": root}
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            yield context
        finally:
            context.close()


def kernels_idle(lab) -> bool:
    sessions = api(lab["base"], lab["token"], "/api/sessions")
    return bool(sessions) and all(s["kernel"]["execution_state"] == "idle" for s in sessions)


def wait_for(condition, timeout_s: float, interval_s: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval_s)
    return False


def prompts_of(page) -> list[str]:
    return page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent.trim())")


def click_menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).first.click()


def run_in_lab(context, lab, relative: str) -> dict:
    """Open a notebook in Lab, clear outputs, run all cells; report prompts and error outputs."""
    page = context.new_page()
    try:
        page.goto(f"{lab['base']}/lab/tree/{relative}?reset&token={lab['token']}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        # A cold kernel (fresh environment, empty font cache) can take a while: wait until it is idle.
        assert wait_for(lambda: kernels_idle(lab), 120), "the kernel never became idle"
        click_menu(page, "Edit", "Clear Outputs of All Cells")
        for _ in range(3):  # a click that lands while Lab is still settling is retried
            click_menu(page, "Run", "Run All Cells")
            if wait_for(lambda: any(p != "[ ]:" for p in prompts_of(page)), 20):
                break
        deadline = time.monotonic() + RUN_TIMEOUT_S
        prompts: list[str] = []
        while time.monotonic() < deadline:
            time.sleep(0.5)
            prompts = prompts_of(page)
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
            if errors or (all(re.fullmatch(r"\[\d+\]:", p) for p in prompts) and kernels_idle(lab)):
                break
        page.wait_for_timeout(300)
        errors = page.eval_on_selector_all(
            ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']", "els => els.map(e => e.innerText)"
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{Path(relative).stem}.png"), full_page=False)
        return {"prompts": prompts, "errors": errors}
    finally:
        page.close()


def assert_runs_clean(lab, browser_context, notebook) -> None:
    result = run_in_lab(browser_context, lab, f"notebooks/{notebook.name}")
    assert not result["errors"], f"{notebook.name} shows an error output:\n" + "\n".join(result["errors"])[:2000]
    unexecuted = [p for p in result["prompts"] if not re.fullmatch(r"\[\d+\]:", p)]
    assert result["prompts"] and not unexecuted, f"{notebook.name}: cells without an execution count: {unexecuted}"


# Half of the notebooks here, the other half in test_browser_b.py on a Lab server of its own, so that
# pytest-xdist (one file per worker) runs the two halves side by side.
FIRST_HALF, SECOND_HALF = NOTEBOOKS[::2], NOTEBOOKS[1::2]


@pytest.mark.parametrize("notebook", FIRST_HALF, ids=lambda p: p.name)
def test_notebook_runs_clean_in_jupyterlab(lab, browser_context, notebook):
    assert_runs_clean(lab, browser_context, notebook)


def test_a_broken_notebook_is_caught(lab, browser_context):
    """The test of the test: a notebook that raises must fail the check."""
    result = run_in_lab(browser_context, lab, "zz_broken_on_purpose.ipynb")
    assert any("deliberately broken" in e for e in result["errors"])
    assert any(not re.fullmatch(r"\[\d+\]:", p) for p in result["prompts"]), "cells after the error should not run"
