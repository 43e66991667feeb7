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

static int parse_form(const char *query, const char *form)
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


/* ---- /qrcode ---- */

static void qrcode_defaults_are_libqrpngs(void **state)
{
    (void)state;
    assert_text(Q, "text=hello", "hello", 5);
    qrpng_options d = qrpng_default_options();
    assert_memory_equal(&req.options, &d, sizeof d);
    assert_int_equal(req.options.size, 200);
    assert_int_equal(req.options.level, QRPNG_LEVEL_L);
    assert_int_equal(req.options.margin, 4);
    assert_int_equal(req.options.format, QRPNG_FORMAT_PNG);
    assert_int_equal(req.options.padding, 0);
    assert_string_equal(req.message, "");
}

static void qrcode_missing_text(void **state)
{
    (void)state;
    const char *msg = "missing \"text\" query param";
    assert_refused(Q, NULL, msg);
    assert_refused(Q, "", msg);
    assert_refused(Q, "text", msg);
    assert_refused(Q, "text=", msg);
    assert_refused(Q, "size=300", msg);
    assert_refused(Q, "Text=a", msg);           /* names are exact */
    assert_refused(Q, "text=a&text=b", msg);    /* repeated: which one? */
    assert_refused(Q, "text=a&text=a", msg);
    assert_refused(Q, "text=a&size=100&text=", msg);
}

static void qrcode_text_limit(void **state)
{
    (void)state;
    char query[700] = "text=";
    memset(query + 5, 'a', 512);
    query[5 + 512] = '\0';
    assert_int_equal(parse(Q, query), 0);
    assert_int_equal(req.text_len, 512);
    strcat(query, "b");
    assert_refused(Q, query, "text must be <= 512 bytes");
    /* %XX counts as the one byte it decodes to */
    char enc[2000] = "text=";
    for (int i = 0; i < 512; i++)
        strcat(enc, "%ff");
    assert_int_equal(parse(Q, enc), 0);
    assert_int_equal(req.text_len, 512);
    strcat(enc, "%ff");
    assert_refused(Q, enc, "text must be <= 512 bytes");
    /* another limit, in the message too */
    render_request_release(&req);
    request_limits l = { 4, 2000 };
    assert_int_equal(render_request_parse(&req, Q, "text=abcde", 10, NULL, 0,
                                          &l), -1);
    assert_string_equal(req.message, "text must be <= 4 bytes");
    assert_int_equal(render_request_parse(&req, Q, "text=abcd", 9, NULL, 0,
                                          &l), 0);
}

/* Every option of the table by its name, taken as qr-cli takes it. */
static void qrcode_every_table_option(void **state)
{
    (void)state;
    assert_int_equal(parse(Q, "text=x&level=h&size=300&margin=2&fg=%23123456"
                              "&bg=abc&type=SVG&symversion=5&boost-level"
                              "&8bit=yes&dpi=300"), 0);
    qrpng_options *o = &req.options;
    assert_int_equal(o->level, QRPNG_LEVEL_H);
    assert_int_equal(o->size, 300);
    assert_int_equal(o->margin, 2);
    assert_int_equal(o->dark.r, 0x12);
    assert_int_equal(o->dark.b, 0x56);
    assert_int_equal(o->light.g, 0xbb);
    assert_int_equal(o->format, QRPNG_FORMAT_SVG);
    assert_int_equal(o->version, 5);
    assert_true(o->boost_level);
    assert_true(o->eight_bit);
    assert_int_equal(o->dpi, 300);
    assert_int_equal(parse(Q, "text=1&micro&level=m&scale=3&bg=transparent"),
                     0);
    assert_true(req.options.micro);
    assert_int_equal(req.options.scale, 3);
    assert_true(req.options.light_transparent);
    assert_int_equal(parse(Q, "text=1&micro=&type=utf8"), 0);
    assert_true(req.options.micro);
    assert_int_equal(req.options.format, QRPNG_FORMAT_UTF8);
    assert_int_equal(parse(Q, "text=1&micro=off"), 0);
    assert_false(req.options.micro);
    /* the last of a repeated option counts, as on qr-cli's line */
    assert_int_equal(parse(Q, "text=1&size=100&size=120"), 0);
    assert_int_equal(req.options.size, 120);
    /* unknown parameters are ignored: cache busters and the like */
    assert_int_equal(parse(Q, "text=1&v=2&_=1699999999&utm_source=x&size"
                              "x=1&%00=1&output=/etc/passwd"), 0);
    qrpng_options d = qrpng_default_options();
    assert_memory_equal(&req.options, &d, sizeof d);
}

