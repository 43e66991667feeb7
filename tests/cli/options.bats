#!/usr/bin/env bats
# Image options read back with libpng: dimensions, depth, colours.

load helpers

# info FILE [X Y...]: pnginfo's lines.
info() { "$PNGINFO" "$@"; }

@test "default: 200x200, 1-bit greyscale, only IHDR IDAT IEND" {
    run_split "$QR_CLI" hello
    assert_png_success
    [ "$(info "$OUT")" = "200x200 depth=1 type=0 chunks=IHDR,IDAT,IEND" ]
}

@test "the article's reference URL is at most 440 bytes" {
    run_split "$QR_CLI" 'https://www.reddit.com/r/rustjerk/top/?t=all'
    assert_png_success
    size=$(stat -c %s "$OUT")
    echo "# $size bytes" >&3
    [ "$size" -le 440 ]
}

@test "--size gives exactly that many pixels" {
    for s in 100 123 200 333 1000 4096; do
        run_split "$QR_CLI" -s "$s" hello
        assert_png_success
        [ "$(info "$OUT" | cut -d' ' -f1)" = "${s}x${s}" ]
        printf hello >"$BATS_TEST_TMPDIR/want"
        decode_equals "$OUT" "$BATS_TEST_TMPDIR/want"
    done
}

@test "a --size too small for 2-pixel modules grows to fit them" {
    # "hello" is version 1: 21 modules, 29 with the margin: 58 pixels.
    run_split "$QR_CLI" --size 10 hello
    assert_png_success
    [ "$(info "$OUT" | cut -d' ' -f1)" = "58x58" ]
    run_split "$QR_CLI" --size 10 -m 0 hello
    [ "$(info "$OUT" | cut -d' ' -f1)" = "42x42" ]
}

@test "--scale and --margin set module pixels and quiet zone" {
    run_split "$QR_CLI" --scale 3 hello
    assert_png_success
    [ "$(info "$OUT" | cut -d' ' -f1)" = "87x87" ]
    run_split "$QR_CLI" --scale 3 -m 0 hello
    [ "$(info "$OUT" | cut -d' ' -f1)" = "63x63" ]
    # Margin 0: the top-left finder pattern starts at pixel 0,0.
    [ "$(info "$OUT" 0 0 | tail -1)" = "0,0,0,255" ]
    run_split "$QR_CLI" --scale 3 -m 2 hello
    [ "$(info "$OUT" 5 5 6 6 | tail -2 | tr '\n' ' ')" = "255,255,255,255 0,0,0,255 " ]
}

@test "higher levels make bigger symbols that still decode" {
    local text='Error correction: https://example.com/a/b/c?d=e'
    printf '%s' "$text" >"$BATS_TEST_TMPDIR/want"
    local last=0
    for level in L M Q H; do
        run_split "$QR_CLI" -l "$level" --scale 2 -- "$text"
        assert_png_success
        decode_equals "$OUT" "$BATS_TEST_TMPDIR/want"
        width=$(info "$OUT" | cut -dx -f1)
        [ "$width" -gt "$last" ]
        last=$width
    done
    run_split "$QR_CLI" -l q --scale 2 -- "$text"
    assert_png_success
}

@test "--fg and --bg give a 1-bit palette with those colours" {
    run_split "$QR_CLI" --scale 4 -m 1 --fg '#1a4d8f' --bg 'fff0e0' hello
    assert_png_success
    run info "$OUT" 0 0 4 4
    [ "${lines[0]}" = "92x92 depth=1 type=3 chunks=IHDR,PLTE,IDAT,IEND" ]
    [ "${lines[1]}" = "255,240,224,255" ]
    [ "${lines[2]}" = "26,77,143,255" ]
    run_split "$QR_CLI" --fg '#f00' --bg '#0f0' hello
    [ "$(info "$OUT" 0 0 | tail -1)" = "0,255,0,255" ]
}

@test "--bg transparent adds tRNS: light pixels have alpha 0" {
    run_split "$QR_CLI" --scale 2 -m 1 --bg transparent hello
    assert_png_success
    run info "$OUT" 0 0 2 2
    [ "${lines[0]}" = "46x46 depth=1 type=0 chunks=IHDR,tRNS,IDAT,IEND" ]
    [ "$(echo "${lines[1]}" | cut -d, -f4)" = 0 ]
    [ "${lines[2]}" = "0,0,0,255" ]
    run_split "$QR_CLI" --scale 2 -m 1 --fg '#336699' --bg transparent hello
    run info "$OUT" 0 0 2 2
    [ "${lines[0]}" = "46x46 depth=1 type=3 chunks=IHDR,PLTE,tRNS,IDAT,IEND" ]
    [ "$(echo "${lines[1]}" | cut -d, -f4)" = 0 ]
    [ "${lines[2]}" = "51,102,153,255" ]
}

@test "white on black stays 1-bit greyscale and decodes" {
    run_split "$QR_CLI" --fg '#ffffff' --bg '#000000' hello
    assert_png_success
    [ "$(info "$OUT" 0 0 | tr '\n' ' ')" = "200x200 depth=1 type=0 chunks=IHDR,IDAT,IEND 0,0,0,255 " ]
}

@test "the same text gives the same bytes every time" {
    "$QR_CLI" 'deterministic' >"$BATS_TEST_TMPDIR/a.png"
    "$QR_CLI" 'deterministic' >"$BATS_TEST_TMPDIR/b.png"
    cmp "$BATS_TEST_TMPDIR/a.png" "$BATS_TEST_TMPDIR/b.png"
}
