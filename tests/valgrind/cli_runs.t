#!/bin/bash
# qr-cli under valgrind memcheck: success and every error path. Each run
# must end with its documented exit status; any memcheck error or any
# definitely or indirectly lost byte makes valgrind exit 99 instead.
# Run by make check-valgrind (VALGRIND holds the command and options).
#
# One line per run:  [STDOUT=FILE] run NAME EXIT STDIN [ARG...]
# (STDIN: a file, or - for /dev/null; STDOUT: a file, closed, or by
# default a scratch file.)
set -u
cd "$(dirname "$0")/../.."
qr_cli=${QR_CLI:-${BUILD_DIR:-build}/qr-cli}
read -r -a valgrind <<<"${VALGRIND:-valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'from standard input\n' >"$tmp/stdin.txt"
: >"$tmp/empty.txt"
head -c 3000 /dev/zero | tr '\0' 'a' >"$tmp/too-long.txt"
head -c 1100000 /dev/zero | tr '\0' 'b' >"$tmp/over-input-limit.txt"
long=$(head -c 2953 /dev/zero | tr '\0' 'x')

t=0
run() {
    local name=$1 want=$2 input=$3 status=0
    shift 3
    [ "$input" = - ] && input=/dev/null
    if [ "${STDOUT:-}" = closed ]; then
        "${valgrind[@]}" "$qr_cli" "$@" <"$input" >&- 2>"$tmp/err" || status=$?
    else
        "${valgrind[@]}" "$qr_cli" "$@" <"$input" >"${STDOUT:-$tmp/out}" \
            2>"$tmp/err" || status=$?
    fi
    t=$((t + 1))
    if [ "$status" -eq "$want" ]; then
        echo "ok $t - $name (exit $status)"
    else
        echo "not ok $t - $name: exit $status, expected $want"
        sed 's/^/# /' "$tmp/err" | head -n 40
    fi
}

# Success
run "TEXT argument" 0 - hello
run "longest text at level L, 8192 px" 0 - --size 8192 -- "$long"
run "options, colours, transparent, -o FILE" 0 - -l Q --scale 5 -m 1 \
    --fg '#1a4d8f' --bg transparent -o "$tmp/code.png" -- options
run "text from standard input" 0 "$tmp/stdin.txt"
run "text from -i FILE, --keep-newline" 0 - -i "$tmp/stdin.txt" --keep-newline
run "--help" 0 - --help
run "--version" 0 - --version
# Usage errors (exit 1)
run "unknown option" 1 - -x hello
run "bad value" 1 - --size 0 -- hello
run "missing value" 1 - -l M -s
run "two texts" 1 - -l M a b
run "TEXT and -i" 1 - -i "$tmp/stdin.txt" -- text
run "same colours" 1 - --fg '#000' --bg '#000' -- text
# Cannot encode (exit 2)
run "empty TEXT" 2 - ""
run "empty standard input" 2 "$tmp/empty.txt"
run "too long for level L" 2 "$tmp/too-long.txt"
run "over the input limit" 2 "$tmp/over-input-limit.txt"
# I/O errors (exit 3)
run "missing -i FILE" 3 - -i "$tmp/missing.txt"
run "-o into a missing folder" 3 - -o "$tmp/missing/code.png" -- hello
run "-o onto a folder" 3 - -o "$tmp" -- hello
# -o onto what is there (man qr-cli, -o): a link to a 0600 file, a link
# loop, /proc/self/fd/1; a path with control bytes, escaped in the message.
printf old >"$tmp/target.png" && chmod 600 "$tmp/target.png"
ln -sf target.png "$tmp/link.png"
ln -sf loop-b "$tmp/loop-a" && ln -sf loop-a "$tmp/loop-b"
run "-o through a link, mode kept" 0 - -o "$tmp/link.png" -- hello
run "-o a link loop" 3 - -o "$tmp/loop-a" -- hello
run "-o /proc/self/fd/1" 0 - -o /proc/self/fd/1 -- hello
run "-o path with control bytes" 3 - -o "$tmp/missing/"$'\e[31m\n\xc2\x9b' -- hello
# Replacing an existing file (a locked temporary name, then a rename),
# under a 255-byte name whose temporary name is shortened; writing at an
# open descriptor's offset; a descriptor that is not open; past ulimit -f.
long_name="$tmp/$(head -c 251 /dev/zero | tr '\0' 'n').png"
run "-o a 255-byte name" 0 - -o "$long_name" -- first
run "-o replaces it" 0 - -o "$long_name" -- second
run "-o /dev/stdout" 0 - -o /dev/stdout -- hello
run "-o /dev/fd/9, not open" 3 - -o /dev/fd/9 -- hello
(ulimit -f 1 && run "-o past ulimit -f" 3 - -s 3000 -o "$tmp/big.png" -- large)
t=$((t + 1))
if [ -w /dev/full ]; then
    STDOUT=/dev/full run "stdout is /dev/full" 3 - hello
