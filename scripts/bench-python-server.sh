#!/bin/bash
# The server benchmark of scripts/bench-server.sh for the Python example
# apps (scripts/python/example): the same wrk harness (scripts/bench/
# request.lua, the texts of scripts/bench/texts.txt) and the same peak
# memory of the whole server tree (scripts/bench/tree-peak-rss.sh). For
# each app, each QR_IMPL (qrcode segno spawn worker native) in turn gets a fresh server started as
# scripts/python/example/README.md says, a warm-up, then a timed wrk run; then one table per app, every
# figure also relative to QR_IMPL=qrcode (python-qrcode with Pillow).
#
#   scripts/bench-python-server.sh [-d SECONDS] [-c CONNECTIONS] [-t THREADS]
#                                  [-w WARMUP_SECONDS] [APP...]
#
# APPs: flask (Flask, gunicorn sync workers) and fastapi (FastAPI, uvicorn
# workers under gunicorn); default both. Defaults: 10 s runs, 50
# connections, 2 wrk threads, 3 s warm-up. WORKERS (server processes)
# defaults to one per core; QR_CLI as for the apps. Debian's gunicorn and
# uvicorn run under /usr/bin/python3 (their own #! line).
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10 connections=50 threads=2 warmup=3
while getopts 'd:c:t:w:h' opt; do
    case $opt in
    d) duration=$OPTARG ;;
    c) connections=$OPTARG ;;
    t) threads=$OPTARG ;;
    w) warmup=$OPTARG ;;
    *) sed -n '2,19s/^# \{0,1\}//p' "$0" >&2; exit 1 ;;
    esac
done
shift $((OPTIND - 1))
apps=("$@")
[ ${#apps[@]} -gt 0 ] || apps=(flask fastapi)
impls=(qrcode segno spawn worker native)
. scripts/bench/server-run.sh
check_numbers "$duration" "$connections" "$threads" "$warmup"
[ "$duration" -gt 0 ] || { echo "bench: -d must be at least 1" >&2; exit 1; }
for tool in wrk gunicorn curl; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/setup.sh)" >&2; exit 1; }
done

declare -A worker_class=([flask]=sync [fastapi]=uvicorn.workers.UvicornWorker)
for app in "${apps[@]}"; do
    [ -n "${worker_class[$app]:-}" ] || { echo "bench: unknown app '$app' (flask, fastapi)" >&2; exit 1; }
done

make -s all python-ext >&2
export PYTHONPATH=$PWD/scripts/python${PYTHONPATH:+:$PYTHONPATH}

work=$(mktemp -d)
trap 'stop_all; rm -rf "$work"' EXIT

# start_app APP IMPL: starts it on a free port, sets server_pid and url once
# every worker can answer (a request without text gets its 400), or fails.
start_app() {
    local log="$work/$1-$2.log" i
    PORT=0 QR_IMPL=$2 gunicorn -c scripts/python/example/gunicorn.conf.py \
        -k "${worker_class[$1]}" "$1_app:app" > "$log" 2>&1 &
    server_pid=$!
    url=""
    for i in $(seq 300); do
        [ -n "$url" ] || url=$(sed -n 's/.*listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log")
        [ -n "$url" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/qrcode")" = 400 ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "bench: the $1 app with QR_IMPL=$2 did not start:" >&2
    cat "$log" >&2
    exit 1
}

# One RESULT line (scripts/bench/request.lua) plus peak_kib= per app and impl.
declare -A result
for app in "${apps[@]}"; do
    for impl in "${impls[@]}"; do
        echo "bench: $app, QR_IMPL=$impl: warm-up ${warmup} s, then ${duration} s with $connections connections" >&2
        start_app "$app" "$impl"
        measure_server
        result[$app,$impl]=$measured
        echo "bench: ${result[$app,$impl]#RESULT }" >&2
    done
done

# The tables: awk reads "impl key=value ..." lines, the qrcode line first.
printf '\nMachine: %s cores (%s), %s; WORKERS=%s; wrk: %s threads, %s connections, %s s after %s s warm-up; one run\n' \
    "$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" "$(uname -m)" \
    "${WORKERS:-$(nproc)}" "$threads" "$connections" "$duration" "$warmup"
for app in "${apps[@]}"; do
    if [ "$app" = flask ]; then
        printf '\nFlask %s under gunicorn %s (sync workers)\n\n' \
            "$(/usr/bin/python3 -c 'import flask; print(flask.__version__)')" \
            "$(/usr/bin/python3 -c 'import gunicorn; print(gunicorn.__version__)')"
    else
        printf '\nFastAPI %s under uvicorn %s (uvicorn workers under gunicorn)\n\n' \
            "$(/usr/bin/python3 -c 'import fastapi; print(fastapi.__version__)')" \
            "$(/usr/bin/python3 -c 'import uvicorn; print(uvicorn.__version__)')"
    fi
    for impl in "${impls[@]}"; do echo "$impl ${result[$app,$impl]#RESULT }"; done | awk '
        function get(line, key,   n, i, kv) {
            n = split(line, kv, " ")
            for (i = 2; i <= n; i++) if (index(kv[i], key "=") == 1) return substr(kv[i], length(key) + 2)
        }
        function cell(value, base, fmt) { return sprintf(fmt " (%.2f×)", value, base > 0 ? value / base : 0) }
        BEGIN {
            print "| QR_IMPL | throughput | server CPU per request | avg latency | p99 latency | avg response | peak memory | non-200 / socket errors |"
            print "| --- | --- | --- | --- | --- | --- | --- | --- |"
        }
        {
            rps = get($0, "req_per_s"); avg = get($0, "latency_avg_ms"); p99 = get($0, "latency_p99_ms")
            bytes = get($0, "body_bytes_avg"); mib = get($0, "peak_kib") / 1024
            cpu = get($0, "cpu_us_per_request")
            if (NR == 1) { rps0 = rps; avg0 = avg; p990 = p99; bytes0 = bytes; mib0 = mib; cpu0 = cpu }
            printf "| %s | %s | %s | %s | %s | %s | %s | %s / %s |\n", $1, cell(rps, rps0, "%.0f req/s"),
                cell(cpu, cpu0, "%.0f µs"), cell(avg, avg0, "%.1f ms"), cell(p99, p990, "%.1f ms"), cell(bytes, bytes0, "%.0f bytes"),
                cell(mib, mib0, "%.0f MiB"), get($0, "non_200"), get($0, "socket_errors")
        }'
done
