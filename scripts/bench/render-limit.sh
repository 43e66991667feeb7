#!/bin/bash
# The physical limit of a QR server on this machine: PROCS processes of
# build/bench/render_bench at once, each rendering the texts of TEXTS_FILE
# in a loop (PNG, default options: the article's endpoint) with no I/O and
# no HTTP. Prints "RENDERS_PER_SECOND CPU_MICROSECONDS_PER_RENDER": all
# processes together over the longest one's wall time, and CPU per render.
#   scripts/bench/render-limit.sh PROCS TEXTS_FILE [RENDERS_PER_PROCESS]
set -euo pipefail
procs=$1 texts=$2 count=${3:-6000}
bench=${BUILD_DIR:-build}/bench/render_bench
[ -x "$bench" ] || { echo "render-limit: $bench is missing (make bench-tools)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bench" "$texts" 200 > /dev/null   # warm the page cache
for i in $(seq "$procs"); do
    "$bench" "$texts" "$count" > "$work/$i" &
done
wait
cat "$work"/* | awk '{ renders += $1; cpu += $3; if ($2 > wall) wall = $2 }
    END { printf "%.0f %.0f\n", renders / wall, cpu / renders * 1e6 }'
