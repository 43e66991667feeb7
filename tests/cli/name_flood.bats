#!/usr/bin/env bats
# Duplicate-name checking cannot be flooded: names crafted to collide in a
# hash set (the old unseeded FNV-1a) or to make comparisons long cost about
# what random names cost (scripts/bench-names.sh measures it; this test
# only catches a return to quadratic time, with a wide margin for a busy
# machine).

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

N=100000

seconds_for() { # MANIFEST: seconds of one batch run over it
    local start end
    start=$(date +%s%N)
    "$QR_CLI" --batch out -j 1 -i "$1" 2>/dev/null || [ $? -eq 2 ]
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

@test "$N names crafted against a hash set cost at most 3x random ones" {
    local gen=$BATS_TEST_DIRNAME/../../scripts/bench/crafted_names.py
    python3 "$gen" random $N >random.m
    python3 "$gen" fnv $N >fnv.m
    python3 "$gen" prefix $N >prefix.m
    local random fnv prefix
    random=$(seconds_for random.m)
    fnv=$(seconds_for fnv.m)
    prefix=$(seconds_for prefix.m)
    echo "ms: random $random, fnv $fnv, prefix $prefix"
    [ "$fnv" -le $((3 * random + 1000)) ]
    [ "$prefix" -le $((3 * random + 1000)) ]
}

@test "every crafted name is checked: duplicates among them are found" {
    python3 "$BATS_TEST_DIRNAME/../../scripts/bench/crafted_names.py" fnv 2000 >m
    head -n 3 m >>m
    run_split "$QR_CLI" --batch out -i m
    [ "$status" -eq 2 ]
    [ "$(grep -c 'duplicate file name' "$ERR")" -eq 3 ]
    grep -q "^qr-cli: line 2001: duplicate file name '.*', first at line 1$" "$ERR"
}
