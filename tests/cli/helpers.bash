# Helpers shared by the bats suites. make test sets QR_CLI and PNGINFO.
: "${QR_CLI:=$BATS_TEST_DIRNAME/../../build/qr-cli}"
: "${PNGINFO:=$BATS_TEST_DIRNAME/../../build/tests/pnginfo}"

# run_split CMD...: runs CMD with stdout in the file $OUT and stderr in the
# file $ERR, exit code in $status; stdin is the caller's (redirect it).
run_split() {
    OUT="$BATS_TEST_TMPDIR/out.$RANDOM$RANDOM"
    ERR="$BATS_TEST_TMPDIR/err.$RANDOM$RANDOM"
    status=0
    "$@" >"$OUT" 2>"$ERR" || status=$?
}

# As run_split, with the file $1 as stdin.
run_split_stdin() {
    local input=$1
    shift
    OUT="$BATS_TEST_TMPDIR/out.$RANDOM$RANDOM"
    ERR="$BATS_TEST_TMPDIR/err.$RANDOM$RANDOM"
    status=0
    "$@" >"$OUT" 2>"$ERR" <"$input" || status=$?
}

# decode PNG WANT: zbarimg reads PNG back to exactly the bytes of file WANT.
decode_equals() {
    local got="$BATS_TEST_TMPDIR/decoded.$RANDOM$RANDOM"
    zbarimg --quiet --raw -Sbinary "$1" >"$got" 2>/dev/null || {
        echo "zbarimg could not decode $1" >&2
        return 1
    }
    cmp "$got" "$2" || {
        echo "decoded:  $(od -c "$got" | head -3)" >&2
        echo "expected: $(od -c "$2" | head -3)" >&2
        return 1
    }
}

# Success as a host sees it: exit 0, a PNG on stdout, nothing on stderr.
assert_png_success() {
    [ "$status" -eq 0 ] || { echo "exit $status: $(cat "$ERR")" >&2; return 1; }
    [ ! -s "$ERR" ] || { echo "stderr: $(cat "$ERR")" >&2; return 1; }
    "$PNGINFO" "$OUT" >/dev/null
}

# Failure as documented: exit code $1, empty stdout, exactly one line on
# stderr starting "qr-cli: " and containing $2.
assert_failure() {
    [ "$status" -eq "$1" ] || { echo "exit $status, want $1: $(cat "$ERR")" >&2; return 1; }
    [ ! -s "$OUT" ] || { echo "stdout has $(wc -c <"$OUT") bytes" >&2; return 1; }
    [ "$(wc -l <"$ERR")" -eq 1 ] || { echo "stderr: $(cat "$ERR")" >&2; return 1; }
    grep -q '^qr-cli: ' "$ERR" || { echo "stderr: $(cat "$ERR")" >&2; return 1; }
    grep -qF -- "$2" "$ERR" || { echo "stderr lacks '$2': $(cat "$ERR")" >&2; return 1; }
}

# write_text FILE: writes its remaining arguments' bytes (printf %s) to FILE.
write_text() {
    local file=$1
    shift
    printf '%s' "$*" >"$file"
}

# repeat_bytes N: N bytes cycling through a-z, no newline.
repeat_bytes() {
    python3 -c 'import sys; n=int(sys.argv[1]); sys.stdout.write("".join(chr(97 + i % 26) for i in range(n)))' "$1"
}

# decodes_to PNG EXPECTED: decode_equals, under the batch suite's name.
decodes_to() {
    decode_equals "$1" "$2"
}

# decodes_to_text PNG TEXT: the same for a text given as an argument.
decodes_to_text() {
    local want="$BATS_TEST_TMPDIR/want.$RANDOM$RANDOM"
    printf '%s' "$2" >"$want"
    decode_equals "$1" "$want"
}

# png_width PNG: the width libpng reads.
png_width() {
    "$PNGINFO" "$1" | cut -dx -f1
}

# all_pngs_complete DIR: every DIR/*.png is a whole, valid PNG (pngcheck
# checks every chunk's CRC and the IEND chunk).
all_pngs_complete() {
    find "$1" -maxdepth 1 -type f -name '*.png' ! -name '.*' -print0 |
        xargs -0 -r pngcheck -q
}