static void qrcode_option_mistakes(void **state)
{
    (void)state;
    assert_refused(Q, "text=a&size=big",
                   "invalid size 'big': expected a whole number of pixels, "
                   "1 to 8192");
    assert_refused(Q, "text=a&size=",
                   "invalid size '': expected a whole number of pixels, "
                   "1 to 8192");
    assert_refused(Q, "text=a&size",
                   "invalid size '': expected a whole number of pixels, "
                   "1 to 8192");
    assert_refused(Q, "text=a&size=-1",
                   "invalid size '-1': expected a whole number of pixels, "
                   "1 to 8192");
    assert_refused(Q, "text=a&size=200%00",
                   "invalid size '200\\x00': expected a whole number of "
                   "pixels, 1 to 8192");
    assert_refused(Q, "text=a&level=X", "invalid level 'X': expected L, M, "
                   "Q or H");
    assert_refused(Q, "text=a&margin=256", "invalid margin '256': expected "
                   "a whole number of modules, 0 to 255");
    assert_refused(Q, "text=a&fg=red", "invalid fg 'red': expected a hex "
                   "colour like #000000");
    assert_refused(Q, "text=a&bg=nope", "invalid bg 'nope': expected a hex "
                   "colour like #ffffff, or transparent");
    assert_refused(Q, "text=a&type=gif", "invalid type 'gif': expected png, "
                   "svg, eps, utf8, ansiutf8, ascii, utf8i or asciii");
    assert_refused(Q, "text=a&micro=maybe", "invalid micro 'maybe': expected "
                   "true or false");
    assert_refused(Q, "text=a&symversion=41", "invalid symversion '41': "
                   "expected a version, 1 to 40 (1 to 4 for Micro QR)");
    assert_refused(Q, "text=a&dpi=0", "invalid dpi '0': expected dots per "
                   "inch, 1 to 65535");
    /* the first mistake counts */
    assert_refused(Q, "text=a&level=Z&size=0", "invalid level 'Z': expected "
                   "L, M, Q or H");
    /* set-wide rules, in the library's words */
    assert_refused(Q, "text=a&size=100&scale=2",
                   "give a size or a scale, not both");
    assert_refused(Q, "text=a&fg=fff&bg=ffffff",
                   "dark and light colours are the same");
    assert_refused(Q, "text=a&micro&level=H",
                   "Micro QR has levels L, M and Q, not H");
    /* echoed values are sanitized: escapes, and cut */
    assert_refused(Q, "text=a&size=%1b%5b2J%0d%0a",
                   "invalid size '\\x1B[2J\\x0D\\x0A': expected a whole "
                   "number of pixels, 1 to 8192");
    assert_refused(Q, "text=a&level=%e2%80%ae%ff",
                   "invalid level '\\u{202E}\\xFF': expected L, M, Q or H");
    char query[400] = "text=a&fg=";
    memset(query + 10, 'z', 300);
    query[310] = '\0';
    assert_int_equal(parse(Q, query), -1);
    assert_true(strlen(req.message) < 120);
    assert_non_null(strstr(req.message, "zzz...': expected a hex colour"));
}

static void qrcode_image_limit(void **state)
{
    (void)state;
    assert_int_equal(parse(Q, "text=a&size=2000"), 0);
    assert_refused(Q, "text=a&size=2001", "size must be <= 2000 pixels");
    assert_refused(Q, "text=a&size=8192", "size must be <= 2000 pixels");
    /* a scale is checked against the largest symbol: version 40 and
     * its margin, 185 modules by default */
    assert_int_equal(parse(Q, "text=a&scale=10"), 0);   /* 1850 */
    assert_refused(Q, "text=a&scale=11", "scale 11 can make a 2035-pixel "
                   "image; images must be <= 2000 pixels");
    assert_int_equal(parse(Q, "text=a&scale=80&micro"), 0); /* 25 * 80 */
    render_request_release(&req);
    request_limits l = { 512, 300 };
    assert_int_equal(render_request_parse(&req, Q, "text=a&size=301", 15,
                                          NULL, 0, &l), -1);
    assert_string_equal(req.message, "size must be <= 300 pixels");
    /* a size too small for the symbol grows the image: margin 100 can
     * make 2 * (177 + 200) pixels */
    assert_int_equal(render_request_parse(&req, Q, "text=a&margin=100", 17,
                                          NULL, 0, &l), -1);
    assert_string_equal(req.message, "margin 100 can make a 754-pixel image; "
                        "images must be <= 300 pixels");
}

