# Test suites, run under prove (TAP). Included by the top Makefile.
.PHONY: test
test: all
	prove
