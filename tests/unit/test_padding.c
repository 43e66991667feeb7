/* test_padding.c - qrpng_options.padding (1.4): pixels of light border
 * inside the image. The oracle: an image with padding P, its border cut
 * off, is pixel for pixel the image without padding of the inner size
 * (or the same scale); the border is the light colour; every format that
 * draws pixels keeps the size; the codes decode (zbarimg; the SVG through
 * rsvg-convert). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "png_read.h"
#include "qrpng.h"

#define TEXT "https://example.com/pay?id=42"

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

/* The render of TEXT under o, decoded into *d. */
static void render_decoded(const qrpng_options *o, decoded_png *d,
                           qrpng_image *img)
{
    qrpng_status st = qrpng_render(ctx, TEXT, strlen(TEXT), o, img);
    if (st != QRPNG_OK)
        print_message("# %s\n", qrpng_ctx_message(ctx));
    assert_int_equal(st, QRPNG_OK);
    assert_int_equal(decode_png(img->data, img->size, d), 0);
    assert_int_equal(d->width, img->width);
    assert_int_equal(d->height, img->width);
}

/* padded, without its pad-pixel border, equals plain; the border is
 * the light colour. */
static void assert_padded(const decoded_png *padded, const decoded_png *plain,
                          uint32_t pad, const unsigned char light[3])
{
    assert_int_equal(padded->width, plain->width + 2 * pad);
    for (uint32_t y = 0; y < padded->height; y++)
        for (uint32_t x = 0; x < padded->width; x++) {
            const unsigned char *p = pixel_at(padded, x, y);
            if (x < pad || y < pad || x >= pad + plain->width ||
                y >= pad + plain->width) {
                if (memcmp(p, light, 3) != 0)
                    fail_msg("border pixel %u,%u is %02x%02x%02x", x, y,
                             p[0], p[1], p[2]);
            } else if (memcmp(p, pixel_at(plain, x - pad, y - pad), 4) != 0) {
                fail_msg("pixel %u,%u differs from the unpadded image", x, y);
            }
        }
}

/* zbarimg reads the file at path back to TEXT. */
static void assert_file_decodes(const char *path)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw -Sbinary %s 2>/dev/null",
             path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char got[256];
    size_t n = fread(got, 1, sizeof got, p);
    assert_int_equal(pclose(p), 0);
    assert_int_equal(n, strlen(TEXT));
    assert_memory_equal(got, TEXT, n);
}

static void write_file(const char *path, const qrpng_image *img)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img->data, 1, img->size, f), img->size);
    assert_int_equal(fclose(f), 0);
}

static void size_mode_keeps_the_size(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 100, 150, 200, 333, 1000 };
    static const uint32_t pads[] = { 1, 7, 20, 50 };
    static const uint32_t margins[] = { 0, 1, 4 };
    const unsigned char white[3] = { 255, 255, 255 };
    int checked = 0;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t p = 0; p < sizeof pads / sizeof *pads; p++)
            for (size_t m = 0; m < sizeof margins / sizeof *margins; m++) {
                if (sizes[s] < 2 * pads[p] + 30)
                    continue;
                qrpng_options o = qrpng_default_options();
                o.margin = margins[m];
                o.size = sizes[s] - 2 * pads[p];
                qrpng_image img;
                decoded_png plain, padded;
                render_decoded(&o, &plain, &img);
                if (img.width != o.size) { /* grown: not comparable */
                    decoded_png_free(&plain);
                    continue;
                }
                o.size = sizes[s];
                o.padding = pads[p];
                render_decoded(&o, &padded, &img);
                assert_int_equal(img.width, sizes[s]);
                assert_padded(&padded, &plain, pads[p], white);
                decoded_png_free(&plain);
                decoded_png_free(&padded);
                checked++;
            }
    assert_true(checked >= 40);
}

static void scale_mode_adds_the_padding(void **state)
{
    (void)state;
    const unsigned char light[3] = { 0xff, 0xee, 0xdd };
    for (uint32_t scale = 1; scale <= 6; scale++) {
        qrpng_options o = qrpng_default_options();
        o.scale = scale;
        o.light = (qrpng_rgb){ 0xff, 0xee, 0xdd };
        o.dark = (qrpng_rgb){ 0x11, 0x22, 0x33 };
        qrpng_image img;
        decoded_png plain, padded;
        render_decoded(&o, &plain, &img);
        o.padding = 3 * scale;
        render_decoded(&o, &padded, &img);
        assert_int_equal(img.module_px, scale);
        assert_padded(&padded, &plain, 3 * scale, light);
        decoded_png_free(&plain);
        decoded_png_free(&padded);
    }
}