/* The form body belongs to the goQR route alone. */
static void qrcode_ignores_a_form(void **state)
{
    (void)state;
    render_request_release(&req);
    assert_int_equal(render_request_parse(&req, Q, "text=a", 6, "size=300",
                                          8, NULL), 0);
    assert_int_equal(req.options.size, 200);
}

/* ---- /v1/create-qr-code/ ---- */

static void goqr_defaults(void **state)
{
    (void)state;
    assert_text(G, "data=HelloWorld", "HelloWorld", 10);
    qrpng_options *o = &req.options;
    assert_int_equal(o->size, 200);
    assert_int_equal(o->scale, 0);
    assert_int_equal(o->level, QRPNG_LEVEL_L);
    assert_int_equal(o->margin, 0);   /* qzone 0 */
    assert_int_equal(o->padding, 1);  /* margin 1 pixel */
    assert_int_equal(o->format, QRPNG_FORMAT_PNG);
    assert_int_equal(o->dark.r + o->dark.g + o->dark.b, 0);
    assert_int_equal(o->light.r + o->light.g + o->light.b, 3 * 255);
    assert_false(o->light_transparent);
}

static void goqr_parameters(void **state)
{
    (void)state;
    qrpng_options *o = &req.options;
    assert_int_equal(parse(G, "data=x&size=100x100&ecc=q&color=255-0-10"
                              "&bgcolor=0a0B0c&margin=50&qzone=100"
                              "&format=SVG&charset-source=utf-8"
                              "&charset-target=UTF-8"), 0);
    assert_int_equal(o->size, 100);
    assert_int_equal(o->level, QRPNG_LEVEL_Q);
    assert_int_equal(o->dark.r, 255);
    assert_int_equal(o->dark.g, 0);
    assert_int_equal(o->dark.b, 10);
    assert_int_equal(o->light.r, 10);
    assert_int_equal(o->light.g, 11);
    assert_int_equal(o->light.b, 12);
    assert_int_equal(o->padding, 50);
    assert_int_equal(o->margin, 100);
    assert_int_equal(o->format, QRPNG_FORMAT_SVG);
    assert_int_equal(parse(G, "data=x&size=250&format=eps&color=abc"), 0);
    assert_int_equal(o->size, 250);
    assert_int_equal(o->format, QRPNG_FORMAT_EPS);
    assert_int_equal(o->dark.r, 0xaa);
    assert_int_equal(o->dark.b, 0xcc);
    assert_int_equal(parse(G, "data=x&size=10x10&margin=0&qzone=0"), 0);
    assert_int_equal(o->size, 10);
    assert_int_equal(parse(G, "data=x&size=1000X1000"), 0);
    assert_int_equal(o->size, 1000);
    /* not square: the smaller side, so it fits the box */
    assert_int_equal(parse(G, "data=x&size=300x150"), 0);
    assert_int_equal(o->size, 150);
    /* light on dark */
    assert_int_equal(parse(G, "data=x&color=fff&bgcolor=0-0-0"), 0);
    assert_int_equal(o->dark.g, 255);
    assert_int_equal(o->light.g, 0);
    /* ecc in any case */
    for (const char *const *q = (const char *const[]){ "data=x&ecc=l",
             "data=x&ecc=M", "data=x&ecc=h", NULL }; *q; q++)
        assert_int_equal(parse(G, *q), 0);
    assert_int_equal(o->level, QRPNG_LEVEL_H);
    /* the last of a repeated parameter, as PHP reads a query */
    assert_text(G, "data=a&data=b&size=100&size=120", "b", 1);
    assert_int_equal(o->size, 120);
    /* /qrcode's names mean nothing here */
    assert_int_equal(parse(G, "data=x&text=y&level=H&type=svg&fg=f00"), 0);
    assert_int_equal(o->level, QRPNG_LEVEL_L);
    assert_int_equal(o->format, QRPNG_FORMAT_PNG);
}

