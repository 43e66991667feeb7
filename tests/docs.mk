# The docs' code blocks (tests/docs/): every block of README.md, docs/*.md
# and the package READMEs fenced with a language tag, and the js, python,
# sh and c ones run as a reader would paste them; extractor.t and runner.t
# check the block finder and the runner. Included by the top Makefile.
#
#   make && QR_CLI=$PWD/build/qr-cli prove tests/docs/code_blocks.t
#   /usr/bin/python3 tests/docs/code_blocks.py README.md   # one file

# Left out of check-sanitize (SANITIZE=1): the blocks check the docs, not
# the build, and a c block linked with the sanitized libqrpng.a would need
# the sanitizer's flags, a js one the addon's runtime preloaded.
ifneq ($(SANITIZE),1)
TEST_SUITES += tests/docs/extractor.t tests/docs/runner.t tests/docs/code_blocks.t
# c blocks link libqrpng.a; js and python blocks may use the bindings.
TEST_DEPS   += $(QR_CLI) $(LIBQRPNG) node-addon python-ext
endif
