#!/bin/bash
# qr-server under valgrind memcheck: one server with two event loops takes
# every kind of request (each route and status, HEAD, 304, goQR GET and
# POST, limits, a client that leaves mid-request), then a short load, then
# SIGTERM. It must exit 0: any memcheck error or definitely or indirectly
# lost byte makes valgrind exit 99. Run by make check-valgrind.
set -u
cd "$(dirname "$0")/../.."
server=${QR_SERVER:-${BUILD_DIR:-build}/qr-server}
read -r -a valgrind <<<"${VALGRIND:-valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect}"
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

echo "1..4"
"${valgrind[@]}" "$server" --listen "127.0.0.1:$port" --threads 2 2>"$tmp/err" &
pid=$!
up=no
for _ in $(seq 300); do
    curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && { up=yes; break; }
    sleep 0.1
done
if [ "$up" = yes ]; then echo "ok 1 - qr-server starts under valgrind"; else
    echo "not ok 1 - qr-server did not answer within 30 s"; sed 's/^/# /' "$tmp/err"; exit 0; fi

# Each request once: "EXPECTED_STATUS curl-arguments...".
long=$(head -c 100000 /dev/zero | tr '\0' a)
failed=0
while read -r want args; do
    [ -n "$want" ] || continue
    eval "set -- $args"
    got=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$@" 2>/dev/null)
    [ "$got" = "$want" ] || { echo "# $args: $got, want $want"; failed=1; }
done <<LIST
200 "$base/qrcode?text=hello"
200 -I "$base/qrcode?text=hello"
200 "$base/qrcode?text=%ff%fe&type=svg&level=H&size=300"
200 "$base/qrcode?text=hi&type=eps&fg=%23123456&bg=transparent"
200 "$base/qrcode?text=hi&type=utf8"
304 -H 'If-None-Match: '"\$(curl -sSI "$base/qrcode?text=hello" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')" "$base/qrcode?text=hello"
400 "$base/qrcode"
400 "$base/qrcode?text=%00"
400 "$base/qrcode?text=hi&size=0"
400 "$base/qrcode?text=hi&level=Z"
400 "$base/qrcode?text=$(head -c 600 /dev/zero | tr '\0' b)"
404 "$base/nowhere"
405 -X DELETE "$base/qrcode?text=hi"
200 "$base/v1/create-qr-code/?data=hello&size=150x150&color=255-0-0&bgcolor=000&margin=5&qzone=2"
200 -d "data=posted&size=100x100" "$base/v1/create-qr-code/"
400 "$base/v1/create-qr-code/?data=hi&format=gif"
200 "$base/metrics"
200 "$base/healthz"
LIST
# A request line of 100 KB: refused, whoever answers.
got=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 30 "$base/qrcode?text=$long" 2>/dev/null)
case $got in 4??) ;; *) echo "# 100 KB request line: $got"; failed=1 ;; esac
# A client that sends half a request and leaves.
printf 'GET /qrcode?text=half HTTP/1.1\r\nHost: x\r\n' | timeout 5 python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(sys.stdin.buffer.read())
s.close()' "$port"
if [ "$failed" = 0 ]; then echo "ok 2 - every route and status answered under valgrind"; else
    echo "not ok 2 - some answers were wrong"; fi

load=$(timeout 300 python3 tests/server/http_load.py 127.0.0.1 "$port" 200 4 --timeout 60)
if python3 -c 'import json, sys; r = json.loads(sys.argv[1]); sys.exit(r["statuses"] != {"200": 200} or r["error_count"] != 0)' "$load"; then
    echo "ok 3 - 200 requests over 4 connections under valgrind"
else
    echo "not ok 3 - load: $load"
fi

kill -TERM "$pid"
status=0
wait "$pid" || status=$?
if [ "$status" -eq 0 ]; then echo "ok 4 - SIGTERM: exit 0, no memcheck error, nothing lost"; else
    echo "not ok 4 - exit $status after SIGTERM"; sed 's/^/# /' "$tmp/err" | head -n 60; fi
