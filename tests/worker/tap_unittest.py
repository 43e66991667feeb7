"""Runs unittest test cases and reports them as TAP for prove.

    python3 -m tap_unittest MODULE    (or tap_unittest.main() in a test file)

One "ok N - Class.test" line per test, diagnostics as "# " lines, the plan
first, exit status 1 when any test failed.
"""
import sys
import traceback
import unittest


class TapResult(unittest.TestResult):
    def __init__(self, out):
        super().__init__()
        self.out = out
        self.number = 0

    def _line(self, ok, test, extra=""):
        self.number += 1
        name = f"{type(test).__name__}.{test._testMethodName}"
        status = "ok" if ok else "not ok"
        self.out.write(f"{status} {self.number} - {name}{extra}\n")
        self.out.flush()

    def _diagnose(self, err):
        for line in "".join(traceback.format_exception(*err)).splitlines():
            self.out.write(f"# {line}\n")

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diagnose(err)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test)
        self._diagnose(err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, f" # SKIP {reason}")


def main(module="__main__"):
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module])
    print(f"1..{suite.countTestCases()}", flush=True)
    result = TapResult(sys.stdout)
    suite.run(result)
    sys.exit(0 if result.wasSuccessful() else 1)
