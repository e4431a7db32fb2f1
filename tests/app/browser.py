"""The explorer in a real browser: start ``streamlit run`` on a free port
and drive it with Selenium and Debian's chromium + chromedriver.

Used by the end-to-end test, and to make the README's screenshots::

    .venv/bin/python -m tests.app.browser --out docs/screenshots

(on the demo output in ``data/``, after ``dvc repro``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGES = {
    "overzicht": ("", "De selectie in cijfers"),
    "document": ("document", "Document lezen"),
    "vergelijken": ("vergelijken", "Twee groepen vergelijken"),
    "concordantie": ("concordantie", "Concordantie: woorden in hun zin"),
    "themas": ("themas", "Thema's in de documenten"),
    "annoteren": ("annoteren", "Zinnen labelen"),
    "analyseer": ("bestand", "Een eigen bestand analyseren"),
}


def chromium_paths() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def explorer_server(env: dict[str, str], port: int | None = None):
    """A running explorer; yields its address. Always stopped afterwards."""
    port = port or free_port()
    log = tempfile.TemporaryFile()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO / "app" / "explorer.py"),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--client.toolbarMode",
        "viewer",
    ]
    server = subprocess.Popen(command, cwd=REPO, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    address = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{address}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the explorer did not start:\n{log.read().decode(errors='replace')}")
            time.sleep(0.3)
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextmanager
def chromium(width: int = 1440, height: int = 2000, downloads: Path | None = None):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = chromium_paths()
    profile = tempfile.mkdtemp(prefix="samenspraak-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--lang=nl-NL",
    ):
        options.add_argument(flag)
    prefs = {"intl.accept_languages": "nl-NL,nl"}
    if downloads is not None:
        prefs.update({"download.default_directory": str(downloads), "download.prompt_for_download": False})
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    # A Dutch reader's browser. Headless Chromium formats numbers as en-US
    # whatever --lang says; the DevTools locale override makes it nl-NL.
    driver.execute_cdp_cmd("Emulation.setLocaleOverride", {"locale": "nl-NL"})
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


READY_SCRIPT = """
const text = arguments[0];
const has = (selector) => document.querySelector(selector) !== null;
return (text === null || document.body.textContent.includes(text))
    && !has('[data-testid="stStatusWidget"]')
    && !has('[data-testid="stSkeleton"]')
    && !has('[data-testid="stElementContainer"][data-stale="true"]');
"""


def settle(driver, text: str | None = None, timeout: float = 60, pause: float = 0.5, poll: float = 0.2) -> None:
    """Wait until ``text`` is on the page and Streamlit has finished running,
    then ``pause`` seconds for the charts to finish drawing."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d) -> bool:
        # One script instead of Selenium's body.text, which lays the page
        # out again and took 0.4 s a call on a large page.
        return d.execute_script(READY_SCRIPT, text)

    try:
        WebDriverWait(driver, timeout, poll_frequency=poll).until(ready)
    except TimeoutException:
        raise AssertionError(
            f"waited {timeout} s for {text!r} on {driver.current_url}; the page shows:\n{body_text(driver)[:3000]}"
        ) from None
    time.sleep(pause)


def body_text(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def open_page(driver, address: str, page: str) -> float:
    """Open a page by its address; seconds until it has rendered."""
    path, heading = PAGES[page]
    started = time.perf_counter()
    driver.get(f"{address}/{path}")
    settle(driver, heading)
    return time.perf_counter() - started


# Streamlit's own English words (its menus, toolbars, uploader, hints and
# messages in version 1.67) that an analyst must never see.
STREAMLIT_ENGLISH = (
    "Deploy",
    "Rerun",
    "Clear cache",
    "Record a screencast",
    "Settings",
    "Developer options",
    "Made with Streamlit",
    "Upload",
    "Browse files",
    "Drag and drop",
    "per file",
    "File must be",
    "files are not allowed",
    "Show data",
    "Download as",
    "Fullscreen",
    "Search",
    "Sort ascending",
    "Sort descending",
    "Pin column",
    "Hide column",
    "Autosize",
    "Show/hide columns",
    "Page not found",
    "Running the app",
    "Skip to main content",
    "Add files",
    "Press Enter",
    "Press Ctrl+Enter",
    "Choose an option",
    "Choose options",
    "Clear all",
    "Running...",
    "Error:",
)

VISIBLE_TEXT_SCRIPT = """
// Text a person sees: text nodes that are drawn (not hidden, not
// transparent, not zero-sized), plus the tooltips a hover shows: the title
// of a drawn element, and the label of a drawn button that Streamlit gives
// a tooltip (its toolbar buttons show their aria-label so). Labels only a
// screen reader reads ("Clear all" on a list's clear button) are not seen.
const seen = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const text = node.textContent.trim();
  const parent = node.parentElement;
  if (!text || !parent || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName)) continue;
  if (!parent.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
  if (parseFloat(getComputedStyle(parent).fontSize) === 0) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  const box = range.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1) continue;
  seen.push(text);
}
for (const element of document.querySelectorAll('[title]')) {
  if (element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) seen.push(element.title);
}
for (const element of document.querySelectorAll('[data-testid="stTooltipHoverTarget"] button[aria-label]')) {
  if (element.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) seen.push(element.getAttribute('aria-label'));
}
return seen.join(String.fromCharCode(10));
"""


def visible_text(driver) -> str:
    return driver.execute_script(VISIBLE_TEXT_SCRIPT)


def english_on_screen(driver) -> list[str]:
    """The Streamlit English words a person could see on the page now."""
    import re

    text = visible_text(driver)
    return [word for word in STREAMLIT_ENGLISH if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)]


