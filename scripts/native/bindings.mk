# The in-process bindings of libqrpng: the Node N-API addon
# (scripts/node/native) and the CPython extension qr_cli._native
# (scripts/python/qr_cli/_native.c). Included by the top Makefile; their
# test suites are registered by tests/native.mk.
#
#   make node-addon    build/node/qrpng.node
#   make python-ext    scripts/python/qr_cli/_native*.so, in place
#   make python-sdist  build/python/qr-cli-VERSION.tar.gz, the Python sdist
#                      with libqrpng's C files in it (csrc/)
#
# They depend on lib/, common/ (exit statuses) and the glue in
# scripts/native/, never on cli/. A shared object needs
# position-independent code: those are compiled again with -fPIC into
# $(BUILD)/pic (the objects of libqrpng.a are -fPIE), hidden but for the
# module's entry point. The dependencies are linked dynamically here.

PIC_CFLAGS  := $(filter-out -fPIE,$(ALL_CFLAGS)) -fPIC -fvisibility=hidden -Ilib -Icommon \
               -Iscripts/native $(DEPS_CFLAGS)
PIC_SRCS    := $(LIB_SRCS) $(COMMON_SRCS) scripts/native/qrpng_glue.c
PIC_OBJS    := $(PIC_SRCS:%.c=$(BUILD)/pic/%.o)
NATIVE_LIBS := $(shell $(PKG_CONFIG) --libs libqrencode libpng zlib)

# Node's own headers (node_api.h), next to the running node binary.
NODE       ?= node
NODE_INCLUDE = $(shell $(NODE) -p "require('path').resolve(process.execPath,'../../include/node')")
NODE_ADDON := $(BUILD)/node/qrpng.node

# Debian's interpreter: it has python3-dev's headers and setuptools.
SYSTEM_PYTHON ?= /usr/bin/python3

$(BUILD)/pic/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(PIC_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/pic/scripts/node/native/qrpng_addon.o: scripts/node/native/qrpng_addon.c
	@mkdir -p $(@D)
	@test -f "$(NODE_INCLUDE)/node_api.h" || \
	    { echo "node-addon: no node_api.h in $(NODE_INCLUDE)" \
	      "(Debian's own nodejs: apt-get install libnode-dev)" >&2; exit 1; }
	$(CC) $(PIC_CFLAGS) -isystem $(NODE_INCLUDE) -MMD -MP -c $< -o $@

# Under make check-sanitize (SANITIZE=1, clang): the addon links the shared
# sanitizer runtime, which tests/native/node.t preloads into node (node
# itself is not instrumented).
ifeq ($(SANITIZE),1)
NODE_ADDON_LDFLAGS := $(LDFLAGS) -shared-libasan
endif

$(NODE_ADDON): $(BUILD)/pic/scripts/node/native/qrpng_addon.o $(PIC_OBJS)
	@mkdir -p $(@D)
	# Node's symbols (napi_*) resolve against the node process at load time.
	$(CC) -shared $(filter-out -pie,$(ALL_LDFLAGS)) $(NODE_ADDON_LDFLAGS) -o $@ $^ \
	    $(NATIVE_LIBS) -lm

.PHONY: node-addon python-ext python-sdist
node-addon: $(NODE_ADDON)

# The sdist of scripts/python: setup.py's sdist copies lib/, common/ and the
# glue into it, so it builds the extension with no checkout. Its egg-info
# goes to build/python, not next to the sources.
python-sdist:
	@mkdir -p $(BUILD)/python
	cd scripts/python && env -u QRPNG_SRC $(SYSTEM_PYTHON) setup.py -q \
	    egg_info --egg-base $(abspath $(BUILD))/python sdist -d $(abspath $(BUILD))/python

PYTHON_EXT_STAMP := $(BUILD)/python-ext.stamp
python-ext: $(PYTHON_EXT_STAMP)
$(PYTHON_EXT_STAMP): scripts/python/setup.py scripts/python/qr_cli/_native.c $(PIC_SRCS) \
                     $(wildcard lib/*.h common/*.h) scripts/native/qrpng_glue.h
	# Python's own compiler and flags: not a CC or CFLAGS given to make
	# (check-sanitize's would need the sanitizer runtime in python).
	cd scripts/python && env -u CC -u CFLAGS -u LDFLAGS -u CPPFLAGS \
	    $(SYSTEM_PYTHON) setup.py -q build_ext --inplace --force \
	    --build-temp $(abspath $(BUILD))/python-ext \
	    --build-lib $(abspath $(BUILD))/python-ext/lib
	@ls scripts/python/qr_cli/_native*.so >/dev/null 2>&1 || \
	    { echo "python-ext: the extension was not built (see above)" >&2; exit 1; }
	@mkdir -p $(@D) && touch $@

-include $(PIC_OBJS:.o=.d) $(BUILD)/pic/scripts/node/native/qrpng_addon.d

# make clean also removes the extension built in place.
.PHONY: clean-native
clean: clean-native
clean-native:
	rm -f scripts/python/qr_cli/_native*.so
