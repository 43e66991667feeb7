# The suites of the in-process bindings (built by scripts/native/bindings.mk):
# tests/native/node.t and python.t: every option and error through each
# binding, concurrency, 100,000 renders with the RSS flat (about 30 s each).
# Included by the top Makefile.

# Where the test suites find the addon: scripts/node/native/index.js reads it.
TEST_ENV   += QRPNG_NODE_ADDON=$(abspath $(NODE_ADDON))

# Under make check-sanitize (SANITIZE=1, clang): node.t preloads the
# sanitizer runtime the addon links (leak detection is off there since
# node does not free everything at exit). The loader then uses a plain
# require: the sanitizer runtime refuses RTLD_DEEPBIND.
ifeq ($(SANITIZE),1)
TEST_ENV += QRPNG_NODE_PRELOAD=$(shell $(CC) -print-file-name=libclang_rt.asan-$(shell uname -m).so)
endif

NATIVE_SUITES := $(wildcard tests/native/*.t)
TEST_SUITES += $(NATIVE_SUITES)
TEST_DEPS   += node-addon python-ext

# make check-valgrind also runs tests/valgrind/python_ext.t (the extension
# under memcheck): it needs the extension built.
check-valgrind: python-ext
TEST_ENV += SYSTEM_PYTHON=$(SYSTEM_PYTHON)
