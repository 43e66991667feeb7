#!/bin/sh
# Installs what is missing (Debian packages, as root), builds, and writes
# a first QR code to qr-hello.png. Safe to run again.
#   scripts/setup.sh [--runtime] [--list | --dry-run]    (--help: below)
set -eu
cd "$(dirname "$0")/.."

usage() {
    cat <<'EOF'
Usage: scripts/setup.sh [--runtime] [--list | --dry-run]

Installs the Debian packages of scripts/debian-packages.txt that are
missing (as root, or through sudo), runs make, and writes qr-hello.png.

  (no option)  every package: building, running, and what `make test`,
               the benchmarks and the hardening checks need; also
               `make node-deps` (the Node example server's packages)
  --runtime    only what building and running need: qr-cli, libqrpng
               (static and shared) and qr-server, the "#section runtime"
               part of the list; no `make node-deps`
  --list       print the packages chosen, one a line, and stop (no root
               needed, nothing installed or built)
  --dry-run    say which of them are missing and what would be run, and
               stop
  --help       this text
EOF
}

section=full
mode=install
for arg in "$@"; do
    case "$arg" in
        --runtime) section=runtime ;;
        --list) mode=list ;;
        --dry-run) mode=dry-run ;;
        --help|-h) usage; exit 0 ;;
        *) echo "setup: unknown option '$arg' (--help lists them)" >&2; exit 2 ;;
    esac
done

# The packages of the section chosen: a line "package" or "package
# command"; "#section NAME..." starts a section; other comments and blank
# lines are skipped. --runtime takes the runtime sections, the default all.
chosen() {
    awk -v want="$section" '
        /^#section[ \t]/ { split($2, w, ":"); current = w[1]; next }
        /^[ \t]*(#|$)/ { next }
        want == "full" || current == want { print }
    ' scripts/debian-packages.txt
}

if [ "$mode" = list ]; then
    chosen | awk '{ print $1 }'
    exit 0
fi

# The package is needed unless it is installed or, when a command is
# named, that command is already on PATH.
missing=""
while read -r pkg cmd; do
    [ -n "$pkg" ] || continue
    [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1 && continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
        missing="$missing $pkg"
done <<EOF
$(chosen)
EOF

builds="make -j$(nproc 2>/dev/null || echo 2)"
[ "$section" = runtime ] || builds="$builds; make node-deps"

if [ "$mode" = dry-run ]; then
    if [ -n "$missing" ]; then
        echo "setup: would install:$missing"
    else
        echo "setup: nothing to install"
    fi
    echo "setup: would run: $builds; build/qr-cli 'Hello from qr-cli' > qr-hello.png"
    exit 0
fi

# $missing is a list of words, split on purpose.
# shellcheck disable=SC2086
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
if [ "$section" != runtime ]; then
    make node-deps   # the Node example server's express, qrcode, typescript (npm ci)
fi
build/qr-cli 'Hello from qr-cli' > qr-hello.png
echo "setup: built build/qr-cli; wrote qr-hello.png"
