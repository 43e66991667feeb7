# make analyze: static analysis of lib/, common/, cli/ and server/ with Debian's cppcheck and
# clang-tidy (checks and the reasons for what is left out: .clang-tidy,
# cli/.clang-tidy). Any finding fails. A suppression is an inline comment
# (cppcheck-suppress ID / NOLINT(check)) next to the line, saying why.

CPPCHECK   ?= cppcheck
CLANG_TIDY ?= clang-tidy
ANALYZE_SRCS := $(LIB_SRCS) $(CLI_SRCS) $(filter-out $(COMMON_SRCS),$(SERVER_SRCS))
# Only our own headers: cppcheck reads system headers badly (libpng's
# pngconf.h #errors under its default platform).
ANALYZE_DEFINES := -D_POSIX_C_SOURCE=200809L

.PHONY: analyze
analyze:
	$(CPPCHECK) --enable=warning,style,performance,portability \
	    --error-exitcode=1 --inline-suppr --quiet --std=c11 \
	    $(ANALYZE_DEFINES) -Ilib -Icommon -Icli -Iserver lib common cli server
	$(CLANG_TIDY) --quiet $(ANALYZE_SRCS) -- -std=c11 $(ANALYZE_DEFINES) \
	    -Ilib -Icommon -Icli -Iserver $(DEPS_CFLAGS) $(SERVER_DEPS_CFLAGS)
