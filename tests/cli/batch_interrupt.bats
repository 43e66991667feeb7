#!/usr/bin/env bats
# An interrupted --batch ends with its one summary line: what was written
# (exactly the files in DIR), how many records were left, and how to
# resume; then it dies of the signal (status 128+N). A batch started in
# the background of a script (SIGINT ignored) stays deaf to SIGINT and
# stops on SIGTERM, with the same line. A stderr no one reads cannot keep
# a signal from ending the batch.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

needs_strace() {
    command -v strace >/dev/null || skip "strace is not installed"
    strace -o /dev/null true 2>/dev/null || skip "ptrace is not allowed here"
}

# manifest_of N: N lines "tNNNNN<TAB>URL".
manifest_of() {
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++)
        printf "t%05d\thttps://tickets.example.com/e/2026?seat=%05d\n", i, i }'
}

# python3 -c "$DEFAULT_SIGNALS" CMD...: CMD with the fatal signals at
# their default action: a background job of bats' shell ignores SIGINT and
# SIGQUIT, and a run under nohup SIGHUP.
DEFAULT_SIGNALS='import os, signal, sys
for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGTERM,
          signal.SIGUSR1, signal.SIGALRM):
    signal.signal(s, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])'

# SUMMARY_RE: the interrupted summary; its groups are written, left, the
# manifest's state and the signal.
SUMMARY_RE='^qr-cli: batch: ([0-9]+) written, 0 skipped, 0 failed, ([0-9]+) left( and the rest of the manifest unread)?; interrupted by (SIG[A-Z0-9]+): run the same command with --skip-existing to finish$'

# check_summary SIGNAL READ_ALL|UNREAD [RECORDS]: err's last line is the
# interrupted summary for SIGNAL, with the manifest read to its end or
# not; its written count is the number of PNGs in out, and with RECORDS
# (the manifest read to its end), written + left = RECORDS.
check_summary() {
    local last
    last=$(tail -n 1 err)
    [[ $last =~ $SUMMARY_RE ]] || { echo "last line: $last" >&2; return 1; }
    local written=${BASH_REMATCH[1]} left=${BASH_REMATCH[2]}
    [ "${BASH_REMATCH[4]}" = "$1" ]
    if [ "$2" = READ_ALL ]; then [ -z "${BASH_REMATCH[3]}" ]; else [ -n "${BASH_REMATCH[3]}" ]; fi
    local files
    files=$(find out -name '*.png' ! -name '.*' | wc -l)
    [ "$written" -eq "$files" ] || { echo "says $written written, $files files" >&2; return 1; }
    [ -z "${3:-}" ] || [ $((written + left)) -eq "$3" ] ||
        { echo "$written written + $left left != $3" >&2; return 1; }
    # One summary line, no other after the run's own lines.
    [ "$(grep -c '^qr-cli: batch: ' err)" -eq 1 ]
}

