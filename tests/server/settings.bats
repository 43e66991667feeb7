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
    for o in $(grep -o '^\.B[IR]* \\-\\-[a-z\\-]*' "$ROOT/man/qr-server.1" | sed 's/.* //; s/\\//g'); do
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

@test "make install puts qr-server and its man page under DESTDIR and PREFIX; uninstall removes them" {
    dest="$BATS_TEST_TMPDIR/dest"
    # As a user runs it, not with the variables of the make running the
    # suites (check-sanitize passes BUILD, CC and CFLAGS down).
    (unset MAKEFLAGS MAKELEVEL MFLAGS MAKEOVERRIDES BUILD CC CFLAGS LDFLAGS \
        HARDEN_CFLAGS HARDEN_LDFLAGS SANITIZE
     make -s -C "$ROOT" install DESTDIR="$dest" PREFIX=/opt/qr >/dev/null)
    [ -x "$dest/opt/qr/bin/qr-server" ]
    "$dest/opt/qr/bin/qr-server" --version | grep -q '^qr-server '
    grep -q '^\.SH "EXIT STATUS"' "$dest/opt/qr/share/man/man1/qr-server.1"
    # libevent and libxxhash are inside the program, as libpng is.
    run ldd "$dest/opt/qr/bin/qr-server"
    [[ "$output" != *libevent* ]]
    [[ "$output" != *libxxhash* ]]
    (unset MAKEFLAGS MAKELEVEL MFLAGS MAKEOVERRIDES BUILD CC CFLAGS LDFLAGS \
        HARDEN_CFLAGS HARDEN_LDFLAGS SANITIZE
     make -s -C "$ROOT" uninstall DESTDIR="$dest" PREFIX=/opt/qr >/dev/null)
    [ ! -e "$dest/opt/qr/bin/qr-server" ]
    [ ! -e "$dest/opt/qr/share/man/man1/qr-server.1" ]
}

@test "the shipped systemd unit and socket pass systemd-analyze verify; the nginx snippet passes nginx -t" {
    if command -v systemd-analyze >/dev/null; then
        d="$BATS_TEST_TMPDIR/units"
        mkdir -p "$d"
        # The installed path and man page are not there in a checkout.
        sed -e "s|/usr/local/bin/qr-server|$QR_SERVER|" -e '/^Documentation=/d' \
            "$ROOT/server/systemd/qr-server.service" >"$d/qr-server.service"
        sed -e '/^Documentation=/d' "$ROOT/server/systemd/qr-server.socket" >"$d/qr-server.socket"
        run systemd-analyze verify "$d/qr-server.socket" "$d/qr-server.service"
        [ "$status" -eq 0 ]
        [ -z "$output" ]
        grep -qx 'DynamicUser=yes' "$d/qr-server.service"
        grep -qx 'ProtectSystem=strict' "$d/qr-server.service"
    fi
    if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then
        n="$BATS_TEST_TMPDIR/nginx"
        mkdir -p "$n"
        cat >"$n/nginx.conf" <<CONF
pid $n/nginx.pid;
error_log $n/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $n; proxy_temp_path $n; fastcgi_temp_path $n;
    uwsgi_temp_path $n; scgi_temp_path $n;
    include $ROOT/server/nginx/qr-server.conf;
}
CONF
        PATH="$PATH:/usr/sbin" nginx -t -q -c "$n/nginx.conf" -p "$n"
        grep -q 'proxy_next_upstream error timeout' "$ROOT/server/nginx/qr-server.conf"
    fi
}

@test "--threads N loops, by default one per CPU the process may use (taskset)" {
    command -v taskset >/dev/null || skip "no taskset"
    threads_of() { sed -n 's/^Threads:\s*//p' "/proc/$SERVER_PID/status"; }
    start_server --threads 3
    # The main thread waits for signals; each loop has its own.
    [ "$(threads_of)" -eq 4 ]
    fetch "$BASE/qrcode?text=three"
    [ "$code" = 200 ]
    stop_server
    SERVER_ERR="$BATS_TEST_TMPDIR/server.err"
    taskset -c 0 "$QR_SERVER" --listen 127.0.0.1:0 2>"$SERVER_ERR" &
    SERVER_PID=$!
    wait_listening 1
    [ "$(threads_of)" -eq 2 ]
}

@test "the open file limit: a --max-connections over it is refused; the default is lowered to fit, and said" {
    command -v prlimit >/dev/null || skip "no prlimit"
    out="$BATS_TEST_TMPDIR/out" err="$BATS_TEST_TMPDIR/err"
    status=0
    timeout 5 prlimit --nofile=1024:1024 "$QR_SERVER" --listen 127.0.0.1:0 --max-connections 4096 \
        >"$out" 2>"$err" || status=$?
    [ "$status" -eq 1 ]
    [ "$(wc -l <"$err")" -eq 1 ]
    grep -q '^qr-server: --max-connections 4096 needs 4352 open files; the limit is 1024' "$err"
    SERVER_ERR="$BATS_TEST_TMPDIR/server.err"
    prlimit --nofile=1024:1024 "$QR_SERVER" --listen 127.0.0.1:0 2>"$SERVER_ERR" &
    SERVER_PID=$!
    wait_listening 1
    grep -q '^qr-server: at most 768 connections: the open file limit is 1024' "$SERVER_ERR"
    fetch "$BASE/qrcode?text=lowered"
    [ "$code" = 200 ]
}
