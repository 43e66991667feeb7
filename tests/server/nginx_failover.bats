#!/usr/bin/env bats
# Scale out (docs/server.md): qr-server is stateless, so a real nginx in
# front of two instances, with one SIGKILLed while requests are in flight,
# must lose no request: nginx sends what failed on the dead instance to the
# other one (proxy_next_upstream). The test runs Debian's nginx as this
# user, from a folder of its own, with the upstream and locations of the
# nginx snippet docs/server.md ships (server/nginx/qr-server.conf), on
# ports of its own.

: "${QR_SERVER:=${BUILD_DIR:-$BATS_TEST_DIRNAME/../../build}/qr-server}"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for URL: until it answers (5 s at most).
wait_for() {
    local i
    for i in $(seq 100); do
        curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "no answer from $1" >&2
    return 1
}

setup() {
    command -v nginx >/dev/null || command -v /usr/sbin/nginx >/dev/null ||
        { echo "nginx is missing (apt-get install nginx)" >&2; return 1; }
    NGINX=$(command -v nginx || echo /usr/sbin/nginx)
    pids=()
    dir=$BATS_TEST_TMPDIR
    chmod 755 "$dir"
    port_a=$(free_port) port_b=$(free_port) port_front=$(free_port)
    "$QR_SERVER" --listen "127.0.0.1:$port_a" --threads 1 2>"$dir/a.log" &
    pid_a=$!
    "$QR_SERVER" --listen "127.0.0.1:$port_b" --threads 1 2>"$dir/b.log" &
    pid_b=$!
    pids+=("$pid_a" "$pid_b")
    wait_for "http://127.0.0.1:$port_a/healthz"
    wait_for "http://127.0.0.1:$port_b/healthz"
    mkdir -p "$dir/nginx"
    # The snippet docs/server.md ships, on this test's ports.
    sed -e "s/127\.0\.0\.1:42069/127.0.0.1:$port_a/" -e "s/127\.0\.0\.1:42070/127.0.0.1:$port_b/" \
        -e "s/listen 127\.0\.0\.1:8080/listen 127.0.0.1:$port_front/" \
        "$BATS_TEST_DIRNAME/../../server/nginx/qr-server.conf" >"$dir/nginx/qr-server.conf"
    grep -q "$port_a" "$dir/nginx/qr-server.conf" && grep -q "$port_b" "$dir/nginx/qr-server.conf" &&
        grep -q "listen 127.0.0.1:$port_front" "$dir/nginx/qr-server.conf"
    cat >"$dir/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/nginx/body;
    proxy_temp_path $dir/nginx/proxy;
    fastcgi_temp_path $dir/nginx/fastcgi;
    uwsgi_temp_path $dir/nginx/uwsgi;
    scgi_temp_path $dir/nginx/scgi;
    include $dir/nginx/qr-server.conf;
}
CONF
    "$NGINX" -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" &
    pids+=($!)
    wait_for "http://127.0.0.1:$port_front/qrcode?text=ready"
}

teardown() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

@test "nginx in front of two qr-servers loses no request when one is SIGKILLed under load" {
    # 1,200 requests over 8 connections; instance A dies after 300 answers.
    mkdir "$dir/pngs"
    run timeout 120 python3 "$BATS_TEST_DIRNAME/http_load.py" 127.0.0.1 "$port_front" 1200 8 \
        --kill "$pid_a" --after 300 --save "$dir/pngs"
    echo "$output"
    [ "$status" -eq 0 ]
    summary=$(python3 -c 'import json, sys; r = json.loads(sys.argv[1])
print(r["statuses"].get("200", 0), r["error_count"], len(r["bad_bodies"]), r["killed"])' "$output")
    [ "$summary" = "1200 0 0 True" ]
    # A really died, and nginx really had to go round it.
    run kill -0 "$pid_a"
    [ "$status" -ne 0 ]
    grep -Eq 'upstream|connect\(\) failed' "$dir/nginx/error.log"
    # Each answer is its own request's code (a sample, decoded).
    for i in 0 299 300 301 302 303 304 305 306 307 599 1199; do
        want="failover request $i https://example.com/?n=$i"
        [ "$(zbarimg --quiet --raw -Sbinary "$dir/pngs/$i.png")" = "$want" ]
    done
}
