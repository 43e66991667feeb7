#!/usr/bin/env bats
# Every text of the corpus, passed as the lone argument (the article's
# convention) and through stdin, decodes back to exactly its bytes.

load helpers

# check_text TEXT: argv and stdin both round-trip TEXT through zbarimg.
check_text() {
    local want="$BATS_TEST_TMPDIR/want.$RANDOM$RANDOM"
    printf '%s' "$1" >"$want"
    run_split "$QR_CLI" "$1"
    assert_png_success
    decode_equals "$OUT" "$want"
    run_split_stdin "$want" "$QR_CLI" -i - --keep-newline
    assert_png_success
    decode_equals "$OUT" "$want"
}

@test "short words" {
    for t in a hello Hello qr-cli 'two words' ok.; do check_text "$t"; done
}

@test "URLs with query strings" {
    check_text 'https://www.reddit.com/r/rustjerk/top/?t=all'
    check_text 'https://youtu.be/cE0wfjsybIQ?t=74'
    check_text 'https://example.com/search?q=qr+code&lang=en&page=2#results'
    check_text 'http://[::1]:8080/path;params?a=%20b&c=d'
}

@test "digits only, upper-case alphanumeric, and mixed modes" {
    check_text '0123456789'
    check_text '3141592653589793238462643383279502884197169399375105820974944'
    check_text 'HELLO WORLD $%*+-./:'
    check_text 'HTTPS://EXAMPLE.COM/ABC123'
    check_text 'Order 12345678901234567890 for ACME CORP, ref abc-XYZ'
    check_text 'WIFI:T:WPA;S:My Network;P:p4ss;w0rd;;'
}

@test "UTF-8: Chinese, Japanese, emoji" {
    check_text '你好，世界！二维码测试'
    check_text 'こんにちは、世界。カタカナとひらがな'
    check_text '😀🎉👍🏽 family: 👨‍👩‍👧‍👦'
    check_text 'Ünïcödé mixed with ASCII and 中文 and 日本語'
}

@test "newlines, tabs, quotes, backslashes" {
    check_text $'line one\nline two\n'
    check_text $'col1\tcol2\tcol3'
    check_text $'CR LF\r\nend'
    check_text "it's \"quoted\" and 'single'"
    check_text 'C:\path\to\file \n not a newline \\'
}

@test "shell metacharacters stay text" {
    check_text '$(id)'
    check_text '`reboot`'
    check_text '; rm -rf / ; echo pwned'
    check_text 'a | b && c || d > e < f & g'
    check_text '*?[]{}~#!%^'
    [ ! -e e ]
}

@test "texts that look like options are text when alone" {
    for t in - -- -h -o/tmp/qr-cli-injected --output=injected --size=5 \
             -i/etc/passwd --help=x --versions --worker-no -l; do
        check_text "$t"
    done
    [ ! -e /tmp/qr-cli-injected ]
    [ ! -e injected ]
}

@test "after --, a text starting with - is text even with options" {
    local want="$BATS_TEST_TMPDIR/want"
    printf '%s' '--help' >"$want"
    run_split "$QR_CLI" -l M -- --help
    assert_png_success
    decode_equals "$OUT" "$want"
}

@test "a 512-byte text, the article's limit" {
    local text
    text=$(repeat_bytes 512)
    [ ${#text} -eq 512 ]
    check_text "$text"
}

@test "bytes that are not UTF-8, and NUL, come back through stdin" {
    local want="$BATS_TEST_TMPDIR/binary"
    printf 'bin\000ary\377\376\001 data\000' >"$want"
    run_split_stdin "$want" "$QR_CLI" -i - --keep-newline
    assert_png_success
    decode_equals "$OUT" "$want"
    run_split "$QR_CLI" -i "$want" --keep-newline
    assert_png_success
    decode_equals "$OUT" "$want"
}

@test "a lone --keep-newline is a text too: flags need company" {
    local want="$BATS_TEST_TMPDIR/want"
    printf '%s' '--keep-newline' >"$want"
    run_split_stdin /dev/null "$QR_CLI" --keep-newline
    assert_png_success
    decode_equals "$OUT" "$want"
}
