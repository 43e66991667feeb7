#!/bin/sh
# prove runs this: the CPython extension's suite (python_ext.py prints
# TAP). Debian's interpreter: `make python-ext` built the extension for it.
exec "${SYSTEM_PYTHON:-/usr/bin/python3}" "$(dirname "$0")/python_ext.py"
