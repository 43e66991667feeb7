#!/bin/bash
# Samples the resident memory of a process and all its descendants (summed
# VmRSS from /proc) every INTERVAL seconds while the process lives, and keeps
# the highest sum, in KiB, in OUTFILE. Stop it with SIGTERM.
#   scripts/bench/tree-peak-rss.sh PID OUTFILE [INTERVAL]
set -u
root=$1 out=$2 interval=${3:-0.2}

# tree_rss PID: sets $total to the summed VmRSS (KiB) of PID and its
# descendants. Builtins only: a sampler that forks would load the machine
# it measures.
tree_rss() {
    local queue=("$1") pid key value unit kids_file kids
    total=0
    while [ ${#queue[@]} -gt 0 ]; do
        pid=${queue[0]}
        queue=("${queue[@]:1}")
        while read -r key value unit; do
            if [ "$key" = "VmRSS:" ]; then
                total=$((total + value))
                break
            fi
        done 2>/dev/null < "/proc/$pid/status"
        for kids_file in /proc/"$pid"/task/*/children; do
            kids=()
            # the list has no final newline, so read "fails" yet fills kids
            read -r -a kids 2>/dev/null < "$kids_file"
            queue+=("${kids[@]}")
        done
    done
}

# Each new peak replaces OUTFILE whole (rename), so a reader or a SIGTERM
# never meets a half-written file.
record() { echo "$1" > "$out.tmp" && mv -f "$out.tmp" "$out"; }

peak=0
record 0
while kill -0 "$root" 2>/dev/null; do
    tree_rss "$root"
    if [ "$total" -gt "$peak" ]; then
        peak=$total
        record "$peak"
    fi
    sleep "$interval"
done
