#!/bin/bash
# Start-up cost per request: one qr-cli run against a trivial C program
# that writes the same number of bytes, and against `qrencode -o -`, on the
# same text, side by side in one hyperfine run. Also qr-cli with libpng and
# zlib linked dynamically (STATIC_DEPS=0), and instructions per run from
# callgrind, which the machine's load does not change.
#   scripts/bench-startup.sh [TEXT] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
text=${1:-https://www.reddit.com/r/rustjerk/top/?t=all}
runs=${2:-1000}
out=build/bench
mkdir -p "$out"

for tool in hyperfine qrencode valgrind; do
    command -v "$tool" >/dev/null || { echo "bench-startup: needs $tool (scripts/setup.sh)" >&2; exit 1; }
done
make -s all
cc=${CC:-cc}
"$cc" -O2 -o "$out/trivial_write" scripts/bench/trivial_write.c
# The same objects, linked against shared libpng and zlib.
"$cc" -o "$out/qr-cli-dynamic" build/cli/*.o build/cli/batch/*.o build/cli/worker/*.o \
    build/libqrpng.a \
    $(pkg-config --libs libqrencode libpng zlib)

bytes=$(build/qr-cli -- "$text" | wc -c)
echo "text: $text"
echo "PNG: $bytes bytes (qr-cli); qrencode -o - writes $(qrencode -o - -- "$text" | wc -c) bytes"
echo "machine: $(nproc) cores, $(uname -sr)"
echo

hyperfine -N --warmup 100 --runs "$runs" --style basic \
    --export-json "$out/startup.json" \
    -n trivial "$out/trivial_write $bytes" \
    -n qr-cli "build/qr-cli $text" \
    -n qr-cli-dynamic "$out/qr-cli-dynamic $text" \
    -n qrencode "qrencode -o - $text" >"$out/startup.txt"

instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*refs: *//p' | tr -d ,
}
declare -A instr=(
    [trivial]=$(instructions "$out/trivial_write" "$bytes")
    [qr-cli]=$(instructions build/qr-cli "$text")
    [qr-cli-dynamic]=$(instructions "$out/qr-cli-dynamic" "$text")
    [qrencode]=$(instructions qrencode -o - "$text")
)

python3 - "$out/startup.json" "${instr[trivial]}" "${instr[qr-cli]}" \
    "${instr[qr-cli-dynamic]}" "${instr[qrencode]}" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
instr = dict(zip(["trivial", "qr-cli", "qr-cli-dynamic", "qrencode"],
                 map(int, sys.argv[2:6])))
base = next(r for r in results if r["command"] == "trivial")
print(f"| program        | mean ms | median ms | vs trivial | instructions |")
print(f"|----------------|--------:|----------:|-----------:|-------------:|")
for r in results:
    name = r["command"]
    print(f"| {name:<14} | {r['mean']*1e3:7.3f} | {r['median']*1e3:9.3f} |"
          f" {r['mean']/base['mean']:9.2f}x | {instr[name]:12,} |")
q = next(r for r in results if r["command"] == "qr-cli")
e = next(r for r in results if r["command"] == "qrencode")
print(f"\nqr-cli is {e['mean']/q['mean']:.2f}x as fast as qrencode -o -")
PY