@test "SIGTERM midway: the summary is the last line, its count the files written; exit 143; resume finishes" {
    manifest_of 3000 >m
    "$QR_CLI" --batch out -s 1200 -j 2 -i m 2>err &
    local pid=$! tries=0
    until [ "$(find out -name '*.png' 2>/dev/null | wc -l)" -ge 100 ] ||
          [ $tries -ge 600 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    kill -s TERM "$pid"
    status=0
    wait "$pid" || status=$?
    [ "$status" -eq 143 ]
    check_summary SIGTERM UNREAD
    [ -z "$(find out -name '.*')" ]
    all_pngs_complete out
    local written
    written=$(find out -name '*.png' | wc -l)
    [ "$written" -lt 3000 ]
    # What the line says to do finishes the set.
    run_split "$QR_CLI" --batch out -s 1200 -j 2 -i m --skip-existing
    [ "$status" -eq 0 ]
    [ "$(cat "$ERR")" = "qr-cli: batch: $((3000 - written)) written, $written skipped, 0 failed" ]
    [ "$(find out -name '*.png' | wc -l)" -eq 3000 ]
}

@test "SIGINT while files are being written (strace): exit 130, summary with the manifest read, PNGs whole" {
    needs_strace
    manifest_of 20 >m
    # Every write() waits 0.3 s, so files are being written when SIGINT
    # comes; 20 records fit the queue, so the manifest is read to its end.
    # strace's own warnings go to its stderr, qr-cli's to err.
    python3 -c "$DEFAULT_SIGNALS" strace -f -qq -o /dev/null -e trace=write \
        -e inject=write:delay_enter=300000 \
        sh -c 'exec "$0" "$@" 2>err' "$QR_CLI" --batch out -j 2 -i m \
        2>strace.err &
    local tracer=$! tries=0 pid=
    until [ -n "$pid" ] && [ -n "$(find out -name '*.png' 2>/dev/null)" ] ||
          [ $tries -ge 200 ]; do
        sleep 0.05
        pid=$(pgrep -P "$tracer" || true)
        tries=$((tries + 1))
    done
    [ -n "$pid" ]
    kill -s INT "$pid"
    status=0
    wait "$tracer" || status=$?
    [ "$status" -eq 130 ]
    check_summary SIGINT READ_ALL 20
    [ -z "$(find out -name '.*')" ]
    all_pngs_complete out
}

@test "every fatal signal gives the summary and its own status" {
    local sig want
    for sig in HUP:129 QUIT:131 USR1:138 ALRM:142; do
        rm -rf out m
        mkfifo m
        python3 -c "$DEFAULT_SIGNALS" "$QR_CLI" --batch out -i m 2>err &
        local pid=$!
        exec 7>m
        printf 'first\tone\n' >&7
        local tries=0
        until [ -e out/first.png ] || [ $tries -ge 200 ]; do
            sleep 0.05
            tries=$((tries + 1))
        done
        kill -s "${sig%:*}" "$pid"
        status=0
        wait "$pid" || status=$?
        exec 7>&-
        want=${sig#*:}
        [ "$status" -eq "$want" ] || { echo "SIG${sig%:*}: exit $status" >&2; return 1; }
        [ "$(cat err)" = "qr-cli: batch: 1 written, 0 skipped, 0 failed, 0 left and the rest of the manifest unread; interrupted by SIG${sig%:*}: run the same command with --skip-existing to finish" ] ||
            { echo "SIG${sig%:*}: $(cat err)" >&2; return 1; }
    done
}

@test "a batch in the background of a script ignores SIGINT and stops on SIGTERM with its summary" {
    mkfifo m
    # sh (dash) starts a background job with SIGINT and SIGQUIT ignored,
    # as every POSIX shell without job control does; qr-cli leaves them so.
    sh -c '"$1" --batch out -i m 2>err & echo $! >pid; wait $!; echo $? >st' sh "$QR_CLI" &
    local script=$!
    exec 7>m
    printf 'first\tone\n' >&7
    local tries=0
    until [ -e out/first.png ] || [ $tries -ge 200 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    local pid
    pid=$(cat pid)
    # Ignored (SigIgn has SIGINT, bit 2), not caught nor blocked for a
    # thread to wait for it.
    local ign blk
    ign=$(sed -n 's/^SigIgn:\t*//p' /proc/"$pid"/status)
    blk=$(sed -n 's/^SigBlk:\t*//p' /proc/"$pid"/status)
    [ $((0x$ign & 2)) -eq 2 ]
    [ $((0x$blk & 2)) -eq 0 ]
    kill -s INT "$pid"
    sleep 0.2
    printf 'second\ttwo\n' >&7
    tries=0
    until [ -e out/second.png ] || [ $tries -ge 200 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    decodes_to_text out/second.png two
    kill -s TERM "$pid"
    wait "$script"
    exec 7>&-
    [ "$(cat st)" -eq 143 ]
    [ "$(cat err)" = "qr-cli: batch: 2 written, 0 skipped, 0 failed, 0 left and the rest of the manifest unread; interrupted by SIGTERM: run the same command with --skip-existing to finish" ]
}

@test "SIGTERM ends a batch whose stderr no one reads (a full pipe) within seconds" {
    # 5000 bad names: their lines fill a pipe that is never read, so a
    # thread waits in write() while it holds the report's lock.
    awk 'BEGIN { for (i = 1; i <= 5000; i++) printf "a/%d\tx\n", i }' >m
    mkfifo e
    exec 8<>e
    "$QR_CLI" --batch out -j 2 -i m 2>e &
    local pid=$! tries=0
    # Blocked once its state is S with the pipe full: wait for the writer.
    until grep -q 'pipe_write\|wait_woken\|pipe_wait' /proc/"$pid"/task/*/wchan 2>/dev/null ||
          [ $tries -ge 100 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    grep -q 'pipe_write\|wait_woken\|pipe_wait' /proc/"$pid"/task/*/wchan
    kill -s TERM "$pid"
    local start=$SECONDS gone=0
    # A bounded wait for the end; a hang is killed after it.
    timeout 10 sh -c 'while kill -0 "$1" 2>/dev/null; do sleep 0.1; done' sh "$pid" || gone=$?
    [ "$gone" -eq 0 ] || kill -s KILL "$pid"
    status=0
    wait "$pid" || status=$?
    exec 8>&-
    [ "$gone" -eq 0 ]
    [ "$status" -eq 143 ]
    [ $((SECONDS - start)) -le 5 ]
}

@test "10 signals at random moments, -j 4, failing records among them: each run's count is exact" {
    awk 'BEGIN { for (i = 1; i <= 1500; i++)
        if (i % 3 == 0) printf "bad/%d\tx\n", i
        else printf "t%05d\thttps://x.example/%05d\n", i, i }' >m
    local run pid files last
    for run in 1 2 3 4 5 6 7 8 9 10; do
        rm -rf out
        "$QR_CLI" --batch out -s 300 -j 4 -i m 2>err &
        pid=$!
        sleep "0.0$((RANDOM % 9 + 1))"
        kill -s TERM "$pid"
        status=0
        wait "$pid" || status=$?
        files=$(find out -name '*.png' ! -name '.*' 2>/dev/null | wc -l)
        last=$(tail -n 1 err)
        # A run that finished first has the ordinary summary and status 2.
        if [ "$status" -eq 2 ]; then
            [ "$last" = "qr-cli: batch: 1000 written, 0 skipped, 500 failed" ]
            continue
        fi
        [ "$status" -eq 143 ] || { echo "run $run: exit $status" >&2; return 1; }
        [[ $last =~ ^qr-cli:\ batch:\ ([0-9]+)\ written,\ 0\ skipped,\ [0-9]+\ failed,\ [0-9]+\ left.*interrupted\ by\ SIGTERM ]] ||
            { echo "run $run: last line $last" >&2; return 1; }
        [ "${BASH_REMATCH[1]}" -eq "$files" ] ||
            { echo "run $run: says ${BASH_REMATCH[1]} written, $files files" >&2; return 1; }
        [ "$(grep -c '^qr-cli: batch: ' err)" -eq 1 ]
        [ -z "$(find out -name '.*' 2>/dev/null)" ]
    done
}