static void goqr_mistakes(void **state)
{
    (void)state;
    assert_refused(G, "size=100x100", "missing \"data\" query param");
    assert_refused(G, "data=", "missing \"data\" query param");
    assert_refused(G, "data", "missing \"data\" query param");
    const char *size = "expected WxH in pixels, 10x10 to 1000x1000 (or one "
                       "number for both)";
    char want[256];
    static const char *const bad_sizes[] = { "9x9", "1001x1001", "100x",
        "x100", "100x100x100", "abc", "-100x-100", "100 x 100", "0100x100",
        "" };
    for (size_t i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
        char query[64];
        snprintf(query, sizeof query, "data=x&size=%s", bad_sizes[i]);
        if (strchr(bad_sizes[i], ' ') != NULL)
            continue; /* checked below, encoded */
        snprintf(want, sizeof want, "invalid size '%s': %s", bad_sizes[i],
                 size);
        if (strcmp(bad_sizes[i], "0100x100") == 0) {
            assert_int_equal(parse(G, query), 0); /* 4 digits: 100 */
            continue;
        }
        assert_refused(G, query, want);
    }
    snprintf(want, sizeof want, "invalid size '100 x 100': %s", size);
    assert_refused(G, "data=x&size=100+x+100", want);
    assert_refused(G, "data=x&ecc=X", "invalid ecc 'X': expected L, M, Q or "
                   "H");
    assert_refused(G, "data=x&ecc=LM", "invalid ecc 'LM': expected L, M, Q "
                   "or H");
    const char *colour = "expected r-g-b in decimal (0-255 each) or hex "
                         "RRGGBB or RGB";
    snprintf(want, sizeof want, "invalid color '256-0-0': %s", colour);
    assert_refused(G, "data=x&color=256-0-0", want);
    snprintf(want, sizeof want, "invalid color '1-2': %s", colour);
    assert_refused(G, "data=x&color=1-2", want);
    snprintf(want, sizeof want, "invalid color '1-2-3-4': %s", colour);
    assert_refused(G, "data=x&color=1-2-3-4", want);
    snprintf(want, sizeof want, "invalid bgcolor 'FFFF': %s", colour);
    assert_refused(G, "data=x&bgcolor=FFFF", want);
    snprintf(want, sizeof want, "invalid bgcolor 'transparent': %s", colour);
    assert_refused(G, "data=x&bgcolor=transparent", want);
    assert_refused(G, "data=x&color=fff&bgcolor=255-255-255",
                   "color and bgcolor must differ");
    assert_refused(G, "data=x&margin=51", "invalid margin '51': expected a "
                   "whole number of pixels, 0 to 50");
    assert_refused(G, "data=x&qzone=101", "invalid qzone '101': expected a "
                   "whole number of modules, 0 to 100");
    assert_refused(G, "data=x&format=gif", "format gif is not supported "
                   "here: use png, svg or eps");
    assert_refused(G, "data=x&format=JPEG", "format jpeg is not supported "
                   "here: use png, svg or eps");
    assert_refused(G, "data=x&format=jpg", "format jpg is not supported "
                   "here: use png, svg or eps");
    assert_refused(G, "data=x&format=utf8", "invalid format 'utf8': expected "
                   "png, svg or eps");
    const char *charset = "not supported: no charset conversion is done, "
                          "the data's bytes are encoded as sent (say UTF-8 "
                          "or leave it out)";
    snprintf(want, sizeof want, "invalid charset-source 'ISO-8859-1': %s",
             charset);
    assert_refused(G, "data=x&charset-source=ISO-8859-1", want);
    snprintf(want, sizeof want, "invalid charset-target 'ISO-8859-1': %s",
             charset);
    assert_refused(G, "data=x&charset-target=ISO-8859-1", want);
    snprintf(want, sizeof want, "invalid charset-target 'UTF8': %s", charset);
    assert_refused(G, "data=x&charset-target=UTF8", want);
    char big[700] = "data=";
    memset(big + 5, 'd', 513);
    big[518] = '\0';
    assert_refused(G, big, "data must be <= 512 bytes");
    render_request_release(&req);
    request_limits l = { 512, 500 };
    assert_int_equal(render_request_parse(&req, G, "data=a&size=501", 15,
                                          NULL, 0, &l), -1);
    assert_string_equal(req.message, "size must be <= 500 pixels");
}

