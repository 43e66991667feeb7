#!/bin/sh
# Replays every seed and regression input of every fuzz target through its
# plain runner (built by tests/fuzz.mk in BUILD_DIR); one TAP test a file.
set -u
cd "$(dirname "$0")/../.."
: "${BUILD_DIR:=build}"
n=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for src in tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    for file in tests/fuzz/corpus/"$name"/* tests/fuzz/regression/"$name"/*; do
        [ -f "$file" ] || continue
        n=$((n + 1))
        if "$BUILD_DIR/tests/fuzz/$name-regress" "$file" >"$out" 2>&1; then
            echo "ok $n - $name $file"
        else
            echo "not ok $n - $name $file"
            sed 's/^/# /' "$out"
        fi
    done
done
echo "1..$n"
