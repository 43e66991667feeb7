#!/usr/bin/env bats
# --micro: the longest text of each kind (digits, upper-case, bytes) at
# each level decodes back from an M4 code; one character more exits 2
# with the text's length and that limit, as the QR message does
# (capacity.bats), whatever version -v starts from.

load helpers

setup() {
    cd "$BATS_TEST_TMPDIR"
}

# zxing_text PNG: the text ZXingReader reads (zbarimg reads no Micro QR).
zxing_text() {
    ZXingReader "$1" 2>/dev/null | sed -n 's/^Text: *//p' | head -1
}

# check_micro LEVEL CHAR LIMIT UNIT [OPTION...]: LIMIT copies of CHAR fit
# (and decode back as Micro QR) at LEVEL; LIMIT + 1 exit 2 naming LIMIT UNIT.
check_micro() {
    local level=$1 char=$2 limit=$3 unit=$4
    shift 4
    local text
    text=$(printf "%${limit}s" '' | tr ' ' "$char")
    run_split "$QR_CLI" --micro -l "$level" --scale 4 -m 2 "$@" -- "$text"
    assert_png_success
    [ "$(png_width "$OUT")" -eq $(((17 + 4) * 4)) ] # M4: 17 modules
    if command -v ZXingReader >/dev/null; then
        [ "$(zxing_text "$OUT")" = "\"$text\"" ]
    fi
    local tried="M1 to M4"
    case " $* " in *" -v 4 "*) tried=M4 ;; *" -v "*) tried="M${*: -1} to M4" ;; esac
    run_split "$QR_CLI" --micro -l "$level" "$@" -- "${text}$char"
    assert_failure 2 "text is $((limit + 1)) bytes, too long for a Micro QR code at level $level ($tried tried; limit $limit $unit"
}

@test "--micro at level L: 35 digits, 21 upper-case, 15 bytes; one more names the limit" {
    check_micro L 7 35 "digits)"
    check_micro L Z 21 "characters of digits and upper-case; only digits pack denser)"
    check_micro L z 15 "bytes; only digits or upper-case pack denser)"
    check_micro L 7 15 "bytes in byte mode)" -8
}

@test "--micro at levels M and Q: the limits of those levels" {
    check_micro M 7 30 "digits)"
    check_micro M Z 18 "characters of digits and upper-case"
    check_micro M z 13 "bytes;"
    check_micro Q 7 21 "digits)"
    check_micro Q Z 13 "characters of digits and upper-case"
    check_micro Q z 9 "bytes;"
}

@test "--micro -v N: the versions tried from N and the same limit" {
    check_micro L z 15 "bytes;" -v 2
    check_micro M 7 30 "digits)" -v 3
    check_micro Q Z 13 "characters" -v 4
}

@test "issue 24: 30 bytes of a URL name the 15-byte limit" {
    run_split "$QR_CLI" --micro -- 'https://e.com/t?id=1234567890'
    assert_failure 2 "qr-cli: text is 29 bytes, too long for a Micro QR code at level L (M1 to M4 tried; limit 15 bytes; only digits or upper-case pack denser)"
    run_split "$QR_CLI" --micro -- "$(repeat_bytes 30)"
    assert_failure 2 "text is 30 bytes, too long for a Micro QR code at level L (M1 to M4 tried; limit 15 bytes"
}

@test "--micro in a batch: the record's line names the limit and the batch goes on" {
    printf 'a\t12345\nb\t%s\n' "$(repeat_bytes 16)" >m
    run_split "$QR_CLI" --batch out --micro -i m
    [ "$status" -eq 2 ]
    grep -qx 'qr-cli: line 2: text is 16 bytes, too long for a Micro QR code at level L (M1 to M4 tried; limit 15 bytes; only digits or upper-case pack denser)' "$ERR"
    [ -s out/a.png ]
}
