#!/usr/bin/env bats
# Every error path: its exit code, one line on stderr, nothing on stdout.

load helpers

@test "an empty TEXT exits 2" {
    run_split "$QR_CLI" ''
    assert_failure 2 "text is empty"
}

@test "empty standard input exits 2, as does a lone newline" {
    run_split_stdin /dev/null "$QR_CLI"
    assert_failure 2 "text is empty"
    printf '\n' >"$BATS_TEST_TMPDIR/nl"
    run_split_stdin "$BATS_TEST_TMPDIR/nl" "$QR_CLI"
    assert_failure 2 "text is empty"
}

@test "bad values name the option and what is allowed (exit 1)" {
    run_split "$QR_CLI" -l X hi;        assert_failure 1 "invalid -l/--level 'X': expected L, M, Q or H"
    run_split "$QR_CLI" --level=LM hi;  assert_failure 1 "invalid -l/--level 'LM'"
    run_split "$QR_CLI" -s 0 hi;        assert_failure 1 "invalid -s/--size '0': expected a whole number of pixels, 1 to 8192"
    run_split "$QR_CLI" -s 8193 hi;     assert_failure 1 "invalid -s/--size '8193'"
    run_split "$QR_CLI" --size=2e2 hi;  assert_failure 1 "invalid -s/--size '2e2'"
    run_split "$QR_CLI" -s -5 hi;       assert_failure 1 "invalid -s/--size '-5'"
    run_split "$QR_CLI" --scale 0 hi;   assert_failure 1 "invalid --scale '0'"
    run_split "$QR_CLI" -m 256 hi;      assert_failure 1 "invalid -m/--margin '256': expected a whole number of modules, 0 to 255"
    run_split "$QR_CLI" --fg red hi;    assert_failure 1 "invalid --fg 'red': expected a hex colour"
    run_split "$QR_CLI" --fg '#12345' hi; assert_failure 1 "invalid --fg '#12345'"
    run_split "$QR_CLI" --bg nope hi;   assert_failure 1 "invalid --bg 'nope': expected a hex colour like #ffffff, or transparent"
    run_split "$QR_CLI" --fg transparent hi; assert_failure 1 "invalid --fg 'transparent'"
}

@test "option combinations and argument counts (exit 1)" {
    run_split "$QR_CLI" -s 100 --scale 2 hi
    assert_failure 1 "give a size or a scale, not both"
    run_split "$QR_CLI" -l M two words
    assert_failure 1 "expected one TEXT, got 2 arguments"
    run_split "$QR_CLI" --bogus hi
    assert_failure 1 "unknown option '--bogus' (put -- before a text that starts with '-')"
    run_split "$QR_CLI" -x hi
    assert_failure 1 "unknown option '-x'"
    run_split "$QR_CLI" -m 1 -l
    assert_failure 1 "option '-l' needs a value"
    run_split "$QR_CLI" -i /etc/hostname hi
    assert_failure 1 "give a TEXT or -i/--input, not both"
    run_split "$QR_CLI" --fg '#000' --bg '#000000' hi
    assert_failure 1 "dark and light colours are the same"
}

@test "a scale too large for the symbol exits 1" {
    run_split "$QR_CLI" --scale 8000 hi
    assert_failure 1 "the limit is 8192"
}

@test "no TEXT with a terminal on stdin is a usage error, not a hang" {
    run_split python3 -c '
import os, subprocess, sys
master, slave = os.openpty()
p = subprocess.run([sys.argv[1]], stdin=slave, stdout=subprocess.PIPE,
                   stderr=subprocess.PIPE, timeout=10)
sys.stdout.buffer.write(p.stdout)
sys.stderr.buffer.write(p.stderr)
sys.exit(p.returncode)' "$QR_CLI"
    assert_failure 1 "no TEXT given and standard input is a terminal"
}

@test "a missing input file exits 3" {
    run_split "$QR_CLI" -i "$BATS_TEST_TMPDIR/missing.txt"
    assert_failure 3 "cannot open input '$BATS_TEST_TMPDIR/missing.txt': No such file or directory"
}