static void goqr_get_wins_over_post(void **state)
{
    (void)state;
    qrpng_options *o = &req.options;
    assert_int_equal(parse_form(NULL, "data=posted&size=120x120"), 0);
    assert_int_equal(req.text_len, 6);
    assert_memory_equal(req.text, "posted", 6);
    assert_int_equal(o->size, 120);
    assert_int_equal(parse_form("data=got", "data=posted&size=120x120"), 0);
    assert_memory_equal(req.text, "got", 3);
    assert_int_equal(o->size, 120);                /* per parameter */
    assert_int_equal(parse_form("size=300", "data=p%ff+q&size=120"), 0);
    assert_int_equal(req.text_len, 4);
    assert_memory_equal(req.text, "p\xff q", 4);
    assert_int_equal(o->size, 300);
    /* a GET mistake is a mistake even with a good POST value */
    assert_int_equal(parse_form("data=x&ecc=Z", "ecc=H"), -1);
    assert_string_equal(req.message, "invalid ecc 'Z': expected L, M, Q or H");
    /* an empty GET value is a value: it wins, and data is then missing */
    assert_int_equal(parse_form("data=", "data=posted"), -1);
    assert_string_equal(req.message, "missing \"data\" query param");
    /* a raw NUL byte in a form body is a NUL */
    render_request_release(&req);
    assert_int_equal(render_request_parse(&req, G, NULL, 0, "data=a\0b", 8,
                                          NULL), -1);
    assert_string_equal(req.message, "data must not contain NUL");
}

/* Real callers' query strings (shapes from public code that embeds
 * api.qrserver.com URLs), with what each gives. */
static void goqr_real_callers(void **state)
{
    (void)state;
    qrpng_options *o = &req.options;
    /* React: encodeURIComponent(url), size, colours, margin 0 */
    assert_text(G, "size=150x150&data=https%3A%2F%2Fapp.example%2F%23%2Fx"
                   "&bgcolor=ffffff&color=000000&margin=0",
                "https://app.example/#/x", 23);
    assert_int_equal(o->size, 150);
    assert_int_equal(o->padding, 0);
    /* 2FA: an encoded otpauth URI with ecc=M */
    assert_text(G, "data=otpauth%3A%2F%2Ftotp%2FACME%3Aalice%3Fsecret%3DJBSW"
                   "Y3DPEHPK3PXP%26issuer%3DACME&size=200x200&ecc=M",
                "otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
                61);
    assert_int_equal(o->level, QRPNG_LEVEL_M);
    /* a UPI payment link not encoded: its '&' splits data there, as at
     * goQR; pn, am and cu are unknown parameters */
    assert_text(G, "size=200x200&data=upi://pay?pa=shop@bank&pn=Shop%20One"
                   "&am=120.50&cu=INR", "upi://pay?pa=shop@bank", 22);
    /* PHP with &amp; inside a string that is not HTML: "amp;size" is
     * unknown, so the size is the default */
    assert_text(G, "data=ORDER-42&amp;size=100x100", "ORDER-42", 8);
    assert_int_equal(o->size, 200);
    /* the classic eBay-style one: colours, qzone 1, margin 0, ecc L */
    assert_text(G, "color=000000&bgcolor=FFFFFF&data=https%3A%2F%2Fline.me"
                   "%2FR%2Fti%2Fp%2FBsqbfocuYK&qzone=1&margin=0&size=400x400"
                   "&ecc=L", "https://line.me/R/ti/p/BsqbfocuYK", 33);
    assert_int_equal(o->margin, 1);
    assert_int_equal(o->padding, 0);
    assert_int_equal(o->size, 400);
    /* a bare size and decimal colours */
    assert_text(G, "size=250&bgcolor=255-255-255&color=9-10-15&qzone=0"
                   "&data=TICKET%201", "TICKET 1", 8);
    assert_int_equal(o->size, 250);
    assert_int_equal(o->dark.b, 15);
    /* light on dark: a crypto address on a dark page */
    assert_text(G, "size=180x180&data=bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjh"
                   "x0wlh&bgcolor=0a0a0a&color=ffffff&qzone=1",
                "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh", 42);
    assert_int_equal(o->light.r, 10);
    /* decimal black background, 3-digit hex foreground */
    assert_int_equal(parse(G, "size=256x256&data=https%3A%2F%2Fa.example%2Fau"
                              "th%3Fc%3D1&bgcolor=0-0-0&color=fff&qzone=1"), 0);
    /* a Kotlin app: 3-digit colours, format and ecc */
    assert_text(G, "data=hello&size=300x300&color=000&bgcolor=fff&qzone=1"
                   "&format=png&ecc=M", "hello", 5);
    /* data first, no size at all */
    assert_text(G, "data=lightning:lnbc10u1p3xyz", "lightning:lnbc10u1p3xyz",
                23);
    /* a Python %-quoted token URL */
    assert_text(G, "size=256x256&qzone=1&data=https%3A//www.themoviedb.org/"
                   "auth/access%3Frequest_token%3Dabc",
                "https://www.themoviedb.org/auth/access?request_token=abc", 56);
    /* an ISO-8859-1 caller is told, not silently re-encoded */
    assert_int_equal(parse(G, "data=Gr%FC%DFe&charset-source=ISO-8859-1"), -1);
    assert_int_equal(req.http_status, 400);
    /* the same bytes without the charset: raw bytes, as sent */
    assert_text(G, "data=Gr%FC%DFe", "Gr\xfc\xdf" "e", 5);
    /* margin 10 pixels, qzone 2, ecc M, 400 px, format png */
    assert_text(G, "size=400x400&data=https%3A%2F%2Fs.example%2Fjob%2F7&fo"
                   "rmat=png&bgcolor=FFFFFF&color=000000&qzone=2&margin=10"
                   "&ecc=M", "https://s.example/job/7", 23);
    assert_int_equal(o->padding, 10);
    assert_int_equal(o->margin, 2);
}

