#!/usr/bin/env bats
# make install puts every piece where PREFIX and DESTDIR say, and a program
# builds against the installed library through pkg-config.

setup() {
    REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    DEST="$BATS_TEST_TMPDIR/dest"
    # As a user runs it: not with the variables of a make that runs the
    # suites (check-sanitize passes BUILD, CC and CFLAGS down, and make
    # exports command-line variables to the environment).
    unset MAKEFLAGS MAKELEVEL MFLAGS MAKEOVERRIDES BUILD CC CFLAGS LDFLAGS \
        HARDEN_CFLAGS HARDEN_LDFLAGS SANITIZE
}

@test "make install honours DESTDIR and PREFIX" {
    make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/opt/qr >/dev/null
    for f in bin/qr-cli lib/libqrpng.a lib/libqrpng.so include/qrpng.h \
             share/man/man1/qr-cli.1 lib/pkgconfig/qrpng.pc \
             share/doc/qr-cli/worker-protocol.md; do
        [ -f "$DEST/opt/qr/$f" ] || { echo "missing $f" >&2; return 1; }
    done
    [ -x "$DEST/opt/qr/bin/qr-cli" ]
    grep -qx 'prefix=/opt/qr' "$DEST/opt/qr/lib/pkgconfig/qrpng.pc"
    "$DEST/opt/qr/bin/qr-cli" --version | grep -q '^qr-cli '
    grep -q '^\.SH "\?EXIT STATUS' "$DEST/opt/qr/share/man/man1/qr-cli.1"
    if command -v man >/dev/null; then
        man -l "$DEST/opt/qr/share/man/man1/qr-cli.1" 2>/dev/null | grep -q 'EXIT STATUS'
    fi
    # --help and qr-cli(1) send readers to the worker protocol: installed.
    grep -q '^## Protocol, versions 1 and 2' "$DEST/opt/qr/share/doc/qr-cli/worker-protocol.md"
    "$DEST/opt/qr/bin/qr-cli" --help | grep -q 'share/doc/qr-cli/worker-protocol.md'
    grep -q 'share/doc/qr-cli/worker-protocol.md' "$DEST/opt/qr/share/man/man1/qr-cli.1"
}

# Installs under DEST as /usr/local, then builds a small program with the
# flags that pkg-config gives for qrpng: the shared library (plain
# `--cflags --libs`) or the archive (its `archive` variable, with what
# `--static --libs` adds). PKG_CONFIG_SYSROOT_DIR maps the installed paths
# into DEST, so no root is needed. (It maps the dependencies' paths too, to
# directories that do not exist under DEST; the compiler and linker then
# find those in their default places, as in a real install.)
build_with_pkg_config() {
    make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/usr/local >/dev/null
    cat >"$BATS_TEST_TMPDIR/use.c" <<'C'
#include <qrpng.h>
#include <stdio.h>
int main(void)
{
    qrpng_ctx *ctx = qrpng_ctx_new();
    qrpng_image img;
    qrpng_status st = qrpng_render(ctx, "installed", 9, NULL, &img);
    if (st == QRPNG_OK)
        fwrite(img.png, 1, img.png_size, stdout);
    qrpng_ctx_free(ctx);
    return st;
}
C
    export PKG_CONFIG_PATH="$DEST/usr/local/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST"
    local flags
    if [ "$1" = shared ]; then
        flags=$(pkg-config --cflags --libs qrpng)
    else
        # The archive named, so that the linker does not take the .so
        # beside it; --as-needed drops the -lqrpng that --static repeats.
        flags="$(pkg-config --cflags qrpng) -Wl,--as-needed $(pkg-config --variable=archive qrpng) $(pkg-config --static --libs qrpng)"
        [[ " $flags " == *" $DEST/usr/local/lib/libqrpng.a "* ]]
    fi
    # The library and header come from DEST, not from another install.
    [[ " $flags " == *" -I$DEST/usr/local/include "* ]]
    [[ " $flags " == *" -L$DEST/usr/local/lib "* ]]
    # shellcheck disable=SC2086 # flags are words
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror "$BATS_TEST_TMPDIR/use.c" \
        -o "$BATS_TEST_TMPDIR/use" $flags
}

# run_use [LIBRARY_PATH]: runs the program built above and decodes its PNG.
run_use() {
    LD_LIBRARY_PATH="${1:-}" "$BATS_TEST_TMPDIR/use" >"$BATS_TEST_TMPDIR/use.png"
    printf installed >"$BATS_TEST_TMPDIR/want"
    zbarimg --quiet --raw -Sbinary "$BATS_TEST_TMPDIR/use.png" 2>/dev/null |
        cmp - "$BATS_TEST_TMPDIR/want"
}

# needed: the shared libraries the program names (DT_NEEDED), one a line.
needed() {
    readelf -d "$BATS_TEST_TMPDIR/use" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

@test "make install puts libqrpng.so.X.Y.Z, its SONAME link and the libqrpng.so link" {
    make -s -C "$REPO" install DESTDIR="$DEST" PREFIX=/usr/local >/dev/null
    local version major lib="$DEST/usr/local/lib"
    version=$(sed -n 's/^#define QRPNG_VERSION_STRING "\(.*\)"/\1/p' "$REPO/lib/qrpng.h")
    major=${version%%.*}
    [ -f "$lib/libqrpng.so.$version" ] && [ ! -L "$lib/libqrpng.so.$version" ]
    [ "$(readlink "$lib/libqrpng.so.$major")" = "libqrpng.so.$version" ]
    [ "$(readlink "$lib/libqrpng.so")" = "libqrpng.so.$major" ]
    readelf -d "$lib/libqrpng.so.$version" | grep -q "(SONAME).*\[libqrpng.so.$major\]"
    [ -f "$lib/libqrpng.a" ]
}

@test "a program links the shared library with pkg-config --cflags --libs qrpng" {
    build_with_pkg_config shared
    needed | grep -qx 'libqrpng.so.1'
    # Found through LD_LIBRARY_PATH (a DESTDIR install), not without it.
    if LD_LIBRARY_PATH= "$BATS_TEST_TMPDIR/use" >/dev/null 2>&1; then
        echo "ran without libqrpng.so.1 on the library path" >&2
        return 1
    fi
    run_use "$DEST/usr/local/lib"
    LD_LIBRARY_PATH="$DEST/usr/local/lib" ldd "$BATS_TEST_TMPDIR/use" |
        grep -q "libqrpng.so.1 => $DEST/usr/local/lib/libqrpng.so.1 "
}

@test "a program links the archive with pkg-config's archive and --static --libs" {
    build_with_pkg_config static
    if needed | grep -q libqrpng; then
        echo "linked the shared library: $(needed | tr '\n' ' ')" >&2
        return 1
    fi
    run_use
}

@test "make uninstall removes what install put" {
    make -s -C "$REPO" install DESTDIR="$DEST" >/dev/null
    make -s -C "$REPO" uninstall DESTDIR="$DEST" >/dev/null
    # No file and no link (libqrpng.so, libqrpng.so.1) left.
    [ -z "$(find "$DEST" ! -type d)" ]
}
