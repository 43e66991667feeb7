# Worker mode suites (tests/worker/*.t): the protocol driven byte by byte
# (Python, stdlib), and the Node and Python worker pools. Each .t is a
# small executable that prove runs; each prints TAP.
WORKER_TESTS := $(wildcard tests/worker/*.t)

TEST_SUITES += $(WORKER_TESTS)
TEST_DEPS   += all
