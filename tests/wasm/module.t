#!/bin/sh
# prove runs this: the WebAssembly module's suite (module.js prints TAP).
# Needs QR_CLI and BUILD_DIR (make test sets both) and the module built
# (make wasm; make test builds it).
exec node "$(dirname "$0")/module.js"
