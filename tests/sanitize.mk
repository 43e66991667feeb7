# make check-sanitize: libqrpng, qr-cli, the unit tests and the fuzz
# regression runners built with AddressSanitizer and UndefinedBehavior-
# Sanitizer into $(SANITIZE_BUILD), then every suite of `make test` run
# against that build (QR_CLI is the sanitized qr-cli). Any report fails:
# the sanitizers abort the process (the suites see a wrong exit status),
# and every report also lands in a log file that must stay absent.
#
# Suites that must own malloc themselves (the allocation-failure tests of
# tests/fault.mk) leave themselves out when SANITIZE=1; check-valgrind
# covers them. Hardening flags are off here: _FORTIFY_SOURCE hides some
# accesses from ASan behind its own checks.

SANITIZE_BUILD ?= build-sanitize
SANITIZE_CC    ?= clang
SANITIZE_FLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=all \
                  -fno-omit-frame-pointer
SANITIZE_LOGS   = $(abspath $(SANITIZE_BUILD))/sanitizer-logs

.PHONY: check-sanitize
check-sanitize:
	rm -rf $(SANITIZE_LOGS) && mkdir -p $(SANITIZE_LOGS)
	failed=; ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(SANITIZE_LOGS)/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(SANITIZE_LOGS)/ubsan \
	$(MAKE) --no-print-directory BUILD=$(SANITIZE_BUILD) CC=$(SANITIZE_CC) \
	    WASM_CACHE=$(abspath $(BUILD))/wasm \
	    CFLAGS="-O1 -g $(SANITIZE_FLAGS)" LDFLAGS="$(SANITIZE_FLAGS)" \
	    HARDEN_CFLAGS= HARDEN_LDFLAGS= SANITIZE=1 test || failed=1; \
	if [ -n "$$(ls -A $(SANITIZE_LOGS))" ]; then \
	    cat $(SANITIZE_LOGS)/*; echo "check-sanitize: sanitizer reports above" >&2; exit 1; \
	fi; \
	[ -z "$$failed" ]
	@echo "check-sanitize: no sanitizer reports"
