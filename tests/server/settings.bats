#!/usr/bin/env bats
# qr-server's command line and sockets: --help, --version and the man
# page; a bad setting or a port in use is one line and exit 1; IPv6, Unix
# sockets and systemd socket activation; the settings that shape answers
# (--cors, --max-text, --max-size).

load helpers

# assert_bad_setting ARGS...: exit 1, nothing on stdout, one line on
# stderr starting "qr-server: ", within 5 s.
assert_bad_setting() {
    local out="$BATS_TEST_TMPDIR/out" err="$BATS_TEST_TMPDIR/err"
    status=0
    timeout 5 "$QR_SERVER" "$@" >"$out" 2>"$err" || status=$?
    [ "$status" -eq 1 ] || { echo "$*: exit $status: $(cat "$err")" >&2; return 1; }
    [ ! -s "$out" ] || { echo "$*: stdout: $(cat "$out")" >&2; return 1; }
    [ "$(wc -l <"$err")" -eq 1 ] || { echo "$*: stderr: $(cat "$err")" >&2; return 1; }
    grep -q '^qr-server: ' "$err"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

@test "--version names qr-server, libqrpng and its dependencies" {
    run "$QR_SERVER" --version
    [ "$status" -eq 0 ]
    [[ "$output" =~ ^qr-server\ [0-9]+\.[0-9]+\.[0-9]+\ \(libqrpng\ .*libqrencode.*libpng ]]
}

@test "--help lists every option, and the man page has an entry for each" {
    run "$QR_SERVER" --help
    [ "$status" -eq 0 ]
    [[ "$output" == Usage:\ qr-server* ]]
    opts=$(printf '%s\n' "$output" | grep -o -- '--[a-z][a-z-]*' | sort -u)
    [ "$(printf '%s\n' "$opts" | wc -l)" -ge 16 ]
    for o in $opts; do
        # groff writes the dash as \-: ".B \-\-listen" or ".BR \-\-listen ..."
        man=$(printf '%s' "$o" | sed 's/-/\\\\-/g')
        grep -q "^\.B[IR]* $man\b" "$ROOT/man/qr-server.1" ||
            { echo "man/qr-server.1 has no entry for $o" >&2; return 1; }
    done
    # And the other way: every option the man page describes is in --help.
    for o in $(grep -o '^\.B[IR]* \\-\\-[a-z-]*' "$ROOT/man/qr-server.1" | sed 's/.* //; s/\\//g'); do
        printf '%s\n' "$opts" | grep -qx -- "$o" ||
            { echo "--help lacks $o" >&2; return 1; }
    done
    # docs/server.md lists every option too.
    for o in $opts; do
        grep -qF -- "\`$o" "$ROOT/docs/server.md" ||
            { echo "docs/server.md lacks $o" >&2; return 1; }
    done
}

@test "a bad setting is one line and exit 1" {
    assert_bad_setting --threads 0
    assert_bad_setting --threads 257
    assert_bad_setting --threads two
    assert_bad_setting --max-connections -1
    assert_bad_setting --max-text 0
    assert_bad_setting --max-size 8193
    assert_bad_setting --idle-timeout ''
    assert_bad_setting --request-timeout 99999999999999999999999
    assert_bad_setting --listen nonsense
    assert_bad_setting --listen 127.0.0.1:65536
    assert_bad_setting --listen '[::1'
    assert_bad_setting --listen 'unix:'
    assert_bad_setting --listen 127.0.0.1:x
    assert_bad_setting --listen 'no.such.host.invalid:80'
    assert_bad_setting --cors $'https://a.example\r\nX-Evil: 1'
    assert_bad_setting --access-log /nonexistent/dir/log
    assert_bad_setting --no-such-option
    assert_bad_setting --threads
    assert_bad_setting stray-argument
    # The value is echoed escaped: no control character reaches the terminal.
    timeout 5 "$QR_SERVER" --threads $'\e[31m' 2>"$BATS_TEST_TMPDIR/err" || true
    grep -qiF '\x1b[31m' "$BATS_TEST_TMPDIR/err"
}

@test "a port in use is one line and exit 1" {
    start_server
    assert_bad_setting --listen "127.0.0.1:$PORT"
    grep -q 'Address already in use' "$BATS_TEST_TMPDIR/err"
    # A Unix socket a live server holds is in use too.
    sock="$BATS_TEST_TMPDIR/s.sock"
    "$QR_SERVER" --listen "unix:$sock" 2>"$BATS_TEST_TMPDIR/first.err" &
    first=$!
    for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
    assert_bad_setting --listen "unix:$sock"
    kill -TERM "$first"
    wait "$first"
}

@test "--listen on IPv6 and a Unix socket at once; the socket file goes at exit" {
    python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null ||
        skip "no IPv6 loopback"
    sock="$BATS_TEST_TMPDIR/qr.sock"
    start_server --listen '[::1]:0' --listen "unix:$sock"
    wait_listening 2
    port6=$(sed -n 's/.*listening on http:\/\/\[::1\]:\([0-9]*\).*/\1/p' "$SERVER_ERR")
    fetch "http://[::1]:$port6/qrcode?text=six"
    [ "$code" = 200 ]
    printf six >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    fetch "http://localhost/qrcode?text=unix" --unix-socket "$sock"
    [ "$code" = 200 ]
    printf unix >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    stop_server
    [ "$status" -eq 0 ]
    [ ! -e "$sock" ]
}

@test "systemd socket activation: the passed socket is served (systemd-socket-activate)" {
    command -v systemd-socket-activate >/dev/null || skip "no systemd-socket-activate"
    port=$(free_port)
    SERVER_ERR="$BATS_TEST_TMPDIR/server.err"
    systemd-socket-activate -l "127.0.0.1:$port" "$QR_SERVER" 2>"$SERVER_ERR" &
    SERVER_PID=$!
    for i in $(seq 100); do
        grep -q 'Listening on' "$SERVER_ERR" 2>/dev/null && break
        sleep 0.05
    done
    fetch "http://127.0.0.1:$port/qrcode?text=activated"
    [ "$code" = 200 ]
    printf activated >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    grep -q "listening on http://127.0.0.1:$port (systemd)" "$SERVER_ERR"
    # Only the passed socket: not the default address as well.
    run grep -c 'listening on' "$SERVER_ERR"
    [ "$output" -eq 1 ]
    stop_server
    [ "$status" -eq 0 ]
}

@test "--cors ORIGIN: the header on images and errors, Vary: Origin" {
    start_server --cors https://app.example
    fetch "$BASE/qrcode?text=cors"
    [ "$(header Access-Control-Allow-Origin)" = https://app.example ]
    [ "$(header Vary)" = Origin ]
    fetch "$BASE/qrcode"
    [ "$code" = 400 ]
    [ "$(header Access-Control-Allow-Origin)" = https://app.example ]
    stop_server
    start_server --cors '*'
    fetch "$BASE/qrcode?text=cors"
    [ "$(header Access-Control-Allow-Origin)" = '*' ]
    [ -z "$(header Vary)" ]
}

@test "--max-text and --max-size reach the request layer" {
    start_server --max-text 10 --max-size 500
    fetch "$BASE/qrcode?text=0123456789"
    [ "$code" = 200 ]
    fetch "$BASE/qrcode?text=0123456789a"
    [ "$code" = 400 ]
    [ "$(cat "$BODY")" = 'text must be <= 10 bytes' ]
    fetch "$BASE/qrcode?text=a&size=500"
    [ "$code" = 200 ]
    fetch "$BASE/qrcode?text=a&size=501"
    [ "$code" = 400 ]
    [ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
    fetch "$BASE/v1/create-qr-code/?data=a&size=1000x1000"
    [ "$code" = 400 ]
}
