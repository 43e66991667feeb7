/* test_render.c - libqrpng's render API: geometry, pixel formats, limits,
 * every error status, context reuse and threads. Images are read back with
 * libpng and compared module by module with libqrencode's own symbol. */
#define _GNU_SOURCE /* RTLD_NEXT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <pthread.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png_read.h"
#include "qrpng.h"

#define REFERENCE_URL "https://www.reddit.com/r/rustjerk/top/?t=all"

static const char *const level_names = "LMQH";

/* Encodes done by libqrencode for this program: the library's calls land
 * in these definitions (the executable's own symbols come first) and go
 * on to libqrencode's. A test that promises "no work" checks the count. */
static unsigned long encodes;

#define COUNTED_ENCODE(name, params, args)                                   \
    QRcode *name params                                                      \
    {                                                                        \
        typedef QRcode *encode_fn params;                                    \
        encode_fn *real;                                                     \
        *(void **)&real = dlsym(RTLD_NEXT, #name); /* POSIX's way */         \
        __atomic_fetch_add(&encodes, 1, __ATOMIC_RELAXED);                   \
        return real args;                                                    \
    }

COUNTED_ENCODE(QRcode_encodeData,
               (int size, const unsigned char *data, int version,
                QRecLevel level), (size, data, version, level))
COUNTED_ENCODE(QRcode_encodeDataMQR,
               (int size, const unsigned char *data, int version,
                QRecLevel level), (size, data, version, level))
COUNTED_ENCODE(QRcode_encodeString,
               (const char *string, int version, QRecLevel level,
                QRencodeMode hint, int casesensitive),
               (string, version, level, hint, casesensitive))
COUNTED_ENCODE(QRcode_encodeStringMQR,
               (const char *string, int version, QRecLevel level,
                QRencodeMode hint, int casesensitive),
               (string, version, level, hint, casesensitive))

typedef struct fixture {
    qrpng_ctx *ctx;
    qrpng_options opts;
    qrpng_image img;
    decoded_png png;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (f == NULL || (f->ctx = qrpng_ctx_new()) == NULL)
        return -1;
    f->opts = qrpng_default_options();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    decoded_png_free(&f->png);
    qrpng_ctx_free(f->ctx);
    free(f);
    return 0;
}

/* Renders text with f->opts, asserts success and decodes the PNG. */
static void render_ok(fixture *f, const void *text, size_t len)
{
    qrpng_status status = qrpng_render(f->ctx, text, len, &f->opts, &f->img);
    if (status != QRPNG_OK)
        fail_msg("render failed: %s", qrpng_ctx_message(f->ctx));
    assert_string_equal(qrpng_ctx_message(f->ctx), "");
    decoded_png_free(&f->png);
    assert_int_equal(decode_png(f->img.png, f->img.png_size, &f->png), 0);
    assert_int_equal(f->png.width, f->img.width);
    assert_int_equal(f->png.height, f->img.width);
}

static int is_rgb(const unsigned char *px, int r, int g, int b, int a)
{
    return px[0] == r && px[1] == g && px[2] == b && px[3] == a;
}

/* Every pixel must match the symbol libqrencode makes for the same text:
 * modules of module_px pixels placed at offset, the rest light. */
static void assert_pixels_match_symbol(const fixture *f, const QRcode *qr,
                                       uint32_t offset, const unsigned char dark[4],
                                       const unsigned char light[4])
{
    uint32_t k = f->img.module_px, w = (uint32_t)qr->width;
    for (uint32_t y = 0; y < f->png.height; y++) {
        for (uint32_t x = 0; x < f->png.width; x++) {
            int in_symbol = x >= offset && y >= offset &&
                            x < offset + w * k && y < offset + w * k;
            int is_dark = in_symbol &&
                (qr->data[((y - offset) / k) * w + (x - offset) / k] & 1);
            const unsigned char *want = is_dark ? dark : light;
            const unsigned char *px = pixel_at(&f->png, x, y);
            if (memcmp(px, want, 4) != 0)
                fail_msg("pixel %u,%u is %u,%u,%u,%u; want %s", x, y, px[0],
                         px[1], px[2], px[3], is_dark ? "dark" : "light");
        }
    }
}

static const unsigned char black[4] = { 0, 0, 0, 255 };
static const unsigned char white[4] = { 255, 255, 255, 255 };

static QRcode *reference_symbol(const char *text, QRecLevel level)
{
    QRcode *qr = QRcode_encodeString(text, 0, level, QR_MODE_8, 1);
    assert_non_null(qr);
    return qr;
}

static void default_is_200px_1bit_grey_without_extra_chunks(void **state)
{
    fixture *f = *state;
    render_ok(f, REFERENCE_URL, strlen(REFERENCE_URL));
    assert_int_equal(f->png.bit_depth, 1);
    assert_int_equal(f->png.color_type, 0); /* greyscale */
    assert_int_equal(f->png.chunk_count, 3);
    assert_memory_equal(f->png.chunks[0], "IHDR", 4);
    assert_memory_equal(f->png.chunks[1], "IDAT", 4);
    assert_memory_equal(f->png.chunks[2], "IEND", 4);

    /* Version 3 is 29 modules; with a 4-module margin 37 fit 5 px each in
     * 200 px, leaving 15 px: 7 more on the left and top, 8 on the right. */
    QRcode *qr = reference_symbol(REFERENCE_URL, QR_ECLEVEL_L);
    assert_int_equal(f->img.version, qr->version);
    assert_int_equal(f->img.module_px, 5);
    assert_pixels_match_symbol(f, qr, 4 * 5 + 7, black, white);
    QRcode_free(qr);
}

static void reference_text_is_at_most_440_bytes(void **state)
{
    fixture *f = *state;
    render_ok(f, REFERENCE_URL, strlen(REFERENCE_URL));
    print_message("# reference URL: %zu bytes\n", f->img.png_size);
    assert_true(f->img.png_size <= 440);
}

static void size_gives_exact_width_and_largest_module(void **state)
{
    fixture *f = *state;
    const char *text = "size";
    QRcode *qr = reference_symbol(text, QR_ECLEVEL_L); /* 21 modules */
    uint32_t n = (uint32_t)qr->width + 8;              /* 29 with margin */
    const uint32_t sizes[] = { 58, 59, 86, 87, 200, 201, 999, 1000 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        f->opts.size = sizes[i];
        render_ok(f, text, strlen(text));
        uint32_t k = sizes[i] / n;
        assert_int_equal(f->img.width, sizes[i]);
        assert_int_equal(f->img.module_px, k);
        assert_pixels_match_symbol(f, qr, 4 * k + (sizes[i] - k * n) / 2,
                                   black, white);
    }
    QRcode_free(qr);
}

static void small_size_grows_to_two_pixel_modules(void **state)
{
    fixture *f = *state;
    const char *text = "small";
    QRcode *qr = reference_symbol(text, QR_ECLEVEL_L);
    uint32_t n = (uint32_t)qr->width + 8;
    const uint32_t sizes[] = { 1, 30, 2 * n - 1 };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        f->opts.size = sizes[i];
        render_ok(f, text, strlen(text));
        assert_int_equal(f->img.module_px, 2);
        assert_int_equal(f->img.width, 2 * n);
        assert_pixels_match_symbol(f, qr, 8, black, white);
    }
    QRcode_free(qr);
}

