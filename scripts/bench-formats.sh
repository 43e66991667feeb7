#!/bin/sh
# Bytes and render time per output type, qr-cli beside qrencode and segno
# (docs/performance.md): scripts/bench/formats.py on the article's URL and the
# 210 benchmark texts. Needs a built qr-cli (make), qrencode and Debian's
# python3-segno (scripts/debian-packages.txt); a missing one is left out.
#
#   scripts/bench-formats.sh [QR_CLI]
set -eu
cd "$(dirname "$0")/.."
exec /usr/bin/python3 scripts/bench/formats.py "${1:-build/qr-cli}" \
    scripts/bench/texts.txt
