"""Headless Chromium for the explorer tests: one browser a session, and page helpers.

Debian's /usr/bin/chromium and chromedriver (tests/install.sh installs them) driven by
selenium. The browser logs every network request (Chrome's performance log), so a test
can check that a page asks nothing of any other origin.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
browser = pytest.mark.skipif(
    not CHROMIUM.exists() and os.environ.get("CI", "").lower() != "true",
    reason="/usr/bin/chromium is absent: install Debian chromium and chromium-driver "
    "(tests/install.sh does) to run the browser tests",
)
#: Where each view's screenshot is saved (a CI artefact): $KG_TEST_ARTEFACTS or ./test-artefacts.
ARTEFACTS = Path(os.environ.get("KG_TEST_ARTEFACTS", "test-artefacts"))
#: Drawn: ``ready`` on this explorer, ``stabilized`` on the one before issue 9 (which
#: test_view_regressions.py was run against to see each of its tests fail).
READY = "return !!(window.kgExplorer && (kgExplorer.ready || kgExplorer.stabilized))"
SETTLED = "return !window.KG || KG.state.view !== 'entities' || KG.entities.state.stabilized"


def start_chromium(profile: Path) -> Any:
    """Headless Chromium at 1400x900 that logs the console and every network request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    chrome.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "window.alert = () => { window.__pwned = 1; };"},
    )
    return chrome


def load(driver: Any, url: str, size: tuple[int, int] = (1400, 900)) -> Any:
    """Open ``url`` at ``size`` and wait until the explorer has drawn its view."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.set_window_size(*size)
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get_log("browser")
    driver.get(url)
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(READY))
    settle(driver)
    return driver


def settle(driver: Any) -> None:
    """Wait for the entities view's layout (the only one with physics) to come to rest."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 60).until(lambda d: d.execute_script(SETTLED))
    time.sleep(0.1)


def requests(driver: Any) -> list[str]:
    """The URL of every request the page made since it was loaded."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def clean(driver: Any) -> None:
    """No console error, and no payload from the graph ran."""
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert driver.execute_script("return window.__pwned") is None


def screenshot(driver: Any, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def click_canvas(driver: Any, selector: str, x: float, y: float) -> None:
    """A real mouse click at (x, y) in CSS pixels from the top-left of the canvas."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    canvas = driver.find_element(By.CSS_SELECTOR, selector)
    size = canvas.size
    offset = (round(x - size["width"] / 2), round(y - size["height"] / 2))
    ActionChains(driver).move_to_element_with_offset(canvas, *offset).click().perform()


def details(driver: Any) -> str:
    return driver.execute_script("return document.getElementById('kg-details').textContent")
