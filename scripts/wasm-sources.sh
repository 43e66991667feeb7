#!/bin/sh
# wasm-sources.sh - the C sources of zlib, libpng 1.6 and libqrencode for
# build/wasm/qrpng.wasm, from Debian bookworm's source packages, checked
# against the sha256 sums in wasm/sources.sha256 and unpacked under
# DIR/src/ (docs/wasm.md). wasm/wasm.mk runs it.
#
#   scripts/wasm-sources.sh [DIR]      (DIR defaults to build/wasm)
#
# apt-get runs with a private sources list, state and cache under
# DIR/apt/ (downloads in DIR/download/), so nothing system-wide changes. The deb-src
# lines take the URIs of the machine's own bookworm entries (apt's
# sources.list and sources.list.d), so whatever Debian mirror the machine
# uses serves the sources. Once every tree is unpacked (a stamp file per
# package, and the sums they came from), a second run does nothing: no
# network.
set -eu

WASM=${1:-build/wasm}
HERE=$(cd "$(dirname "$0")/.." && pwd)
SUMS=$HERE/wasm/sources.sha256

APT=$WASM/apt
DL=$WASM/download
SRC=$WASM/src

# The pinned source packages, as apt-get source names them. Bookworm's
# update versions are not all served whole (docs/wasm.md): libpng1.6's
# +deb12u6 .dsc and zlib's +deb12u1 are missing, so the newest complete
# ones are pinned; qrencode's debian.tar.xz is missing too, so its
# upstream tarball (which arrives and matches the .dsc) is used without
# Debian's changes. wasm/sources.sha256 lists every file used.
PACKAGES="zlib=1:1.2.13.dfsg-1 libpng1.6=1.6.39-2+deb12u5 qrencode=4.1.1-1"

# Done already when every tree is there, unpacked from these very pins.
all_unpacked() {
    for p in zlib libpng1.6 qrencode; do
        [ -f "$SRC/$p.stamp" ] || return 1
    done
    cmp -s "$SUMS" "$SRC/sources.sha256"
}
if all_unpacked; then
    exit 0
fi

mkdir -p "$APT/sources.list.d" "$APT/state/lists/partial" "$APT/cache/archives/partial" \
         "$DL" "$SRC"

# deb-src entries for the machine's bookworm suites: from deb822 .sources
# files (a stanza whose Types has deb) and from one-line .list entries.
SOURCES=$APT/sources.list.d/bookworm-src.sources
: > "$SOURCES.tmp"
: > "$APT/sources.list.tmp"
for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
        function flush() {
            if (uris != "" && suites ~ /bookworm/ && types ~ /(^| )deb( |$)/)
                printf "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n%s\n",
                       uris, suites, (signed != "" ? "Signed-By: " signed "\n" : "")
            types = uris = suites = signed = ""
        }
        /^[ \t]*$/ { flush(); next }
        /^Types:/     { sub(/^Types:[ \t]*/, ""); types = $0 }
        /^URIs:/      { sub(/^URIs:[ \t]*/, ""); uris = $0 }
        /^Suites:/    { sub(/^Suites:[ \t]*/, ""); suites = $0 }
        /^Signed-By:/ { sub(/^Signed-By:[ \t]*/, ""); signed = $0 }
        END { flush() }
    ' "$f" >> "$SOURCES.tmp"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" && /bookworm/ { $1 = "deb-src"; print }' "$f" \
        >> "$APT/sources.list.tmp"
done
mv "$SOURCES.tmp" "$SOURCES"
mv "$APT/sources.list.tmp" "$APT/sources.list"
if [ ! -s "$SOURCES" ] && [ ! -s "$APT/sources.list" ]; then
    echo "wasm-sources: no bookworm entry in apt's sources to take URIs from" >&2
    exit 1
fi

APT_OPTS="-o Dir::Etc::SourceList=$(cd "$APT" && pwd)/sources.list
 -o Dir::Etc::SourceParts=$(cd "$APT" && pwd)/sources.list.d
 -o Dir::State=$(cd "$APT" && pwd)/state
 -o Dir::State::status=/var/lib/dpkg/status
 -o Dir::Cache=$(cd "$APT" && pwd)/cache
 -o Debug::NoLocking=1 -o APT::Sandbox::User=root"

pinned_files_here() {
    (cd "$DL" && sha256sum -c --strict --quiet "$SUMS") >/dev/null 2>&1
}

# Downloaded before (the trees alone were removed): no network.
if ! pinned_files_here; then
    # shellcheck disable=SC2086 # APT_OPTS is a list of words
    apt-get $APT_OPTS -q update >&2
    # One package at a time: apt-get source stops at a file the registry
    # lacks (qrencode's debian.tar.xz); the sums below decide what must be
    # there.
    for p in $PACKAGES; do
        # shellcheck disable=SC2086
        (cd "$DL" && apt-get $APT_OPTS -q source --download-only "$p") >&2 ||
            echo "wasm-sources: apt-get source $p failed; checking what arrived" >&2
    done
fi

# Every pinned file must be there with its sum; nothing else is used.
(cd "$DL" && sha256sum -c --strict --quiet "$SUMS") >&2 || {
    echo "wasm-sources: a pinned file is missing or differs (wasm/sources.sha256)" >&2
    exit 1
}

# With its debian.tar pinned, a package is unpacked by dpkg-source (offline:
# the files are all here; signatures are not checked, the sums above are),
# Debian's patches applied; else its upstream tarball alone.
for p in zlib libpng1.6 qrencode; do
    rm -rf "${SRC:?}/$p" "${SRC:?}/$p.stamp"
    dsc=$(awk '{ print $2 }' "$SUMS" | grep "^${p}_.*\.dsc$" | head -n 1)
    orig=$(awk '{ print $2 }' "$SUMS" | grep "^${p}_.*\.orig\.tar\." | head -n 1)
    if awk '{ print $2 }' "$SUMS" | grep -q "^${p}_.*\.debian\.tar\."; then
        dpkg-source --no-check -x "$DL/$dsc" "$SRC/$p" >&2
    else
        mkdir -p "$SRC/$p"
        tar -xf "$DL/$orig" -C "$SRC/$p" --strip-components=1 --no-same-owner
    fi
    touch "$SRC/$p.stamp"
done
# dpkg-source leaves links to the tarballs beside the trees.
rm -f "$SRC"/*.orig.tar.*
cp "$SUMS" "$SRC/sources.sha256"
