#!/usr/bin/env bash
# Batch-mode benchmark: N codes (default 10000) from scripts/bench/texts.txt,
# cycled, written as PNG files four ways in one run, so every method sees
# the same machine load:
#   qr-cli --batch -j CORES, qr-cli --batch -j 1,
#   a shell loop running qr-cli once per code,
#   xargs -P CORES running qrencode once per code.
# The two --batch runs take a few seconds each: they are repeated ROUNDS
# times (default 3), alternating, and the fastest of each is kept, so a
# burst of load from other processes hurts them less. The long runs are
# timed once. Prints a table with rates and ratios. Needs build/qr-cli (make) and
# qrencode (Debian package). Files go to a new folder under BENCH_DIR
# (default /tmp), removed at the end; its file system is part of the
# result, as creating 10,000 files is much of the work.
#   scripts/bench-batch.sh [N]
#   BENCH_DIR=/dev/shm ROUNDS=5 scripts/bench-batch.sh
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-10000}
rounds=${ROUNDS:-3}
cores=$(nproc)
qr_cli=$PWD/build/qr-cli
texts=scripts/bench/texts.txt
[ -x "$qr_cli" ] || { echo "bench-batch: run make first" >&2; exit 1; }
command -v qrencode >/dev/null ||
    { echo "bench-batch: qrencode is not installed" >&2; exit 1; }

work=$(mktemp -d "${BENCH_DIR:-/tmp}/bench-batch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The manifest: "c00001<TAB>text", texts cycled up to count lines.
awk -v n="$count" '{ t[NR] = $0 }
    END { for (i = 1; i <= n; i++) printf "c%05d\t%s\n", i, t[(i - 1) % NR + 1] }' \
    "$texts" >"$work/manifest"

now() { date +%s.%N; }

# time_method LABEL DIR COMMAND...: runs COMMAND, checks DIR holds count
# PNG files, appends "LABEL seconds" to the results.
time_method() {
    local label=$1 dir=$2
    shift 2
    mkdir "$dir"
    local start end
    start=$(now)
    "$@"
    end=$(now)
    local made
    made=$(find "$dir" -name '*.png' | wc -l)
    [ "$made" -eq "$count" ] ||
        { echo "bench-batch: $label wrote $made of $count files" >&2; exit 1; }
    awk -v l="$label" -v s="$start" -v e="$end" \
        'BEGIN { printf "%s %.3f\n", l, e - s }' >>"$work/results"
}

batch_run() { "$qr_cli" --batch "$1" -j "$2" -i "$work/manifest" 2>/dev/null; }

shell_loop() {
    while IFS=$'\t' read -r name text; do
        "$qr_cli" -o "$1/$name.png" -- "$text"
    done <"$work/manifest"
}

xargs_qrencode() {
    # "-o FILE TEXT" per code; qrencode's defaults (level L, 3 px modules).
    sed "s|^|$1/|; s|\t|.png\t|" "$work/manifest" | tr '\t\n' '\0\0' |
        xargs -0 -n 2 -P "$cores" qrencode -o
}

: >"$work/results"
for round in $(seq "$rounds"); do
    # Alternate which goes first, so a trend in the load favours neither.
    for jobs in $([ $((round % 2)) -eq 1 ] && echo "$cores 1" || echo "1 $cores"); do
        time_method "qr-cli --batch -j $jobs" "$work/batch-$jobs-$round" \
            batch_run "$work/batch-$jobs-$round" "$jobs"
    done
done
time_method "shell loop of qr-cli" "$work/loop" shell_loop "$work/loop"
time_method "xargs -P $cores qrencode" "$work/xargs" xargs_qrencode "$work/xargs"

# The two batch runs must agree byte for byte.
diff -r "$work/batch-$cores-1" "$work/batch-1-1" >/dev/null ||
    { echo "bench-batch: -j $cores and -j 1 differ" >&2; exit 1; }

fs=$(df -PT "$work" | awk 'NR == 2 { print $2 }')
echo "bench-batch: $count codes from $texts, $cores cores ($(uname -m)), files on $fs, $(date -u +%F)"
echo "(--batch: fastest of $rounds rounds; the others: one run)"
awk -v n="$count" '
    {
        l = $0; sub(/ [^ ]*$/, "", l)
        if (!(l in at)) { at[l] = ++rows; label[rows] = l; secs[rows] = $NF }
        else if ($NF < secs[at[l]]) secs[at[l]] = $NF
    }
    END {
        printf "| %-26s | %9s | %9s | %16s |\n", "method", "seconds", "codes/s", "-j N speed-up"
        printf "|%s|%s|%s|%s|\n", "----------------------------", "-----------", "-----------", "------------------"
        for (i = 1; i <= rows; i++)
            printf "| %-26s | %9.2f | %9.0f | %15.1fx |\n", label[i], secs[i], n / secs[i], secs[i] / secs[1]
    }' "$work/results"
