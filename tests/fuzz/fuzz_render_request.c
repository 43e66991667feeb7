/* fuzz_render_request.c - qr-server's request layer (server/
 * render_request.c, goqr_params.c, query.c) on fuzzed query strings and
 * form bodies.
 *
 * Input: byte 0 picks the route (bit 0: goQR), whether there is a form
 * body (bit 1) and tight limits (bit 2: 8 bytes of text, 100 pixels);
 * bytes 1-2 the query's length (little endian, cut to what is left); the
 * query, then the form body.
 *
 * Promises: render_request_parse returns 0 or -1 and is deterministic;
 * on 0 the status is 0, the text 1..max_text bytes with no NUL, the
 * options pass qrpng_check_options and the widest image they can give
 * is within max_size, the key is shorter than RENDER_REQUEST_KEY_MAX; on
 * -1 the status is 400 or 500, the text NULL and the message one
 * non-empty line under 256 bytes with no control byte. Round trip: the
 * accepted text, every byte sent back as %XX in a /qrcode query (default
 * options), parses to the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "render_request.h"

static void check(const render_request *r, int rc,
                  const request_limits *limits)
{
    FUZZ_REQUIRE(rc == 0 || rc == -1);
    if (rc == 0) {
        FUZZ_REQUIRE(r->http_status == 0);
        FUZZ_REQUIRE(r->message[0] == '\0');
        FUZZ_REQUIRE(r->text != NULL);
        FUZZ_REQUIRE(r->text_len >= 1 && r->text_len <= limits->max_text);
        FUZZ_REQUIRE(memchr(r->text, '\0', r->text_len) == NULL);
        FUZZ_REQUIRE(qrpng_check_options(&r->options, NULL, 0) == QRPNG_OK);
        FUZZ_REQUIRE(render_request_max_width(&r->options) <=
                     limits->max_size);
        char key[RENDER_REQUEST_KEY_MAX];
        FUZZ_REQUIRE(render_request_key(r, key, sizeof key) <
                     RENDER_REQUEST_KEY_MAX);
        return;
    }
    FUZZ_REQUIRE(r->http_status == 400 || r->http_status == 500);
    FUZZ_REQUIRE(r->text == NULL && r->text_len == 0);
    size_t len = strnlen(r->message, sizeof r->message);
    FUZZ_REQUIRE(len > 0 && len < sizeof r->message);
    for (size_t i = 0; i < len; i++)
        FUZZ_REQUIRE((unsigned char)r->message[i] >= 0x20 &&
                     r->message[i] != 0x7f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    request_route route = (data[0] & 1) ? REQUEST_ROUTE_GOQR
                                        : REQUEST_ROUTE_QRCODE;
    int has_form = (data[0] & 2) != 0;
    request_limits limits = { REQUEST_DEFAULT_MAX_TEXT,
                              REQUEST_DEFAULT_MAX_SIZE };
    if (data[0] & 4)
        limits = (request_limits){ 8, 100 };
    size_t qlen = (size_t)data[1] | (size_t)data[2] << 8;
    data += 3;
    size -= 3;
    if (qlen > size)
        qlen = size;
    /* Exact-size copies, so ASan sees a read past either end. */
    char *query = malloc(qlen ? qlen : 1);
    char *form = malloc(size - qlen ? size - qlen : 1);
    if (query == NULL || form == NULL)
        abort();
    memcpy(query, data, qlen);
    memcpy(form, data + qlen, size - qlen);

    render_request a, b;
    int rc = render_request_parse(&a, route, query, qlen,
                                  has_form ? form : NULL,
                                  has_form ? size - qlen : 0, &limits);
    check(&a, rc, &limits);
    int again = render_request_parse(&b, route, query, qlen,
                                     has_form ? form : NULL,
                                     has_form ? size - qlen : 0, &limits);
    FUZZ_REQUIRE(again == rc && a.http_status == b.http_status &&
                 strcmp(a.message, b.message) == 0 &&
                 a.text_len == b.text_len &&
                 (a.text_len == 0 || memcmp(a.text, b.text, a.text_len) == 0) &&
                 (rc != 0 || memcmp(&a.options, &b.options,
                                    sizeof a.options) == 0));
    render_request_release(&b);

    if (rc == 0) {
        /* The text's bytes, each as %XX, come back as the same bytes. */
        size_t n = 5 + 3 * a.text_len;
        char *round = malloc(n + 1);
        if (round == NULL)
            abort();
        memcpy(round, "text=", 5);
        for (size_t i = 0; i < a.text_len; i++)
            snprintf(round + 5 + 3 * i, 4, "%%%02X", a.text[i]);
        /* (the default image, 200 pixels: the default size limit) */
        request_limits text_only = { limits.max_text,
                                     REQUEST_DEFAULT_MAX_SIZE };
        FUZZ_REQUIRE(render_request_parse(&b, REQUEST_ROUTE_QRCODE, round, n,
                                          NULL, 0, &text_only) == 0);
        FUZZ_REQUIRE(b.text_len == a.text_len &&
                     memcmp(b.text, a.text, a.text_len) == 0);
        render_request_release(&b);
        free(round);
    }
    render_request_release(&a);
    render_request_release(&a); /* twice is fine */
    free(query);
    free(form);
    return 0;
}
