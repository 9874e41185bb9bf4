#!/usr/bin/env python3
"""Screenshots of `lkjip serve`'s pages for the README (docs/web-*.png): a round of six agencies, some uploads,
the agency's page after an upload with a problem (desktop) and Bappeda's page (a phone's screen), taken by
headless chromium.   python scripts/web_screenshots.py [DOCS_FOLDER]"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.web_helpers import (MONITOR, Server, browser, good_workbook, links, problem_workbook,  # noqa: E402
                               round_folder, upload)

AGENCIES = [("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"), ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan"), ("DISHUB", "Dinas Perhubungan"),
            ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"), ("INSPEKTORAT", "Inspektorat")]


def main() -> None:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = round_folder(tmp / "Putaran TW IV 2023", agencies=AGENCIES)
        secrets = links(root, AGENCIES)
        server = Server(root)
        try:
            for kode, nama, make in (("DINKES", "Dinas Kesehatan", good_workbook),
                                     ("DISDIK", "Dinas Pendidikan", problem_workbook),
                                     ("INSPEKTORAT", "Inspektorat", good_workbook)):
                upload(server.url, secrets[kode], make(tmp / f"{kode}.xlsx", agency=nama).read_bytes())
            upload(server.url, secrets["DISHUB"], b"PK\x03\x04" + b"rusak" * 100)   # a broken file: gagal
            agency = browser(width=1000, height=1500)
            agency.get(f"{server.url}/opd/{secrets['BKPSDM']}")
            agency.find_element("id", "berkas").send_keys(str(problem_workbook(tmp / "Renja BKPSDM.xlsx")))
            deadline = time.monotonic() + 60
            while "?u=" not in agency.current_url and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.5)
            agency.save_screenshot(str(docs / "web-opd.png"))
            agency.quit()
            time.sleep(12)   # the rekap rebuilt for the region figures
            phone = browser(width=390, height=1700, phone=True)
            phone.get(f"{server.url}/bappeda/{secrets[MONITOR]}")
            phone.save_screenshot(str(docs / "web-bappeda.png"))
            phone.quit()
        finally:
            server.stop()
    print(f"written: {docs / 'web-opd.png'}, {docs / 'web-bappeda.png'}")


if __name__ == "__main__":
    main()
