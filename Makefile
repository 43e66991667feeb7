# qr-cli and libqrpng. Plain GNU make; the usual variables apply:
#   make [CC=...] [CFLAGS=...] [LDFLAGS=...] [BUILD=dir]
#   make install [PREFIX=/usr/local] [DESTDIR=...]
# Dependencies come from pkg-config: libqrencode, libpng, zlib.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/qr-cli
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC         ?= cc
AR         ?= ar
OBJCOPY    ?= objcopy
PKG_CONFIG ?= pkg-config
INSTALL    ?= install
CFLAGS     ?= -O2 -g
LDFLAGS    ?=

# Hardening, on by default and kept apart from CFLAGS/LDFLAGS so that a
# user's CFLAGS does not drop it by accident; HARDEN_CFLAGS= HARDEN_LDFLAGS=
# turns it off. _FORTIFY_SOURCE needs optimisation (CFLAGS -O1 or more).
# PIE also holds for the static libpng.a and libz.a: Debian builds them
# position-independent (no absolute relocations in them). Cost:
# docs/hardening.md.
HARDEN_CFLAGS  ?= -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
HARDEN_LDFLAGS ?= -pie -Wl,-z,relro,-z,now

# Link libpng and zlib into qr-cli statically: fewer shared objects to map
# and relocate at every start (docs/performance.md). STATIC_DEPS=0 links
# them dynamically. Debian ships libqrencode only as a shared library.
STATIC_DEPS ?= 1

# Where objects and programs go; check-sanitize builds into another one.
BUILD ?= build
VERSION := $(shell sed -n 's/^\#define QRPNG_VERSION_STRING "\(.*\)"/\1/p' lib/qrpng.h)

DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags libqrencode libpng zlib)
ifeq ($(STATIC_DEPS),1)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs libqrencode) \
             -Wl,-Bstatic $(shell $(PKG_CONFIG) --libs-only-l libpng zlib) \
             -Wl,-Bdynamic -lm
else
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs libqrencode libpng zlib)
endif

WARNINGS   := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
              -Wmissing-prototypes -Wformat=2
ALL_CFLAGS := -std=c11 $(WARNINGS) -D_POSIX_C_SOURCE=200809L -pthread $(HARDEN_CFLAGS) \
              $(CFLAGS)
ALL_LDFLAGS := $(HARDEN_LDFLAGS) $(LDFLAGS)
LIB_CFLAGS := $(ALL_CFLAGS) -Ilib $(DEPS_CFLAGS)
CLI_CFLAGS := $(LIB_CFLAGS) -Icommon -Icli

# cli/ by mode: the one-shot path and what every mode shares at the top,
# cli/batch/ for --batch, cli/worker/ for --worker. common/ is what the
# command and the in-process bindings share, over lib/ alone.
LIB_SRCS := $(wildcard lib/*.c)
COMMON_SRCS := $(wildcard common/*.c)
CLI_SRCS := $(wildcard cli/*.c cli/batch/*.c cli/worker/*.c) $(COMMON_SRCS)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)

LIBQRPNG := $(BUILD)/libqrpng.a
QR_CLI   := $(BUILD)/qr-cli

.PHONY: all lib cli test bench-tools install uninstall clean
.DELETE_ON_ERROR:

all: $(LIBQRPNG) $(QR_CLI)

lib: $(LIBQRPNG)
cli: $(QR_CLI)

# Only what qrpng.h marks QRPNG_API leaves the library: its objects are
# built with hidden visibility, linked into one relocatable object, and
# objcopy makes every hidden symbol local to it. So `nm -g` of the archive
# shows the public API alone, and no internal name can clash with a
# program's.
$(BUILD)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) -fvisibility=hidden -MMD -MP -c $< -o $@

$(BUILD)/cli/%.o: cli/%.c
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/common/%.o: common/%.c
	@mkdir -p $(@D)
	$(CC) $(CLI_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libqrpng.o: $(LIB_OBJS)
	$(CC) -r -nostdlib -o $@.all $^
	$(OBJCOPY) --localize-hidden $@.all $@
	@rm -f $@.all

$(LIBQRPNG): $(BUILD)/libqrpng.o
	@rm -f $@
	$(AR) rcs $@ $^

$(QR_CLI): $(CLI_OBJS) $(LIBQRPNG)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBQRPNG) $(DEPS_LIBS)

# Benchmark helpers (scripts/bench-worker.sh): the in-process render loop.
bench-tools: $(BUILD)/bench/render_bench
$(BUILD)/bench/render_bench: scripts/bench/render_bench.c $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(LIB_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBQRPNG) $(DEPS_LIBS)

# The Node addon and the Python extension (make node-addon, make python-ext).
include scripts/native/bindings.mk

# libqrpng as WebAssembly (make wasm: docs/wasm.md).
include wasm/wasm.mk

# NAME=value pairs the suites get besides QR_CLI; .mk files may add more.
TEST_ENV := BUILD_DIR=$(abspath $(BUILD))

include tests/tests.mk
include tests/worker.mk
include tests/hosts.mk
include tests/fuzz.mk
include tests/fault.mk
include tests/sanitize.mk
include tests/valgrind.mk
include tests/analyze.mk
include tests/batch_unit.mk
include tests/native.mk

# Every suite is known once the .mk files above are read.
.PHONY: test
test: $(TEST_DEPS)
	QR_CLI=$(abspath $(QR_CLI)) $(TEST_ENV) $(PROVE) $(PROVE_FLAGS) $(TEST_SUITES)

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PKGCONFIGDIR) \
	    $(DESTDIR)$(DOCDIR)
	$(INSTALL) -m 755 $(QR_CLI) $(DESTDIR)$(BINDIR)/qr-cli
	$(INSTALL) -m 644 $(LIBQRPNG) $(DESTDIR)$(LIBDIR)/libqrpng.a
	$(INSTALL) -m 644 lib/qrpng.h $(DESTDIR)$(INCLUDEDIR)/qrpng.h
	$(INSTALL) -m 644 man/qr-cli.1 $(DESTDIR)$(MANDIR)/man1/qr-cli.1
	# The worker protocol that --help and qr-cli(1) cite.
	$(INSTALL) -m 644 docs/worker-protocol.md $(DESTDIR)$(DOCDIR)/worker-protocol.md
	# The paths in qrpng.pc are the ones of this install, PREFIX included.
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    qrpng.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/qrpng.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/qrpng.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/qr-cli $(DESTDIR)$(LIBDIR)/libqrpng.a \
	    $(DESTDIR)$(INCLUDEDIR)/qrpng.h $(DESTDIR)$(MANDIR)/man1/qr-cli.1 \
	    $(DESTDIR)$(PKGCONFIGDIR)/qrpng.pc $(DESTDIR)$(DOCDIR)/worker-protocol.md
	-rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD) $(FUZZ_BUILD) build-bench-hardened \
	    build-bench-plain

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
