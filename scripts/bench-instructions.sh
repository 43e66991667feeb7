#!/bin/bash
# Where a request's work goes, in instructions: valgrind's callgrind counts
# the instructions a process executes (user space, the kernel left out),
# the same count for the same run whatever else the machine does, so small
# differences show that req/s on a shared machine hides. Each figure is the
# difference of two runs (N and 3N codes or requests) divided by the
# difference in work, so start-up and warm-up cancel out:
#   render      build/bench/render_bench: qrpng_render in a loop
#   worker      qr-cli --worker fed a file of request frames
#   pool        Node: the package's createPool() with 2 qr-cli workers,
#               counted in the Node process only (the workers are above)
#   native      Node: createPool({ impl: 'native' }), the render included
#   http        Node: the example endpoint answering a PNG made once, under
#               wrk (10 connections): the HTTP side without any rendering
#
#   scripts/bench-instructions.sh [N]      (default 300; takes minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-300}
[[ $n =~ ^[0-9]+$ && $n -ge 10 && $n -le 100000 ]] || { echo "bench: N must be 10-100000" >&2; exit 1; }
for tool in valgrind wrk node /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/setup.sh)" >&2; exit 1; }
done
make -s all bench-tools node-addon node-deps >&2
work=$(mktemp -d)
server=""
trap '[ -z "$server" ] || kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
texts=scripts/bench/texts.txt

# instructions COMMAND...: the instructions callgrind counts for COMMAND
# (its children not followed; stdin the caller's, stdout dropped).
instructions() {
    valgrind --tool=callgrind --trace-children=no --callgrind-out-file=/dev/null \
        --log-file="$work/log" "$@" > /dev/null
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log"
}
# per ONE THREE UNITS: (THREE - ONE) / UNITS, as a whole number.
per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f", (b - a) / n }'; }

frames() {
    /usr/bin/python3 - "$1" "$texts" <<'PY'
import sys
sys.path.insert(0, "scripts/python")
from qr_cli._protocol import encode_request
count, texts = int(sys.argv[1]), [l.rstrip("\n").encode() for l in open(sys.argv[2]) if l.strip()]
sys.stdout.buffer.write(b"".join(encode_request(texts[i % len(texts)], {}) for i in range(count)))
PY
}

echo "bench: render_bench" >&2
render=$(per "$(instructions build/bench/render_bench "$texts" "$n")" \
             "$(instructions build/bench/render_bench "$texts" $((3 * n)))" $((2 * n)))
echo "bench: qr-cli --worker" >&2
frames "$n" > "$work/frames1"
frames $((3 * n)) > "$work/frames3"
worker=$(per "$(instructions build/qr-cli --worker -- < "$work/frames1")" \
             "$(instructions build/qr-cli --worker -- < "$work/frames3")" $((2 * n)))
# node_pool MODE: per code, native_rate.js's pool-MODE (worker or native).
node_pool() {
    echo "bench: Node, pool-$1" >&2
    per "$(instructions node scripts/bench/native_rate.js "$texts" "$n" "pool-$1")" \
        "$(instructions node scripts/bench/native_rate.js "$texts" $((3 * n)) "pool-$1")" $((2 * n))
}
pool=$(node_pool worker)
native=$(node_pool native)

# http: the requests wrk made in T and in 3T seconds.
http_run() {
    local url="" i requests
    valgrind --tool=callgrind --trace-children=no --callgrind-out-file=/dev/null \
        --log-file="$work/log" node scripts/bench/const_server.js build/qr-cli > "$work/url" &
    server=$!
    for i in $(seq 300); do
        url=$(head -n 1 "$work/url")
        [ -n "$url" ] && break
        sleep 0.2
    done
    [ -n "$url" ] || { echo "bench: the HTTP server did not start" >&2; exit 1; }
    requests=$(wrk -t 1 -c 10 -d "$1s" -s scripts/bench/request.lua "$url" |
               sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
    kill "$server"
    wait "$server" || true
    server=""
    echo "$requests $(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$work/log")"
}
echo "bench: http" >&2
read -r r1 i1 < <(http_run 10)
read -r r3 i3 < <(http_run 30)
http=$(per "$i1" "$i3" $((r3 - r1)))

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
worker_request=$((http + pool + worker))
native_request=$((http + native))
printf '\nInstructions per code (callgrind, N=%s and %s; %s, %s)\n\n' "$n" $((3 * n)) "$(uname -m)" "$(node --version)"
printf '| part | instructions | of a worker-tier request |\n|---|---:|---:|\n'
printf '| render (libqrpng in-process) | %s | %s |\n' "$render" "$(pct "$render" "$worker_request")"
printf '| qr-cli --worker, per request | %s | %s |\n' "$worker" "$(pct "$worker" "$worker_request")"
printf '| Node, createPool() worker pool | %s | %s |\n' "$pool" "$(pct "$pool" "$worker_request")"
printf '| Node, createPool({ impl: native }), render included | %s | %s |\n' "$native" "$(pct "$native" "$worker_request")"
printf '| Node, example endpoint, HTTP side only | %s | %s |\n' "$http" "$(pct "$http" "$worker_request")"
printf '\nA request: worker tier %s (HTTP + pool + qr-cli), native tier %s (HTTP + native): native/worker %s\n' \
    "$worker_request" "$native_request" "$(awk -v a="$native_request" -v b="$worker_request" 'BEGIN { printf "%.3f", a / b }')"
echo "User-space instructions only: the pipe writes, reads and wake-ups of the worker tier and the thread"
echo "hand-offs of the native tier are the kernel's and are not in these counts."
