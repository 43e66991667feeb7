# The example servers' one contract (tests/servers/): every server of
# tests/servers/contract.py's SERVERS table started once and checked alike.
# Included by the top Makefile next to tests/hosts.mk (whose node-deps
# installs the Node example's express).
TEST_SUITES += tests/servers/contract.t
TEST_DEPS   += node-deps
