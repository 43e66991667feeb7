/* test_formats.c - libqrpng's output types and symbol options through the
 * public API: names, geometry shared with the PNG, the text writers drawn
 * module for module against libqrencode's own symbol, and every new
 * option's limits and statuses. (Decoding is tests/cli/formats.bats'.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "qrpng.h"

#define REFERENCE_URL "https://www.reddit.com/r/rustjerk/top/?t=all"

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

static qrpng_image render_ok(const char *text, const qrpng_options *opts)
{
    qrpng_image img;
    qrpng_status st = qrpng_render(ctx, text, strlen(text), opts, &img);
    if (st != QRPNG_OK)
        print_message("# %s\n", qrpng_ctx_message(ctx));
    assert_int_equal(st, QRPNG_OK);
    return img;
}

static void names_and_extensions(void **state)
{
    (void)state;
    static const char *const names[] = { "png", "svg", "eps", "utf8",
        "ansiutf8", "ascii", "utf8i", "asciii" };
    for (int f = 0; f < QRPNG_FORMAT_COUNT; f++) {
        assert_string_equal(qrpng_format_name((qrpng_format)f), names[f]);
        assert_int_equal(strlen(qrpng_format_extension((qrpng_format)f)), 4);
        assert_int_equal(qrpng_format_is_binary((qrpng_format)f), f == 0);
    }
    assert_null(qrpng_format_name(QRPNG_FORMAT_COUNT));
    assert_null(qrpng_format_extension((qrpng_format)-1));
    assert_string_equal(qrpng_format_extension(QRPNG_FORMAT_UTF8I), ".txt");
}

static void media_types(void **state)
{
    (void)state;
    static const char *const types[] = { "image/png", "image/svg+xml",
        "application/postscript", "text/plain; charset=utf-8",
        "text/plain; charset=utf-8", "text/plain; charset=utf-8",
        "text/plain; charset=utf-8", "text/plain; charset=utf-8" };
    for (int f = 0; f < QRPNG_FORMAT_COUNT; f++)
        assert_string_equal(qrpng_format_media_type((qrpng_format)f), types[f]);
    assert_null(qrpng_format_media_type(QRPNG_FORMAT_COUNT));
    assert_null(qrpng_format_media_type((qrpng_format)-1));
}

static void vector_types_share_the_png_geometry(void **state)
{
    (void)state;
    qrpng_options opts = qrpng_default_options();
    opts.size = 333;
    qrpng_image png = render_ok(REFERENCE_URL, &opts);
    for (qrpng_format f = QRPNG_FORMAT_SVG; f <= QRPNG_FORMAT_EPS; f++) {
        opts.format = f;
        qrpng_image img = render_ok(REFERENCE_URL, &opts);
        assert_int_equal(img.format, f);
        assert_int_equal(img.width, png.width);
        assert_int_equal(img.module_px, png.module_px);
        assert_int_equal(img.version, png.version);
        assert_ptr_equal(img.png, img.data);
        assert_int_equal(img.png_size, img.size);
    }
    opts.format = QRPNG_FORMAT_SVG;
    opts.size = 200;
    qrpng_image svg = render_ok(REFERENCE_URL, &opts);
    print_message("# reference URL as SVG: %zu bytes\n", svg.size);
    assert_true(svg.size <= 1400); /* issue 11 */
}

/* The ascii type, row by row, is libqrencode's symbol with the margin. */
static void ascii_is_the_symbol_module_for_module(void **state)
{
    (void)state;
    qrpng_options opts = qrpng_default_options();
    opts.format = QRPNG_FORMAT_ASCII;
    opts.margin = 2;
    qrpng_image img = render_ok(REFERENCE_URL, &opts);
    QRcode *qr = QRcode_encodeString(REFERENCE_URL, 0, QR_ECLEVEL_L,
                                     QR_MODE_8, 1);
    assert_non_null(qr);
    uint32_t n = (uint32_t)qr->width + 4;
    assert_int_equal(img.width, n);
    assert_int_equal(img.module_px, 1);
    assert_int_equal(img.size, (size_t)n * (2 * n + 1));
    for (uint32_t y = 0; y < n; y++) {
        const unsigned char *line = img.data + (size_t)y * (2 * n + 1);
        assert_int_equal(line[2 * n], '\n');
        for (uint32_t x = 0; x < n; x++) {
            int inside = x >= 2 && y >= 2 && x < n - 2 && y < n - 2;
            int dark = inside &&
                (qr->data[(y - 2) * (uint32_t)qr->width + (x - 2)] & 1);
            assert_memory_equal(line + 2 * x, dark ? "##" : "  ", 2);
        }
    }
    QRcode_free(qr);
}

