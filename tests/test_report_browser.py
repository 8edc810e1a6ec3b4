"""The seed report in headless Chromium (Debian's package, driven by Selenium): what a user sees.

Needs /usr/bin/chromium and /usr/bin/chromedriver (`apt-get install chromium chromium-driver`;
`.ci/run` installs them). Nothing is downloaded: Selenium is given the system driver.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import GOLD, REPO
from extract.report import render_report
from extract.report.data import document_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,860",
)
NETWORK_SCHEMES = {"http", "https", "ws", "wss", "ftp"}
SCREENSHOTS = REPO / "outputs" / "reports"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """Headless Chromium with a fresh profile, logging console messages and network events."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    assert not missing, f"{missing} not found: apt-get install -y chromium chromium-driver"
    profile = tempfile.mkdtemp(prefix="report-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def seed_report(seed_outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds' report with the gold, rendered once for this module."""
    return render_report(seed_outputs, tmp_path_factory.mktemp("report") / "report.html", gold=GOLD)


def _open(driver: webdriver.Chrome, url: str) -> None:
    """Navigate to `url` with the logs emptied first, so they hold this page's events only."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(url)


def _requests(driver: webdriver.Chrome) -> list[tuple[str, str]]:
    """(document URL, requested URL) of every request the browser started since the last read."""
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            found.append((params.get("documentURL", ""), params["request"]["url"]))
    return found


def _check_clean(driver: webdriver.Chrome) -> None:
    """No console error; the page loaded only local files or data: URLs; no network at all."""
    errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    requests = _requests(driver)
    page = [url for document, url in requests if document.startswith("file:")]
    assert page, "the performance log recorded no request of the page"
    assert [url for url in page if not url.startswith(("file:", "data:"))] == []
    network = [url for _, url in requests if url.split(":", 1)[0] in NETWORK_SCHEMES]
    assert network == []


def test_dashboard_renders_the_chart(browser: webdriver.Chrome, seed_report: Path) -> None:
    _open(browser, seed_report.as_uri())
    chart = browser.find_element(By.ID, "events-chart-svg")
    assert chart.size["width"] > 200 and chart.size["height"] > 100
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")
    assert bars and all(bar.size["height"] > 0 for bar in bars)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#top-org tbody tr")) >= 5
    assert browser.find_elements(By.CSS_SELECTOR, "table.scores")
    _check_clean(browser)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOTS / "report-dashboard.png"))


def test_every_article_shows_its_rows(
    browser: webdriver.Chrome, seed_report: Path, seed_outputs: Path
) -> None:
    mentions = Counter(
        pq.read_table(seed_outputs / "mentions.parquet").column("doc_id").to_pylist()
    )
    events = pq.read_table(seed_outputs / "events.parquet").to_pylist()
    event_ids = {e["event_id"] for e in events}
    documents = pq.read_table(seed_outputs / "documents.parquet").to_pylist()
    _open(browser, seed_report.as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "#articles table.index a")
    pages = {link.text: link.get_attribute("href") for link in links}
    assert set(pages) == {d["doc_id"] for d in documents}
    _check_clean(browser)
    for document in documents:
        doc_id = document["doc_id"]
        _open(browser, pages[doc_id])
        shown = browser.find_elements(By.CSS_SELECTOR, "[data-mention-id]")
        assert len(shown) == mentions[doc_id]
        assert all(e.get_attribute("data-mention-id").startswith(doc_id + ":") for e in shown)
        triggers = browser.find_elements(By.CSS_SELECTOR, "[data-event-id]")
        trigger_ids = [t.get_attribute("data-event-id") for t in triggers]
        assert set(trigger_ids) <= event_ids
        assert len(trigger_ids) == sum(e["doc_id"] == doc_id for e in events)
        shown_text = browser.execute_script(
            "return document.getElementById('doc-text').textContent"
        )
        assert shown_text == document_text(document, seed_outputs)
        _check_clean(browser)


def test_selecting_an_event_shows_its_arguments(
    browser: webdriver.Chrome, seed_report: Path, seed_outputs: Path
) -> None:
    arguments = pq.read_table(seed_outputs / "event_arguments.parquet").to_pylist()
    events = {e["event_id"]: e for e in pq.read_table(seed_outputs / "events.parquet").to_pylist()}
    doc_id = "004_73ebf77103015721"
    counts = Counter(a["event_id"] for a in arguments if a["doc_id"] == doc_id)
    event_id, n_arguments = counts.most_common(1)[0]
    page = seed_report.parent / "report_files" / "articles" / f"{doc_id}.html"
    _open(browser, page.as_uri())
    trigger = next(
        t
        for t in browser.find_elements(By.CSS_SELECTOR, "[data-event-id]")
        if t.get_attribute("data-event-id") == event_id
    )
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", trigger)
    trigger.click()
    fields = browser.find_element(By.ID, "event-fields").text
    assert events[event_id]["type"] in fields
    assert (events[event_id]["modality"] or "asserted") in fields
    links = browser.find_elements(By.CSS_SELECTOR, "#event-arguments a.arg-link")
    assert len(links) == n_arguments
    for link in links:
        target = link.get_attribute("data-target-mention")
        assert browser.find_elements(By.ID, target), f"argument {target} has no mention element"
    highlighted = browser.find_elements(By.CSS_SELECTOR, "mark.arg")
    assert len(highlighted) >= len({link.get_attribute("data-target-mention") for link in links})
    assert "selected" in trigger.get_attribute("class")
    _check_clean(browser)
    assert browser.save_screenshot(str(SCREENSHOTS / "report-article.png"))


def test_the_checks_catch_a_page_that_fetches(browser: webdriver.Chrome, tmp_path: Path) -> None:
    page = tmp_path / "remote.html"
    page.write_text('<!doctype html><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    _open(browser, page.as_uri())
    requests = _requests(browser)
    assert "http://127.0.0.1:9/x.png" in [url for _, url in requests], requests
    _open(browser, page.as_uri())
    with pytest.raises(AssertionError):
        _check_clean(browser)
