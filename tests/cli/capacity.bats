#!/usr/bin/env bats
# The exact byte-mode capacity at each level decodes back; one byte more
# exits 2 with the count and the limit, and nothing on stdout.

load helpers

check_capacity() {
    local level=$1 limit=$2
    local text="$BATS_TEST_TMPDIR/text"
    repeat_bytes "$limit" >"$text"
    run_split "$QR_CLI" -l "$level" --scale 2 -i "$text"
    assert_png_success
    decode_equals "$OUT" "$text"
    # The article's convention too: the whole text as the lone argument.
    run_split "$QR_CLI" "$(cat "$text")"
    if [ "$level" = L ]; then
        assert_png_success
        decode_equals "$OUT" "$text"
    fi

    repeat_bytes $((limit + 1)) >"$text"
    run_split "$QR_CLI" -l "$level" -i "$text"
    assert_failure 2 "text is $((limit + 1)) bytes, too long for a QR code at level $level (limit $limit bytes"
}

@test "level L holds 2953 bytes" { check_capacity L 2953; }
@test "level M holds 2331 bytes" { check_capacity M 2331; }
@test "level Q holds 1663 bytes" { check_capacity Q 1663; }
@test "level H holds 1273 bytes" { check_capacity H 1273; }

@test "a lone argument over the capacity exits 2" {
    run_split "$QR_CLI" "$(repeat_bytes 2954)"
    assert_failure 2 "text is 2954 bytes"
}

@test "input over 1 MiB is refused without being kept" {
    run_split_stdin /dev/zero "$QR_CLI"
    assert_failure 2 "text is over 1048576 bytes"
}

@test "-v N: one byte over names version 40's limit too (libqrencode tries N to 40)" {
    local level limit
    for level in L:2953 M:2331 Q:1663 H:1273; do
        limit=${level#*:}
        level=${level%:*}
        run_split "$QR_CLI" -v 38 -l "$level" -- "$(repeat_bytes $((limit + 1)))"
        assert_failure 2 "text is $((limit + 1)) bytes, too long for a QR code at level $level (versions 38 to 40 tried; limit $limit bytes; only digits or upper-case pack denser)"
    done
}
