# Sourced by scripts/bench-server.sh and scripts/bench-python-server.sh: one
# measured run of a server, the same for every server. The caller sets
# work (a temporary folder), threads, connections, duration and warmup,
# starts a server, and sets server_pid and url.

server_pid="" sampler_pid=""

# check_numbers N...: each a whole number 0-3600, or exit.
check_numbers() {
    local n
    for n in "$@"; do
        [[ $n =~ ^[0-9]+$ && $n -le 3600 ]] || { echo "bench: bad number '$n'" >&2; exit 1; }
    done
}

# Stops what the caller started, by PID (SIGTERM: servers stop their workers).
stop_all() {
    local pid
    for pid in $sampler_pid $server_pid; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    sampler_pid="" server_pid=""
}

# measure_server: the peak memory of the server's process tree sampled all
# along, a warm-up, then the timed wrk run (scripts/bench/request.lua);
# stops the server and sets measured to its RESULT line plus peak_kib=.
measure_server() {
    local line
    scripts/bench/tree-peak-rss.sh "$server_pid" "$work/rss" &
    sampler_pid=$!
    [ "$warmup" -gt 0 ] &&
        wrk -t "$threads" -c "$connections" -d "${warmup}s" -s scripts/bench/request.lua "$url" > /dev/null
    line=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 10s \
               -s scripts/bench/request.lua "$url" | grep '^RESULT ')
    stop_all
    measured="$line peak_kib=$(cat "$work/rss")"
}