def hover(driver, selector: str) -> bool:
    """Move the mouse over the first element matching ``selector`` (which
    shows a table's or chart's toolbar, if there is one)."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    found = driver.find_elements(By.CSS_SELECTOR, selector)
    if not found:
        return False
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", found[0])
    ActionChains(driver).move_to_element(found[0]).perform()
    time.sleep(0.4)
    return True


def press_keys(driver, *keys: str, expect: str | None = None) -> None:
    """Type keys to the page itself (no element focused), one at a time,
    waiting for Streamlit after each."""
    from selenium.webdriver.common.action_chains import ActionChains

    for key in keys:
        ActionChains(driver).send_keys(key).perform()
        time.sleep(0.3)
        settle(driver, pause=0.2)
    if expect:
        settle(driver, expect)


def click_nav(driver, page: str) -> float:
    """Open a page from the sidebar (keeps the session and its selection)."""
    from selenium.webdriver.common.by import By

    path, heading = PAGES[page]
    started = time.perf_counter()
    link = driver.find_element(By.CSS_SELECTOR, f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
    link.click()
    settle(driver, heading)
    return time.perf_counter() - started


def choose_organisation(driver, organisation: str) -> float:
    """Pick an organisation in the sidebar's selection; seconds to re-render."""
    return choose_in_selection(driver, organisation, box=0)


def choose_in_selection(driver, value: str, box: int = 0, expect: str | None = None, pause: float = 0.5) -> float:
    """Pick ``value`` in the sidebar's ``box``-th list (0 organisation, 1
    genre) and wait for the page to run again (until ``expect`` shows, when
    given); seconds from the key press to a finished page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebar"] [data-testid="stMultiSelect"] input')[box]
    field.click()
    field.send_keys(value)
    started = time.perf_counter()
    field.send_keys(Keys.ENTER)
    field.send_keys(Keys.ESCAPE)
    settle(driver, expect, pause=pause, poll=0.05)
    return time.perf_counter() - started


def download(driver, label: str, folder: Path, timeout: float = 30) -> Path:
    """Click the download button ``label`` and wait for its file."""
    from selenium.webdriver.common.by import By

    before = set(folder.glob("*"))
    button = next(
        b
        for b in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDownloadButton"] button')
        if b.text.strip() == label
    )
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    deadline = time.monotonic() + timeout
    last_size = -1
    while time.monotonic() < deadline:
        # Chromium may place an empty file under the final name before it writes the
        # content (next to a .crdownload or hidden temporary file), so a file counts
        # only once no download is in flight and its size has stopped changing.
        entries = set(folder.glob("*")) - before
        busy = any(f.name.endswith(".crdownload") or f.name.startswith(".") for f in entries)
        new = [f for f in entries if not f.name.endswith(".crdownload") and not f.name.startswith(".")]
        if new and not busy:
            size = new[0].stat().st_size
            if size > 0 and size == last_size:
                return new[0]
            last_size = size
        time.sleep(0.2)
    raise AssertionError(f"no complete file came from the button {label!r} in {timeout} s")


def upload(driver, path: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(path.resolve()))
    settle(driver, "Zinnen met labels downloaden", timeout=120)


def screenshots(out: Path, env: dict[str, str], example: Path | None = None) -> dict[str, float]:
    """Every page on screen, saved as PNG; returns render seconds per page.
    ``example`` is a file to show on the upload page."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    out.mkdir(parents=True, exist_ok=True)
    timings = {}
    with explorer_server(env) as address, chromium() as driver:
        for page in PAGES:
            timings[page] = open_page(driver, address, page)
            if page == "concordantie":  # a separable verb, looked up as a person writes it
                type_into(driver, "Zoekterm", "afstemmen")
                driver.find_element(By.XPATH, '//label[.//p[text()="lemma"]]').click()
                settle(driver, "keer gevonden")
            if page == "annoteren":  # the name, then the keys J and 2
                field = driver.find_element(By.CSS_SELECTOR, 'input[aria-label="Uw naam"]')
                field.send_keys("Fatima")
                field.send_keys(Keys.ENTER)
                settle(driver, "U labelt als")
                press_keys(driver, "j", "2")
            if page == "analyseer" and example:
                upload(driver, example)
            driver.save_screenshot(str(out / f"{page}.png"))
    return timings


def type_into(driver, label: str, text: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    field = driver.find_element(By.CSS_SELECTOR, f'input[aria-label="{label}"]')
    field.send_keys(text)
    field.send_keys(Keys.ENTER)
    time.sleep(0.5)
    settle(driver)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of every page of the explorer.")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--data", default="data")
    parser.add_argument("--models", default="models/classifier")
    parser.add_argument(
        "--example", default="corpora/demo/files/welzijn-blog-2018.html", help="a file to analyse on the upload page"
    )
    args = parser.parse_args(argv)
    if not chromium_paths():
        print("chromium en chromedriver ontbreken (apt-get install chromium chromium-driver)", file=sys.stderr)
        return 2
    env = {"SAMENSPRAAK_DATA": str(Path(args.data).resolve()), "SAMENSPRAAK_MODELS": str(Path(args.models).resolve())}
    example = Path(args.example) if args.example and Path(args.example).exists() else None
    for page, seconds in screenshots(Path(args.out), env, example).items():
        print(f"{page:14} {seconds:5.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
