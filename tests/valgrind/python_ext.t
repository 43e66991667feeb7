#!/bin/bash
# The CPython extension qr_cli._native under valgrind memcheck, through
# tests/native/valgrind_paths.py (every success and error path, threads).
# Any memcheck error, or a byte definitely or indirectly lost in the
# extension, libqrpng or their dependencies, makes valgrind exit 99.
# PYTHONMALLOC=malloc: memcheck sees every allocation; Debian's
# python3.supp hides the interpreter's own known reports. Run by make
# check-valgrind (VALGRIND holds the command; make python-ext first).
set -u
cd "$(dirname "$0")/../.."
read -r -a valgrind <<<"${VALGRIND:-valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect}"
python=${SYSTEM_PYTHON:-/usr/bin/python3}
supp=/usr/lib/valgrind/python3.supp
[ -f "$supp" ] && valgrind+=("--suppressions=$supp")
echo "1..1"
status=0
out=$(PYTHONMALLOC=malloc "${valgrind[@]}" "$python" tests/native/valgrind_paths.py 2>&1) || status=$?
if [ "$status" -eq 0 ]; then
    echo "ok 1 - qr_cli._native under valgrind: no errors, nothing definitely lost"
else
    echo "not ok 1 - qr_cli._native under valgrind: exit $status"
    printf '%s\n' "$out" | head -n 60 | sed 's/^/# /'
fi
