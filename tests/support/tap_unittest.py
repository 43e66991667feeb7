"""unittest results as TAP for prove: one "ok N - Class.test" line per
test, diagnostics as "#" lines, the plan last, exit status 1 when any test
failed.

    python3 tests/support/tap_unittest.py FOLDER   # every test_*.py in FOLDER
    tap_unittest.main()                            # at the end of a test module
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

    def addSubTest(self, test, subtest, err):
        # A failing subTest is one "not ok" line of its own (its
        # parameters in the name); passing ones stay silent, and the test
        # itself has no line when a subTest failed.
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.count += 1
            self.stream.write(f"not ok {self.count} - {type(test).__name__}."
                              f"{test._testMethodName} {subtest._subDescription()}\n")
            self._diagnostic(subtest, err)
            self.stream.flush()

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


def run(suite):
    """Runs suite, prints its TAP; returns the exit status."""
    print("TAP version 13", flush=True)
    result = TapResult(sys.stdout)
    suite.run(result)
    print(f"1..{result.count}")
    return 0 if result.wasSuccessful() else 1


def main(module="__main__"):
    """Runs the test cases of a module (by default the running script)."""
    sys.exit(run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module])))


def discover(folder):
    """Runs every test_*.py in folder."""
    folder = str(Path(folder).resolve())
    return run(unittest.defaultTestLoader.discover(folder, pattern="test_*.py",
                                                   top_level_dir=folder))


if __name__ == "__main__":
    sys.exit(discover(sys.argv[1]))
