"""Every code block of the project's Markdown, checked and run (TAP).

Files: README.md, docs/*.md and every scripts/**/README.md (outside
node_modules), found when the test starts, so a new page is covered
without a change here. `code_blocks.py FILE...` checks those files only.

One TAP line per block:
- a fenced block with no language tag fails, and so does an indented
  (unfenced) code block: name the language so it is run or listed;
- js, python, sh (or bash) and c blocks run, each in a fresh temporary
  folder, and must exit 0 within BLOCK_TIMEOUT seconds; js, python and c
  must also leave stderr empty (a warning there is one a reader sees too);
  sh may write to stderr (qr-cli --batch ends with a summary line there);
- a look-alike of a run tag (javascript, node, py, python3, shell, zsh,
  ...) fails: a block meant to run must say js, python, sh or c;
- any other tag (text, console, nginx, ini, http, json, tsv, make, ...) is
  listed as not run;
- a block right after `<!-- doc-test: skip: REASON -->` is skipped, and so
  is an sh block that names a program of build/ not built yet (qr-server).
At the end, every skipped block and its reason as a TAP comment.

How each language runs (the temporary folder holds a symlink to each
top-level entry of the checkout but the Makefile, so `build/qr-cli` and
`scripts/...` resolve while `make` does not run there; HOME is a folder of
its own inside it):
- sh: `bash -eu` with build/ first on PATH;
- js: node, block.js (CommonJS) or block.mjs when the block has an import
  or export statement, with node_modules/qr-cli a symlink to scripts/node
  and NODE_PATH set, so require('qr-cli') and import 'qr-cli' resolve;
- python: Debian's /usr/bin/python3 (PYTHON=...), PYTHONPATH=scripts/python
  (with the extension when make python-ext has built it);
- c: cc -std=c11 -Wall -Wextra -Werror -Ilib, linked with build/libqrpng.a
  and pkg-config's libqrencode, libpng and zlib, then run.
After a block exits 0, every PNG file it wrote in its folder must decode
with zbarimg. QR_CLI is build/qr-cli unless set. Two blocks run at a time.
"""

from __future__ import annotations

import concurrent.futures
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from typing import List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mdblocks  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD_DIR") or os.path.join(ROOT, "build")
QR_CLI = os.environ.get("QR_CLI") or os.path.join(BUILD, "qr-cli")
PYTHON = os.environ.get("PYTHON", "/usr/bin/python3")
CC = os.environ.get("CC", "cc")
BLOCK_TIMEOUT = float(os.environ.get("DOC_BLOCK_TIMEOUT", "30"))
JOBS = int(os.environ.get("DOC_BLOCK_JOBS", "2"))

RUN_TAGS = {"sh": "sh", "bash": "sh", "js": "js", "python": "python", "c": "c"}
# Tags that look like a run tag but would not run: say which one to use.
ALIASES = {"javascript": "js", "node": "js", "cjs": "js", "mjs": "js",
           "py": "python", "python3": "python", "shell": "sh", "zsh": "sh",
           "h": "c"}
# Programs of build/ that an sh block may name before they exist.
BUILT_PROGRAMS = ("qr-server",)
ESM = re.compile(r"^\s*(import\s[^(]|import\s*['\"{*]|export\s)", re.M)


def doc_files(args: List[str]) -> List[str]:
    if args:
        # Named as given from the checkout when inside it, else in full.
        paths = [os.path.abspath(a) for a in args]
        return [os.path.relpath(p, ROOT) if p.startswith(ROOT + os.sep) else p
                for p in paths]
    files = ["README.md"] + sorted(glob.glob("docs/*.md", root_dir=ROOT))
    for path in sorted(glob.glob("scripts/**/README.md", root_dir=ROOT, recursive=True)):
        if "node_modules" not in path.split(os.sep):
            files.append(path)
    return files


