#!/bin/sh
# Runs the library's allocation failure test (built by tests/fault.mk).
exec ${FAULT_RUNNER:-} "${BUILD_DIR:-build}/tests/fault/lib_alloc"
