# libqrpng as WebAssembly: make wasm -> $(BUILD)/wasm/qrpng.wasm
# (docs/wasm.md). Included by the top Makefile.
#
# lib/ (unchanged) with zlib, libpng 1.6 and libqrencode built from Debian
# bookworm's source packages (scripts/wasm-sources.sh: fetched once, pinned
# by wasm/sources.sha256, cached in $(WASM_CACHE)/src), by Debian's clang 14
# and wasm-ld 14 for wasm32-wasi over wasi-libc. The module imports
# nothing: wasm/wasi_stubs.c defines the WASI calls libc would import.
#
#   make wasm                                  the module
#   make wasm WASM_OPT=-Oz                     another optimisation
#   make wasm BUILD=dir WASM_CACHE=build/wasm  into dir, sources from build/

WASM_CLANG ?= clang-14
WASM_LD    ?= wasm-ld-14
WASM_OPT   ?= -O2

WASM_BUILD := $(BUILD)/wasm
WASM_CACHE ?= $(WASM_BUILD)
WASM_SRC   := $(WASM_CACHE)/src
# One file stands for the three trees: the sums they were unpacked from
# (one target, so make -j runs the script once).
WASM_STAMP := $(WASM_SRC)/sources.sha256
WASM_MODULE := $(WASM_BUILD)/qrpng.wasm

# wasi-libc as Debian installs it, and clang's own headers (stddef.h...)
# and builtins. -nostdinc keeps the host's /usr/include out: only these
# folders are searched, wasm/sysroot/include first (setjmp.h).
WASM_SYSROOT_INC := /usr/include/wasm32-wasi
WASM_SYSROOT_LIB := /usr/lib/wasm32-wasi
WASM_RESOURCE    := $(shell $(WASM_CLANG) -print-resource-dir 2>/dev/null)
WASM_BUILTINS    := $(WASM_RESOURCE)/lib/wasi/libclang_rt.builtins-wasm32.a

WASM_CFLAGS := --target=wasm32-wasi -nostdinc -isystem wasm/sysroot/include \
               -isystem $(WASM_RESOURCE)/include -isystem $(WASM_SYSROOT_INC) \
               $(WASM_OPT) -DNDEBUG -ffunction-sections -fdata-sections \
               -fno-ident -ffile-prefix-map=$(abspath $(WASM_CACHE))=wasm \
               -ffile-prefix-map=$(CURDIR)=.
# Ours: the project's warnings. Theirs: as upstream, quiet.
WASM_OUR_CFLAGS := -std=c11 $(WARNINGS) $(WASM_CFLAGS) -Ilib -Icommon -Iwasm \
                   -I$(WASM_SRC)/qrencode -I$(WASM_SRC)/libpng1.6 \
                   -I$(WASM_BUILD)/gen -I$(WASM_SRC)/zlib
WASM_DEP_CFLAGS := $(WASM_CFLAGS) -w -I$(WASM_BUILD)/gen -I$(WASM_SRC)/zlib

# What each library contributes: only the writing side of libpng, the
# deflate side of zlib, all of libqrencode but its command-line tool.
WASM_ZLIB := adler32 crc32 deflate trees zutil
WASM_PNG  := png pngerror pngget pngmem pngset pngtrans pngwio pngwrite \
             pngwtran pngwutil
WASM_QRENCODE := bitstream mask mmask mqrspec qrencode qrinput qrspec rsecc split
# libqrencode's config.h, as its configure would write it here.
WASM_QRENCODE_DEFS := -DSTATIC_IN_RELEASE=static -DHAVE_STRDUP=1 \
                      -DMAJOR_VERSION=4 -DMINOR_VERSION=1 -DMICRO_VERSION=1 \
                      -DVERSION='"4.1.1"'

WASM_OURS := $(LIB_SRCS:%.c=%) common/option_lines common/quote \
             wasm/qrpng_wasm wasm/wasi_stubs
WASM_OBJS := $(WASM_OURS:%=$(WASM_BUILD)/obj/%.o) \
             $(WASM_ZLIB:%=$(WASM_BUILD)/obj/zlib/%.o) \
             $(WASM_PNG:%=$(WASM_BUILD)/obj/libpng/%.o) \
             $(WASM_QRENCODE:%=$(WASM_BUILD)/obj/qrencode/%.o)

# The ABI (wasm/qrpng_wasm.h): exactly these functions and the memory.
WASM_EXPORTS := qrpng_wasm_alloc qrpng_wasm_free qrpng_wasm_ctx_new \
                qrpng_wasm_ctx_free qrpng_wasm_render qrpng_wasm_output \
                qrpng_wasm_output_size qrpng_wasm_message qrpng_wasm_version
# The stack first in memory, so an overflow traps instead of writing over
# data; no names section (--strip-all): the sizes in docs/wasm.md.
WASM_LDFLAGS := --no-entry --stack-first -z stack-size=131072 --strip-all \
                --gc-sections $(WASM_EXPORTS:%=--export=%)

.PHONY: wasm wasm-module wasm-sources
# Two steps: the sources must be there before make looks for their
# objects' rules, so the module is made by a second make.
wasm: wasm-sources
	$(MAKE) --no-print-directory wasm-module

