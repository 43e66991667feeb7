#!/usr/bin/env bats
# qr-cli when writing fails: exit 3, one line on stderr, nothing partial.

load helpers

# A text that makes a PNG far larger than a pipe's buffer (64 KiB) at
# --size 8192: 2900 bytes of varied letters and digits.
big_text() {
    seq 100000 100999 | tr -d '\n' | head -c 2900
}

one_line_error() { # PATTERN: $ERR is exactly one line matching it
    [ "$(wc -l <"$ERR")" -eq 1 ]
    grep -q "^qr-cli: $1" "$ERR"
}

@test "stdout closed: exit 3, one line, no crash" {
    status=0
    "$QR_CLI" hello >&- 2>"$BATS_TEST_TMPDIR/err" || status=$?
    ERR=$BATS_TEST_TMPDIR/err
    [ "$status" -eq 3 ]
    one_line_error "cannot write to standard output: Bad file descriptor"
}

@test "stdout closed, text from -i FILE (opened as descriptor 1): exit 3" {
    printf 'from a file' >"$BATS_TEST_TMPDIR/in.txt"
    status=0
    "$QR_CLI" -i "$BATS_TEST_TMPDIR/in.txt" >&- 2>"$BATS_TEST_TMPDIR/err" || status=$?
    ERR=$BATS_TEST_TMPDIR/err
    [ "$status" -eq 3 ]
    one_line_error "cannot write to standard output"
}

@test "reader of stdout exits early: EPIPE gives exit 3, not a kill by SIGPIPE" {
    local statuses
    statuses=$(set +e; "$QR_CLI" --size 8192 -- "$(big_text)" \
        2>"$BATS_TEST_TMPDIR/err" | head -c 10 >/dev/null;
        echo "${PIPESTATUS[0]}")
    ERR=$BATS_TEST_TMPDIR/err
    [ "$statuses" -eq 3 ]
    one_line_error "cannot write to standard output: Broken pipe"
}

@test "stdout is /dev/full: exit 3, No space left on device" {
    [ -w /dev/full ] || skip "no /dev/full"
    status=0
    "$QR_CLI" hello >/dev/full 2>"$BATS_TEST_TMPDIR/err" || status=$?
    ERR=$BATS_TEST_TMPDIR/err
    [ "$status" -eq 3 ]
    one_line_error "cannot write to standard output: No space left on device"
}

@test "-o into a missing folder: exit 3, no file anywhere" {
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/missing/code.png" -- hello
    [ "$status" -eq 3 ]
    [ ! -s "$OUT" ]
    one_line_error "cannot write '.*/missing/code.png': No such file or directory"
    [ ! -e "$BATS_TEST_TMPDIR/missing" ]
}

@test "-o into a read-only folder (permission bits): exit 3, folder stays empty" {
    [ "$(id -u)" -ne 0 ] || skip "root ignores permission bits; the /sys test covers root"
    mkdir "$BATS_TEST_TMPDIR/ro" && chmod 555 "$BATS_TEST_TMPDIR/ro"
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/ro/code.png" -- hello
    chmod 755 "$BATS_TEST_TMPDIR/ro"
    [ "$status" -eq 3 ]
    [ ! -s "$OUT" ]
    one_line_error "cannot write '.*/ro/code.png': Permission denied"
    [ -z "$(ls -A "$BATS_TEST_TMPDIR/ro")" ]
}

@test "-o into a folder that refuses new files even to root (sysfs): exit 3" {
    # sysfs has no way to create a file: EACCES for every user, root too.
    [ "$(stat -f -c %T /sys 2>/dev/null)" = sysfs ] || skip "/sys is not sysfs here"
    run_split "$QR_CLI" -o /sys/qr-cli-test.png -- hello
    [ "$status" -eq 3 ]
    [ ! -s "$OUT" ]
    one_line_error "cannot write '/sys/qr-cli-test.png': "
    [ ! -e /sys/qr-cli-test.png ]
    [ -z "$(ls -A /sys | grep qr-cli)" ]
}

@test "-o onto a folder: exit 3, no temporary file left" {
    mkdir "$BATS_TEST_TMPDIR/dir.png"     # a folder where the file should go
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/dir.png" -- hello
    [ "$status" -eq 3 ]
    one_line_error "cannot write '.*/dir.png': Is a directory"
    [ -z "$(ls -A "$BATS_TEST_TMPDIR/dir.png")" ]
    [ -z "$(ls -A "$BATS_TEST_TMPDIR" | grep '^\.dir\.png\.')" ]
}

@test "an option value with a newline is quoted on one line" {
    run_split "$QR_CLI" --size $'12\nqr-cli: forged' -- hello
    [ "$status" -eq 1 ]
    one_line_error "invalid -s/--size '12\\\\x0Aqr-cli: forged'"
}
