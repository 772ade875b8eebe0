"""The web page at ``/`` in a real browser: Debian's chromium and chromium-driver (from
.ci/run; no downloaded browser builds), headless, driven by selenium. Paste an article,
get a DOCX; add a glossary entry and see the next translation use it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from server_support import make_workspace, running_server

from helpers import ROOT
from review_support import article_rows

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
ARTICLE = (ROOT / "examples" / "troops.txt").read_text(encoding="utf-8")


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    assert Path(CHROMIUM).exists() and Path(DRIVER).exists(), (
        "apt-get install chromium chromium-driver (as .ci/run does)"
    )
    os.environ["SE_OFFLINE"] = "true"  # selenium never looks for a driver online
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-extensions", "--disable-sync",
        "--disable-default-apps", "--no-first-run", "--disable-component-update",
        f"--user-data-dir={tmp_path / 'profile'}",
    ):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver, downloads
    finally:
        driver.quit()


def wait_for_file(folder: Path, name: str) -> Path:
    deadline = time.monotonic() + 120
    path = folder / name
    while time.monotonic() < deadline:
        if path.exists() and not list(folder.glob("*.crdownload")) and path.stat().st_size:
            return path
        time.sleep(0.2)
    raise AssertionError(f"no {name} downloaded: {list(folder.iterdir())}")


def english_of(docx: Path) -> str:
    """The article titles' English and the English column of the article rows."""
    document = Document(str(docx))
    titles = [p.text for p in document.paragraphs if p.style.name == "Article Title"]
    assert titles, "no article in the briefing"
    return "\n".join(titles + [row.cells[0].text for row in article_rows(document)])


def test_paste_get_a_docx_add_a_glossary_entry_and_see_it_used(
    tmp_path: Path, browser: tuple[Any, Path]
) -> None:
    driver, downloads = browser
    workspace = make_workspace(tmp_path / "ws")
    with running_server(workspace, "--rate-limit", "0", cache=tmp_path / "cache") as (base, _):
        driver.get(base + "/")
        wait = WebDriverWait(driver, 120)
        # The first entries of the glossary are listed as the page opens, with the count.
        wait.until(lambda d: d.find_element(By.ID, "g-status").text.endswith(" entries"))
        shown = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#entries td")]
        assert shown and len(shown) % 5 == 0 and any(c == "Riyadh" for c in shown)
        articles = driver.find_element(By.ID, "articles")
        driver.execute_script("arguments[0].value = arguments[1]", articles, ARTICLE)  # a paste
        driver.find_element(By.ID, "build").click()
        first = wait_for_file(downloads, "briefing.docx")
        before = english_of(first)
        assert "Kursk" in before and "Zorblax" not in before
        first.rename(downloads / "first.docx")

        driver.find_element(By.ID, "g-arabic").send_keys("جندي")
        driver.find_element(By.ID, "g-english").send_keys("Zorblax")
        Select(driver.find_element(By.ID, "g-kind")).select_by_visible_text("term")
        driver.find_element(By.ID, "g-add").click()
        wait.until(lambda d: "added: جندي → Zorblax" in d.find_element(By.ID, "g-status").text)
        cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "#entries td")]
        assert cells[:3] == ["جندي", "Zorblax", "term"]

        driver.find_element(By.ID, "preview").click()
        wait.until(lambda d: "Zorblax" in d.find_element(By.ID, "english").text)
        driver.find_element(By.ID, "build").click()
        assert "Zorblax" in english_of(wait_for_file(downloads, "briefing.docx"))
