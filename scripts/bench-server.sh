#!/bin/bash
# The reference article's server benchmark on this machine: for each QR
# implementation named, start scripts/node/example/server.js with QR_IMPL=<name> on
# 127.0.0.1 (a free port), warm it up, load it with wrk for a fixed time
# (texts from scripts/bench/texts.txt), sample the peak memory of its whole
# process tree and the CPU time that tree spends per request (the figure
# that moves least with other load on a shared machine), stop it by its
# PID, and print one table: absolute figures
# and each one relative to the first implementation (js by default), under
# a line that says what machine it ran on: architecture, cores, CPU model,
# and what a fork costs there (spawnSync('/bin/true') from Node, measured in
# the same run at a small and at a ~250 MB resident set), since the spawn
# tier pays that cost on every request and the worker tier does not.
# With -r ROUNDS, the implementations take turns ROUNDS times (a fresh
# server each time) and the table shows the median of the rounds (peak
# memory: the highest), so that a burst of other work on a shared machine
# hits every implementation alike.
#
#   scripts/bench-server.sh [-d SECONDS] [-c CONNECTIONS] [-t THREADS]
#                           [-w WARMUP_SECONDS] [-r ROUNDS] [IMPL...]
#
# Defaults: 10 s runs, 50 connections, 2 wrk threads, 3 s warm-up, 1 round,
# implementations js spawn worker. WORKERS (server processes) defaults to one per
# core, as in the article's cluster mode; QR_CLI as for the server.
# IMPL native (libqrpng in-process, createPool({ impl: 'native' })) builds
# the addon first (make node-addon); IMPL wasm (libqrpng as WebAssembly in
# QR_WORKERS worker threads per server process, createPool({ impl: 'wasm' }))
# builds the module (make wasm). IMPL server is not a Node server but
# build/qr-server itself (docs/server.md), --threads one per core.
# The table ends with the physical limit, measured in the same run: the
# in-process render rate of the same texts with no HTTP at all
# (build/bench/render_bench, one process per core at once; scripts/bench/
# render-limit.sh), which no server can pass.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10 connections=50 threads=2 warmup=3 rounds=1
while getopts 'd:c:t:w:r:h' opt; do
    case $opt in
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    t) threads=$OPTARG ;;
    w) warmup=$OPTARG ;;
    r) rounds=$OPTARG ;;
    *) sed -n '2,22s/^# \{0,1\}//p' "$0" >&2; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
impls=("$@")
[ ${#impls[@]} -gt 0 ] || impls=(js spawn worker)
for n in "$duration" "$connections" "$threads" "$warmup" "$rounds"; do
    [[ $n =~ ^[0-9]+$ && $n -le 3600 ]] || { echo "bench: bad number '$n'" >&2; exit 1; }
done
[ "$duration" -gt 0 ] && [ "$rounds" -gt 0 ] || { echo "bench: -d and -r must be at least 1" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }

make -s all bench-tools node-deps >&2
for impl in "${impls[@]}"; do
    case $impl in
    native) make -s node-addon >&2 ;;
    wasm) make -s wasm >&2 ;;
    esac
done

work=$(mktemp -d)
# stop_all, measure_server: one measured run, as in scripts/bench-python-server.sh.
. scripts/bench/server-run.sh
trap 'stop_all; rm -rf "$work"' EXIT

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_qr_server: build/qr-server on a free port; sets server_pid and url.
start_qr_server() {
    local log="$work/server.log" port i
    port=$(free_port)
    build/qr-server --listen "127.0.0.1:$port" --threads "${WORKERS:-$(nproc)}" > "$log" 2>&1 &
    server_pid=$!
    url="http://127.0.0.1:$port"
    for i in $(seq 200); do
        curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    echo "bench: qr-server did not start:" >&2
    cat "$log" >&2
    exit 1
}

# start_server IMPL: starts it, sets server_pid and url, or fails.
start_server() {
    local log="$work/$1.log" i
    [ "$1" != server ] || { start_qr_server; return; }
    PORT=0 QR_IMPL=$1 node scripts/node/example/server.js > "$log" 2>&1 &
    server_pid=$!
    for i in $(seq 200); do
        url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log")
        [ -n "$url" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: the $1 server did not start:" >&2
    cat "$log" >&2
    exit 1
}

# fork_cost: what spawnSync('/bin/true') costs Node here, at the resident
# set Node starts with and again with ~200 MB more of it touched.
fork_cost() {
    node -e '
const { spawnSync } = require("node:child_process");
const cost = (n) => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) spawnSync("/bin/true");
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
};
const mib = () => Math.round(process.memoryUsage().rss / 1048576);
cost(5);
const small = cost(100), smallRss = mib();
globalThis.ballast = Buffer.alloc(200 * 1048576, 1); // touched, so resident
const large = cost(100), largeRss = mib();
console.log(`${small.toFixed(1)} ms at ${smallRss} MB RSS, ${large.toFixed(1)} ms at ${largeRss} MB RSS`);'
}
cpu_model() {
    sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 | grep . ||
        echo unknown
}
echo "bench: measuring the cost of a fork from Node" >&2
fork="$(fork_cost)"