static void scale_sets_module_pixels(void **state)
{
    fixture *f = *state;
    const char *text = "scale";
    QRcode *qr = reference_symbol(text, QR_ECLEVEL_L);
    for (uint32_t scale = 1; scale <= 9; scale += 4) {
        for (uint32_t margin = 0; margin <= 10; margin += 5) {
            f->opts.scale = scale;
            f->opts.margin = margin;
            f->opts.size = 12345; /* ignored with a scale */
            render_ok(f, text, strlen(text));
            assert_int_equal(f->img.module_px, scale);
            assert_int_equal(f->img.width, scale * ((uint32_t)qr->width + 2 * margin));
            assert_pixels_match_symbol(f, qr, margin * scale, black, white);
        }
    }
    QRcode_free(qr);
}

static void levels_match_libqrencode(void **state)
{
    fixture *f = *state;
    const char *text = "Error correction levels change the version: " REFERENCE_URL;
    const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M, QR_ECLEVEL_Q, QR_ECLEVEL_H };
    uint32_t last_version = 0;
    for (int i = 0; i < 4; i++) {
        f->opts.level = (qrpng_level)i;
        f->opts.scale = 2;
        render_ok(f, text, strlen(text));
        QRcode *qr = reference_symbol(text, levels[i]);
        assert_int_equal(f->img.version, qr->version);
        assert_pixels_match_symbol(f, qr, 8, black, white);
        QRcode_free(qr);
        assert_true(f->img.version > last_version);
        last_version = f->img.version;
    }
}

