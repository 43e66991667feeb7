#!/bin/sh
# prove runs this: code_blocks.py pointed at small Markdown files, each way
# a block can be wrong (and right).
exec /usr/bin/python3 "$(dirname "$0")/test_code_blocks.py"
