#!/usr/bin/env bats
# Where the text comes from and where the PNG goes.

load helpers

@test "with a TEXT, stdin is never read (an open pipe does not hang it)" {
    # stdin is a pipe whose writer never writes nor closes.
    run_split python3 -c '
import subprocess, sys, tempfile
for argv in ([sys.argv[1], "hello"], [sys.argv[1], "-l", "M", "--", "hello"]):
    with tempfile.TemporaryFile() as out:
        p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=out)
        try:
            code = p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            p.kill()
            sys.exit("qr-cli waited for stdin")
        p.stdin.close()
        if code != 0:
            sys.exit(code)
        out.seek(0)
        png = out.read()
sys.stdout.buffer.write(png)' "$QR_CLI"
    assert_png_success
    printf hello >"$BATS_TEST_TMPDIR/want"
    decode_equals "$OUT" "$BATS_TEST_TMPDIR/want"
}

@test "stdin drops one trailing LF or CR LF, and only one" {
    printf 'abc\n' >"$BATS_TEST_TMPDIR/in1"
    printf 'abc' >"$BATS_TEST_TMPDIR/want1"
    run_split_stdin "$BATS_TEST_TMPDIR/in1" "$QR_CLI"
    assert_png_success
    decode_equals "$OUT" "$BATS_TEST_TMPDIR/want1"

    printf 'abc\r\n' >"$BATS_TEST_TMPDIR/in2"
    run_split_stdin "$BATS_TEST_TMPDIR/in2" "$QR_CLI"
    assert_png_success
    decode_equals "$OUT" "$BATS_TEST_TMPDIR/want1"

    printf 'abc\n\n' >"$BATS_TEST_TMPDIR/in3"
    printf 'abc\n' >"$BATS_TEST_TMPDIR/want3"
    run_split_stdin "$BATS_TEST_TMPDIR/in3" "$QR_CLI"
    assert_png_success
    decode_equals "$OUT" "$BATS_TEST_TMPDIR/want3"
}

@test "--keep-newline keeps it; -i FILE and -i - read the same" {
    printf 'abc\n' >"$BATS_TEST_TMPDIR/in"
    run_split "$QR_CLI" -i "$BATS_TEST_TMPDIR/in" --keep-newline
    assert_png_success
    decode_equals "$OUT" "$BATS_TEST_TMPDIR/in"
    cp "$OUT" "$BATS_TEST_TMPDIR/from-file.png"
    run_split_stdin "$BATS_TEST_TMPDIR/in" "$QR_CLI" --keep-newline -i -
    assert_png_success
    cmp "$OUT" "$BATS_TEST_TMPDIR/from-file.png"
}

@test "argv, stdin and -o give the same bytes" {
    run_split "$QR_CLI" 'same bytes'
    assert_png_success
    cp "$OUT" "$BATS_TEST_TMPDIR/argv.png"
    printf 'same bytes' >"$BATS_TEST_TMPDIR/in"
    run_split_stdin "$BATS_TEST_TMPDIR/in" "$QR_CLI"
    cmp "$OUT" "$BATS_TEST_TMPDIR/argv.png"
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/file.png" 'same bytes'
    [ "$status" -eq 0 ] && [ ! -s "$OUT" ] && [ ! -s "$ERR" ]
    cmp "$BATS_TEST_TMPDIR/file.png" "$BATS_TEST_TMPDIR/argv.png"
    run_split "$QR_CLI" -o - 'same bytes'
    cmp "$OUT" "$BATS_TEST_TMPDIR/argv.png"
}

@test "-o replaces a file whole, keeping its mode whatever the umask, no temp left" {
    local dir="$BATS_TEST_TMPDIR/out"
    mkdir "$dir"
    printf 'old content' >"$dir/code.png"
    chmod 664 "$dir/code.png"
    (umask 027 && "$QR_CLI" -o "$dir/code.png" -- 'new code')
    printf 'new code' >"$BATS_TEST_TMPDIR/want"
    decode_equals "$dir/code.png" "$BATS_TEST_TMPDIR/want"
    [ "$(stat -c %a "$dir/code.png")" = 664 ]
    [ "$(ls -A "$dir")" = "code.png" ]
}

@test "-o with a relative path writes in the current folder" {
    cd "$BATS_TEST_TMPDIR"
    "$QR_CLI" -o rel.png -- relative
    printf relative >want
    decode_equals rel.png want
    [ "$(ls -A | grep -c '^\.rel')" -eq 0 ]
}

@test "--help lists options and exit codes on stdout" {
    run_split "$QR_CLI" --help
    [ "$status" -eq 0 ] && [ ! -s "$ERR" ]
    grep -q '^Usage: qr-cli \[OPTIONS\] \[--\] \[TEXT\]' "$OUT"
    for opt in --level --size --scale --margin --fg --bg --output --input --keep-newline; do
        grep -q -- "$opt" "$OUT"
    done
    for code in 0 1 2 3 4; do grep -q "^  $code  " "$OUT"; done
    run_split "$QR_CLI" -l M --help
    [ "$status" -eq 0 ] && grep -q '^Usage:' "$OUT"
}

@test "--version names qr-cli and the libraries it runs with" {
    run_split "$QR_CLI" --version
    [ "$status" -eq 0 ] && [ ! -s "$ERR" ]
    grep -Eq '^qr-cli [0-9]+\.[0-9]+\.[0-9]+ \(libqrpng [0-9.]+; libqrencode [0-9.]+, libpng [0-9.]+, zlib [0-9.]+\)$' "$OUT"
}

# NONBLOCKING_STDIN CMD...: runs CMD with a stdin pipe that the parent made
# non-blocking (O_NONBLOCK, shared with CMD) and writes the text 0.3 s
# later; CMD's stdout goes to the file out, stderr to err, and its exit
# code is printed.
NONBLOCKING_STDIN='import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(r, fcntl.F_SETFL, fcntl.fcntl(r, fcntl.F_GETFL) | os.O_NONBLOCK)
with open("out", "wb") as out, open("err", "wb") as err:
    p = subprocess.Popen(sys.argv[1:], stdin=r, stdout=out, stderr=err)
os.close(r)
time.sleep(0.3)
os.write(w, b"a\tlate text\n" if "--batch" in sys.argv else b"late text")
os.close(w)
print(p.wait(30))'

@test "stdin left non-blocking by the parent: qr-cli waits for the text" {
    cd "$BATS_TEST_TMPDIR"
    run python3 -c "$NONBLOCKING_STDIN" "$QR_CLI"
    [ "$output" = 0 ]
    decodes_to_text out 'late text'
}

@test "a manifest on a non-blocking stdin: --batch waits for it" {
    cd "$BATS_TEST_TMPDIR"
    run python3 -c "$NONBLOCKING_STDIN" "$QR_CLI" --batch dir
    [ "$output" = 0 ]
    grep -qx 'qr-cli: batch: 1 written, 0 skipped, 0 failed' err
    decodes_to_text dir/a.png 'late text'
}