static void colours_use_a_two_entry_palette(void **state)
{
    fixture *f = *state;
    f->opts.dark = (qrpng_rgb){ 0x1a, 0x4d, 0x8f };
    f->opts.light = (qrpng_rgb){ 0xff, 0xf0, 0xe0 };
    render_ok(f, "colour", 6);
    assert_int_equal(f->png.bit_depth, 1);
    assert_int_equal(f->png.color_type, 3); /* palette */
    assert_int_equal(f->png.chunk_count, 4);
    assert_memory_equal(f->png.chunks[1], "PLTE", 4);
    QRcode *qr = reference_symbol("colour", QR_ECLEVEL_L);
    const unsigned char dark[4] = { 0x1a, 0x4d, 0x8f, 255 };
    const unsigned char light[4] = { 0xff, 0xf0, 0xe0, 255 };
    uint32_t n = (uint32_t)qr->width + 8, k = 200 / n;
    assert_pixels_match_symbol(f, qr, 4 * k + (200 - k * n) / 2, dark, light);
    QRcode_free(qr);
}

static void transparent_light_adds_trns_only(void **state)
{
    fixture *f = *state;
    f->opts.light_transparent = 1;
    render_ok(f, "clear", 5);
    /* Black on transparent stays 1-bit grey, plus tRNS. */
    assert_int_equal(f->png.color_type, 0);
    assert_int_equal(f->png.chunk_count, 4);
    assert_memory_equal(f->png.chunks[1], "tRNS", 4);
    assert_true(is_rgb(pixel_at(&f->png, 0, 0), 255, 255, 255, 0) ||
                pixel_at(&f->png, 0, 0)[3] == 0);
    QRcode *qr = reference_symbol("clear", QR_ECLEVEL_L);
    uint32_t n = (uint32_t)qr->width + 8, k = 200 / n, off = 4 * k + (200 - k * n) / 2;
    /* Top-left finder pattern: dark and opaque. */
    assert_true(is_rgb(pixel_at(&f->png, off, off), 0, 0, 0, 255));
    QRcode_free(qr);

    f->opts.dark = (qrpng_rgb){ 200, 0, 0 };
    render_ok(f, "clear", 5);
    assert_int_equal(f->png.color_type, 3);
    assert_int_equal(f->png.chunk_count, 5);
    assert_memory_equal(f->png.chunks[1], "PLTE", 4);
    assert_memory_equal(f->png.chunks[2], "tRNS", 4);
    assert_int_equal(pixel_at(&f->png, 0, 0)[3], 0);
    assert_true(is_rgb(pixel_at(&f->png, off, off), 200, 0, 0, 255));
}

static void white_on_black_stays_grey(void **state)
{
    fixture *f = *state;
    f->opts.dark = (qrpng_rgb){ 255, 255, 255 };
    f->opts.light = (qrpng_rgb){ 0, 0, 0 };
    render_ok(f, "inverse", 7);
    assert_int_equal(f->png.color_type, 0);
    assert_int_equal(f->png.chunk_count, 3);
    QRcode *qr = reference_symbol("inverse", QR_ECLEVEL_L);
    uint32_t n = (uint32_t)qr->width + 8, k = 200 / n;
    assert_pixels_match_symbol(f, qr, 4 * k + (200 - k * n) / 2, white, black);
    QRcode_free(qr);
}

