"""The whole explorer in a real browser: ``streamlit run`` on a free port,
driven by Selenium with Debian's chromium and chromedriver, with the
keyboard and the mouse as an analyst would.

Screenshots go to the folder in ``SAMENSPRAAK_SCREENSHOTS`` (default: the
test's temporary folder). Skipped when chromium or chromedriver is absent
(``apt-get install chromium chromium-driver``).
"""

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from tests.app import browser

pytestmark = pytest.mark.slow


@pytest.fixture()
def screenshot_dir(tmp_path) -> Path:
    folder = Path(os.environ.get("SAMENSPRAAK_SCREENSHOTS", tmp_path / "screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def no_english(driver, where: str, hover: tuple[str, ...] = ()) -> None:
    """No Streamlit English on the page, also after the mouse has moved over
    ``hover`` (tables and charts show their toolbars on hover)."""
    for selector in ("", *hover):
        if selector:
            browser.hover(driver, selector)
        found = browser.english_on_screen(driver)
        assert not found, f"English on {where}{' after hovering ' + selector if selector else ''}: {found}"


def separable_lemma(data: Path) -> tuple[str, int]:
    """The test corpus's most frequent separable verb ('af_stemmen') and how
    often it occurs."""
    tokens = pd.read_parquet(data / "tokens.parquet", columns=["lemma", "upos"])
    separable = tokens[tokens["lemma"].str.contains("_", na=False) & (tokens["upos"] == "VERB")]
    lemma = separable["lemma"].value_counts().index[0]
    return lemma, int((tokens["lemma"] == lemma).sum())


def test_every_page_in_a_browser(explorer_env, small_upload_limits, screenshot_dir, tmp_path):
    if not browser.chromium_paths():
        pytest.skip("chromium en chromedriver ontbreken: apt-get install chromium chromium-driver")
    pytest.importorskip("selenium")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    env = {
        key: str(value)
        for key, value in (
            ("SAMENSPRAAK_DATA", explorer_env["data"]),
            ("SAMENSPRAAK_MODELS", explorer_env["models"]),
            ("SAMENSPRAAK_LABELS", explorer_env["labels"]),
            ("SAMENSPRAAK_PARAMS", explorer_env["params"]),
            ("SAMENSPRAAK_REVIEWS", explorer_env["reviews"]),
        )
    }
    downloads = tmp_path / "downloads"
    downloads.mkdir(exist_ok=True)
    shot = lambda name: driver.save_screenshot(str(screenshot_dir / f"{name}.png"))  # noqa: E731
    with browser.explorer_server(env) as address, browser.chromium(downloads=downloads) as driver:
        # Overzicht ---------------------------------------------------------------------------
        browser.open_page(driver, address, "overzicht")
        page = browser.body_text(driver)
        assert "Samenspraak: hoe schrijven organisaties over samenwerken?" in page
        assert "4 documenten in de selectie" in page
        assert "Twee soorten aantallen" in page
        no_english(driver, "Overzicht", ('[data-testid="stDataFrame"]', '[data-testid="stVegaLiteChart"]'))
        shot("0-overzicht")
        # The ranking as a spreadsheet: Dutch headers, value and bounds as numbers of their own.
        table = browser.download(driver, "Tabel downloaden (CSV)", downloads).read_text(encoding="utf-8-sig")
        header = table.splitlines()[0].split(";")
        assert header[:5] == [
            "Organisatie",
            "Documenten",
            "Kloof claim–praktijk",
            "Kloof claim–praktijk: ondergrens",
            "Kloof claim–praktijk: bovengrens",
        ]
        rows = [line.split(";") for line in table.splitlines()[1:]]
        assert "Jeugdzorg Oostkust" in {row[0] for row in rows}
        assert all(re.fullmatch(r"-?\d+(,\d+)?|", cell) for row in rows for cell in row[2:5])

        # Concordantie: a separable verb's lemma as a person writes it --------------------------
        lemma, occurrences = separable_lemma(explorer_env["data"])
        browser.click_nav(driver, "concordantie")
        browser.type_into(driver, "Zoekterm", lemma.replace("_", ""))
        driver.find_element(By.XPATH, '//label[.//p[text()="lemma"]]').click()
        browser.settle(driver, "keer gevonden")
        assert f"{occurrences} keer gevonden" in browser.body_text(driver), lemma
        no_english(driver, "Concordantie")
        # A line's source opens its document at that sentence.
        source = driver.find_element(By.CSS_SELECTOR, ".sp-kwic a.src")
        number = int(source.text.rsplit("zin ", 1)[1])
        concordance = driver.current_window_handle
        source.click()
        driver.switch_to.window(next(h for h in driver.window_handles if h != concordance))
        browser.settle(driver, f"U kwam hier voor zin {number}")
        assert driver.find_element(By.CSS_SELECTOR, f".sp-row.sp-target#zin-{number}")
        driver.close()
        driver.switch_to.window(concordance)
        shot("1-concordantie-lemma")

        # The selection, chosen with the keyboard, holds on every page ---------------------------
        browser.click_nav(driver, "overzicht")
        browser.choose_organisation(driver, "Gemeente Brakelveen")
        browser.settle(driver, "2 documenten in de selectie")
        shot("2-overzicht-gefilterd")

        # A sentence in the overview opens its document at that sentence -------------------------
        button = next(
            b
            for b in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stButton"] button')
            if b.text == "Lees in het document"
        )
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
        button.click()
        browser.settle(driver, "U kwam hier voor zin")
        assert driver.find_elements(By.CSS_SELECTOR, ".sp-row.sp-target")
        assert "2 documenten in de selectie" in browser.body_text(driver)

        # Document: every label of the first ten sentences readable without hovering -------------
        rows = driver.find_elements(By.CSS_SELECTOR, ".sp-doc .sp-row")[1:11]  # [0]: the linked sentence
        assert len(rows) == 10
        for row in rows:
            labels = row.find_element(By.CSS_SELECTOR, ".sp-labels")
            assert labels.is_displayed() and labels.size["height"] > 5
            chips = [chip.text for chip in labels.find_elements(By.CSS_SELECTOR, ".sp-chip")]
            assert re.fullmatch(r"(geen )?samenwerking \d+%", chips[0]), chips
            if not chips[0].startswith("geen"):
                register, mode = chips[1].rsplit(" ", 1)[0], chips[2].rsplit(" ", 1)[0]
                assert register in {"coördinatie", "dialoog", "gemengd", "ongemarkeerd"}, chips
                assert mode in {"claim", "praktijk", "reflectie"}, chips
        no_english(driver, "Document", ('[data-testid="stDataFrame"]',))
        shot("3-document")

        # Vergelijken and Thema's -------------------------------------------------------------
        browser.click_nav(driver, "vergelijken")
        browser.settle(driver, "Woorden die de groepen onderscheiden")
        assert "2 documenten in de selectie" in browser.body_text(driver)
        no_english(driver, "Vergelijken", ('[data-testid="stVegaLiteChart"]', '[data-testid="stDataFrame"]'))
        # Compare by genre, chosen with the keyboard in the first list.
        choice = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"] [data-testid="stSelectbox"] input')
        choice.click()
        choice.send_keys("genre")
        choice.send_keys(Keys.ENTER)
        browser.settle(driver, "Verschil A − B")
        assert "In deze selectie is er maar één genre" in browser.body_text(driver) or "A: " in browser.body_text(
            driver
        )
        shot("4-vergelijken")
        nav = driver.find_element(By.CSS_SELECTOR, '[data-testid="stSidebarNav"]').text
        assert "Thema's" in nav.splitlines()
        browser.click_nav(driver, "themas")
        browser.settle(driver, "Nieuwe woorden voor de woordenlijst")
        no_english(driver, "Thema's")
        # Judge the first proposed word with the mouse; the verdict lands in the review file.
        browser.type_into(driver, "Uw naam", "Fatima")
        driver.find_element(By.XPATH, '(//div[@data-testid="stForm"]//label[.//p[text()="opnemen"]])[1]').click()
        driver.find_element(By.XPATH, '//div[@data-testid="stForm"]//button[.//p[text()="Oordelen opslaan"]]').click()
        browser.settle(driver, "1 oordeel opgeslagen")
        assert ",accept,Fatima," in explorer_env["reviews"].read_text(encoding="utf-8")
        shot("5-themas")

        # Annoteren with the keyboard only ---------------------------------------------------------
        browser.click_nav(driver, "annoteren")
        browser.settle(driver, "Vul uw naam in")
        name = driver.find_element(By.CSS_SELECTOR, 'input[aria-label="Uw naam"]')
        name.send_keys("Fatima")
        name.send_keys(Keys.ENTER)
        browser.settle(driver, "U labelt als")
        first = driver.find_element(By.XPATH, "//div[@data-testid='stHtml']/div[2]").text
        browser.press_keys(driver, "j", "2", "6", Keys.ENTER, expect="nu 1 zin van u")
        saved = (explorer_env["labels"] / "explorer-fatima.jsonl").read_text(encoding="utf-8")
        assert '"collab": "yes"' in saved and '"register": "dialogue"' in saved and '"mode": "practised"' in saved
        assert first in saved
        browser.press_keys(driver, "n", Keys.ENTER, expect="nu 2 zinnen van u")
        browser.press_keys(driver, "s")  # skip one
        assert len((explorer_env["labels"] / "explorer-fatima.jsonl").read_text().splitlines()) == 2
        no_english(driver, "Annoteren")
        shot("6-annoteren")

        # Analyseer een bestand: a good file, one over the ingest limit (1 MB here), one of an unknown kind
        browser.click_nav(driver, "analyseer")
        no_english(driver, "Analyseer een bestand")
        good = tmp_path / "buurtavond.txt"
        good.write_text(
            "Vorige week zaten bewoners en de wijkagent samen aan tafel in het buurthuis.\n\n"
            "De gemeente wil de samenwerking met de ketenpartners versterken.\n",
            encoding="utf-8",
        )
        browser.upload(driver, good)
        assert driver.find_elements(By.CSS_SELECTOR, ".sp-row .sp-labels")
        no_english(driver, "Analyseer een bestand, na het labelen")
        shot("7-analyseer")
        for path, message in (
            (tmp_path / "groot.txt", "Dit bestand is te groot"),
            (tmp_path / "archief.zip", "kan niet worden gelezen"),
        ):
            path.write_bytes(b"x" * (2 * 10**6) if path.suffix == ".txt" else b"PK\x03\x04 geen document")
            driver.find_element(By.CSS_SELECTOR, 'input[type="file"]').send_keys(str(path))
            browser.settle(driver, message, timeout=120)
            no_english(driver, f"Analyseer een bestand ({path.name})")
    assert len(list(screenshot_dir.glob("*.png"))) == 8
