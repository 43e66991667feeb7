# Allocation failure injection (tests/fault/fail_alloc.h): every allocation
# fails in turn.
#   $(BUILD)/tests/fault/lib_alloc     libqrpng, with fail_alloc.c linked in
#   $(BUILD)/tests/fault/fail_alloc.so preloaded into qr-cli by
#                                      tests/fault/cli_alloc.t
# FAULT_RUNNER (environment) prefixes each run: check-valgrind sets it to
# valgrind, which also checks these paths for leaks.
#
# Left out of check-sanitize (SANITIZE=1): ASan's runtime owns malloc and
# cannot be replaced or preloaded over; valgrind covers these runs.

FAULT_PROGRAMS := $(BUILD)/tests/fault/lib_alloc $(BUILD)/tests/fault/fail_alloc.so

$(BUILD)/tests/fault/lib_alloc: tests/fault/lib_alloc.c tests/fault/fail_alloc.c \
        tests/fault/fail_alloc.h tests/support/png_read.c $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -Itests/support -Itests/fault $(ALL_LDFLAGS) -o $@ $< \
	    tests/fault/fail_alloc.c tests/support/png_read.c $(LIBQRPNG) \
	    $(shell $(PKG_CONFIG) --libs libqrencode libpng zlib)

$(BUILD)/tests/fault/fail_alloc.so: tests/fault/fail_alloc.c tests/fault/fail_alloc.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -shared $(LDFLAGS) -o $@ $<

ifneq ($(SANITIZE),1)
TEST_SUITES += tests/fault/lib_alloc.t tests/fault/cli_alloc.t
TEST_DEPS   += $(FAULT_PROGRAMS)
endif
