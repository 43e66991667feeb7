"""Runs the unittest suites in this folder and prints TAP for prove: one
line per test, the plan last, exit status 1 when any test failed.

    python3 scripts/python/tests/tap_runner.py
"""

import sys
import unittest
from pathlib import Path


class TapResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.count = 0

    def _line(self, ok, test, directive=""):
        self.count += 1
        name = f"{type(test).__name__}.{test._testMethodName}" if isinstance(test, unittest.TestCase) else str(test)
        self.stream.write(f"{'ok' if ok else 'not ok'} {self.count} - {name}{directive}\n")
        self.stream.flush()

    def _diagnostic(self, test, err):
        for line in self._exc_info_to_string(err, test).splitlines():
            self.stream.write(f"#   {line}\n")

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diagnostic(test, err)

    def addError(self, test, err):  # also setUpClass/tearDownClass errors
        super().addError(test, err)
        self._line(False, test)
        self._diagnostic(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, f" # SKIP {reason}")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " # unexpected success")


def main():
    here = Path(__file__).resolve().parent
    suite = unittest.defaultTestLoader.discover(str(here), pattern="test_*.py",
                                                top_level_dir=str(here))
    print("TAP version 13", flush=True)
    result = TapResult(sys.stdout)
    suite.run(result)
    print(f"1..{result.count}")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