fi
STDOUT=closed run "stdout closed" 3 - hello
# Worker mode (docs/worker-protocol.md): frames made by the test's own
# encoder of protocol version 1.
python3 - "$tmp" <<'PY'
import struct, sys
tmp = sys.argv[1]
def frame(text, flags=0, level=0, margin=0, size=0, scale=0, fg=b"\0\0\0", bg=b"\0\0\0"):
    return (b"QW" + bytes([1, flags, level, margin]) + struct.pack("<HH", size, scale)
            + fg + bg + struct.pack("<I", len(text)) + text)
good = frame(b"hello") + frame(b"x" * 3000) + frame(b"colours", 0x34, scale=3, fg=b"\x1a\x4d\x8f") + frame(b"")
def frame3(text, options):
    return (b"QW\x03\x00" + struct.pack("<H", len(options)) + b"\x00\x00"
            + struct.pack("<I", len(text)) + options + text)
v3 = (frame3(b"svg", b"type=svg\nbg=transparent\nsize=300") + frame3(b"1234", b"micro\ntype=utf8")
      + frame3(b"x", b"colour=red") + frame3(b"x", b"size=0") + frame3(b"x", b"a" * 1000))
files = {
    "worker-good": good,
    "worker-truncated": good + frame(b"cut short")[:-4],
    "worker-bad-magic": good + b"XX" + frame(b"x")[2:],
    "worker-too-long": good + frame(b"")[:16] + struct.pack("<I", 1 << 30),
    "worker-v3": v3,
    "worker-v3-options-over-limit": v3 + b"QW\x03\x00\xff\xff",
}
for name, data in files.items():
    open(f"{tmp}/{name}", "wb").write(data)
PY
run "worker: pipelined requests, one too long" 0 "$tmp/worker-good" --worker --
run "worker: options as defaults" 0 "$tmp/worker-good" --worker -l H --scale 2 --
run "worker: truncated frame" 1 "$tmp/worker-truncated" --worker --
run "worker: bad magic" 1 "$tmp/worker-bad-magic" --worker --
run "worker: length over the limit" 1 "$tmp/worker-too-long" --worker --
run "worker: version 3, options by name, some refused" 0 "$tmp/worker-v3" --worker --
run "worker: version 3, options over the limit" 1 "$tmp/worker-v3-options-over-limit" --worker --
if [ -w /dev/full ]; then
    STDOUT=/dev/full run "worker: stdout is /dev/full" 3 "$tmp/worker-good" --worker --
fi
# Batch mode (docs/batch.md): good, bad and duplicate records.
printf 'a\tfirst\nbare line\n../x\tescape\na\tduplicate\nlong\t%s\n\nlast\tend' \
    "$(head -c 3000 /dev/zero | tr '\0' 'q')" >"$tmp/manifest"
printf 'one\nline\000two\tx\000' >"$tmp/manifest0"
run "batch: 2 threads, some records refused" 2 "$tmp/manifest" --batch "$tmp/batch" -j 2
run "batch: --skip-existing, -i FILE" 2 - --batch "$tmp/batch" -i "$tmp/manifest" --skip-existing
run "batch: NUL-ended records, options" 0 "$tmp/manifest0" --batch "$tmp/batch0" -0 -l M --scale 2
run "batch: DIR is a file" 3 "$tmp/manifest" --batch "$tmp/manifest0"
# A stale temporary file removed at start, a folder in the way of a record.
mkdir -p "$tmp/batch2/b.png"
echo partial >"$tmp/batch2/.a.png.Ab3dE9"
printf 'a\tone\nb\ttwo\n' >"$tmp/manifest2"
run "batch: stale temporary file, a folder in the way" 2 "$tmp/manifest2" --batch "$tmp/batch2"
run "batch: TEXT argument refused" 1 - --batch "$tmp/batch" -- text
echo "1..$t"
