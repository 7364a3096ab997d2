"""A real site: bootstrapped like `make run` on a temporary SQLite file, served by a real process."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Site:
    home: Path
    env: dict
    outputs: list[str]

    @property
    def database(self) -> Path:
        return self.home / "dxnet.sqlite3"

    def dxnet(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "dxnet.cli", *args], env=self.env, capture_output=True,
                              text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stdout


@pytest.fixture(scope="session")
def bootstrapped_site(tmp_path_factory) -> Site:
    home = tmp_path_factory.mktemp("site")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{home / 'dxnet.sqlite3'}", "DXNET_VAR_DIR": str(home),
           "DXNET_DEBUG": "0"}
    site = Site(home, env, [])
    site.outputs = [site.dxnet("migrate", "--noinput"), site.dxnet("load_reference"), site.dxnet("load_demo")]
    return site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_site(env: dict):
    """The site of `env` served by `dxnet runserver` on a free port: its URL, once it answers; stopped after."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "dxnet.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/dang-nhap/", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("Máy chủ thử nghiệm không khởi động được.") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def live_site(bootstrapped_site):
    with running_site(bootstrapped_site.env) as url:
        yield url


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chưa cài Chromium của Debian (apt-get install chromium): kiểm thử trình duyệt không chạy được.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run",
        ])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_site):
    """A fresh browser context whose every request must stay on the site (no CDN)."""
    context = browser.new_context(base_url=live_site, locale="vi-VN")
    page = context.new_page()
    page.foreign_requests = []
    page.on("request", lambda r: None if r.url.startswith(live_site) else page.foreign_requests.append(r.url))
    yield page
    context.close()
