#!/bin/sh
# prove runs this: the Node addon's suite (node_addon.js prints TAP).
# --expose-gc lets the RSS test collect garbage before each measurement.
# QRPNG_NODE_PRELOAD (make check-sanitize): the sanitizer runtime that the
# addon was linked against, preloaded into node; leak detection off (node
# leaves memory to the exit) and no RTLD_DEEPBIND (the runtime refuses it).
script="$(dirname "$0")/node_addon.js"
if [ -n "${QRPNG_NODE_PRELOAD:-}" ]; then
    LD_PRELOAD=$QRPNG_NODE_PRELOAD ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
        QRPNG_NODE_DEEPBIND=0 exec node --expose-gc "$script"
fi
exec node --expose-gc "$script"
