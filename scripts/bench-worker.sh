#!/bin/sh
# Raw rate of qr-cli --worker against libqrpng in-process, side by side.
#   scripts/bench-worker.sh [COUNT_PER_PROCESS] [ROUNDS]    (default 20000 3)
# Builds what it needs; runs only local processes, each bounded by COUNT.
set -eu
cd "$(dirname "$0")/.."
count=${1:-20000}
rounds=${2:-3}
make -s all bench-tools
echo "machine: $(nproc) cores, $(uname -m), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
exec python3 scripts/bench/worker_rate.py build/qr-cli build/bench/render_bench \
    scripts/bench/texts.txt "$count" "$rounds"
