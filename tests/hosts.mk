# Host suites: the Node and Python clients and example servers (scripts/node,
# scripts/python), run by prove through the wrappers in tests/hosts/.
# Included by the top Makefile next to tests/tests.mk.

# The Node package (scripts/node) has no dependencies; its example server
# (scripts/node/example) installs express, qrcode, the package itself (a
# link) and, for the type check, typescript and @types/node.
NODE_EXAMPLE_DIR := scripts/node/example
# npm ci rewrites this file, so it tells make when the install is current.
NODE_DEPS_STAMP := $(NODE_EXAMPLE_DIR)/node_modules/.package-lock.json

.PHONY: node-deps
node-deps: $(NODE_DEPS_STAMP)

$(NODE_DEPS_STAMP): $(NODE_EXAMPLE_DIR)/package.json $(NODE_EXAMPLE_DIR)/package-lock.json
	cd $(NODE_EXAMPLE_DIR) && npm ci --no-audit --no-fund
	@touch $@

TEST_SUITES += tests/hosts/node-suite tests/hosts/python-suite
TEST_DEPS   += node-deps

# The Flask/FastAPI example apps and the browser test (scripts/python/example),
# under Debian's python3, which has flask, fastapi, gunicorn and uvicorn.
TEST_SUITES += tests/hosts/python-example-suite