/* ---- the key ---- */

static void key_tells_options_apart(void **state)
{
    (void)state;
    char a[RENDER_REQUEST_KEY_MAX], b[RENDER_REQUEST_KEY_MAX];
    assert_int_equal(parse(Q, "text=x"), 0);
    size_t n = render_request_key(&req, a, sizeof a);
    assert_int_equal(n, strlen(a));
    assert_true(n < RENDER_REQUEST_KEY_MAX);
    assert_string_equal(a, "v1 f=png l=L s=200 k=0 m=4 p=0 d=000000 "
                        "b=ffffff t=0 n=0 u=0 o=0 e=0 i=0");
    /* the same options spelt differently: the same key */
    assert_int_equal(parse(Q, "text=y&size=200&level=l&fg=000&micro=no"), 0);
    render_request_key(&req, b, sizeof b);
    assert_string_equal(a, b);
    static const char *const others[] = { "size=201", "level=M", "margin=3",
        "fg=010000", "bg=fffffe", "bg=transparent", "type=svg",
        "symversion=2", "micro", "boost-level", "8bit", "dpi=72", "scale=4" };
    for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
        char query[64];
        snprintf(query, sizeof query, "text=x&%s", others[i]);
        assert_int_equal(parse(Q, query), 0);
        render_request_key(&req, b, sizeof b);
        assert_string_not_equal(a, b);
    }
    assert_int_equal(parse(G, "data=x&margin=0&qzone=4"), 0);
    render_request_key(&req, b, sizeof b);
    assert_string_equal(a, b);  /* the same image as /qrcode's default */
    assert_int_equal(parse(G, "data=x&margin=1&qzone=4"), 0);
    render_request_key(&req, b, sizeof b);
    assert_string_not_equal(a, b);
    /* a short buffer: cut, NUL-terminated, the whole length returned */
    char small[8];
    assert_int_equal(render_request_key(&req, small, sizeof small),
                     strlen(b));
    assert_int_equal(strlen(small), 7);
}

/* ---- what the requests render ---- */

/* Renders req; the image, owned by ctx. */
static qrpng_image render(qrpng_ctx *ctx)
{
    qrpng_image img;
    qrpng_status st = qrpng_render(ctx, req.text, req.text_len, &req.options,
                                   &img);
    if (st != QRPNG_OK)
        print_message("# %s\n", qrpng_ctx_message(ctx));
    assert_int_equal(st, QRPNG_OK);
    return img;
}

