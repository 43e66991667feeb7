#!/usr/bin/env bats
# Signals: a fatal signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, ...)
# removes qr-cli's temporary files and ends it with the usual status; one
# that was ignored when it started (nohup, a background job of sh) stays
# ignored, in batch and single-file mode. A new file has no name until it
# is whole (O_TMPFILE), so even SIGKILL leaves nothing; SIGXFSZ is ignored.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

needs_strace() {
    command -v strace >/dev/null || skip "strace is not installed"
    strace -o /dev/null true 2>/dev/null || skip "ptrace is not allowed here"
}

# signal_between_records SIG PID: with descriptor 7 open on the FIFO m that
# batch PID reads, sends a first record, waits for its file, sends SIG.
signal_between_records() {
    printf 'first\tone\n' >&7
    local tries=0
    until [ -e out/first.png ] || [ $tries -ge 200 ]; do
        sleep 0.05
        tries=$((tries + 1))
    done
    kill -s "$1" "$2"
}

# batch_with_signal_ignored SIG: a batch reading its manifest from a FIFO,
# started with SIG ignored, gets SIG between two records; sets $status.
batch_with_signal_ignored() {
    mkfifo m
    sh -c 'trap "" "$1"; exec "$2" --batch out -i m' sh "$1" "$QR_CLI" 2>err &
    local pid=$!
    exec 7>m
    signal_between_records "$1" "$pid"
    sleep 0.2
    printf 'second\ttwo\n' >&7
    exec 7>&-
    status=0
    wait "$pid" || status=$?
}

@test "--batch started with SIGHUP ignored (nohup) is not ended by SIGHUP" {
    batch_with_signal_ignored HUP
    [ "$status" -eq 0 ]
    decodes_to_text out/first.png one
    decodes_to_text out/second.png two
    grep -qx 'qr-cli: batch: 2 written, 0 skipped, 0 failed' err
}

@test "--batch started with SIGINT ignored (sh's background job) survives SIGINT" {
    batch_with_signal_ignored INT
    [ "$status" -eq 0 ]
    decodes_to_text out/second.png two
}

@test "--batch with SIGHUP not ignored still dies of it (exit 129)" {
    mkfifo m
    "$QR_CLI" --batch out -i m 2>/dev/null &
    local pid=$!
    exec 7>m
    signal_between_records HUP "$pid"
    status=0
    wait "$pid" || status=$?
    exec 7>&-
    [ "$status" -eq 129 ]
}

# python3 -c "$WITH_SIGNALS" DISPOSITION CMD...: runs CMD with SIGINT,
# SIGTERM, SIGHUP and the other fatal signals set to DISPOSITION (default or ignore). A background
# job of a script starts with SIGINT ignored, and sh cannot undo that.
WITH_SIGNALS='import os, signal, sys
how = signal.SIG_DFL if sys.argv[1] == "default" else signal.SIG_IGN
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT,
          signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGXCPU):
    signal.signal(s, how)
os.execvp(sys.argv[2], sys.argv[2:])'

# tmpfile_openat_number CMD...: the number of CMD's openat() call that asks for
# an O_TMPFILE, for strace to make that one fail (as on a file system
# without O_TMPFILE), so that qr-cli writes under a temporary name.
tmpfile_openat_number() {
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    strace -qq -o openat.log -e trace=openat "$@" 2>/dev/null
    grep -n O_TMPFILE openat.log | head -1 | cut -d: -f1
}

