"""The headless-Chromium harness: the app served in-process on a free port, a Chromium that reaches it, and the
steps a user takes on the page. One harness for tests/test_browser.py and benchmarks/firsttext.py, so what the
benchmark times is the page the tests check.

Needs Debian's chromium and chromium-driver (no browser download). Selenium and Gradio are imported when
used, so importing this stays cheap: the test suite's collection and the benchmarks' ``--help``.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    from summarizer.ui_pool import Summarizers

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_CHROMIUM = os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)
NO_CHROMIUM = "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver"
# Without the networking flags headless Chromium stalls on connections this machine refuses.
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,2200")


def free_port() -> int:
    """A port nothing listens on now, so a run never collides with a served app or another run."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(pool: Summarizers, out_dir: Path) -> Iterator[str]:
    """The app as `python app.py` serves it (queue, upload limit, examples folder), on a free port: its URL."""
    import app

    demo = app.build_demo(pool=pool, out_dir=out_dir)
    _, url, _ = app.launch(demo, port=free_port(), prevent_thread_lock=True, quiet=True)
    try:
        yield url
    finally:
        demo.close()


@contextmanager
def chromium(profile: Path) -> Iterator[WebDriver]:
    """Headless Chromium with its own profile folder, driven by chromedriver; no implicit waits, so each
    step waits only for what it names."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: WebDriver, url: str) -> tuple[WebDriverWait, type[By]]:
    """Load the app and wait until it can be used (the Summarize button is clickable)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(url)
    wait = WebDriverWait(browser, 60)
    wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#run")))
    return wait, By


def upload(browser: WebDriver, wait: WebDriverWait, by: type[By], paths: Sequence[str]) -> None:
    """Pick files in the file box as from disk, and wait until the list shows each of them."""
    from selenium.webdriver.support import expected_conditions as ec

    browser.find_element(by.CSS_SELECTOR, "#files input[type=file]").send_keys("\n".join(paths))
    for path in paths:  # the list shows a name's stem and extension in separate elements
        wait.until(ec.text_to_be_present_in_element((by.CSS_SELECTOR, "#files"), Path(path).stem))


def choose(browser: WebDriver, wait: WebDriverWait, by: type[By], dropdown_id: str, option: str) -> None:
    """Pick an option in a Gradio dropdown the way a user does: open it and click the option."""
    from selenium.webdriver.support import expected_conditions as ec

    browser.find_element(by.CSS_SELECTOR, f"#{dropdown_id} input").click()
    wait.until(ec.element_to_be_clickable(
        (by.CSS_SELECTOR, f"#{dropdown_id} li[role=option][aria-label='{option}']"))).click()


def pick(browser: WebDriver, by: type[By], radio_id: str, option: str) -> None:
    """Click an option of a Gradio radio group by its label."""
    browser.find_element(by.XPATH, f"//*[@id='{radio_id}']//label[normalize-space()='{option}']").click()