/* zbarimg reads the PNG back to exactly len bytes at want. */
static void assert_decodes_to(const qrpng_image *img, const void *want,
                              size_t len)
{
    char path[] = "/tmp/test_render_request.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, img->data, img->size), (ssize_t)img->size);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw -Sbinary %s 2>/dev/null",
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char got[4096];
    size_t n = fread(got, 1, sizeof got, p);
    int status = pclose(p);
    unlink(path);
    assert_int_equal(status, 0);
    assert_int_equal(n, len);
    assert_memory_equal(got, want, len);
}

static int is_light(const decoded_png *d, uint32_t x, uint32_t y)
{
    return pixel_at(d, x, y)[0] > 128;
}

/* goQR's margin is pixels of light border inside the image, which stays
 * exactly the size asked for; qzone is modules of quiet zone inside it. */
static void goqr_images_are_exactly_the_size(void **state)
{
    (void)state;
    qrpng_ctx *ctx = qrpng_ctx_new();
    assert_non_null(ctx);
    static const char *const queries[] = {
        "data=HelloWorld&size=100x100",
        "data=HelloWorld&size=150x150&margin=0",
        "data=HelloWorld&size=150x150&margin=50",
        "data=HelloWorld&size=333&margin=7&qzone=3",
        "data=HelloWorld&size=1000x1000&margin=50&qzone=100",
        "data=https%3A%2F%2Fexample.com%2F&size=400x400&qzone=1&margin=0"
        "&ecc=H",
        "data=%ff%fe%00x&size=200x200",
    };
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        int rc = parse(G, queries[i]);
        if (i == 6) { /* the NUL one */
            assert_int_equal(rc, -1);
            continue;
        }
        assert_int_equal(rc, 0);
        qrpng_image img = render(ctx);
        assert_int_equal(img.width, req.options.size);
        decoded_png d;
        assert_int_equal(decode_png(img.data, img.size, &d), 0);
        assert_int_equal(d.width, req.options.size);
        assert_int_equal(d.height, req.options.size);
        /* the padding is light all round; the first dark pixel on the
         * middle of the finder pattern's row is at padding + quiet zone
         * (+ half the leftover pixels) */
        uint32_t pad = req.options.padding, w = d.width;
        for (uint32_t k = 0; k < pad; k++)
            for (uint32_t t = 0; t < w; t++) {
                assert_true(is_light(&d, k, t));
                assert_true(is_light(&d, w - 1 - k, t));
                assert_true(is_light(&d, t, k));
                assert_true(is_light(&d, t, w - 1 - k));
            }
        uint32_t modules = 4 * img.version + 17 + 2 * req.options.margin;
        uint32_t inner = w - 2 * pad;
        assert_int_equal(img.module_px, inner / modules);
        uint32_t first = pad + req.options.margin * img.module_px
                         + (inner - img.module_px * modules) / 2;
        uint32_t y = first + img.module_px * 3; /* finder pattern row 3 */
        uint32_t x = 0;
        while (x < w && is_light(&d, x, y))
            x++;
        assert_int_equal(x, first);
        decoded_png_free(&d);
        assert_decodes_to(&img, req.text, req.text_len);
    }
    /* raw bytes decode to the same raw bytes */
    assert_int_equal(parse(G, "data=%ff%fe%80%c3%a9&size=200x200&ecc=Q"), 0);
    qrpng_image img = render(ctx);
    assert_decodes_to(&img, "\xff\xfe\x80\xc3\xa9", 5);
    assert_int_equal(parse(Q, "text=caf%e9+%2B1"), 0);
    img = render(ctx);
    assert_decodes_to(&img, "caf\xe9 +1", 7);
    /* SVG and EPS: the same width, the padding around a nested drawing */
    assert_int_equal(parse(G, "data=HelloWorld&size=300&margin=20&format=svg"),
                     0);
    img = render(ctx);
    assert_int_equal(img.width, 300);
    assert_non_null(strstr((const char *)img.data,
                           "width=\"300\" height=\"300\" viewBox=\"0 0 300 "
                           "300\"><rect width=\"300\" height=\"300\" "
                           "fill=\"#fff\"/><svg x=\"20\" y=\"20\" "
                           "width=\"260\" height=\"260\""));
    assert_int_equal(parse(G, "data=HelloWorld&size=300&margin=20&format=eps"),
                     0);
    img = render(ctx);
    assert_int_equal(img.width, 300);
    assert_non_null(strstr((const char *)img.data, "%%BoundingBox: 0 0 300 300"));
    qrpng_ctx_free(ctx);
}

