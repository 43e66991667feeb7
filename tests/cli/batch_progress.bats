#!/usr/bin/env bats
# qr-cli --batch on a terminal: the progress line's figures only grow, the
# manifest's share is what finished records cover (not how far the reader
# has read ahead), and the last line says 100%. script(1) (util-linux
# bsdutils) gives qr-cli a pseudo-terminal for stderr.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
    command -v script >/dev/null || skip "script(1) is not installed"
}

# on_tty CMD: runs the shell command CMD with a pseudo-terminal for its
# stdout and stderr; what they showed goes to the file tty (CR, as the
# terminal would move, turned into newlines) and its exit code to status.
on_tty() {
    status=0
    script -qec "$1" /dev/null >typescript </dev/null || status=$?
    tr '\r' '\n' <typescript | sed 's/\x1b\[K//g' | grep -v '^$' >tty || true
}

# check_progress N FAILED: the lines of tty are progress lines whose
# figures only grow, each share at most the share of records done, the
# last at 100% with the time taken, then one summary line.
check_progress() {
    awk -v n="$1" -v failed="$2" '
        function fail(why) { print "line " NR ": " why ": " $0 > "/dev/stderr"; bad = 1; exit 1 }
        /^qr-cli: line [0-9]+: / { next }
        /^qr-cli: batch: / { summaries++; summary = $0; next }
        summaries > 0 { fail("after the summary") }
        !/^qr-cli: [0-9]+ done \([0-9]+ failed\), [0-9]+% of the manifest, [0-9]+\/s, (ETA [0-9hms]+|in [0-9.hms]+)$/ {
            fail("not a progress line")
        }
        {
            done = $2 + 0; f = substr($4, 2) + 0; pct = $6 + 0  # "(F", "P%,"
            if (done < last_done || pct < last_pct || f < last_failed) fail("went back")
            # Records are all the same length: the share done is at most
            # the share of records done (it lags by those still at work).
            if (pct * n > done * 100) fail("share ahead of the records done")
            last_done = done; last_pct = pct; last_failed = f; lines++
            final = $0
        }
        END {
            if (bad) exit 1
            if (lines < 2) { print "only " lines " progress lines" > "/dev/stderr"; exit 1 }
            if (summaries != 1) { print summaries " summary lines" > "/dev/stderr"; exit 1 }
            if (final !~ ("^qr-cli: " n " done \\(" failed " failed\\), 100% of the manifest, [0-9]+/s, in ")) {
                print "last progress line: " final > "/dev/stderr"; exit 1
            }
            if (summary != "qr-cli: batch: " (n - failed) " written, 0 skipped, " failed " failed") {
                print "summary: " summary > "/dev/stderr"; exit 1
            }
        }' tty
}

# 10,000 records of the same length; every 1000th has a bad name.
manifest_10000() {
    awk 'BEGIN { for (i = 1; i <= 10000; i++)
        printf "%s%05d\thttps://tickets.example.com/e/2026?seat=%05d\n",
               i % 1000 ? "t" : ".", i, i }'
}

@test "a 10,000-record batch on a terminal: the share done grows to 100% with an ETA" {
    manifest_10000 >m
    on_tty "$QR_CLI --batch out -j 2 -i m"
    [ "$status" -eq 2 ]
    check_progress 10000 10
    grep -q ', ETA [0-9]' tty
    [ "$(ls out | wc -l)" -eq 9990 ]
}

@test "the share is measured from where reading starts on a redirected stdin" {
    # The first 100 lines were read by someone else: the rest is the whole.
    manifest_10000 | head -n 3100 >m
    on_tty "{ head -n 100 >/dev/null; $QR_CLI --batch out -j 1; } <m"
    [ "$status" -eq 2 ]
    check_progress 3000 3
}

@test "from a pipe the progress line shows counts and the rate, no share" {
    manifest_10000 | head -n 3000 >m
    on_tty "cat m | $QR_CLI --batch out -j 1 -s 600"
    [ "$status" -eq 2 ]
    grep -q '^qr-cli: [0-9]* done ([0-9]* failed), [0-9]*/s' tty
    run grep -c '% of the manifest' tty
    [ "$output" = 0 ]
    grep -q '^qr-cli: 3000/3000 done (3 failed), [0-9]*/s, in ' tty
    [ "$(tail -n 1 tty)" = "qr-cli: batch: 2997 written, 0 skipped, 3 failed" ]
}

@test "off a terminal stderr has the failed records and the summary only" {
    manifest_10000 | head -n 2000 >m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    [ "$(grep -vc '^qr-cli: line [0-9]*000: ' "$ERR")" -eq 1 ]
    [ "$(tail -n 1 "$ERR")" = "qr-cli: batch: 1998 written, 0 skipped, 2 failed" ]
    ! grep -q $'\r' "$ERR"
}
