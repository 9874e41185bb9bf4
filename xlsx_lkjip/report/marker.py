"""The mark of a rekap (or another workbook) lkjip wrote, and how a package is recognised by it.  Apart from
report/rekap.py so that completing a workbook (batch/workbook.py asks every input) does not load the rekap
writer's modules: `lkjip check` starts sooner."""

from __future__ import annotations

# A custom document property (docProps/custom.xml), which Excel and LibreOffice keep when the file is saved
# again.  `lkjip run`/`check` skip such a file (is_lkjip_rekap).
MARKER_PROPERTY, MARKER_VALUE = "lkjip", "rekap"
# Rekaps of versions before the marker: recognised by their fixed core properties.
_OLD_REKAP_TITLES = ("Rekap evaluasi kinerja", "Rekap tahunan")
_NS_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_NS_DC = "http://purl.org/dc/elements/1.1/"


def is_lkjip_rekap(pkg) -> bool:
    """Whether an opened package (io.package.Package) is a rekap lkjip wrote, not an agency's workbook: its
    custom property lkjip = "rekap…", or (a rekap of an older version) the core properties lkjip gave it."""
    part = pkg.package_part_of_type("/custom-properties")
    if part is not None:
        for prop in pkg.xml(part).iter(f"{{{_NS_CUSTOM}}}property"):
            if prop.get("name") == MARKER_PROPERTY and "".join(prop.itertext()).strip().startswith(MARKER_VALUE):
                return True
    part = pkg.package_part_of_type("/core-properties")
    if part is not None:
        core = pkg.xml(part)
        creator, title = core.find(f"{{{_NS_DC}}}creator"), core.find(f"{{{_NS_DC}}}title")
        if creator is not None and title is not None and (creator.text or "").strip() == "lkjip" \
                and (title.text or "").strip() in _OLD_REKAP_TITLES:
            return True
    return False