/* padding in the library: with a scale the image is the scaled symbol
 * plus twice the padding; out of range is refused; text formats ignore
 * it; too small a size grows by the padding too. */
static void library_padding_geometry(void **state)
{
    (void)state;
    qrpng_ctx *ctx = qrpng_ctx_new();
    qrpng_options o = qrpng_default_options();
    qrpng_image img;
    o.scale = 3;
    o.padding = 5;
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img), QRPNG_OK);
    assert_int_equal(img.width, 3 * (21 + 8) + 10);
    assert_int_equal(img.module_px, 3);
    o.scale = 0;
    o.size = 20;         /* too small: modules of 2 pixels, plus padding */
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img), QRPNG_OK);
    assert_int_equal(img.width, 2 * (21 + 8) + 10);
    o.size = 200;
    o.format = QRPNG_FORMAT_UTF8;
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img), QRPNG_OK);
    assert_int_equal(img.width, 21 + 8);
    o.format = QRPNG_FORMAT_PNG;
    o.padding = QRPNG_MAX_PADDING;
    char msg[QRPNG_MESSAGE_MAX];
    assert_int_equal(qrpng_check_options(&o, msg, sizeof msg), QRPNG_OK);
    o.padding = QRPNG_MAX_PADDING + 1;
    assert_int_equal(qrpng_check_options(&o, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    assert_string_equal(msg, "padding must be 0..1000 pixels (got 1001)");
    o.padding = 1000;
    o.scale = 250;       /* 250 * 29 = 7250 fits; + 2000 does not */
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img),
                     QRPNG_ERR_INVALID_OPTION);
    qrpng_ctx_free(ctx);
}

/* Bounded work: a long query of many parameters, every byte escaped. */
static void long_queries_stay_linear(void **state)
{
    (void)state;
    size_t n = 200000;
    char *query = malloc(n + 16);
    assert_non_null(query);
    strcpy(query, "text=x");
    size_t used = 6;
    while (used + 8 < n) {
        memcpy(query + used, "&size=1", 7);
        used += 7;
    }
    query[used] = '\0';
    assert_int_equal(parse(Q, query), 0);
    for (size_t i = 0; i + 3 < n; i += 3)
        memcpy(query + i, "%ff", 3);
    query[n - n % 3] = '\0';
    assert_int_equal(parse(Q, query), -1);
    assert_string_equal(req.message, "missing \"text\" query param");
    free(query);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(percent_decoding_gives_raw_bytes, teardown),
        cmocka_unit_test_teardown(nul_is_refused, teardown),
        cmocka_unit_test_teardown(qrcode_defaults_are_libqrpngs, teardown),
        cmocka_unit_test_teardown(qrcode_missing_text, teardown),
        cmocka_unit_test_teardown(qrcode_text_limit, teardown),
        cmocka_unit_test_teardown(qrcode_every_table_option, teardown),
        cmocka_unit_test_teardown(qrcode_option_mistakes, teardown),
        cmocka_unit_test_teardown(qrcode_image_limit, teardown),
        cmocka_unit_test_teardown(qrcode_ignores_a_form, teardown),
        cmocka_unit_test_teardown(goqr_defaults, teardown),
        cmocka_unit_test_teardown(goqr_parameters, teardown),
        cmocka_unit_test_teardown(goqr_mistakes, teardown),
        cmocka_unit_test_teardown(goqr_get_wins_over_post, teardown),
        cmocka_unit_test_teardown(goqr_real_callers, teardown),
        cmocka_unit_test_teardown(key_tells_options_apart, teardown),
        cmocka_unit_test_teardown(goqr_images_are_exactly_the_size, teardown),
        cmocka_unit_test_teardown(library_padding_geometry, teardown),
        cmocka_unit_test_teardown(long_queries_stay_linear, teardown),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("qr-server request layer", tests, NULL,
                                       NULL);
}