@test "a closed standard input is said so, as in --batch (exit 3)" {
    OUT="$BATS_TEST_TMPDIR/out" ERR="$BATS_TEST_TMPDIR/err" status=0
    "$QR_CLI" <&- >"$OUT" 2>"$ERR" || status=$?
    assert_failure 3 "cannot read input: standard input is closed"
    status=0
    "$QR_CLI" -i - <&- >"$OUT" 2>"$ERR" || status=$?
    assert_failure 3 "cannot read input: standard input is closed"
}

@test "options the library refuses are usage errors before any work, in every mode" {
    # One policy (cli/render_options.c, then qrpng_check_options): the same
    # words whether the options come with a TEXT, --batch or --worker.
    local want="dark and light colours are the same"
    run_split "$QR_CLI" --fg '#abc' --bg '#aabbcc' -- hi
    assert_failure 1 "$want"
    printf 'a\tone\n' >"$BATS_TEST_TMPDIR/manifest"
    run_split "$QR_CLI" --batch "$BATS_TEST_TMPDIR/out" --fg '#abc' --bg '#aabbcc' \
        -i "$BATS_TEST_TMPDIR/manifest"
    assert_failure 1 "$want"
    [ ! -e "$BATS_TEST_TMPDIR/out" ]
    run_split_stdin /dev/null "$QR_CLI" --worker --fg '#abc' --bg '#aabbcc' --
    assert_failure 1 "$want"
    run_split "$QR_CLI" --batch "$BATS_TEST_TMPDIR/out" --micro -v 5 \
        -i "$BATS_TEST_TMPDIR/manifest"
    assert_failure 1 "version must be 1..4 for Micro QR (got 5)"
    run_split "$QR_CLI" --batch "$BATS_TEST_TMPDIR/out" -s 90 --scale 3 \
        -i "$BATS_TEST_TMPDIR/manifest"
    assert_failure 1 "give a size or a scale, not both"
    [ ! -e "$BATS_TEST_TMPDIR/out" ]
}

@test "a directory as input exits 3" {
    run_split "$QR_CLI" -i "$BATS_TEST_TMPDIR"
    assert_failure 3 "cannot read input: Is a directory"
}

@test "stdout on /dev/full exits 3" {
    status=0
    "$QR_CLI" hello >/dev/full 2>"$BATS_TEST_TMPDIR/err" || status=$?
    [ "$status" -eq 3 ]
    [ "$(cat "$BATS_TEST_TMPDIR/err")" = "qr-cli: cannot write to standard output: No space left on device" ]
}

@test "a closed stdout exits 3" {
    status=0
    "$QR_CLI" hello >&- 2>"$BATS_TEST_TMPDIR/err" || status=$?
    [ "$status" -eq 3 ]
    grep -q '^qr-cli: cannot write to standard output: Bad file descriptor$' "$BATS_TEST_TMPDIR/err"
}

@test "a reader that has gone away (EPIPE) exits 3, not 0" {
    run_split python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
p = subprocess.run([sys.argv[1], "hello"], stdout=w, stderr=subprocess.PIPE)
sys.stderr.buffer.write(p.stderr)
sys.exit(p.returncode)' "$QR_CLI"
    assert_failure 3 "cannot write to standard output: Broken pipe"
}

@test "-o into a missing folder exits 3 and leaves no file" {
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/no/such/dir/code.png" hi
    assert_failure 3 "cannot write '$BATS_TEST_TMPDIR/no/such/dir/code.png': No such file or directory"
    [ ! -e "$BATS_TEST_TMPDIR/no" ]
}

@test "-o onto a directory exits 3 and leaves no temporary file" {
    mkdir "$BATS_TEST_TMPDIR/out" "$BATS_TEST_TMPDIR/out/code.png"
    run_split "$QR_CLI" -o "$BATS_TEST_TMPDIR/out/code.png" hi
    assert_failure 3 "cannot write '$BATS_TEST_TMPDIR/out/code.png': Is a directory"
    [ "$(ls -A "$BATS_TEST_TMPDIR/out")" = "code.png" ]
}