/* The cells of a utf8 text as 2-bit values (1 upper half, 2 lower half
 * drawn); returns how many, at most max. */
static size_t utf8_cells(const unsigned char *p, size_t size, int *cells,
                         size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < size && n < max;) {
        if (p[i] == '\n') {
            i++;
        } else if (p[i] == ' ') {
            cells[n++] = 0;
            i++;
        } else {
            assert_true(i + 3 <= size && p[i] == 0xe2 && p[i + 1] == 0x96);
            cells[n++] = p[i + 2] == 0x80 ? 1 : p[i + 2] == 0x84 ? 2 : 3;
            assert_true(p[i + 2] == 0x80 || p[i + 2] == 0x84 ||
                        p[i + 2] == 0x88);
            i += 3;
        }
    }
    return n;
}

/* utf8 and utf8i are each other's negatives, two rows a line, quiet zone
 * (and the row under an odd count) included. */
static void utf8_halves_invert(void **state)
{
    (void)state;
    enum { MAX_CELLS = 29 * 15 };
    static int plain[MAX_CELLS], inverted[MAX_CELLS];
    qrpng_options opts = qrpng_default_options();
    opts.format = QRPNG_FORMAT_UTF8;
    qrpng_image img = render_ok("hello", &opts);
    assert_int_equal(img.width, 29);
    size_t n = utf8_cells(img.data, img.size, plain, MAX_CELLS);
    assert_int_equal(n, MAX_CELLS);
    assert_int_equal(plain[0], 3); /* quiet zone, drawn light */
    opts.format = QRPNG_FORMAT_UTF8I;
    img = render_ok("hello", &opts);
    assert_int_equal(utf8_cells(img.data, img.size, inverted, MAX_CELLS), n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(plain[i] ^ inverted[i], 3);
}

static void options_out_of_range_are_invalid(void **state)
{
    (void)state;
    qrpng_image img;
    qrpng_options bad[5];
    for (int i = 0; i < 5; i++)
        bad[i] = qrpng_default_options();
    bad[0].format = (qrpng_format)QRPNG_FORMAT_COUNT;
    bad[1].version = QRPNG_MAX_VERSION + 1;
    bad[2].micro = 1;
    bad[2].version = QRPNG_MAX_MICRO_VERSION + 1;
    bad[3].micro = 1;
    bad[3].level = QRPNG_LEVEL_H;
    bad[4].dpi = QRPNG_MAX_DPI + 1;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(qrpng_render(ctx, "a", 1, &bad[i], &img),
                         QRPNG_ERR_INVALID_OPTION);
        assert_null(img.data);
        assert_true(qrpng_ctx_message(ctx)[0] != '\0');
    }
}

static void symbol_options(void **state)
{
    (void)state;
    qrpng_options opts = qrpng_default_options();
    opts.version = 7;
    assert_int_equal(render_ok("hi", &opts).version, 7);

    opts = qrpng_default_options();
    opts.micro = 1;
    qrpng_image img = render_ok("12345", &opts);
    assert_int_equal(img.version, 1);
    opts.format = QRPNG_FORMAT_ASCII;
    opts.margin = 0;
    assert_int_equal(render_ok("12345", &opts).width, 11);
    assert_int_equal(qrpng_render(ctx, "this is far too long", 20, &opts,
                                  &img), QRPNG_ERR_TOO_LONG);

    opts = qrpng_default_options();
    qrpng_image plain = render_ok("hello", &opts);
    uint32_t version = plain.version;
    assert_int_equal(plain.level, QRPNG_LEVEL_L);
    opts.boost_level = 1;
    img = render_ok("hello", &opts);
    assert_int_equal(img.level, QRPNG_LEVEL_H);
    assert_int_equal(img.version, version);

    opts = qrpng_default_options();
    assert_int_equal(render_ok("12345678901234567890", &opts).version, 1);
    opts.eight_bit = 1;
    assert_int_equal(render_ok("12345678901234567890", &opts).version, 2);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(names_and_extensions),
        TEST(media_types),
        TEST(vector_types_share_the_png_geometry),
        TEST(ascii_is_the_symbol_module_for_module),
        TEST(utf8_halves_invert),
        TEST(options_out_of_range_are_invalid),
        TEST(symbol_options),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("libqrpng formats", tests, NULL, NULL);
}
