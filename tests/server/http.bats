#!/usr/bin/env bats
# qr-server's HTTP contract, with curl: every status it writes, the
# headers of each, HEAD, ETag and If-None-Match, CORS, raw bytes, the
# goQR route, /healthz and /metrics. One server for the whole file.

load helpers

setup_file() {
    export BATS_TEST_TMPDIR="$BATS_FILE_TMPDIR"
    start_server --threads 2 --max-request-line 2048 --max-headers 2048
    echo "$SERVER_PID $PORT" >"$BATS_FILE_TMPDIR/server"
}

teardown_file() {
    read -r SERVER_PID PORT <"$BATS_FILE_TMPDIR/server"
    kill -TERM "$SERVER_PID" 2>/dev/null || true
}

setup() {
    read -r SERVER_PID PORT <"$BATS_FILE_TMPDIR/server"
    BASE="http://127.0.0.1:$PORT"
}

# The suite's server outlives each test: teardown leaves it.
teardown() { :; }

# assert_plain_error CODE MESSAGE: the last fetch was CODE, text/plain,
# body MESSAGE exactly, Content-Length its size, nosniff.
assert_plain_error() {
    [ "$code" = "$1" ] || { echo "status $code, want $1: $(cat "$BODY")" >&2; return 1; }
    [ "$(header Content-Type)" = "text/plain; charset=utf-8" ] ||
        { echo "Content-Type: $(header Content-Type)" >&2; return 1; }
    [ "$(cat "$BODY")" = "$2" ] || { echo "body: $(cat "$BODY")" >&2; return 1; }
    [ "$(header Content-Length)" = "$(wc -c <"$BODY")" ]
    [ "$(header X-Content-Type-Options)" = nosniff ]
}

@test "GET /qrcode: a PNG that decodes, with its length, type, cache policy, ETag and nosniff" {
    fetch "$BASE/qrcode?text=hello%20world"
    [ "$code" = 200 ]
    [ "$(header Content-Type)" = image/png ]
    [ "$(header Content-Length)" = "$(wc -c <"$BODY")" ]
    [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
    [ "$(header X-Content-Type-Options)" = nosniff ]
    [[ "$(header ETag)" =~ ^\"[0-9a-f]{32}\"$ ]]
    printf 'hello world' >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    # The article's default: 200 by 200 pixels.
    file "$BODY" | grep -q '200 x 200'
}

@test "HEAD: the GET's headers and Content-Length, no body" {
    fetch "$BASE/qrcode?text=head"
    get_len=$(header Content-Length)
    get_tag=$(header ETag)
    fetch "$BASE/qrcode?text=head" -I
    [ "$code" = 200 ]
    [ "$(header Content-Length)" = "$get_len" ]
    [ "$(header ETag)" = "$get_tag" ]
    # On the wire: nothing after the header block (curl -I would not read it).
    printf 'HEAD /qrcode?text=head HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n' |
        python3 "$BATS_TEST_DIRNAME/client.py" raw "$PORT" >"$BATS_TEST_TMPDIR/raw"
    [ "$(sed -n '/^\r$/,$p' "$BATS_TEST_TMPDIR/raw" | wc -c)" -eq 2 ]
    # Errors too.
    fetch "$BASE/qrcode" -I
    [ "$code" = 400 ]
    [ "$(header Content-Length)" = 26 ]
}

@test "ETag: If-None-Match gives 304 with the tag and no body; another text or option another tag" {
    fetch "$BASE/qrcode?text=cache-me"
    tag=$(header ETag)
    fetch "$BASE/qrcode?text=cache-me" -H "If-None-Match: $tag"
    [ "$code" = 304 ]
    [ "$(header ETag)" = "$tag" ]
    [ "$(header Cache-Control)" = "public, max-age=31536000, immutable" ]
    [ ! -s "$BODY" ]
    # In a list, weak, or *.
    fetch "$BASE/qrcode?text=cache-me" -H "If-None-Match: \"0000\", W/$tag"
    [ "$code" = 304 ]
    fetch "$BASE/qrcode?text=cache-me" -H "If-None-Match: *"
    [ "$code" = 304 ]
    fetch "$BASE/qrcode?text=cache-me" -H 'If-None-Match: "00000000000000000000000000000000"'
    [ "$code" = 200 ]
    fetch "$BASE/qrcode?text=cache-me2"
    [ "$(header ETag)" != "$tag" ]
    fetch "$BASE/qrcode?text=cache-me&size=300"
    [ "$(header ETag)" != "$tag" ]
    fetch "$BASE/qrcode?text=cache-me&size=300" -H "If-None-Match: $tag"
    [ "$code" = 200 ]
    # The same request spelled another way renders the same bytes: one tag.
    fetch "$BASE/qrcode?size=200&text=cache%2Dme"
    [ "$(header ETag)" = "$tag" ]
}

@test "400s: the article's messages, text/plain" {
    fetch "$BASE/qrcode"
    assert_plain_error 400 'missing "text" query param'
    fetch "$BASE/qrcode?text="
    assert_plain_error 400 'missing "text" query param'
    fetch "$BASE/qrcode?text=$(head -c 513 /dev/zero | tr '\0' a)"
    assert_plain_error 400 'text must be <= 512 bytes'
    fetch "$BASE/qrcode?text=$(head -c 512 /dev/zero | tr '\0' a)"
    [ "$code" = 200 ]
}

@test "raw bytes: %ff is the byte 0xFF, every byte 1-255 round-trips; NUL is a 400" {
    printf '\xff\xfe\x01A b+\x80' >"$BATS_TEST_TMPDIR/want"
    fetch "$BASE/qrcode?text=%ff%FE%01A+b%2B%80"
    [ "$code" = 200 ]
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    # Bytes 0x01-0xFF, percent-encoded, in two codes.
    python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(1, 128)))' >"$BATS_TEST_TMPDIR/low"
    python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(128, 256)))' >"$BATS_TEST_TMPDIR/high"
    for part in low high; do
        q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote_from_bytes(open(sys.argv[1], "rb").read(), safe=""))' "$BATS_TEST_TMPDIR/$part")
        fetch "$BASE/qrcode?text=$q"
        [ "$code" = 200 ]
        decode_equals "$BODY" "$BATS_TEST_TMPDIR/$part"
    done
    fetch "$BASE/qrcode?text=a%00b"
    assert_plain_error 400 'text must not contain NUL'
}

