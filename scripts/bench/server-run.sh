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

# tree_cpu_ticks PID: the CPU time (clock ticks) PID and every process below
# it have used so far, counting the children they have waited for
# (cutime, cstime: a per-request qr-cli) as well as the live ones.
tree_cpu_ticks() {
    local all=$1 level=$1 pid next
    while [ -n "$level" ]; do
        next=""
        for pid in $level; do
            next="$next $(cat /proc/"$pid"/task/*/children 2>/dev/null || true)"
        done
        level=$(echo $next)
        all="$all $level"
    done
    # A process may end meanwhile: its stat is then missing, not an error.
    for pid in $all; do cat /proc/"$pid"/stat 2>/dev/null || true; done |
        awk '{ sub(/^.*\) /, ""); ticks += $12 + $13 + $14 + $15 } END { print ticks + 0 }'
}

# measure_server: the peak memory of the server's process tree sampled all
# along, a warm-up, then the timed wrk run (scripts/bench/request.lua) with
# the tree's CPU time over it; stops the server and sets measured to its
# RESULT line plus peak_kib= and cpu_us_per_request= (server CPU, wrk's
# own left out: the steadier figure on a shared machine, where req/s
# moves with whatever else runs).
measure_server() {
    local line cpu0 cpu1 requests
    scripts/bench/tree-peak-rss.sh "$server_pid" "$work/rss" &
    sampler_pid=$!
    [ "$warmup" -gt 0 ] &&
        wrk -t "$threads" -c "$connections" -d "${warmup}s" -s scripts/bench/request.lua "$url" > /dev/null
    cpu0=$(tree_cpu_ticks "$server_pid")
    line=$(wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 10s \
               -s scripts/bench/request.lua "$url" | grep '^RESULT ')
    cpu1=$(tree_cpu_ticks "$server_pid")
    stop_all
    requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<< "$line")
    measured="$line peak_kib=$(cat "$work/rss") cpu_us_per_request=$(awk -v t=$((cpu1 - cpu0)) \
        -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
}