def pkg_config_libs() -> List[str]:
    out = subprocess.run(["pkg-config", "--libs", "libqrencode", "libpng", "zlib"],
                         capture_output=True, text=True, check=True).stdout
    return out.split() + ["-lm"]


def make_folder() -> str:
    tmp = tempfile.mkdtemp(prefix="qr-doc-block.")
    for name in os.listdir(ROOT):
        if name in ("Makefile", ".git") or name.startswith("."):
            continue
        os.symlink(os.path.join(ROOT, name), os.path.join(tmp, name))
    if not os.path.exists(os.path.join(tmp, "build")):
        os.symlink(BUILD, os.path.join(tmp, "build"))
    os.mkdir(os.path.join(tmp, "home"))
    return tmp


def environment(tmp: str) -> dict:
    env = dict(os.environ)
    env["PATH"] = BUILD + os.pathsep + env.get("PATH", "")
    env["HOME"] = os.path.join(tmp, "home")
    env["QR_CLI"] = QR_CLI
    env["NODE_PATH"] = os.path.join(tmp, "node_modules")
    env["PYTHONPATH"] = os.path.join(ROOT, "scripts", "python")
    env.pop("PYTHONSTARTUP", None)
    env.pop("NODE_OPTIONS", None)
    return env


def run(cmd: List[str], cwd: str, env: dict, timeout: float) -> Tuple[Optional[int], str, str]:
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        return None, out.decode(errors="replace"), err.decode(errors="replace")
    finally:
        # Whatever the block left running in its session goes too.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def check_pngs(tmp: str) -> Tuple[bool, List[str]]:
    """Every PNG a block wrote (not the checkout's, reached by symlink) must
    be a QR code zbarimg decodes: a doc's example writes a code that reads."""
    diag: List[str] = []
    for folder, dirs, files in os.walk(tmp):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))
                   and not (folder == tmp and d in ("home", "node_modules"))]
        for name in sorted(files):
            path = os.path.join(folder, name)
            if not name.endswith(".png") or os.path.islink(path):
                continue
            done = subprocess.run(["zbarimg", "--quiet", "--raw", path],
                                  capture_output=True, timeout=30)
            if done.returncode != 0 or not done.stdout:
                diag.append(f"{os.path.relpath(path, tmp)}: zbarimg finds no code in it")
    return not diag, diag


