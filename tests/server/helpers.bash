# Helpers of the qr-server suites. make test sets QR_SERVER.
: "${QR_SERVER:=$BATS_TEST_DIRNAME/../../build/qr-server}"
ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)

# start_server [OPTIONS...]: qr-server on a free port of 127.0.0.1 (port 0:
# the kernel picks, the server prints it), unless OPTIONS hold a --listen.
# Sets SERVER_PID, SERVER_ERR (its stderr), PORT and BASE.
start_server() {
    SERVER_ERR="$BATS_TEST_TMPDIR/server.err"
    local listen=(--listen 127.0.0.1:0) a
    for a in "$@"; do [ "$a" = --listen ] && listen=(); done
    "$QR_SERVER" "${listen[@]}" "$@" 2>"$SERVER_ERR" &
    SERVER_PID=$!
    wait_listening 1
}

# wait_listening N: until the server printed N "listening on" lines (5 s).
wait_listening() {
    local i
    for i in $(seq 100); do
        [ "$(grep -c 'listening on' "$SERVER_ERR" 2>/dev/null)" -ge "$1" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_ERR" >&2; return 1; }
        sleep 0.05
    done
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$SERVER_ERR" | head -1)
    BASE="http://127.0.0.1:$PORT"
}

# stop_server: SIGTERM, and the exit status in $status (bounded: 15 s).
stop_server() {
    kill -TERM "$SERVER_PID"
    local i
    for i in $(seq 300); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.05
    done
    status=0
    wait "$SERVER_PID" || status=$?
    SERVER_PID=
}

teardown() {
    if [ -n "${SERVER_PID:-}" ]; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
}

# fetch URL [CURL OPTIONS...]: headers in $HDR, body in $BODY, status in
# $code (curl's own exit status in $status).
fetch() {
    local url=$1
    shift
    HDR="$BATS_TEST_TMPDIR/hdr.$RANDOM$RANDOM"
    BODY="$BATS_TEST_TMPDIR/body.$RANDOM$RANDOM"
    status=0
    code=$(curl -sS --max-time 5 -D "$HDR" -o "$BODY" -w '%{http_code}' "$@" "$url") || status=$?
}

# header NAME: the value of header NAME in $HDR (case-insensitive), CR cut.
header() {
    grep -i "^$1:" "$HDR" | head -1 | sed 's/^[^:]*: *//' | tr -d '\r'
}

# decode_equals PNG WANT: zbarimg reads PNG back to exactly the bytes of WANT.
decode_equals() {
    local got="$BATS_TEST_TMPDIR/decoded.$RANDOM$RANDOM"
    zbarimg --quiet --raw -Sbinary "$1" >"$got" 2>/dev/null || {
        echo "zbarimg could not decode $1" >&2
        return 1
    }
    cmp "$got" "$2" || {
        echo "decoded:  $(od -c "$got" | head -3)" >&2
        echo "expected: $(od -c "$2" | head -3)" >&2
        return 1
    }
}

# metric NAME_AND_LABELS: its value now.
metric() {
    curl -sS --max-time 5 "$BASE/metrics" | grep -F "$1 " | grep -v '^#' | awk '{print $NF}'
}
