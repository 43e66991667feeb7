/* test_render_request.c - qr-server's request layer (server/
 * render_request.c, goqr_params.c, query.c): raw bytes, every 400, the
 * option table's names on /qrcode, goQR's parameters, GET over POST,
 * limits, and the images the requests render (decoded with zbarimg). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "png_read.h"
#include "render_request.h"

static render_request req;

static int teardown(void **state)
{
    (void)state;
    render_request_release(&req);
    return 0;
}

/* Parses a query (a C string) on a route with the default limits. */
static int parse(request_route route, const char *query)
{
    render_request_release(&req);
    return render_request_parse(&req, route, query,
                                query ? strlen(query) : 0, NULL, 0, NULL);
}

__attribute__((unused)) static int parse_form(const char *query, const char *form)
{
    render_request_release(&req);
    return render_request_parse(&req, REQUEST_ROUTE_GOQR, query,
                                query ? strlen(query) : 0, form,
                                form ? strlen(form) : 0, NULL);
}

/* The query is accepted and its text is exactly these bytes. */
#define assert_text(route, query, bytes, len) do {                        \
        int rc_ = parse(route, query);                                     \
        if (rc_ != 0)                                                      \
            print_message("# %s: %d %s\n", query, req.http_status,         \
                          req.message);                                    \
        assert_int_equal(rc_, 0);                                          \
        assert_int_equal(req.http_status, 0);                              \
        assert_int_equal(req.text_len, (len));                             \
        assert_memory_equal(req.text, (bytes), (len));                     \
    } while (0)

/* The query is refused with 400 and exactly this message. */
#define assert_refused(route, query, msg) do {                            \
        assert_int_equal(parse(route, query), -1);                         \
        assert_int_equal(req.http_status, 400);                            \
        assert_string_equal(req.message, (msg));                           \
        assert_null(req.text);                                             \
    } while (0)

#define Q REQUEST_ROUTE_QRCODE
#define G REQUEST_ROUTE_GOQR

/* ---- raw bytes ---- */

static void percent_decoding_gives_raw_bytes(void **state)
{
    (void)state;
    assert_text(Q, "text=%ff", "\xff", 1);
    assert_text(Q, "text=%FF%fe%80", "\xff\xfe\x80", 3);
    assert_text(Q, "text=a+b", "a b", 3);
    assert_text(Q, "text=a%2Bb", "a+b", 3);
    assert_text(Q, "text=%C3%A9", "\xc3\xa9", 2);
    assert_text(Q, "text=%e9", "\xe9", 1);  /* Latin-1, not UTF-8: kept */
    assert_text(Q, "text=%G1", "%G1", 3);   /* broken escapes stay as sent */
    assert_text(Q, "text=a%f", "a%f", 3);
    assert_text(Q, "text=a%", "a%", 2);
    assert_text(Q, "text=%%41", "%A", 2);
    assert_text(Q, "text=a=b", "a=b", 3);   /* the first '=' splits */
    assert_text(Q, "text=%26%3D", "&=", 2);
    assert_text(Q, "&&text=x&&", "x", 1);
    assert_text(Q, "t%65xt=named", "named", 5); /* names are decoded too */
}

static void nul_is_refused(void **state)
{
    (void)state;
    assert_refused(Q, "text=a%00b", "text must not contain NUL");
    assert_refused(Q, "text=%00", "text must not contain NUL");
    assert_refused(G, "data=%00", "data must not contain NUL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(percent_decoding_gives_raw_bytes, teardown),
        cmocka_unit_test_teardown(nul_is_refused, teardown),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("qr-server request layer", tests, NULL,
                                       NULL);
}
