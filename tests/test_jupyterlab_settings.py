"""The JupyterLab settings the course ships: a fresh JupyterLab started with them shows no "get notified
about official Jupyter news?" prompt (checked in headless Chromium against one started without them)."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib

import pytest
from conftest import LOOPBACK

from kratom_course.paths import course_root

SETTINGS = course_root() / "jupyter-settings"
NEWS = "@jupyterlab/apputils-extension:notification"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_overrides_turn_off_the_news_prompt_and_the_update_check():
    overrides = json.loads((SETTINGS / "overrides.json").read_text(encoding="utf-8"))
    assert overrides[NEWS] == {"fetchNews": "false", "checkForUpdates": False}


def test_a_regular_install_puts_them_where_jupyterlab_reads_them():
    pyproject = tomllib.loads((course_root() / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = pyproject["tool"]["setuptools"]["data-files"]
    assert data_files["share/jupyter/lab/settings"] == ["jupyter-settings/overrides.json"]


def news_prompt_shown(tmp_path, *lab_options: str) -> bool:
    from playwright.sync_api import sync_playwright

    tmp_path.mkdir(parents=True)
    env = dict(
        os.environ,
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
    )
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}"]
    command += ["--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=t", f"--ServerApp.root_dir={tmp_path}", *lab_options]
    lab = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            page = browser.new_page()
            for _ in range(120):
                try:
                    page.goto(f"http://127.0.0.1:{port}/lab?token=t", timeout=5000)
                    break
                except Exception:
                    time.sleep(1)
            assert lab.poll() is None, "jupyter lab did not start"
            page.wait_for_selector("#jp-main-dock-panel", timeout=180_000)
            time.sleep(10)  # the prompt is a notification emitted once the app is restored
            shown = page.get_by_text("official Jupyter news").count() > 0
            browser.close()
            return shown
    finally:
        lab.terminate()
        lab.wait(timeout=60)


@pytest.mark.browser
@pytest.mark.allow_hosts(LOOPBACK)
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_a_fresh_jupyterlab_with_the_course_settings_asks_nothing(tmp_path):
    assert news_prompt_shown(tmp_path / "plain"), "control: a fresh JupyterLab without the settings should ask"
    assert not news_prompt_shown(tmp_path / "course", f"--LabApp.app_settings_dir={SETTINGS}")