/* Too small a size grows to modules of 2 pixels, plus the padding. */
static void a_grown_image_keeps_its_padding(void **state)
{
    (void)state;
    qrpng_options o = qrpng_default_options();
    o.size = 10;
    qrpng_image img;
    decoded_png plain, padded;
    render_decoded(&o, &plain, &img);
    assert_int_equal(img.module_px, 2);
    o.padding = 9;
    render_decoded(&o, &padded, &img);
    assert_int_equal(img.module_px, 2);
    const unsigned char white[3] = { 255, 255, 255 };
    assert_padded(&padded, &plain, 9, white);
    decoded_png_free(&plain);
    decoded_png_free(&padded);
}

static void every_format_and_decoding(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_padding.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char png[64], svg[64], svg_png[64], eps[64], cmd[256];
    snprintf(png, sizeof png, "%s/a.png", dir);
    snprintf(svg, sizeof svg, "%s/a.svg", dir);
    snprintf(svg_png, sizeof svg_png, "%s/svg.png", dir);
    snprintf(eps, sizeof eps, "%s/a.eps", dir);

    qrpng_options o = qrpng_default_options();
    o.size = 250;
    o.margin = 0;
    o.padding = 12;
    qrpng_image img;
    assert_int_equal(qrpng_render(ctx, TEXT, strlen(TEXT), &o, &img),
                     QRPNG_OK);
    write_file(png, &img);
    assert_file_decodes(png);

    for (int transparent = 0; transparent <= 1; transparent++) {
        o.format = QRPNG_FORMAT_SVG;
        o.light_transparent = transparent;
        assert_int_equal(qrpng_render(ctx, TEXT, strlen(TEXT), &o, &img),
                         QRPNG_OK);
        assert_int_equal(img.width, 250);
        const char *doc = (const char *)img.data;
        assert_non_null(strstr(doc, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                    "width=\"250\" height=\"250\""));
        assert_non_null(strstr(doc, "<svg x=\"12\" y=\"12\" width=\"226\" "
                                    "height=\"226\""));
        assert_int_equal(strstr(doc, "<rect") != NULL, !transparent);
        write_file(svg, &img);
        /* rasterized on white, it decodes; opaque, its border is light */
        snprintf(cmd, sizeof cmd, "rsvg-convert -b white -o %s %s", svg_png,
                 svg);
        assert_int_equal(system(cmd), 0);
        assert_file_decodes(svg_png);
    }

    o.format = QRPNG_FORMAT_EPS;
    o.light_transparent = 0;
    assert_int_equal(qrpng_render(ctx, TEXT, strlen(TEXT), &o, &img),
                     QRPNG_OK);
    assert_int_equal(img.width, 250);
    assert_non_null(strstr((const char *)img.data,
                           "%%BoundingBox: 0 0 250 250"));

    /* the terminal text formats ignore it */
    qrpng_options t = qrpng_default_options();
    t.format = QRPNG_FORMAT_ASCII;
    qrpng_image a, b;
    assert_int_equal(qrpng_render(ctx, TEXT, strlen(TEXT), &t, &a), QRPNG_OK);
    size_t a_size = a.size;
    char *a_copy = malloc(a_size);
    assert_non_null(a_copy);
    memcpy(a_copy, a.data, a_size);
    t.padding = 30;
    assert_int_equal(qrpng_render(ctx, TEXT, strlen(TEXT), &t, &b), QRPNG_OK);
    assert_int_equal(b.size, a_size);
    assert_memory_equal(b.data, a_copy, a_size);
    free(a_copy);

    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void range(void **state)
{
    (void)state;
    qrpng_options o = qrpng_default_options();
    char msg[QRPNG_MESSAGE_MAX];
    o.padding = QRPNG_MAX_PADDING;
    assert_int_equal(qrpng_check_options(&o, msg, sizeof msg), QRPNG_OK);
    o.padding = QRPNG_MAX_PADDING + 1;
    assert_int_equal(qrpng_check_options(&o, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    assert_string_equal(msg, "padding must be 0..1000 pixels (got 1001)");
    o.padding = UINT32_MAX;
    qrpng_image img;
    assert_int_equal(qrpng_render(ctx, "x", 1, &o, &img),
                     QRPNG_ERR_INVALID_OPTION);
    /* a scale whose image fits, until the padding is added */
    o.padding = 1000;
    o.scale = 250;   /* 21 + 8 modules: 7250 pixels, + 2000 */
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img),
                     QRPNG_ERR_INVALID_OPTION);
    o.padding = 0;
    assert_int_equal(qrpng_render(ctx, "HELLO", 5, &o, &img), QRPNG_OK);
    assert_int_equal(img.width, 7250);
    assert_string_equal(qrpng_version(), "1.4.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(size_mode_keeps_the_size),
        cmocka_unit_test(scale_mode_adds_the_padding),
        cmocka_unit_test(a_grown_image_keeps_its_padding),
        cmocka_unit_test(every_format_and_decoding),
        cmocka_unit_test(range),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("libqrpng padding", tests, setup,
                                       teardown);
}
