"""Write the bundled sample workbooks into input/ (overwriting).  Deterministic: run it twice, get
the same bytes.

    python scripts/make_samples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.builders import build_dumai_rkpd, build_e81, build_sumenep_e81  # noqa: E402

SAMPLES = {
    "Evaluasi Renja BKPSDM Sumenep TW I 2024.xlsx":
        lambda p: build_sumenep_e81(p),
    "Evaluasi RKPD BKPSDM Dumai 2023.xlsx":
        lambda p: build_dumai_rkpd(p),
    "Evaluasi Renja Dinas Kominfo TW I 2024.xlsx":
        lambda p: build_e81(p, 40, seed=7, labels=True,
                            agency="Dinas Komunikasi dan Informatika",
                            periode="Triwulan I Tahun 2024", quarters=1),
    "PK BKPSDM Binjai 2022.xlsx": lambda p: __import__("tests.pk_builders").pk_builders.build_binjai_pk(p),
}


def main(out_dir: Path = ROOT / "input") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in SAMPLES.items():
        path = out_dir / name
        build(path)
        written.append(path)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return written


if __name__ == "__main__":
    main()
