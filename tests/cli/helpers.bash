# Helpers shared by the bats suites.
: "${QR_CLI:=$BATS_TEST_DIRNAME/../../build/qr-cli}"

# run_split CMD...: runs CMD with stdout in $OUT, stderr in $ERR (files),
# exit code in $status; stdin is /dev/null unless redirected by the caller.
run_split() {
    OUT="$BATS_TEST_TMPDIR/out.$$.$RANDOM"
    ERR="$BATS_TEST_TMPDIR/err.$$.$RANDOM"
    status=0
    "$@" >"$OUT" 2>"$ERR" || status=$?
}

# decode FILE: the raw bytes zbarimg reads from the PNG.
decode() {
    zbarimg --quiet --raw -Sbinary "$1" 2>/dev/null
}

# decodes_to PNG EXPECTED: the PNG decodes to exactly the bytes of file
# EXPECTED (zbarimg, compared with cmp).
decodes_to() {
    local got="$BATS_TEST_TMPDIR/decoded.$$.$RANDOM"
    decode "$1" >"$got"
    cmp "$got" "$2"
}

# decodes_to_text PNG TEXT: the same for a text given as an argument.
decodes_to_text() {
    local want="$BATS_TEST_TMPDIR/want.$$.$RANDOM"
    printf '%s' "$2" >"$want"
    decodes_to "$1" "$want"
}

# png_width PNG: the width in the IHDR chunk (bytes 16-19, big-endian).
png_width() {
    od -An -tu1 -j16 -N4 "$1" | awk '{ print (($1 * 256 + $2) * 256 + $3) * 256 + $4 }'
}

# all_pngs_complete DIR: every DIR/*.png is a whole, valid PNG (pngcheck
# checks every chunk's CRC and the IEND chunk).
all_pngs_complete() {
    find "$1" -maxdepth 1 -type f -name '*.png' ! -name '.*' -print0 |
        xargs -0 -r pngcheck -q
}
