#!/bin/sh
# prove runs this: the Markdown block finder of code_blocks.t, on small texts.
exec /usr/bin/python3 "$(dirname "$0")/test_mdblocks.py"
