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
TEST_LIBS := $(shell $(PKG_CONFIG) --libs libqrencode libpng zlib) -pthread
PNG_READ  := tests/support/png_read.c tests/support/png_read.h

$(BUILD)/tests/unit/%: tests/unit/%.c $(PNG_READ) $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(CMOCKA_CFLAGS) -Itests/support $(ALL_LDFLAGS) -o $@ $< \
	    tests/support/png_read.c $(LIBQRPNG) $(CMOCKA_LIBS) $(TEST_LIBS)

# test_buffer: lib/buffer.c itself (internal, so compiled in, not linked
# from the archive whose internals are local).
$(BUILD)/tests/unit/test_buffer: tests/unit/test_buffer.c lib/buffer.c lib/buffer.h
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(CMOCKA_CFLAGS) $(ALL_LDFLAGS) -o $@ $< lib/buffer.c \
	    $(CMOCKA_LIBS)

# pnginfo: libpng's reading of a PNG file, for the shell suites.
PNGINFO := $(BUILD)/tests/pnginfo
TEST_ENV += PNGINFO=$(abspath $(PNGINFO))
$(PNGINFO): tests/support/pnginfo.c $(PNG_READ)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -Itests/support $(ALL_LDFLAGS) -o $@ $< \
	    tests/support/png_read.c $(TEST_LIBS)

# option_table: libqrpng's option table as text, for the suites that
# check --help, the man page, docs and the host packages against it.
OPTION_TABLE := $(BUILD)/tests/option_table
TEST_ENV += OPTION_TABLE=$(abspath $(OPTION_TABLE))
$(OPTION_TABLE): tests/support/option_table.c $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBQRPNG) $(TEST_LIBS)

# Command-line tests (bats): tests/cli/*.bats
CLI_TESTS := $(wildcard tests/cli/*.bats)

# Build and install checks (bats): tests/build/*.bats
BUILD_TESTS := $(wildcard tests/build/*.bats)

# A check of the bats files themselves: no '!' command in the middle of a
# test, where bash's errexit would ignore it (tests/lint/negated_commands.t).
LINT_TESTS := tests/lint/negated_commands.t

TEST_SUITES += $(UNIT_TESTS) $(CLI_TESTS) $(BUILD_TESTS) $(LINT_TESTS)
TEST_DEPS   += all $(UNIT_TESTS) $(PNGINFO) $(OPTION_TABLE)

