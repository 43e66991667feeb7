#!/usr/bin/env bats
# scripts/setup.sh: --runtime chooses only what building and running need
# (the "#section runtime" part of scripts/debian-packages.txt), the default
# everything; --list and --dry-run say so without root, installing or
# building anything.

setup() {
    REPO=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    SETUP="$REPO/scripts/setup.sh"
}

# packages_of FILE: the package names of a debian-packages.txt, one a line.
packages_of() {
    grep -vE '^[[:space:]]*(#|$)' "$1" | awk '{ print $1 }'
}

@test "--runtime --list: the build packages, and no test, benchmark or hardening tool" {
    run "$SETUP" --runtime --list
    [ "$status" -eq 0 ]
    local pkg
    for pkg in make gcc pkg-config libqrencode-dev libpng-dev zlib1g-dev; do
        grep -qx "$pkg" <<<"$output" || { echo "no $pkg in: $output" >&2; return 1; }
    done
    for pkg in chromium valgrind clang bats libcmocka-dev zbar-tools \
               ghostscript strace hyperfine nodejs python3-flask; do
        if grep -qx "$pkg" <<<"$output"; then echo "$pkg in --runtime" >&2; return 1; fi
    done
}

@test "--list without --runtime: every package of the file, once, in order" {
    run "$SETUP" --list
    [ "$status" -eq 0 ]
    [ "$output" = "$(packages_of "$REPO/scripts/debian-packages.txt")" ]
    grep -qx chromium <<<"$output"
    grep -qx valgrind <<<"$output"
    grep -qx make <<<"$output"
}

@test "sections: a package goes in the section of the last marker above it" {
    # A copy of the script over a list of our own.
    mkdir -p "$BATS_TEST_TMPDIR/repo/scripts"
    cp "$SETUP" "$BATS_TEST_TMPDIR/repo/scripts/setup.sh"
    cat >"$BATS_TEST_TMPDIR/repo/scripts/debian-packages.txt" <<'LIST'
# a heading before any section
#section runtime: build and run
# build
alpha
beta cmd-beta
#section full: the rest
gamma
# a plain comment does not change the section
delta
#section runtime
  # indented comment
epsilon

LIST
    run "$BATS_TEST_TMPDIR/repo/scripts/setup.sh" --runtime --list
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 'alpha\nbeta\nepsilon')" ]
    run "$BATS_TEST_TMPDIR/repo/scripts/setup.sh" --list
    [ "$output" = "$(printf 'alpha\nbeta\ngamma\ndelta\nepsilon')" ]
}

@test "--dry-run names what is missing and what would run, and does nothing" {
    mkdir -p "$BATS_TEST_TMPDIR/repo/scripts"
    cp "$SETUP" "$BATS_TEST_TMPDIR/repo/scripts/setup.sh"
    printf '#section runtime\nsurely-no-such-package-qrcli\nsh sh\n#section full\nanother-missing-qrcli\n' \
        >"$BATS_TEST_TMPDIR/repo/scripts/debian-packages.txt"
    run "$BATS_TEST_TMPDIR/repo/scripts/setup.sh" --runtime --dry-run
    [ "$status" -eq 0 ]
    # "sh sh": the command sh is on PATH, so the package is not needed.
    [ "${lines[0]}" = "setup: would install: surely-no-such-package-qrcli" ]
    [[ ${lines[1]} == "setup: would run: make -j"*"; build/qr-cli 'Hello from qr-cli' > qr-hello.png" ]]
    run "$BATS_TEST_TMPDIR/repo/scripts/setup.sh" --dry-run
    [ "${lines[0]}" = "setup: would install: surely-no-such-package-qrcli another-missing-qrcli" ]
    [[ ${lines[1]} == *"; make node-deps; "* ]]
    # Nothing built, nothing written.
    [ "$(ls -A "$BATS_TEST_TMPDIR/repo")" = scripts ]
}

@test "--help says what each option does; an unknown option exits 2" {
    run "$SETUP" --help
    [ "$status" -eq 0 ]
    grep -q -- '--runtime' <<<"$output"
    grep -q -- '--list' <<<"$output"
    grep -q -- '--dry-run' <<<"$output"
    run "$SETUP" --no-such-option
    [ "$status" -eq 2 ]
    [ "$output" = "setup: unknown option '--no-such-option' (--help lists them)" ]
}