# Before anything is fetched: the toolchain must be there.
wasm-sources: wasm-toolchain
.PHONY: wasm-toolchain
wasm-toolchain:
	@test -n "$(WASM_RESOURCE)" && test -f $(WASM_BUILTINS) && \
	    test -f $(WASM_SYSROOT_LIB)/libc.a && command -v $(WASM_LD) >/dev/null || \
	    { echo "make wasm: needs $(WASM_CLANG), $(WASM_LD), wasi-libc and" \
	      "libclang-rt-14-dev-wasm32 (scripts/debian-packages.txt)" >&2; exit 1; }

wasm-sources: $(WASM_STAMP)
$(WASM_STAMP): wasm/sources.sha256 scripts/wasm-sources.sh
	sh scripts/wasm-sources.sh $(WASM_CACHE)
	@touch $(WASM_STAMP)

wasm-module: $(WASM_MODULE)

# libpng configured by its own scripts/pnglibconf.mak with
# wasm/pnglibconf.dfa: the writing side alone.
WASM_PNG_SRC := $(abspath $(WASM_SRC))/libpng1.6
$(WASM_BUILD)/gen/pnglibconf.h: wasm/pnglibconf.dfa $(WASM_STAMP)
	@mkdir -p $(@D)
	cd $(@D) && rm -f pnglibconf.* && $(MAKE) -s --no-print-directory \
	    -f $(WASM_PNG_SRC)/scripts/pnglibconf.mak srcdir=$(WASM_PNG_SRC) \
	    AWK=awk DFA_XTRA=$(CURDIR)/wasm/pnglibconf.dfa \
	    CPP="$(WASM_CLANG) -E --target=wasm32-wasi -nostdinc \
	         -isystem $(WASM_RESOURCE)/include -isystem $(WASM_SYSROOT_INC) \
	         -I$(abspath $(WASM_SRC))/zlib" 2>pnglibconf.log

$(WASM_BUILD)/obj/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_OUR_CFLAGS) -MMD -MP -c $< -o $@
$(WASM_BUILD)/obj/common/%.o: common/%.c
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_OUR_CFLAGS) -MMD -MP -c $< -o $@
$(WASM_BUILD)/obj/wasm/%.o: wasm/%.c
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_OUR_CFLAGS) -MMD -MP -c $< -o $@
$(WASM_BUILD)/obj/zlib/%.o: $(WASM_SRC)/zlib/%.c
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_DEP_CFLAGS) -c $< -o $@
$(WASM_BUILD)/obj/libpng/%.o: $(WASM_SRC)/libpng1.6/%.c $(WASM_BUILD)/gen/pnglibconf.h
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_DEP_CFLAGS) -c $< -o $@
$(WASM_BUILD)/obj/qrencode/%.o: $(WASM_SRC)/qrencode/%.c
	@mkdir -p $(@D)
	$(WASM_CLANG) $(WASM_DEP_CFLAGS) $(WASM_QRENCODE_DEFS) -c $< -o $@

# lib/ includes png.h, which needs pnglibconf.h.
$(WASM_OURS:%=$(WASM_BUILD)/obj/%.o): $(WASM_BUILD)/gen/pnglibconf.h

$(WASM_MODULE): $(WASM_OBJS)
	$(WASM_LD) $(WASM_LDFLAGS) -o $@.tmp $(WASM_OBJS) \
	    $(WASM_SYSROOT_LIB)/libc.a $(WASM_BUILTINS)
	mv $@.tmp $@

-include $(WASM_OURS:%=$(WASM_BUILD)/obj/%.d)

# Every header the build reads, from clang -M: each must be ours, the
# fetched sources', wasi-libc's or clang's own, never the host's
# /usr/include (tests/wasm/module.js runs this).
WASM_ALL_SRCS := $(WASM_OURS:%=%.c) $(WASM_ZLIB:%=$(WASM_SRC)/zlib/%.c) \
                 $(WASM_PNG:%=$(WASM_SRC)/libpng1.6/%.c) \
                 $(WASM_QRENCODE:%=$(WASM_SRC)/qrencode/%.c)
WASM_HEADER_DIRS := wasm/sysroot/include/ lib/ common/ wasm/ \
                    $(abspath $(WASM_SRC))/ $(WASM_SRC)/ $(abspath $(WASM_BUILD))/gen/ \
                    $(WASM_BUILD)/gen/ $(WASM_RESOURCE)/include/ $(WASM_SYSROOT_INC)/
.PHONY: wasm-check-headers
wasm-check-headers: wasm
	@rm -f $(WASM_BUILD)/headers.d
	@for f in $(WASM_ALL_SRCS); do \
	    $(WASM_CLANG) $(WASM_OUR_CFLAGS) $(WASM_QRENCODE_DEFS) -M $$f \
	        >> $(WASM_BUILD)/headers.d || exit 1; \
	done
	@tr ' \\' '\n\n' < $(WASM_BUILD)/headers.d | grep '\.h$$' | sort -u \
	    > $(WASM_BUILD)/headers.txt
	@bad=0; while read -r h; do \
	    ok=0; for d in $(WASM_HEADER_DIRS); do \
	        case "$$h" in "$$d"*) ok=1 ;; esac; \
	    done; \
	    [ $$ok = 1 ] || { echo "wasm-check-headers: $$h is not the build's own" >&2; bad=1; }; \
	done < $(WASM_BUILD)/headers.txt; \
	[ $$bad = 0 ] && echo "wasm-check-headers: $(words $(WASM_ALL_SRCS)) files," \
	    "$$(wc -l < $(WASM_BUILD)/headers.txt) headers, none from the host"

# make test: tests/wasm/ (the module built first, so CI builds it).
TEST_SUITES += $(wildcard tests/wasm/*.t)
TEST_DEPS   += wasm
