"""Write the blank templates into templates/ (overwriting).  Deterministic: the files equal what
`lkjip template renja|pk` writes today, byte for byte (tests/test_template.py checks it).

    python scripts/make_templates.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from xlsx_lkjip.templates import TEMPLATE_FILES, write_template  # noqa: E402


def main(out_dir: Path = ROOT / "templates") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, name in TEMPLATE_FILES.items():
        path = write_template(kind, out_dir / name, overwrite=True)
        written.append(path)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return written


if __name__ == "__main__":
    main()
