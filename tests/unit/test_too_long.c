/* test_too_long.c - a text too long for the code asked names its length
 * and the limit. Micro QR: the limit at the level asked for the text's
 * kind of data (digits, upper-case, bytes), the one libqrencode itself
 * gives (probed here one length at a time) and that ISO/IEC 18004 lists
 * for M4; for every level, every starting version and byte mode. QR with
 * -v: version 40's limit, as without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qrpng.h"

static qrpng_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = qrpng_ctx_new();
    return ctx == NULL ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    qrpng_ctx_free(ctx);
    return 0;
}

static const QRecLevel ec_of[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q };

/* The longest text of n copies of c that libqrencode puts in a Micro QR
 * code from version 1 at level, counting up (byte mode: QRcode_encodeDataMQR). */
static size_t libqrencode_limit(char c, int byte_mode, int level)
{
    char buf[64];
    size_t n = 0;
    for (;;) {
        memset(buf, c, n + 1);
        buf[n + 1] = '\0';
        QRcode *qr = byte_mode
            ? QRcode_encodeDataMQR((int)n + 1, (unsigned char *)buf, 1,
                                   ec_of[level])
            : QRcode_encodeStringMQR(buf, 1, ec_of[level], QR_MODE_8, 1);
        if (qr == NULL)
            return n;
        QRcode_free(qr);
        if (++n == sizeof buf - 1)
            return n;
    }
}

/* len copies of c render with opts in M4; len + 1 are refused with a
 * message naming the length, the versions tried and "limit len unit". */
static void check_limit(qrpng_options *opts, char c, size_t len,
                        const char *unit)
{
    char text[64];
    memset(text, c, sizeof text);
    qrpng_image img;
    if (qrpng_render(ctx, text, len, opts, &img) != QRPNG_OK)
        fail_msg("%zu x '%c' at level %s refused: %s", len, c,
                 qrpng_level_name(opts->level), qrpng_ctx_message(ctx));
    assert_int_equal(img.version, 4);
    assert_int_equal(qrpng_render(ctx, text, len + 1, opts, &img),
                     QRPNG_ERR_TOO_LONG);
    char tried[16], want[160];
    if (opts->version < 4)
        snprintf(tried, sizeof tried, "M%u to M4",
                 opts->version ? opts->version : 1);
    else
        snprintf(tried, sizeof tried, "M4");
    snprintf(want, sizeof want, "text is %zu bytes, too long for a Micro QR "
             "code at level %s (%s tried; limit %zu %s", len + 1,
             qrpng_level_name(opts->level), tried, len, unit);
    const char *msg = qrpng_ctx_message(ctx);
    if (strncmp(msg, want, strlen(want)) != 0)
        fail_msg("message '%s' is not '%s...'", msg, want);
    /* Not cut at QRPNG_MESSAGE_MAX. */
    assert_int_equal(msg[strlen(msg) - 1], ')');
}

static void limit_per_level_and_kind(void **state)
{
    (void)state;
    /* ISO/IEC 18004 table 7, M4: numeric, alphanumeric, byte at L, M, Q. */
    static const size_t iso[3][3] = { { 35, 21, 15 }, { 30, 18, 13 },
                                      { 21, 13, 9 } };
    for (int level = 0; level < 3; level++) {
        size_t digits = libqrencode_limit('7', 0, level);
        size_t upper = libqrencode_limit('Q', 0, level);
        size_t bytes = libqrencode_limit('q', 1, level);
        assert_int_equal(digits, iso[level][0]);
        assert_int_equal(upper, iso[level][1]);
        assert_int_equal(bytes, iso[level][2]);
        for (uint32_t version = 0; version <= 4; version++) {
            qrpng_options opts = qrpng_default_options();
            opts.micro = 1;
            opts.level = (qrpng_level)level;
            opts.version = version;
            check_limit(&opts, '7', digits, "digits)");
            check_limit(&opts, 'Q', upper, "characters of digits and "
                        "upper-case; only digits pack denser)");
            check_limit(&opts, 'q', bytes, "bytes; only digits or "
                        "upper-case pack denser)");
            opts.eight_bit = 1;
            check_limit(&opts, '7', bytes, "bytes in byte mode)");
        }
    }
}

