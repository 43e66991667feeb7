#!/bin/sh
# prove runs this; the suite is a Python unittest module with TAP output.
exec python3 "$(dirname "$0")/pipelining.py"
