#!/bin/sh
# Installs what is missing (Debian packages, as root), builds, and writes
# a first QR code to qr-hello.png. Safe to run again.
#   scripts/setup.sh
set -eu
cd "$(dirname "$0")/.."

# A line is "package" or "package command": the package is needed unless it
# is installed or, when a command is named, that command is already on PATH.
missing=""
while read -r pkg cmd; do
    case "$pkg" in ''|'#'*) continue ;; esac
    [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
        missing="$missing $pkg"
done < scripts/debian-packages.txt
if [ -n "$missing" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends $missing
    elif command -v sudo >/dev/null 2>&1; then
        sudo apt-get update -qq
        sudo DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends $missing
    else
        echo "setup: missing packages:$missing" >&2
        echo "setup: as root, run: apt-get install$missing" >&2
        exit 1
    fi
fi

make -j"$(nproc 2>/dev/null || echo 2)"
make node-deps   # the Node example server's express, qrcode, typescript (npm ci)
build/qr-cli 'Hello from qr-cli' > qr-hello.png
echo "setup: built build/qr-cli; wrote qr-hello.png"
