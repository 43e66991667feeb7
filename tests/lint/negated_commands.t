#!/usr/bin/env python3
"""A bats test fails when one of its commands fails, but bash's errexit
ignores a command negated with '!' (and every command of an && or || list
but the last): `! grep -q x file` in the middle of a test can never fail
it. This check finds such lines in every .bats file: a line that starts
with '!' must be the last command of its test or function, or end in
'|| false' (or 'return 1', 'exit 1'); elsewhere use `run` and assert on
$status or $output. One TAP line per file."""

import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
NEGATED = re.compile(r"^\s+!\s")
FAILS_ANYWAY = re.compile(r"\|\|\s*(false|return 1|exit 1)\s*$")


def problems(path):
    lines = path.read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        if not NEGATED.match(line) or FAILS_ANYWAY.search(line):
            continue
        rest = (x.strip() for x in lines[i + 1:])
        following = next((x for x in rest if x and not x.startswith("#")), "}")
        if following != "}":
            yield f"{path.relative_to(ROOT)}:{i + 1}: {line.strip()}"


def main(paths):
    files = [pathlib.Path(p).resolve() for p in paths] or sorted(
        ROOT.joinpath("tests").rglob("*.bats"))
    print(f"1..{len(files)}")
    failed = 0
    for n, path in enumerate(files, 1):
        found = list(problems(path))
        name = path.relative_to(ROOT)
        print(f"{'not ok' if found else 'ok'} {n} - {name}: no negated command mid-test")
        for p in found:
            print(f"# {p} (can never fail the test: use run and assert)")
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