def run_block(block: mdblocks.Block, lang: str) -> Tuple[bool, List[str]]:
    """Runs one block; returns (passed, diagnostic lines)."""
    tmp = make_folder()
    env = environment(tmp)
    try:
        if lang == "sh":
            path = os.path.join(tmp, "block.sh")
            with open(path, "w") as f:
                f.write(block.body)
            cmds = [["bash", "-eu", path]]
            stderr_ok = True
        elif lang == "js":
            os.mkdir(os.path.join(tmp, "node_modules"))
            os.symlink(os.path.join(ROOT, "scripts", "node"),
                       os.path.join(tmp, "node_modules", "qr-cli"))
            name = "block.mjs" if ESM.search(block.body) else "block.js"
            with open(os.path.join(tmp, name), "w") as f:
                f.write(block.body)
            cmds = [["node", name]]
            stderr_ok = False
        elif lang == "python":
            with open(os.path.join(tmp, "block.py"), "w") as f:
                f.write(block.body)
            cmds = [[PYTHON, "block.py"]]
            stderr_ok = False
        else:
            with open(os.path.join(tmp, "block.c"), "w") as f:
                f.write(block.body)
            cmds = [[CC, "-std=c11", "-Wall", "-Wextra", "-Werror",
                     "-I" + os.path.join(ROOT, "lib"), "-o", "block", "block.c",
                     os.path.join(BUILD, "libqrpng.a")] + pkg_config_libs(),
                    ["./block"]]
            stderr_ok = False
        for cmd in cmds:
            rc, out, err = run(cmd, tmp, env, BLOCK_TIMEOUT)
            diag: List[str] = []
            if rc is None:
                diag.append(f"{os.path.basename(cmd[0])} still running after "
                            f"{BLOCK_TIMEOUT:g} s: killed")
            elif rc != 0:
                diag.append(f"{os.path.basename(cmd[0])} exited {rc}")
            elif err.strip() and not stderr_ok:
                diag.append(f"{os.path.basename(cmd[0])} wrote to stderr")
            if diag:
                for name, text in (("stdout", out), ("stderr", err)):
                    lines = text.rstrip("\n").splitlines()
                    if lines:
                        diag.append(f"{name}:")
                        diag.extend("  " + line for line in lines[-15:])
                return False, diag
        return check_pngs(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: List[str]) -> int:
    os.chdir(ROOT)
    blocks: List[mdblocks.Block] = []
    dangling: List[Tuple[str, int]] = []
    for path in doc_files(argv):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        blocks.extend(mdblocks.blocks(path, text))
        dangling.extend((path, line) for line in mdblocks.dangling_skips(text))

    # (block, verdict) where verdict is ("run", lang) or a finished result.
    plan = []
    skipped: List[str] = []
    not_run: List[str] = []
    for b in blocks:
        where = f"{b.path}:{b.line}"
        if b.indented:
            plan.append((b, ("fail", f"{where} is an indented code block: fence it "
                                     "with a language tag")))
            continue
        if b.tag is None:
            plan.append((b, ("fail", f"{where} has no language tag")))
            continue
        if b.tag in ALIASES:
            plan.append((b, ("fail", f"{where} ({b.tag}): tag it "
                                     f"{ALIASES[b.tag]}, so that it runs")))
            continue
        if b.skip == "":
            plan.append((b, ("fail", f"{where} ({b.tag}): its doc-test skip line "
                                     "gives no reason")))
            continue
        if b.skip is not None:
            skipped.append(f"{where} ({b.tag}): {b.skip}")
            plan.append((b, ("skip", f"{where} ({b.tag})", b.skip)))
            continue
        lang = RUN_TAGS.get(b.tag)
        if lang is None:
            not_run.append(f"{where} ({b.tag})")
            plan.append((b, ("ok", f"{where} ({b.tag}) is not run")))
            continue
        if lang == "sh":
            missing = [p for p in BUILT_PROGRAMS
                       if re.search(r"(?<![\w.-])" + re.escape(p) + r"(?![\w.-])", b.body)
                       and not os.access(os.path.join(BUILD, p), os.X_OK)]
            if missing:
                reason = f"build/{missing[0]} is not built"
                skipped.append(f"{where} ({b.tag}): {reason}")
                plan.append((b, ("skip", f"{where} ({b.tag})", reason)))
                continue
        plan.append((b, ("run", lang)))

    n = len(plan) + len(dangling)
    print(f"1..{n}" if n else "1..0 # SKIP no code blocks")
    sys.stdout.flush()
    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        futures = {i: pool.submit(run_block, b, v[1])
                   for i, (b, v) in enumerate(plan) if v[0] == "run"}
        num = 0
        for i, (b, v) in enumerate(plan):
            num += 1
            where = f"{b.path}:{b.line}"
            if v[0] == "fail":
                print(f"not ok {num} - {v[1]}")
            elif v[0] == "skip":
                print(f"ok {num} - {v[1]} # SKIP {v[2]}")
            elif v[0] == "ok":
                print(f"ok {num} - {v[1]}")
            else:
                passed, diag = futures[i].result()
                print(f"{'ok' if passed else 'not ok'} {num} - {where} ({b.tag}) runs")
                for line in diag:
                    print(f"# {line}")
            sys.stdout.flush()
    for path, line in dangling:
        num += 1
        print(f"not ok {num} - {path}:{line}: a doc-test skip line not right "
              "before a fenced block")
    for s in skipped:
        print(f"# skipped {s}")
    for s in not_run:
        print(f"# not run {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