static void bytes_after_nul_are_encoded(void **state)
{
    fixture *f = *state;
    static const unsigned char with_nul[] = "left\0right, and a longer tail";
    size_t len = sizeof with_nul - 1;
    render_ok(f, with_nul, len);
    uint32_t version_full = f->img.version;
    QRcode *qr = QRcode_encodeData((int)len, with_nul, 0, QR_ECLEVEL_L);
    assert_non_null(qr);
    assert_int_equal(version_full, qr->version);
    f->opts.scale = 3;
    render_ok(f, with_nul, len);
    assert_pixels_match_symbol(f, qr, 12, black, white);
    QRcode_free(qr);
    /* The text cut at its NUL gives another, smaller symbol. */
    render_ok(f, with_nul, 4);
    assert_true(f->img.version < version_full);
}

static void digits_pack_denser_than_bytes(void **state)
{
    fixture *f = *state;
    char *digits = malloc(7090);
    assert_non_null(digits);
    memset(digits, '7', 7090);
    f->opts.scale = 1;
    render_ok(f, digits, 7089);
    assert_int_equal(f->img.version, 40);
    qrpng_image img;
    assert_int_equal(qrpng_render(f->ctx, digits, 7090, &f->opts, &img),
                     QRPNG_ERR_TOO_LONG);
    assert_non_null(strstr(qrpng_ctx_message(f->ctx), "7090 bytes"));
    free(digits);
}

static void byte_capacity_is_exact_at_every_level(void **state)
{
    fixture *f = *state;
    const size_t capacity[] = { 2953, 2331, 1663, 1273 };
    char *text = malloc(3000);
    assert_non_null(text);
    for (size_t i = 0; i < 3000; i++)
        text[i] = (char)('a' + i % 26);
    for (int level = 0; level < 4; level++) {
        f->opts.level = (qrpng_level)level;
        f->opts.scale = 1;
        assert_int_equal(qrpng_byte_capacity((qrpng_level)level), capacity[level]);
        render_ok(f, text, capacity[level]);
        assert_int_equal(f->img.version, 40);

        qrpng_image img;
        assert_int_equal(qrpng_render(f->ctx, text, capacity[level] + 1,
                                      &f->opts, &img), QRPNG_ERR_TOO_LONG);
        assert_null(img.png);
        char want[128];
        snprintf(want, sizeof want, "text is %zu bytes, too long for a QR "
                 "code at level %c (limit %zu bytes", capacity[level] + 1,
                 level_names[level], capacity[level]);
        const char *msg = qrpng_ctx_message(f->ctx);
        if (strstr(msg, want) == NULL)
            fail_msg("message '%s' lacks '%s'", msg, want);
    }
    free(text);
}

static void over_any_capacity_is_refused_without_work(void **state)
{
    fixture *f = *state;
    size_t len = 1u << 20;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '1', len);
    qrpng_image img;
    unsigned long before = encodes;
    assert_int_equal(qrpng_render(f->ctx, text, len, NULL, &img),
                     QRPNG_ERR_TOO_LONG);
    assert_non_null(strstr(qrpng_ctx_message(f->ctx), "1048576 bytes"));
    /* Refused before libqrencode is asked (it would try every version);
     * one byte over the limit too. The counter does count. */
    assert_int_equal(encodes, before);
    assert_int_equal(qrpng_render(f->ctx, text, QRPNG_MAX_TEXT + 1, NULL,
                                  &img), QRPNG_ERR_TOO_LONG);
    assert_int_equal(encodes, before);
    assert_int_equal(qrpng_render(f->ctx, text, 10, NULL, &img), QRPNG_OK);
    assert_true(encodes > before);
    free(text);
}

static void empty_text_is_an_error(void **state)
{
    fixture *f = *state;
    qrpng_image img;
    assert_int_equal(qrpng_render(f->ctx, "", 0, NULL, &img),
                     QRPNG_ERR_EMPTY_INPUT);
    assert_string_equal(qrpng_ctx_message(f->ctx), "text is empty");
    assert_int_equal(qrpng_render(f->ctx, NULL, 0, NULL, &img),
                     QRPNG_ERR_EMPTY_INPUT);
    assert_null(img.png);
    assert_int_equal(img.png_size, 0);
}

