# qr-server's request layer (server/render_request.c and what it calls):
# cmocka unit tests tests/server_unit/test_*.c, TAP output, run by
# `make test`. Pure code, no sockets: linked with the request objects,
# common/, libqrpng and libevent (for evhttp_uridecode). Included by the
# top Makefile.

LIBEVENT_CFLAGS := $(shell $(PKG_CONFIG) --cflags libevent_core libevent_extra 2>/dev/null)
LIBEVENT_LIBS   := $(shell $(PKG_CONFIG) --libs libevent_core libevent_extra 2>/dev/null || echo -levent_core -levent_extra)

# The request layer: every server/ source but the program's own (main.c
# and the network side, written apart); a list, so new network files do
# not land here.
REQUEST_SRCS := server/render_request.c server/goqr_params.c server/query.c \
                common/quote.c
REQUEST_CFLAGS := $(LIB_CFLAGS) -Icommon -Iserver $(LIBEVENT_CFLAGS)

SERVER_UNIT_TESTS := $(patsubst tests/server_unit/%.c,$(BUILD)/tests/server_unit/%,\
                     $(wildcard tests/server_unit/test_*.c))

$(BUILD)/tests/server_unit/%: tests/server_unit/%.c $(REQUEST_SRCS) \
        $(wildcard server/*.h) $(PNG_READ) $(LIBQRPNG)
	@mkdir -p $(@D)
	$(CC) $(REQUEST_CFLAGS) $(CMOCKA_CFLAGS) -Itests/support $(ALL_LDFLAGS) \
	    -o $@ $< $(REQUEST_SRCS) tests/support/png_read.c $(LIBQRPNG) \
	    $(CMOCKA_LIBS) $(LIBEVENT_LIBS) $(TEST_LIBS)

TEST_SUITES += $(SERVER_UNIT_TESTS)
TEST_DEPS   += $(SERVER_UNIT_TESTS)
