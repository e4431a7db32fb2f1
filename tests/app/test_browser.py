"""The whole explorer once in a real browser: ``streamlit run`` on a free
port, driven by Selenium with Debian's chromium and chromedriver.

Screenshots go to the folder in ``SAMENSPRAAK_SCREENSHOTS`` (default: the
test's temporary folder). Skipped when chromium or chromedriver is absent
(``apt-get install chromium chromium-driver``).
"""

import os
from pathlib import Path

import pytest

from tests.app import browser

pytestmark = pytest.mark.slow


@pytest.fixture()
def screenshot_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("SAMENSPRAAK_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_page_in_a_browser(explorer_env, screenshot_dir, tmp_path):
    if not browser.chromium_paths():
        pytest.skip("chromium en chromedriver ontbreken: apt-get install chromium chromium-driver")
    pytest.importorskip("selenium")
    env = {
        key: str(value)
        for key, value in (
            ("SAMENSPRAAK_DATA", explorer_env["data"]),
            ("SAMENSPRAAK_MODELS", explorer_env["models"]),
            ("SAMENSPRAAK_LABELS", explorer_env["labels"]),
            ("SAMENSPRAAK_PARAMS", explorer_env["params"]),
        )
    }
    downloads = tmp_path / "downloads"
    downloads.mkdir(exist_ok=True)
    with browser.explorer_server(env) as address, browser.chromium(downloads=downloads) as driver:
        browser.open_page(driver, address, "overzicht")
        page = browser.body_text(driver)
        assert "Samenspraak: hoe schrijven organisaties over samenwerken?" in page
        assert "4 documenten in de selectie" in page
        assert "Kloof claim–praktijk" in page and "Organisaties: wie claimt het meest" in page
        driver.save_screenshot(str(screenshot_dir / "0-overzicht.png"))
        # The table as a person downloads it: made on the server when clicked.
        table = browser.download(driver, "Tabel downloaden (CSV)", downloads).read_text(encoding="utf-8-sig")
        assert table.splitlines()[0].startswith("Organisatie;Documenten;Kloof claim–praktijk [interval]")
        assert "Jeugdzorg Oostkust" in table

        browser.choose_organisation(driver, "Gemeente Brakelveen")
        browser.settle(driver, "2 documenten in de selectie")
        driver.save_screenshot(str(screenshot_dir / "1-overzicht-gefilterd.png"))

        expected = {
            "document": "Kleur = register",
            "vergelijken": "Woorden die de groepen onderscheiden",
            "concordantie": "Typ een zoekterm om te beginnen.",
            "themas": "Nieuwe woorden voor de woordenlijst",
            "annoteren": "Vul uw naam in om te beginnen.",
            "analyseer": "Kies een bestand",
        }
        for number, (name, text) in enumerate(expected.items(), start=2):
            browser.click_nav(driver, name)
            browser.settle(driver, text)
            page = browser.body_text(driver)
            assert "2 documenten in de selectie" in page, f"the selection was lost on {name}"
            if name == "document":
                assert "Samen sterk in de wijk" in page or "Koffie met de buren" in page
                assert "Stichting Horizon" not in page
            if name == "concordantie":
                browser.type_into(driver, "Zoekterm", "samen")
                browser.settle(driver, "keer gevonden")
            driver.save_screenshot(str(screenshot_dir / f"{number}-{name}.png"))
    assert len(list(screenshot_dir.glob("*.png"))) == 8
