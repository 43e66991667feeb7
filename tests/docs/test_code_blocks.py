"""code_blocks.py itself, on small Markdown files it is pointed at: each way
a block can be wrong gives a "not ok" line naming FILE:LINE, and the ways a
block is right pass (run as TAP by extractor.t)."""

import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "code_blocks.py")


def check(markdown, **env):
    """The runner's TAP lines for one file holding markdown."""
    with tempfile.TemporaryDirectory(prefix="qr-doc-test.") as tmp:
        path = os.path.join(tmp, "page.md")
        with open(path, "w") as f:
            f.write(markdown)
        done = subprocess.run([sys.executable, RUNNER, path], capture_output=True,
                              text=True, timeout=60,
                              env=dict(os.environ, DOC_BLOCK_TIMEOUT="3", **env))
        return done.stdout


def results(tap):
    return [(m.group(1) == "ok", m.group(2))
            for m in re.finditer(r"^(ok|not ok) \d+ - (.*)$", tap, re.M)]


class Fails(unittest.TestCase):
    def one(self, markdown):
        [(ok, line)] = results(check(markdown))
        self.assertFalse(ok, line)
        self.assertIn("page.md:", line)
        return line

    def test_no_tag(self):
        self.assertIn("no language tag", self.one("Run:\n\n```\nqr-cli x\n```\n"))

    def test_indented_block(self):
        self.assertIn("indented", self.one("Run:\n\n    qr-cli x > c.png\n"))

    def test_look_alike_tags(self):
        for tag, want in (("javascript", "js"), ("py", "python"), ("shell", "sh")):
            self.assertIn(f"tag it {want}", self.one(f"```{tag}\nx\n```\n"))

    def test_sh_failing_command_with_set_e(self):
        self.one("```sh\nqr-cli --level X hello > c.png\necho still here\n```\n")

    def test_sh_unset_variable(self):
        self.one('```sh\nprintf %s "$text" > text.txt\n```\n')   # a fragment

    def test_js_top_level_await_with_require(self):
        self.one("```js\nconst { qrPng } = require('qr-cli');\n"
                 "const png = await qrPng('x');\n```\n")

    def test_js_writes_a_warning(self):
        self.one("```js\nprocess.emitWarning('careful');\n```\n")

    def test_python_await_outside_a_function(self):
        self.one("```python\nimport qr_cli\npng = await qr_cli.qr_png_async('x')\n```\n")

    def test_c_warning(self):
        self.one("```c\nint main(void) { int unused; return 0; }\n```\n")

    def test_c_fragment(self):
        self.one("```c\nqrpng_ctx *ctx = qrpng_ctx_new();\n```\n")

    def test_c_program_fails(self):
        self.one("```c\nint main(void) { return 3; }\n```\n")

    def test_timeout(self):
        tap = check("```sh\nsleep 30\n```\n")
        self.assertIn("still running after 3 s", tap)
        self.assertFalse(results(tap)[0][0])

    def test_png_that_is_no_qr_code(self):
        line = self.one("```sh\nqr-cli x > code.png\nhead -c 100 code.png > cut.png\n```\n")
        self.assertIn("runs", line)

    def test_skip_without_a_reason(self):
        self.assertIn("gives no reason",
                      self.one("<!-- doc-test: skip: -->\n```sh\nexit 1\n```\n"))

    def test_dangling_skip_marker(self):
        tap = check("<!-- doc-test: skip: x -->\nProse.\n\n```text\nx\n```\n")
        self.assertTrue(any(not ok and line.endswith(
            "page.md:1: a doc-test skip line not right before a fenced block")
            for ok, line in results(tap)), tap)


class Passes(unittest.TestCase):
    def one(self, markdown):
        tap = check(markdown)
        [(ok, line)] = results(tap)
        self.assertTrue(ok, tap)
        return line, tap

    def test_sh_with_qr_cli_on_path(self):
        self.one("```sh\nqr-cli 'https://example.com/' > code.png\ntest -s code.png\n```\n")

    def test_sh_may_write_to_stderr(self):
        self.one("```sh\nprintf 'a\\tb\\n' | qr-cli --batch out\n```\n")

    def test_js_commonjs_and_esm(self):
        self.one("```js\nrequire('qr-cli').qrPng('x').then((p) => "
                 "require('node:fs').writeFileSync('c.png', p));\n```\n")
        self.one("```js\nimport { qrPng } from 'qr-cli';\n"
                 "await qrPng('x');\n```\n")

    def test_python_with_the_package(self):
        self.one("```python\nimport qr_cli\nassert qr_cli.qr_png('x')[:4] == b'\\x89PNG'\n```\n")

    def test_c_against_the_library(self):
        self.one("```c\n#include <qrpng.h>\nint main(void) {\n"
                 "    qrpng_ctx *ctx = qrpng_ctx_new();\n"
                 "    qrpng_ctx_free(ctx);\n    return ctx ? 0 : 1;\n}\n```\n")

    def test_every_block_in_a_fresh_folder(self):
        text = "```sh\ntest ! -e mark\ntouch mark\n```\n\n```sh\ntest ! -e mark\ntouch mark\n```\n"
        self.assertEqual([ok for ok, _ in results(check(text))], [True, True])

    def test_other_tags_are_listed_not_run(self):
        line, tap = self.one("```text\nexit 1\n```\n")
        self.assertIn("not run", line)
        self.assertIn("# not run ", tap)

    def test_skip_marker_and_the_list_of_skips(self):
        line, tap = self.one("<!-- doc-test: skip: needs a server -->\n```sh\nexit 1\n```\n")
        self.assertIn("# SKIP needs a server", line)
        self.assertRegex(tap, r"# skipped \S*page.md:2 \(sh\): needs a server")

    def test_program_not_built_is_skipped(self):
        if os.access(os.path.join(HERE, "..", "..", "build", "qr-server"), os.X_OK):
            self.skipTest("build/qr-server is built")
        line, _ = self.one("```sh\nqr-server --port 0\n```\n")
        self.assertIn("# SKIP build/qr-server is not built", line)


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(HERE, "..", "support"))
    import tap_unittest
    tap_unittest.main()