# single_interrupted SIG [ignore|default] [named]: qr-cli -o out.png with
# every write() slowed to 2 s by strace, signalled while it writes; with
# "ignore", the signals are ignored at start; with "named", O_TMPFILE is
# refused, so the file is written under a hidden temporary name. Sets
# $status.
single_interrupted() {
    local inject=
    set -- "$1" "${2:-default}" "${3:-}" "$QR_CLI" -o out.png -- interrupted
    if [ "$3" = named ]; then
        local n
        n=$(tmpfile_openat_number "${@:4}")
        rm -f out.png
        [ -n "$n" ]
        inject="-e inject=openat:error=EOPNOTSUPP:when=$n"
    fi
    # The dispositions are set before strace starts qr-cli, so that only
    # qr-cli's own openat() calls are counted. LeakSanitizer cannot run
    # under ptrace (check-sanitize): no leak check for a traced process.
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    python3 -c "$WITH_SIGNALS" "$2" \
        strace -qq -o /dev/null -e trace=write,openat $inject \
        -e inject=write:delay_enter=2000000 "${@:4}" 2>err &
    local tracer=$! tries=0 pid=
    until [ -n "$pid" ] && being_written "$pid" "$3" || [ $tries -ge 200 ]; do
        sleep 0.05
        pid=$(pgrep -P "$tracer" || true)
        tries=$((tries + 1))
    done
    being_written "$pid" "$3"
    kill -s "$1" "$pid"
    status=0
    wait "$tracer" || status=$?
}

# being_written PID [named]: out.png is being written, under its hidden
# temporary name (named) or as a file with no name yet (O_TMPFILE).
being_written() {
    if [ "${2:-}" = named ]; then
        [ -n "$(find . -name '.out.png.??????')" ]
    else
        local link
        for link in /proc/"$1"/fd/*; do
            case "$(readlink "$link" 2>/dev/null)" in */\#*) return 0 ;; esac
        done
        return 1
    fi
}

# nothing_left: no out.png and no hidden file in the folder.
nothing_left() {
    [ ! -e out.png ] && [ -z "$(find . -name '.*' ! -name .)" ]
}

@test "single -o: SIGKILL while writing a new file leaves nothing (O_TMPFILE)" {
    needs_strace
    single_interrupted KILL
    [ "$status" -eq 137 ]
    nothing_left
}

@test "single -o: SIGTERM while writing a new file leaves nothing (exit 143)" {
    needs_strace
    single_interrupted TERM
    [ "$status" -eq 143 ]
    nothing_left
}

@test "single -o, temporary name: SIGTERM removes it (exit 143)" {
    needs_strace
    single_interrupted TERM default named
    [ "$status" -eq 143 ]
    nothing_left
}

@test "single -o, temporary name: SIGINT and SIGHUP remove it too (exit 130, 129)" {
    needs_strace
    single_interrupted INT default named
    [ "$status" -eq 130 ]
    nothing_left
    single_interrupted HUP default named
    [ "$status" -eq 129 ]
    nothing_left
}

@test "single -o, temporary name: SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM remove it too" {
    needs_strace
    local sig want
    for sig in QUIT:131 USR1:138 USR2:140 ALRM:142 XCPU:152; do
        single_interrupted "${sig%:*}" default named
        want=${sig#*:}
        [ "$status" -eq "$want" ] || { echo "SIG${sig%:*}: exit $status" >&2; return 1; }
        nothing_left || { echo "SIG${sig%:*} left: $(ls -A)" >&2; return 1; }
    done
}

@test "single -o started with SIGHUP ignored: SIGHUP does not stop the write" {
    needs_strace
    single_interrupted HUP ignore named
    [ "$status" -eq 0 ]
    [ ! -s err ]
    decodes_to_text out.png interrupted
    [ -z "$(find . -name '.out.png.*')" ]
}

@test "single -o past ulimit -f: one line, exit 3, no file left (SIGXFSZ ignored)" {
    run_split sh -c 'ulimit -f 1 && exec "$@"' sh "$QR_CLI" -s 3000 -o big.png -- large
    [ "$status" -eq 3 ]
    [ "$(cat "$ERR")" = "qr-cli: cannot write 'big.png': File too large" ]
    [ ! -s "$OUT" ]
    [ -z "$(ls -A)" ] || [ "$(ls -A | grep -v '^out\.\|^err\.')" = "" ]
}

@test "standard output past ulimit -f: one line, exit 3" {
    run_split sh -c 'ulimit -f 1 && exec "$@" >big.png' sh "$QR_CLI" -s 3000 -- large
    [ "$status" -eq 3 ]
    [ "$(cat "$ERR")" = "qr-cli: cannot write to standard output: File too large" ]
}
