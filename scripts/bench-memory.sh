#!/bin/sh
# Peak memory (maximum resident set size, GNU time) of one qr-cli process
# per request, from the smallest to the largest code, at the default size
# and at the largest image. Prints one line per case.
#   scripts/bench-memory.sh [QR_CLI]
set -eu
cd "$(dirname "$0")/.."
qr_cli=${1:-build/qr-cli}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -c 2953 /dev/zero | tr '\0' 'x' >"$tmp/bytes-2953"   # version 40, level L
head -c 7089 /dev/zero | tr '\0' '7' >"$tmp/digits-7089"  # version 40, level L
printf 'hello' >"$tmp/hello"

measure() { # NAME INPUT ARGS...
    name=$1 input=$2
    shift 2
    /usr/bin/time -f '%M' -o "$tmp/rss" "$qr_cli" "$@" <"$input" >"$tmp/png"
    printf '%-40s %6s KiB peak RSS, PNG %s bytes\n' "$name" \
        "$(cat "$tmp/rss")" "$(wc -c <"$tmp/png")"
}
measure "5 bytes, default 200 px" "$tmp/hello"
measure "2953 bytes (largest), default 200 px" "$tmp/bytes-2953"
measure "2953 bytes (largest), --size 8192" "$tmp/bytes-2953" --size 8192
measure "7089 digits (largest), --size 8192" "$tmp/digits-7089" --size 8192
measure "2953 bytes, --scale 44 (8140 px)" "$tmp/bytes-2953" --scale 44 -m 4
/usr/bin/time -f '%M' -o "$tmp/rss" /bin/true
printf '%-40s %6s KiB peak RSS\n' "(/bin/true, for scale)" "$(cat "$tmp/rss")"
