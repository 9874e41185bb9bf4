"""A real browser (Debian's chromium, headless, driven by Selenium through Debian's chromedriver) on a real
`lkjip serve`: an agency opens its link, uploads a workbook through the page's file chooser, and reads the
problems and the capaian from the page; Bappeda's page, opened before and after, shows the status change."""

from __future__ import annotations

import pytest

from tests.web_helpers import require_web

require_web("selenium")

from tests.web_helpers import (DUMAI_PREDIKAT, MONITOR, RANGE_CELL, Server, browser, links,  # noqa: E402
                               problem_workbook, round_folder)


def status_of(driver, kode: str) -> str:
    from selenium.webdriver.common.by import By
    row = driver.find_element(By.CSS_SELECTOR, f'tr[data-kode="{kode}"]')
    return row.find_elements(By.TAG_NAME, "td")[3].text


def test_agency_uploads_through_the_page_and_bappeda_sees_it(tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    root = round_folder(tmp_path / "putaran")
    secrets = links(root)
    book = problem_workbook(tmp_path / "Renja BKPSDM TW IV.xlsx")
    server = Server(root)
    agency = bappeda = None
    try:
        bappeda = browser(width=390, height=844, phone=True)
        bappeda.get(f"{server.url}/bappeda/{secrets[MONITOR]}")
        assert status_of(bappeda, "BKPSDM") == "belum mengirim"
        assert "0 dari 3 OPD" in bappeda.find_element(By.ID, "terkirim").text

        agency = browser()
        agency.get(f"{server.url}/opd/{secrets['BKPSDM']}")
        assert "Badan Kepegawaian" in agency.find_element(By.TAG_NAME, "h1").text
        agency.find_element(By.ID, "berkas").send_keys(str(book))     # the file chooser; the page sends it
        WebDriverWait(agency, 60).until(ec.presence_of_element_located((By.ID, "hasil")))
        assert agency.find_element(By.ID, "status").text == "Selesai, ada peringatan"
        assert agency.find_element(By.ID, "triwulan").text == "IV"
        assert agency.find_element(By.ID, "tahun").text == "2023"
        capaian = agency.find_element(By.ID, "capaian-K").text
        assert capaian.startswith("12") and "," in capaian and capaian.endswith(DUMAI_PREDIKAT), capaian
        problems = agency.find_elements(By.CSS_SELECTOR, "#masalah li")
        assert len(problems) == 1 and f"!{RANGE_CELL}" in problems[0].text and "Perbaikan:" in problems[0].text
        assert agency.find_element(By.ID, "unduh-lengkap").get_attribute("href").endswith("/berkas/1/lengkap")

        bappeda.refresh()
        assert status_of(bappeda, "BKPSDM") == "ada peringatan"
        assert "1 dari 3 OPD" in bappeda.find_element(By.ID, "terkirim").text
        # the page fits a phone: nothing wider than the screen but the scrolling tables
        assert bappeda.execute_script("return window.innerWidth") == 390
        assert bappeda.execute_script("return document.documentElement.scrollWidth") <= 390
    finally:
        for d in (agency, bappeda):
            if d is not None:
                d.quit()
        server.stop()


def test_a_workbook_over_the_limit_is_refused_in_bahasa_before_sending(tmp_path):
    """A 30 MB workbook (scanned photos in it): the page says the limit in the server's words at once.  Sent,
    waitress would cut it off with its own English text, read by the page as "connection lost, try again"."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from xlsx_lkjip.web.app import MAX_UPLOAD
    from xlsx_lkjip.web.intake import too_large

    root = round_folder(tmp_path / "putaran")
    secrets = links(root)
    big = tmp_path / "Renja BKPSDM dengan foto.xlsx"
    with open(big, "wb") as fh:
        fh.truncate(30 * 1024 * 1024)
    server = Server(root)
    agency = None
    try:
        agency = browser()
        agency.get(f"{server.url}/opd/{secrets['BKPSDM']}")
        agency.find_element(By.ID, "berkas").send_keys(str(big))
        said = WebDriverWait(agency, 30).until(
            lambda d: d.find_element(By.ID, "pesan").text if "galat" in d.find_element(By.ID, "pesan")
            .get_attribute("class") else False)
        assert said == too_large(MAX_UPLOAD) and "batas 20 MB" in said
        assert not [p for p in (root / "unggahan").rglob("*") if p.is_file()]     # nothing was sent
        assert not list((root / "input").iterdir())
    finally:
        if agency is not None:
            agency.quit()
        server.stop()