# field NAME LINE: the value of NAME=value in LINE.
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<< " $2"; }

# One wrk RESULT line per implementation and round, plus peak_kib=.
declare -A result
for round in $(seq "$rounds"); do
    for impl in "${impls[@]}"; do
        echo "bench: round $round/$rounds, $impl: warm-up ${warmup} s, then ${duration} s with $connections connections" >&2
        start_server "$impl"
        measure_server
        result[$impl,$round]=$measured
        echo "bench: ${result[$impl,$round]#RESULT }" >&2
    done
done

echo "bench: the render limit: render_bench, one process per core, no HTTP" >&2
limit=$(scripts/bench/render-limit.sh "${WORKERS:-$(nproc)}" scripts/bench/texts.txt)

# stat NAME IMPL: the median over the rounds of field NAME (peak_kib: the max).
stat() {
    local round
    for round in $(seq "$rounds"); do field "$1" "${result[$2,$round]}"; done | sort -g |
        if [ "$1" = peak_kib ]; then tail -n 1; else awk '{ v[NR] = $1 } END {
            print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; fi
}
# cell NAME IMPL FORMAT: "value (ratio×)", ratio to the first implementation.
cell() {
    awk -v a="$(stat "$1" "$2")" -v b="$(stat "$1" "${impls[0]}")" -v f="$3" \
        'BEGIN { printf f " (%.2f×)", a, (b > 0 ? a / b : 0) }'
}

printf '\nMachine: %s, %s cores, %s; Node %s spawnSync(/bin/true): %s\n' \
    "$(uname -m)" "$(nproc)" "$(cpu_model)" "$(node --version)" "$fork"
printf 'WORKERS=%s QR_WORKERS=%s; wrk: %s threads, %s connections, %s s after %s s warm-up; %s\n\n' \
    "${WORKERS:-$(nproc)}" "${QR_WORKERS:-$(nproc)}" "$threads" "$connections" "$duration" "$warmup" \
    "$([ "$rounds" -gt 1 ] && echo "median of $rounds rounds" || echo "1 round")"
printf '| impl | throughput | server CPU per request | avg latency | p99 latency | avg response | peak memory | non-200 / socket errors |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
for impl in "${impls[@]}"; do
    errors_non200=0 errors_socket=0
    for round in $(seq "$rounds"); do
        errors_non200=$((errors_non200 + $(field non_200 "${result[$impl,$round]}")))
        errors_socket=$((errors_socket + $(field socket_errors "${result[$impl,$round]}")))
    done
    printf '| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$impl" \
        "$(cell req_per_s "$impl" '%.0f req/s')" \
        "$(cell cpu_us_per_request "$impl" '%.0f µs')" \
        "$(cell latency_avg_ms "$impl" '%.1f ms')" \
        "$(cell latency_p99_ms "$impl" '%.1f ms')" \
        "$(cell body_bytes_avg "$impl" '%.0f bytes')" \
        "$(awk -v k="$(stat peak_kib "$impl")" -v b="$(stat peak_kib "${impls[0]}")" \
            'BEGIN { printf "%.0f MiB (%.2f×)", k / 1024, (b > 0 ? k / b : 0) }')" \
        "$errors_non200" "$errors_socket"
done
# The limit's row: renders/s of all processes together, CPU per render.
read -r limit_rate limit_cpu_us <<< "$limit"
printf '| limit: render_bench ×%s, no HTTP | %s | %s | | | | | |\n' "${WORKERS:-$(nproc)}" \
    "$(awk -v a="$limit_rate" -v b="$(stat req_per_s "${impls[0]}")" \
        'BEGIN { printf "%.0f renders/s (%.2f×)", a, (b > 0 ? a / b : 0) }')" \
    "$(awk -v a="$limit_cpu_us" -v b="$(stat cpu_us_per_request "${impls[0]}")" \
        'BEGIN { printf "%.0f µs (%.2f×)", a, (b > 0 ? a / b : 0) }')"
