# Fuzz targets: tests/fuzz/fuzz_<name>.c, each defining
# LLVMFuzzerTestOneInput (tests/fuzz/fuzz_target.h). Every target is built
# twice from the same source:
#   $(BUILD)/tests/fuzz/fuzz_<name>-regress  any compiler, no libFuzzer: a
#       main() (run_inputs.c) feeds it files. `make test` runs it over
#       tests/fuzz/corpus/fuzz_<name>/* and tests/fuzz/regression/fuzz_<name>/*
#       (tests/fuzz/regression.t), under ASan/UBSan in check-sanitize.
#   $(FUZZ_BUILD)/tests/fuzz/fuzz_<name>-fuzzer  clang -fsanitize=fuzzer with
#       ASan+UBSan, for `make fuzz [FUZZ_SECONDS=60]`, which runs each target
#       for FUZZ_SECONDS seconds from its seed corpus and fails on a finding.
#
# A new target (fuzz_worker_protocol, fuzz_manifest, ...): drop
# tests/fuzz/fuzz_<name>.c and a seed folder tests/fuzz/corpus/fuzz_<name>/.
# Nothing here changes: every target links all of cli/ except main.c, the
# library and its dependencies. A crash found is fixed, and its input kept in
# tests/fuzz/regression/fuzz_<name>/ (named after what it found).
# fuzz_render_request (qr-server's request layer) links the request sources
# too (REQUEST_SRCS, from tests/server_unit.mk: server/ without main.c and
# the network side; common/ is in cli/'s objects already) and libevent.

FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= clang
FUZZ_SANITIZE ?= -fsanitize=address,undefined -fno-sanitize-recover=all
# Longest input libFuzzer makes: room for the longest QR text and a header.
FUZZ_MAX_LEN ?= 8192

FUZZ_NAMES    := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SUPPORT  := tests/fuzz/broken_promise.c
FUZZ_CLI_OBJS := $(filter-out $(BUILD)/cli/main.o,$(CLI_OBJS))
FUZZ_REGRESS  := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/%-regress)
FUZZERS       := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/%-fuzzer)
FUZZ_CFLAGS    = $(CLI_CFLAGS) -Itests/fuzz

# What one target links besides cli/: set per target below.
FUZZ_EXTRA_SRCS :=
FUZZ_EXTRA_LIBS :=
FUZZ_REQUEST := $(BUILD)/tests/fuzz/fuzz_render_request-regress \
                $(BUILD)/tests/fuzz/fuzz_render_request-fuzzer
$(FUZZ_REQUEST): FUZZ_EXTRA_SRCS = $(filter-out common/%,$(REQUEST_SRCS))
$(FUZZ_REQUEST): FUZZ_EXTRA_LIBS = $(LIBEVENT_LIBS)
$(FUZZ_REQUEST): FUZZ_CFLAGS += -Iserver $(LIBEVENT_CFLAGS)
$(FUZZ_REQUEST): $(REQUEST_SRCS) $(wildcard server/*.h)

$(BUILD)/tests/fuzz/%-regress: tests/fuzz/%.c tests/fuzz/run_inputs.c \
        $(FUZZ_SUPPORT) tests/fuzz/fuzz_target.h $(FUZZ_CLI_OBJS) $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) $(ALL_LDFLAGS) -o $@ $< tests/fuzz/run_inputs.c \
	    $(FUZZ_SUPPORT) $(FUZZ_EXTRA_SRCS) $(FUZZ_CLI_OBJS) $(LIBQRPNG) \
	    $(FUZZ_EXTRA_LIBS) $(DEPS_LIBS)

$(BUILD)/tests/fuzz/%-fuzzer: tests/fuzz/%.c $(FUZZ_SUPPORT) \
        tests/fuzz/fuzz_target.h $(FUZZ_CLI_OBJS) $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) -o $@ $< \
	    $(FUZZ_SUPPORT) $(FUZZ_EXTRA_SRCS) $(FUZZ_CLI_OBJS) $(LIBQRPNG) \
	    $(FUZZ_EXTRA_LIBS) $(DEPS_LIBS)

TEST_SUITES += tests/fuzz/regression.t
TEST_DEPS   += $(FUZZ_REGRESS)

# The whole tree is instrumented for coverage (fuzzer-no-link); only the
# targets link libFuzzer's main.
.PHONY: fuzz fuzz-run
fuzz:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SANITIZE)" \
	    LDFLAGS="$(FUZZ_SANITIZE)" HARDEN_CFLAGS= HARDEN_LDFLAGS= fuzz-run

fuzz-run: $(FUZZERS)
	tests/fuzz/run-fuzzers.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ_MAX_LEN) $(FUZZ_NAMES)