static void mixed_texts_and_long_ones(void **state)
{
    (void)state;
    qrpng_options opts = qrpng_default_options();
    opts.micro = 1;
    qrpng_image img;
    /* The case of issue 24: 30 bytes of a URL. */
    const char *url = "https://example.com/t/12345678";
    assert_int_equal(qrpng_render(ctx, url, strlen(url), &opts, &img),
                     QRPNG_ERR_TOO_LONG);
    assert_string_equal(qrpng_ctx_message(ctx), "text is 30 bytes, too long "
                        "for a Micro QR code at level L (M1 to M4 tried; "
                        "limit 15 bytes; only digits or upper-case pack "
                        "denser)");
    /* Digits and upper case: the upper-case limit. */
    const char *upper = "ABC-123 456 789/XYZ:00";
    assert_int_equal(qrpng_render(ctx, upper, strlen(upper), &opts, &img),
                     QRPNG_ERR_TOO_LONG);
    assert_non_null(strstr(qrpng_ctx_message(ctx), "text is 22 bytes, too "
                           "long for a Micro QR code at level L (M1 to M4 "
                           "tried; limit 21 characters"));
    /* A NUL forces byte mode. */
    char with_nul[20] = "1234567890123456789";
    with_nul[3] = '\0';
    assert_int_equal(qrpng_render(ctx, with_nul, sizeof with_nul, &opts,
                                  &img), QRPNG_ERR_TOO_LONG);
    assert_non_null(strstr(qrpng_ctx_message(ctx), "text is 20 bytes, too "
                           "long for a Micro QR code at level L (M1 to M4 "
                           "tried; limit 15 bytes in byte mode)"));
    /* Over any QR code's limit: refused before libqrencode, the same
     * limit named. */
    size_t len = 100000;
    char *big = malloc(len);
    assert_non_null(big);
    memset(big, '1', len);
    opts.level = QRPNG_LEVEL_M;
    assert_int_equal(qrpng_render(ctx, big, len, &opts, &img),
                     QRPNG_ERR_TOO_LONG);
    free(big);
    assert_string_equal(qrpng_ctx_message(ctx), "text is 100000 bytes, too "
                        "long for a Micro QR code at level M (M1 to M4 "
                        "tried; limit 30 digits)");
}

/* -v N is a start: the limit named is version 40's, as without -v. */
static void qr_from_a_version_names_the_limit(void **state)
{
    (void)state;
    const size_t capacity[] = { 2953, 2331, 1663, 1273 };
    char *text = malloc(3000);
    assert_non_null(text);
    memset(text, 'q', 3000);
    for (int level = 0; level < 4; level++) {
        qrpng_options opts = qrpng_default_options();
        opts.level = (qrpng_level)level;
        opts.version = 39;
        opts.scale = 1;
        qrpng_image img;
        assert_int_equal(qrpng_render(ctx, text, capacity[level], &opts,
                                      &img), QRPNG_OK);
        assert_int_equal(img.version, 40);
        assert_int_equal(qrpng_render(ctx, text, capacity[level] + 1, &opts,
                                      &img), QRPNG_ERR_TOO_LONG);
        char want[192];
        snprintf(want, sizeof want, "text is %zu bytes, too long for a QR "
                 "code at level %s (versions 39 to 40 tried; limit %zu bytes; "
                 "only digits or upper-case pack denser)", capacity[level] + 1,
                 qrpng_level_name(opts.level), capacity[level]);
        assert_string_equal(qrpng_ctx_message(ctx), want);
    }
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limit_per_level_and_kind),
        cmocka_unit_test(mixed_texts_and_long_ones),
        cmocka_unit_test(qr_from_a_version_names_the_limit),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests(tests, setup, teardown);
}
