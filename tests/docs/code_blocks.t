#!/bin/sh
# prove runs this: every code block of README.md, docs/*.md and the
# package READMEs, fenced, tagged and run (tests/docs/code_blocks.py).
exec /usr/bin/python3 "$(dirname "$0")/code_blocks.py" "$@"
