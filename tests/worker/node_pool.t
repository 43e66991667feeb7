#!/bin/sh
# prove runs this; node:test prints TAP.
exec node --test --test-reporter=tap "$(dirname "$0")/node_pool.test.js"
