# make check-valgrind: qr-cli under valgrind memcheck (tests/valgrind/*.t:
# success and every error path), and both allocation-failure suites of
# tests/fault.mk with valgrind in front of every run, so each failure
# path is also checked for leaks. Zero memcheck errors, nothing definitely
# or indirectly lost: anything else makes valgrind exit 99 and the TAP line
# fail. Runs on the normal build ($(BUILD)).
#
# New runs (worker, batch): add lines to tests/valgrind/cli_runs.t, or drop
# another tests/valgrind/<name>.t that uses $VALGRIND the same way.
#
# somalloc=nouserintercepts: memcheck replaces only libc's malloc, so the
# preloaded fail_alloc.so stays in front of it and can fail allocations.

VALGRIND ?= valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect \
            --show-leak-kinds=definite,indirect \
            --soname-synonyms=somalloc=nouserintercepts
VALGRIND_SUITES := $(wildcard tests/valgrind/*.t) \
                   tests/fault/lib_alloc.t tests/fault/cli_alloc.t

.PHONY: check-valgrind
check-valgrind: all $(FAULT_PROGRAMS)
	QR_CLI=$(abspath $(QR_CLI)) $(TEST_ENV) VALGRIND="$(VALGRIND)" \
	FAULT_RUNNER="$(VALGRIND)" \
	    $(PROVE) $(PROVE_FLAGS) $(VALGRIND_SUITES)