@test "render options as query parameters; a bad one is a 400 with the table's message" {
    fetch "$BASE/qrcode?text=opts&size=320&level=H"
    [ "$code" = 200 ]
    file "$BODY" | grep -q '320 x 320'
    fetch "$BASE/qrcode?text=opts&type=svg"
    [ "$code" = 200 ]
    [ "$(header Content-Type)" = image/svg+xml ]
    grep -q '<svg' "$BODY"
    fetch "$BASE/qrcode?text=opts&level=Z"
    [ "$code" = 400 ]
    [ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
    grep -q 'level' "$BODY"
}

@test "404 for other paths, text/plain" {
    for path in / /qrcode/ /QRCODE /qrcodes /v1/ '/%71rcode?text=a' /metrics/x; do
        fetch "$BASE$path"
        assert_plain_error 404 'not found'
    done
}

@test "405 with Allow for every other method, text/plain; the goQR route allows POST" {
    for m in POST PUT DELETE OPTIONS PATCH TRACE; do
        fetch "$BASE/qrcode?text=a" -X "$m"
        assert_plain_error 405 'method not allowed'
        [ "$(header Allow)" = "GET, HEAD" ]
    done
    for m in PUT DELETE OPTIONS PATCH; do
        fetch "$BASE/v1/create-qr-code/?data=a" -X "$m"
        assert_plain_error 405 'method not allowed'
        [ "$(header Allow)" = "GET, HEAD, POST" ]
    done
    fetch "$BASE/healthz" -X POST
    [ "$code" = 405 ]
    [ "$(header Allow)" = "GET, HEAD" ]
}

@test "414 and 431 in text/plain under libevent's cap; a 100 KB request line is answered, not hung" {
    fetch "$BASE/qrcode?text=a&pad=$(head -c 2100 /dev/zero | tr '\0' x)"
    assert_plain_error 414 'request line longer than 2048 bytes'
    fetch "$BASE/qrcode?text=a" -H "X-Big: $(head -c 2100 /dev/zero | tr '\0' x)"
    assert_plain_error 431 'request headers larger than 2048 bytes'
    # Past libevent's own cap it answers 400 itself (docs/server.md).
    start=$(date +%s%N)
    fetch "$BASE/qrcode?text=$(head -c 100000 /dev/zero | tr '\0' a)"
    [ "$status" -eq 0 ]
    [ "$code" = 400 ]
    [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 3000 ]
    # The server still answers.
    fetch "$BASE/qrcode?text=after"
    [ "$code" = 200 ]
}

@test "CORS is off by default" {
    fetch "$BASE/qrcode?text=a"
    [ -z "$(header Access-Control-Allow-Origin)" ]
}

@test "the goQR route: size, data, GET and form POST, the GET value winning, svg" {
    fetch "$BASE/v1/create-qr-code/?size=150x150&data=https%3A%2F%2Fexample.com%2F"
    [ "$code" = 200 ]
    [ "$(header Content-Type)" = image/png ]
    file "$BODY" | grep -q '150 x 150'
    printf 'https://example.com/' >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    fetch "$BASE/v1/create-qr-code/" --data 'data=posted&size=120x120'
    [ "$code" = 200 ]
    file "$BODY" | grep -q '120 x 120'
    printf posted >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    fetch "$BASE/v1/create-qr-code/?data=from-get" --data 'data=from-form'
    printf from-get >"$BATS_TEST_TMPDIR/want"
    decode_equals "$BODY" "$BATS_TEST_TMPDIR/want"
    fetch "$BASE/v1/create-qr-code/?data=svg&format=svg"
    [ "$(header Content-Type)" = image/svg+xml ]
    fetch "$BASE/v1/create-qr-code/?data=gif&format=gif"
    [ "$code" = 400 ]
    [ "$(header Content-Type)" = "text/plain; charset=utf-8" ]
    # A body that is not a form is refused as such.
    fetch "$BASE/v1/create-qr-code/" -H 'Content-Type: application/json' --data '{"data":"x"}'
    assert_plain_error 415 'POST body must be application/x-www-form-urlencoded'
}

@test "/healthz answers ok, not cached" {
    fetch "$BASE/healthz"
    [ "$code" = 200 ]
    [ "$(cat "$BODY")" = ok ]
    [ "$(header Cache-Control)" = no-store ]
}

@test "/metrics: counters move with requests; arbitrary paths add no series" {
    fetch "$BASE/metrics"
    [ "$code" = 200 ]
    [[ "$(header Content-Type)" == text/plain* ]]
    lines=$(wc -l <"$BODY")
    ok=$(metric 'qr_server_requests_total{route="qrcode",status="200"}')
    bad=$(metric 'qr_server_requests_total{route="qrcode",status="400"}')
    other=$(metric 'qr_server_requests_total{route="other",status="404"}')
    renders=$(metric qr_server_render_seconds_count)
    bytes=$(metric qr_server_response_bytes_total)
    for i in 1 2 3; do fetch "$BASE/qrcode?text=m$i"; done
    fetch "$BASE/qrcode"
    for i in 1 2 3 4 5; do fetch "$BASE/random-$RANDOM-$i"; done
    [ "$(metric 'qr_server_requests_total{route="qrcode",status="200"}')" -eq $((ok + 3)) ]
    [ "$(metric 'qr_server_requests_total{route="qrcode",status="400"}')" -eq $((bad + 1)) ]
    [ "$(metric 'qr_server_requests_total{route="other",status="404"}')" -eq $((other + 5)) ]
    [ "$(metric qr_server_render_seconds_count)" -eq $((renders + 3)) ]
    [ "$(metric qr_server_response_bytes_total)" -gt $((bytes + 600)) ]
    fetch "$BASE/metrics"
    [ "$(wc -l <"$BODY")" -eq "$lines" ]
    grep -q '^qr_server_render_seconds_bucket{le="+Inf"} ' "$BODY"
    grep -q '^qr_server_connections_open ' "$BODY"
    grep -q '^qr_server_refused_total{limit="connections"} ' "$BODY"
}
