#!/bin/sh
# prove runs this: the one contract of every example server (issue 24),
# tests/servers/contract.py under Debian's python3 (PYTHON overrides it),
# printed as TAP. SERVERS=node,flask runs some of them only.
here=$(dirname "$0")
exec "${PYTHON:-/usr/bin/python3}" "$here/contract.py"
