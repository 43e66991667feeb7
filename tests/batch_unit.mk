# Unit tests of batch mode's pure parts in cli/ (cmocka, TAP output):
# tests/batch_unit/test_*.c, each linked with the cli/ files it names
# below. Included by the top Makefile next to tests/tests.mk.

BATCH_UNIT_CFLAGS := $(ALL_CFLAGS) -Icommon -Icli -Ilib $(CMOCKA_CFLAGS)

$(BUILD)/tests/batch_unit/test_manifest: cli/batch/manifest.c cli/read_waiting.c
$(BUILD)/tests/batch_unit/test_record_name: cli/batch/record_name.c cli/batch/name_set.c
$(BUILD)/tests/batch_unit/test_batch_report: cli/batch/batch_report.c cli/input.c cli/read_waiting.c \
    cli/failure.c common/quote.c
$(BUILD)/tests/batch_unit/test_quote: common/quote.c

$(BUILD)/tests/batch_unit/%: tests/batch_unit/%.c
	@mkdir -p $(@D)
	$(CC) $(BATCH_UNIT_CFLAGS) $(LDFLAGS) -o $@ $^ $(CMOCKA_LIBS)

BATCH_UNIT_TESTS := $(patsubst tests/batch_unit/%.c,$(BUILD)/tests/batch_unit/%,\
                    $(wildcard tests/batch_unit/test_*.c))

TEST_SUITES += $(BATCH_UNIT_TESTS)
TEST_DEPS   += $(BATCH_UNIT_TESTS)
