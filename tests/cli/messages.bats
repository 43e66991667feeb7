#!/usr/bin/env bats
# Every failure is exactly one line on stderr, and every value echoed in it
# (an argument, a path, a batch name) goes through one quoting function:
# C0 and DEL as \xHH, C1 controls and bidirectional overrides as \u{HHHH},
# bytes that are not UTF-8 as \xHH, a backslash as \\.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

# no_raw_controls FILE: no ESC, CR, C1 (UTF-8 C2 80-9F) or bidi override
# (E2 80 AA-AE, E2 81 A6-A9) in FILE.
no_raw_controls() {
    ! LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$1"
}

@test "-o path with a newline and escape codes: one line, escaped" {
    run_split "$QR_CLI" -o $'/nonexistent/x\nqr-cli: FORGED \e[31mred' -- hi
    assert_failure 3 "cannot write '/nonexistent/x\\x0Aqr-cli: FORGED \\x1B[31mred': No such file or directory"
    no_raw_controls "$ERR"
}

@test "-o path with C1 controls, bidi overrides and bytes that are not UTF-8" {
    run_split "$QR_CLI" -o $'/nonexistent/a\xc2\x9bb\xe2\x80\xaec\xe2\x81\xa6d\xffe\\f' -- hi
    assert_failure 3 "cannot write '/nonexistent/a\\u{009B}b\\u{202E}c\\u{2066}d\\xFFe\\\\f'"
    no_raw_controls "$ERR"
}

@test "-o path with the Arabic letter mark, zero-width and tag characters" {
    # U+061C (a Bidi_Control), U+200B, U+2060, U+FE0F, U+E0041 (all
    # Default_Ignorable): each could reorder or hide text on a terminal.
    run_split "$QR_CLI" -o $'/nonexistent/a\u061cb\u200bc\u2060d\ufe0fe\U000e0041f' -- hi
    assert_failure 3 "cannot write '/nonexistent/a\\u{061C}b\\u{200B}c\\u{2060}d\\u{FE0F}e\\u{E0041}f'"
}

@test "ordinary UTF-8 in a path is shown as it is" {
    run_split "$QR_CLI" -o '/nonexistent/café/日本.png' -- hi
    assert_failure 3 "cannot write '/nonexistent/café/日本.png'"
}

@test "a long path is cut with ..., still one line" {
    run_split "$QR_CLI" -o "/nonexistent/$(printf 'x%.0s' {1..2000})" -- hi
    [ "$status" -eq 3 ]
    [ "$(wc -l <"$ERR")" -eq 1 ]
    grep -q "xxx\.\.\.': No such file" "$ERR"
}

@test "manifest and output folder names are escaped" {
    run_split "$QR_CLI" --batch out -i $'no\nsuch\e[2J'
    assert_failure 3 "cannot open manifest 'no\\x0Asuch\\x1B[2J'"
    echo file >$'taken\e]0;title\a'
    printf 'a\tb\n' >m
    run_split "$QR_CLI" --batch $'taken\e]0;title\a' -i m
    assert_failure 3 "cannot use output folder 'taken\\x1B]0;title\\x07': Not a directory"
}

@test "batch names with C1 controls and bidi overrides are escaped in messages" {
    printf '\xe2\x80\xaegnp.exe\tone\n\xe2\x80\xaegnp.exe\ttwo\n' >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    grep -qxF "qr-cli: line 2: duplicate file name '\\u{202E}gnp.exe.png', first at line 1" "$ERR"
    no_raw_controls "$ERR"
    mkdir -p $'out2/\xc2\x9bx.png'
    printf '\xc2\x9bx\tone\n' >m2
    run_split "$QR_CLI" --batch out2 -i m2
    [ "$status" -eq 2 ]
    grep -qxF "qr-cli: line 1: cannot write 'out2/\\u{009B}x.png': Is a directory" "$ERR"
    no_raw_controls "$ERR"
}

@test "an option value with C1 controls is escaped" {
    run_split "$QR_CLI" --fg $'\xc2\x9b31m' -- hi
    assert_failure 1 "invalid --fg '\\u{009B}31m'"
}

@test "--worker=x and --null=x name the option and say it takes no value" {
    run_split "$QR_CLI" --worker=x --
    assert_failure 1 "option '--worker' takes no value"
    run_split "$QR_CLI" --batch out --null=x
    assert_failure 1 "option '--null' takes no value"
    run_split "$QR_CLI" --skip-existing=yes --batch out
    assert_failure 1 "option '--skip-existing' takes no value"
    run_split "$QR_CLI" --keep-newline=1 -- hi
    assert_failure 1 "option '--keep-newline' takes no value"
    [ ! -e out ]
}

@test "--help and --version that cannot be written: exit 3 and one line" {
    [ -w /dev/full ] || skip "no /dev/full"
    run_split "$QR_CLI" --help
    [ "$status" -eq 0 ]
    status=0
    "$QR_CLI" --help >/dev/full 2>err || status=$?
    [ "$status" -eq 3 ]
    [ "$(cat err)" = "qr-cli: cannot write to standard output: No space left on device" ]
    status=0
    "$QR_CLI" --version >&- 2>err || status=$?
    [ "$status" -eq 3 ]
    [ "$(cat err)" = "qr-cli: cannot write to standard output: Bad file descriptor" ]
}

@test "--batch with standard input closed says so, and reads no folder" {
    status=0
    "$QR_CLI" --batch out <&- >out.txt 2>err || status=$?
    [ "$status" -eq 3 ]
    [ "$(cat err)" = "qr-cli: cannot read manifest: standard input is closed" ]
}

@test "a folder in the way of a batch file is one failed record, with its line" {
    mkdir -p out/b.png
    printf 'a\tone\nb\ttwo\nc\tthree\n' >m
    run_split "$QR_CLI" --batch out -j 1 -i m
    [ "$status" -eq 2 ]
    grep -qx "qr-cli: line 2: cannot write 'out/b.png': Is a directory" "$ERR"
    grep -qx "qr-cli: batch: 2 written, 0 skipped, 1 failed" "$ERR"
}

@test "a CR LF record of exactly 16384 bytes is not over the limit" {
    # 16384 bytes of record (name, tab, text) plus CR plus LF. The text is
    # too long for a QR code: the message must be about the QR code, not
    # about the record.
    python3 -c 'import sys; sys.stdout.buffer.write(b"n\t" + b"7" * 16382 + b"\r\n")' >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    grep -q "^qr-cli: line 1: text is 16382 bytes, too long" "$ERR"
    run grep -c "record over" "$ERR"
    [ "$output" = 0 ]
    # One byte more is over, with or without the CR.
    python3 -c 'import sys; sys.stdout.buffer.write(b"n\t" + b"7" * 16383 + b"\r\n")' >m2
    run_split "$QR_CLI" --batch out -i m2
    grep -q "^qr-cli: line 1: record over 16384 bytes" "$ERR"
    python3 -c 'import sys; sys.stdout.buffer.write(b"n\t" + b"7" * 16383 + b"\n")' >m3
    run_split "$QR_CLI" --batch out -i m3
    grep -q "^qr-cli: line 1: record over 16384 bytes" "$ERR"
}
