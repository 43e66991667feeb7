#!/bin/sh
# Start-up cost of the hardening flags: qr-cli built as usual (HARDEN_*
# defaults) against one built with every protection off (no PIE, no stack
# protector, no FORTIFY, lazy binding, no RELRO), side by side in one
# hyperfine run. Prints hyperfine's table; quote the ratio, not the ms.
#   scripts/bench-hardening.sh [RUNS]
set -eu
cd "$(dirname "$0")/.."
runs=${1:-500}
make -s BUILD=build-bench-hardened all
make -s BUILD=build-bench-plain \
    HARDEN_CFLAGS="-U_FORTIFY_SOURCE -fno-stack-protector -fno-pie" \
    HARDEN_LDFLAGS="-no-pie -Wl,-z,norelro,-z,lazy" all
hyperfine -N --warmup 50 -m "$runs" \
    -n hardened "build-bench-hardened/qr-cli hello" \
    -n unhardened "build-bench-plain/qr-cli hello"
