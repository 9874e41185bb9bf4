#!/usr/bin/env bash
# Regenerate docs/ringkasan.png: the "Ringkasan" page of the bundled samples' rekap, rendered by
# LibreOffice headless to PDF and by pdftoppm (poppler-utils) to PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lkjip run input -o "$tmp/out" >/dev/null || true
soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" "$tmp/out/rekap.xlsx" >/dev/null
pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$tmp/rekap.pdf" docs/ringkasan
echo "docs/ringkasan.png"
