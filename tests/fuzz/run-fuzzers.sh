#!/bin/sh
# Runs each fuzz target for SECONDS from its seed corpus and regression
# cases, then prints its executions. Exits 1 on the first finding; the
# input that found it is in BUILD/fuzz-artifacts/.
#   tests/fuzz/run-fuzzers.sh BUILD SECONDS MAX_LEN NAME...
set -eu
build=$1 seconds=$2 max_len=$3
shift 3
mkdir -p "$build/fuzz-artifacts"
for name in "$@"; do
    work="$build/fuzz-corpus/$name"   # new inputs land here, not in the tree
    log="$build/fuzz-$name.log"
    mkdir -p "$work"
    seeds=""
    for dir in "tests/fuzz/corpus/$name" "tests/fuzz/regression/$name"; do
        [ -d "$dir" ] && seeds="$seeds $dir"
    done
    status=0
    # shellcheck disable=SC2086 # seeds is a list of folders without spaces
    ASAN_OPTIONS=detect_leaks=1 \
    "$build/tests/fuzz/$name-fuzzer" -max_total_time="$seconds" \
        -max_len="$max_len" -print_final_stats=1 \
        -artifact_prefix="$build/fuzz-artifacts/$name-" \
        "$work" $seeds >"$log" 2>&1 || status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    corpus=$(find "$work" -type f | wc -l)
    if [ "$status" -ne 0 ]; then
        tail -n 40 "$log" >&2
        echo "fuzz: $name found a problem (exit $status); log: $log" >&2
        exit 1
    fi
    echo "fuzz: $name: ${execs:-?} executions in ${seconds} s," \
         "$(( ${execs:-0} / seconds )) per second; $corpus new corpus files"
done
