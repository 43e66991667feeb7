#!/bin/bash
# qr-cli with every allocation failing in turn (fail_alloc.so preloaded;
# tests/fault/fail_alloc.h). For each scenario and N = 1, 2, ... until
# the run makes fewer than N allocations, the documented outcome is:
# exit 4, nothing on stdout, no output file, and one line on stderr
# ("qr-cli: out of memory ..."); or, where a dependency does without the
# memory, the normal success. FAULT_RUNNER (e.g. valgrind) prefixes
# each run.
set -u
cd "$(dirname "$0")/../.."
build=${BUILD_DIR:-build}
qr_cli=${QR_CLI:-$build/qr-cli}
shim=$(cd "$build/tests/fault" && pwd)/fail_alloc.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'from standard input\n' > "$tmp/input.txt"

# Two worker requests (protocol version 1, docs/worker-protocol.md).
python3 -c '
import struct, sys
def frame(text):
    return b"QW\x01" + bytes(13) + struct.pack("<I", len(text)) + text
sys.stdout.buffer.write(frame(b"first request") + frame(b"second request"))
' > "$tmp/requests"

# worker_answers_ok FILE: two responses, each a PNG (status 0) or an
# out-of-memory failure (status 4): the worker goes on after a failed render.
worker_answers_ok() {
    python3 - "$1" <<'PY'
import struct, sys
data, pos, answers = open(sys.argv[1], "rb").read(), 0, []
while pos < len(data):
    magic, version, status, length = data[pos:pos + 2], data[pos + 2], data[pos + 3], struct.unpack_from("<I", data, pos + 4)[0]
    payload = data[pos + 8:pos + 8 + length]
    ok = magic == b"QR" and version == 1 and len(payload) == length and (
        (status == 0 and payload[:4] == b"\x89PNG") or
        (status == 4 and b"out of memory" in payload))
    if not ok:
        sys.exit(f"bad response {len(answers) + 1}: status {status}, {payload[:60]!r}")
    answers.append(status)
    pos += 8 + length
sys.exit(0 if len(answers) == 2 else f"{len(answers)} responses for 2 requests")
PY
}

# A batch of three records into $tmp/out.
printf 'a\tfirst\nb\tsecond\nc\tthird\n' > "$tmp/manifest"

# batch_outcome_ok STATUS: a batch that met a failed allocation either
# stopped (exit 4) or reported the records it could not render (exit 2,
# "out of memory" lines) and went on; either way every file in $tmp/out is
# a whole PNG under its final name: no temporary file is left.
batch_outcome_ok() {
    local f
    for f in "$tmp"/out/* "$tmp"/out/.*; do
        case $(basename "$f") in .|..|'*'|'.*') continue ;; esac
        case $(basename "$f") in
        [abc].png) [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '211PNG' ] ||
                       { echo "$f is not a whole PNG"; return; } ;;
        *) echo "left $(basename "$f")"; return ;;
        esac
    done
    case $1 in
    0) [ "$(ls -A "$tmp/out" | wc -l)" -eq 3 ] || echo "exit 0 without 3 files" ;;
    2) grep -q 'out of memory' "$tmp/stderr" || echo "exit 2 without an out-of-memory line" ;;
    esac
}

# check NAME EXPECTED_STDOUT_KIND CMD...: one TAP line for all N.
# EXPECTED_STDOUT_KIND: png (success writes a PNG to stdout), file (to
# $tmp/out/code.png), text (--version), worker (framed answers to
# $tmp/requests, given as stdin by INPUT=), batch (a batch into $tmp/out:
# see batch_outcome_ok).
t=0
check() {
    local name=$1 kind=$2 n=0 bad=0 calls=0
    shift 2
    while :; do
        n=$((n + 1))
        rm -rf "$tmp/out" "$tmp/log" && mkdir "$tmp/out"
        # shellcheck disable=SC2086 # FAULT_RUNNER is a command and options
        LD_PRELOAD="$shim" QRPNG_FAIL_ALLOC=$n QRPNG_FAIL_ALLOC_LOG="$tmp/log" \
        QRPNG_FAIL_ALLOC_PROGRAM=$(basename "$1") ${FAULT_RUNNER:-} "$@" \
            <"${INPUT:-$tmp/input.txt}" >"$tmp/stdout" 2>"$tmp/stderr"
        local status=$? log why=""
        log=$(cat "$tmp/log" 2>/dev/null)
        calls=${log#calls }; calls=${calls%% *}
        if [ -z "$log" ]; then
            why="no log from the shim"
        elif [ "$kind" = batch ] && { [ "$status" -eq 0 ] || [ "$status" -eq 2 ]; }; then
            why=$(batch_outcome_ok "$status")
        elif [ "$status" -eq 4 ]; then
            [ -s "$tmp/stdout" ] && why="exit 4 with output on stdout"
            [ "$kind" != batch ] && [ -n "$(ls -A "$tmp/out")" ] &&
                why="exit 4 left $(ls -A "$tmp/out")"
            # A batch that got going adds its summary line; a thread that cannot start
            # for want of memory says so (EAGAIN).
            local lines=1 oom='^qr-cli: .*out of memory'
            [ "$kind" = batch ] && lines=2 oom="$oom|^qr-cli: cannot start a thread"
            [ "$(wc -l <"$tmp/stderr")" -ge 1 ] && [ "$(wc -l <"$tmp/stderr")" -le "$lines" ] &&
                grep -Eq "$oom" "$tmp/stderr" ||
                why="exit 4 without one out-of-memory line: $(head -c 300 "$tmp/stderr")"
            [ "$kind" = batch ] && [ -z "$why" ] && why=$(batch_outcome_ok 4)
        elif [ "$status" -eq 0 ]; then
            [ -s "$tmp/stderr" ] && why="exit 0 with stderr: $(head -c 300 "$tmp/stderr")"
            case $kind in
            png) [ "$(head -c 4 "$tmp/stdout" | od -An -c | tr -d ' ')" = '211PNG' ] ||
                     why="exit 0 without a PNG on stdout" ;;
            file) [ -s "$tmp/out/code.png" ] && [ "$(ls -A "$tmp/out")" = code.png ] ||
                     why="exit 0 without exactly code.png" ;;
            text) grep -q '^qr-cli ' "$tmp/stdout" || why="exit 0 without the version" ;;
            worker) why=$(worker_answers_ok "$tmp/stdout" 2>&1) ;;
            esac
        else
            why="exit $status: $(head -c 300 "$tmp/stderr")"
        fi
        if [ -n "$why" ]; then
            bad=$((bad + 1))
            echo "# $name: allocation $n failed: $why"
        fi
        case $log in *"failed 1"*) ;; *) break ;; esac
    done
    t=$((t + 1))
    if [ "$bad" -eq 0 ]; then
        echo "ok $t - $name: $calls allocations, each failed in turn"
    else
        echo "not ok $t - $name: $bad of $n runs wrong"
    fi
}

check "TEXT argument to stdout" png "$qr_cli" hello
check "options, -o into a folder" file "$qr_cli" -l H --fg '#123456' \
    -o "$tmp/out/code.png" -- 'to a file'
check "text from standard input" png "$qr_cli"
check "text from -i FILE" png "$qr_cli" -i "$tmp/input.txt"
check "--version" text "$qr_cli" --version
INPUT="$tmp/requests" check "worker: two requests" worker "$qr_cli" --worker --
INPUT="$tmp/manifest" check "batch: three records, 2 threads" batch "$qr_cli" \
    --batch "$tmp/out" -j 2
echo "1..$t"
