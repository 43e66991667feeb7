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