/* Each bad option gives QRPNG_ERR_INVALID_OPTION and names itself. */
static void expect_invalid(fixture *f, const qrpng_options *opts,
                           const char *needle)
{
    qrpng_image img;
    assert_int_equal(qrpng_render(f->ctx, "x", 1, opts, &img),
                     QRPNG_ERR_INVALID_OPTION);
    const char *msg = qrpng_ctx_message(f->ctx);
    if (strstr(msg, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", msg, needle);
    assert_null(strchr(msg, '\n'));
}

static void invalid_options_are_errors(void **state)
{
    fixture *f = *state;
    qrpng_options o;

    o = qrpng_default_options(); o.level = (qrpng_level)4;
    expect_invalid(f, &o, "level must be L, M, Q or H");
    o = qrpng_default_options(); o.size = 0;
    expect_invalid(f, &o, "size must be 1..8192");
    o = qrpng_default_options(); o.size = QRPNG_MAX_IMAGE_SIZE + 1;
    expect_invalid(f, &o, "size must be 1..8192");
    o = qrpng_default_options(); o.margin = QRPNG_MAX_MARGIN + 1;
    expect_invalid(f, &o, "margin must be 0..255");
    o = qrpng_default_options(); o.scale = QRPNG_MAX_IMAGE_SIZE + 1;
    expect_invalid(f, &o, "scale must be");
    o = qrpng_default_options(); o.scale = 400; /* 29 modules: 11600 px */
    expect_invalid(f, &o, "the limit is 8192");
    o = qrpng_default_options(); o.light = o.dark;
    expect_invalid(f, &o, "dark and light colours are the same");

    /* A transparent background may share the dark colour's RGB. */
    o = qrpng_default_options(); o.light = o.dark; o.light_transparent = 1;
    qrpng_image img;
    assert_int_equal(qrpng_render(f->ctx, "x", 1, &o, &img), QRPNG_OK);
}

/* A NULL argument is a caller's bug, told apart from a bad option value;
 * NULL options are the defaults. */
static void null_arguments_are_errors(void **state)
{
    fixture *f = *state;
    qrpng_image img;
    assert_int_equal(qrpng_render(NULL, "x", 1, NULL, &img),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_int_equal(qrpng_render(f->ctx, "x", 1, NULL, NULL),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_string_equal(qrpng_ctx_message(f->ctx), "no place for the result");
    assert_int_equal(qrpng_render(f->ctx, NULL, 3, NULL, &img),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_non_null(strstr(qrpng_ctx_message(f->ctx), "NULL"));
    assert_int_equal(qrpng_render(f->ctx, "x", 1, NULL, &img), QRPNG_OK);
    char msg[QRPNG_MESSAGE_MAX];
    assert_int_equal(qrpng_check_options(NULL, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    qrpng_ctx_free(NULL);
}

static void every_status_has_a_distinct_description(void **state)
{
    (void)state;
    const qrpng_status all[] = {
        QRPNG_OK, QRPNG_ERR_EMPTY_INPUT, QRPNG_ERR_TOO_LONG,
        QRPNG_ERR_INVALID_OPTION, QRPNG_ERR_NO_MEMORY, QRPNG_ERR_DEPENDENCY,
        QRPNG_ERR_NULL_ARGUMENT
    };
    size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++) {
        assert_true(strlen(qrpng_strerror(all[i])) > 0);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(qrpng_strerror(all[i]),
                                    qrpng_strerror(all[j]));
    }
    assert_string_equal(qrpng_strerror((qrpng_status)99), "unknown status");
    assert_int_equal(qrpng_byte_capacity((qrpng_level)9), 0);
}

static void versions_are_reported(void **state)
{
    (void)state;
    assert_string_equal(qrpng_version(), QRPNG_VERSION_STRING);
    char buf[128];
    int n = qrpng_dependency_versions(buf, sizeof buf);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    assert_non_null(strstr(buf, "libqrencode "));
    assert_non_null(strstr(buf, "libpng "));
    assert_non_null(strstr(buf, "zlib "));
    char tiny[4];
    assert_int_equal(qrpng_dependency_versions(tiny, sizeof tiny), n);
    assert_int_equal(strlen(tiny), 3);
}

/* A reused context gives the same bytes as a fresh one, after a failure
 * and after a much larger image. */
static void reused_context_gives_identical_bytes(void **state)
{
    fixture *f = *state;
    qrpng_ctx *fresh = qrpng_ctx_new();
    qrpng_image want, img;
    assert_int_equal(qrpng_render(fresh, REFERENCE_URL, strlen(REFERENCE_URL),
                                  NULL, &want), QRPNG_OK);

    qrpng_options big = qrpng_default_options();
    big.size = 4000;
    assert_int_equal(qrpng_render(f->ctx, "big", 3, &big, &img), QRPNG_OK);
    assert_int_equal(qrpng_render(f->ctx, "", 0, NULL, &img),
                     QRPNG_ERR_EMPTY_INPUT);
    assert_int_equal(qrpng_render(f->ctx, REFERENCE_URL, strlen(REFERENCE_URL),
                                  NULL, &img), QRPNG_OK);
    assert_int_equal(img.png_size, want.png_size);
    assert_memory_equal(img.png, want.png, want.png_size);
    qrpng_ctx_free(fresh);
}

#define THREADS 4
#define RENDERS_PER_THREAD 40

typedef struct thread_job {
    const unsigned char *want;
    size_t want_size;
    int mismatches;
} thread_job;

static void *render_many(void *arg)
{
    thread_job *job = arg;
    qrpng_ctx *ctx = qrpng_ctx_new();
    for (int i = 0; i < RENDERS_PER_THREAD; i++) {
        qrpng_image img;
        qrpng_options opts = qrpng_default_options();
        /* Interleave other work so contexts really diverge. */
        if (qrpng_render(ctx, "other text", 10, &opts, &img) != QRPNG_OK ||
            qrpng_render(ctx, REFERENCE_URL, strlen(REFERENCE_URL), &opts,
                         &img) != QRPNG_OK ||
            img.png_size != job->want_size ||
            memcmp(img.png, job->want, img.png_size) != 0)
            job->mismatches++;
    }
    qrpng_ctx_free(ctx);
    return NULL;
}

static void contexts_render_concurrently(void **state)
{
    fixture *f = *state;
    qrpng_image want;
    assert_int_equal(qrpng_render(f->ctx, REFERENCE_URL, strlen(REFERENCE_URL),
                                  NULL, &want), QRPNG_OK);
    pthread_t threads[THREADS];
    thread_job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (thread_job){ want.png, want.png_size, 0 };
        assert_int_equal(pthread_create(&threads[i], NULL, render_many,
                                        &jobs[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        assert_int_equal(pthread_join(threads[i], NULL), 0);
        assert_int_equal(jobs[i].mismatches, 0);
    }
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        TEST(default_is_200px_1bit_grey_without_extra_chunks),
        TEST(reference_text_is_at_most_440_bytes),
        TEST(size_gives_exact_width_and_largest_module),
        TEST(small_size_grows_to_two_pixel_modules),
        TEST(scale_sets_module_pixels),
        TEST(levels_match_libqrencode),
        TEST(colours_use_a_two_entry_palette),
        TEST(transparent_light_adds_trns_only),
        TEST(white_on_black_stays_grey),
        TEST(bytes_after_nul_are_encoded),
        TEST(digits_pack_denser_than_bytes),
        TEST(byte_capacity_is_exact_at_every_level),
        TEST(over_any_capacity_is_refused_without_work),
        TEST(empty_text_is_an_error),
        TEST(invalid_options_are_errors),
        TEST(null_arguments_are_errors),
        TEST(every_status_has_a_distinct_description),
        TEST(versions_are_reported),
        TEST(reused_context_gives_identical_bytes),
        TEST(contexts_render_concurrently),
    };
    return cmocka_run_group_tests_name("libqrpng render", tests, NULL, NULL);
}
