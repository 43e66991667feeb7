# Test suites, all run by one `prove` so its summary counts every test.
# Included by the top Makefile. Each suite adds itself to TEST_SUITES (what
# prove runs) and TEST_DEPS (what must be built or installed first).
#
#   make test                 every suite
#   make test PROVE_FLAGS=-v  with each test's line

PROVE      ?= prove
PROVE_FLAGS ?=
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS   := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

# Library unit tests (cmocka, TAP output): tests/unit/test_*.c
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/test_*.c))
$(BUILD)/tests/unit/%: tests/unit/%.c tests/unit/png_read.c tests/unit/png_read.h $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< \
	    tests/unit/png_read.c $(LIBQRPNG) $(CMOCKA_LIBS) \
	    $(shell $(PKG_CONFIG) --libs libqrencode libpng zlib)

# Command-line tests (bats): tests/cli/*.bats
CLI_TESTS := $(wildcard tests/cli/*.bats)

TEST_SUITES += $(UNIT_TESTS) $(CLI_TESTS)
TEST_DEPS   += all $(UNIT_TESTS)

