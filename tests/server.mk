# qr-server's suites (bats): tests/server/*.bats, against build/qr-server.
# Each starts its own servers on ports the kernel picks (--listen
# 127.0.0.1:0), so they run beside any other suite. Included by the top
# Makefile.

SERVER_TESTS := $(wildcard tests/server/*.bats)
TEST_ENV += QR_SERVER=$(abspath $(QR_SERVER))

TEST_SUITES += $(SERVER_TESTS)
TEST_DEPS   += $(QR_SERVER)
