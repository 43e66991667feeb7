/* png_writer.c - a QR symbol to the smallest faithful PNG, in memory.
 *
 * Every pixel is one of two colours, so the image is 1 bit deep: greyscale
 * when the colours are black and white (no palette to store), else a
 * two-entry palette. tRNS appears only for a transparent light colour.
 * No optional chunks but pHYs, and that only when a DPI is asked for. Rows repeat module_px times, which deflate turns
 * into back-references; docs/performance.md says how the settings were
 * chosen. */
#include "formats.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Chosen by measuring size and instructions per render over a corpus of
 * URLs, vCards, Wi-Fi and UTF-8 texts (docs/performance.md): no row filter
 * (repeated rows already compress to back-references; filters only add
 * entropy), and a mid level with Z_FILTERED's longer minimum matches beat
 * level 9 on size at a third of its deflate cost. A small memLevel keeps
 * deflate's hash table (zeroed at every start) to 4 KiB: the images are
 * a few KiB uncompressed, so a bigger table finds little more. */
#define QRPNG_PNG_FILTER     PNG_FILTER_NONE
#define QRPNG_ZLIB_LEVEL     5
#define QRPNG_ZLIB_STRATEGY  Z_FILTERED
#define QRPNG_ZLIB_MEMLEVEL  4

typedef struct pixel_format {
    int color_type;        /* PNG_COLOR_TYPE_GRAY or PNG_COLOR_TYPE_PALETTE */
    unsigned ink;          /* bit value of a dark pixel */
    png_color palette[2];  /* palette: [0] light, [1] dark */
    int transparent;       /* light pixels get alpha 0 */
} pixel_format;

/* Everything the libpng callbacks and the longjmp handler reach. */
typedef struct write_job {
    qrp_buffer *png;
    int out_of_memory;     /* an allocation failed somewhere below libpng */
    qrpng_ctx *ctx;        /* for libpng's message */
} write_job;

static int is_grey_level(qrpng_rgb c, uint8_t v)
{
    return c.r == v && c.g == v && c.b == v;
}

static pixel_format choose_format(const qrpng_options *opts)
{
    pixel_format f;
    memset(&f, 0, sizeof f);
    f.transparent = opts->light_transparent != 0;

    int dark_black = is_grey_level(opts->dark, 0);
    int dark_white = is_grey_level(opts->dark, 255);
    int light_pairs = f.transparent ||
                      (dark_black && is_grey_level(opts->light, 255)) ||
                      (dark_white && is_grey_level(opts->light, 0));
    if ((dark_black || dark_white) && light_pairs) {
        f.color_type = PNG_COLOR_TYPE_GRAY;
        f.ink = dark_white ? 1u : 0u;
        return f;
    }
    f.color_type = PNG_COLOR_TYPE_PALETTE;
    f.ink = 1u;
    f.palette[0] = (png_color){ opts->light.r, opts->light.g, opts->light.b };
    f.palette[1] = (png_color){ opts->dark.r, opts->dark.g, opts->dark.b };
    return f;
}

static void on_write(png_structp png_ptr, png_bytep data, size_t length)
{
    write_job *job = png_get_io_ptr(png_ptr);
    if (qrp_buffer_append(job->png, data, length) != 0) {
        job->out_of_memory = 1;
        png_error(png_ptr, "out of memory for the PNG output");
    }
}

static void on_flush(png_structp png_ptr)
{
    (void)png_ptr;
}

static void on_error(png_structp png_ptr, png_const_charp message)
{
    write_job *job = png_get_error_ptr(png_ptr);
    qrp_fail(job->ctx, QRPNG_ERR_DEPENDENCY, "libpng failed: %s", message);
    png_longjmp(png_ptr, 1);
}

static void on_warning(png_structp png_ptr, png_const_charp message)
{
    /* The library never prints; warnings change nothing in the output. */
    (void)png_ptr;
    (void)message;
}

static png_voidp on_malloc(png_structp png_ptr, png_alloc_size_t size)
{
    png_voidp p = malloc(size);
    if (p == NULL) {
        write_job *job = png_get_mem_ptr(png_ptr);
        job->out_of_memory = 1;
    }
    return p;
}

static void on_free(png_structp png_ptr, png_voidp p)
{
    (void)png_ptr;
    free(p);
}

/* One image row of a symbol row (or of the quiet zone when module_row is
 * NULL), packed 8 pixels a byte, most significant bit first. */
static void pack_row(unsigned char *row, size_t row_bytes,
                     const unsigned char *module_row, uint32_t symbol_width,
                     const qrp_layout *layout, unsigned ink)
{
    memset(row, ink ? 0x00 : 0xFF, row_bytes);
    if (module_row == NULL)
        return;
    uint32_t x = layout->offset;
    for (uint32_t m = 0; m < symbol_width; m++) {
        /* libqrencode: bit 0 of each module byte is 1 for dark. */
        if (module_row[m] & 1u) {
            for (uint32_t i = 0; i < layout->module_px; i++, x++) {
                unsigned char mask = (unsigned char)(0x80u >> (x & 7u));
                if (ink)
                    row[x >> 3] |= mask;
                else
                    row[x >> 3] &= (unsigned char)~mask;
            }
        } else {
            x += layout->module_px;
        }
    }
}

/* The libpng calls; every error longjmps back here. Kept apart from the
 * setup so no local of the caller changes between setjmp and longjmp. */
static int write_image(png_structp png_ptr, png_infop info_ptr,
                       const QRcode *symbol, const qrp_layout *layout,
                       const pixel_format *format, uint32_t dpi,
                       unsigned char *row, size_t row_bytes)
{
    if (setjmp(png_jmpbuf(png_ptr)))
        return -1;

    png_set_IHDR(png_ptr, info_ptr, layout->width, layout->width, 1,
                 format->color_type, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (format->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_set_PLTE(png_ptr, info_ptr, format->palette, 2);
        if (format->transparent) {
            png_byte alpha[1] = { 0 }; /* entry 0 is the light colour */
            png_set_tRNS(png_ptr, info_ptr, alpha, 1, NULL);
        }
    } else if (format->transparent) {
        png_color_16 light = { 0 };
        light.gray = (png_uint_16)(format->ink ^ 1u);
        png_set_tRNS(png_ptr, info_ptr, NULL, 0, &light);
    }
    if (dpi > 0) {
        /* pHYs holds pixels per metre: an inch is 0.0254 m. */
        png_uint_32 ppm = (png_uint_32)(((uint64_t)dpi * 10000u + 127u) / 254u);
        png_set_pHYs(png_ptr, info_ptr, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_set_filter(png_ptr, PNG_FILTER_TYPE_BASE, QRPNG_PNG_FILTER);
    png_set_compression_level(png_ptr, QRPNG_ZLIB_LEVEL);
    png_set_compression_mem_level(png_ptr, QRPNG_ZLIB_MEMLEVEL);
    png_set_compression_strategy(png_ptr, QRPNG_ZLIB_STRATEGY);
    png_write_info(png_ptr, info_ptr);

    uint32_t symbol_width = (uint32_t)symbol->width;
    uint32_t quiet_rows = layout->offset;
    uint32_t symbol_rows = symbol_width * layout->module_px;

    pack_row(row, row_bytes, NULL, 0, layout, format->ink);
    for (uint32_t y = 0; y < quiet_rows; y++)
        png_write_row(png_ptr, row);
    for (uint32_t m = 0; m < symbol_width; m++) {
        pack_row(row, row_bytes, symbol->data + (size_t)m * symbol_width,
                 symbol_width, layout, format->ink);
        for (uint32_t i = 0; i < layout->module_px; i++)
            png_write_row(png_ptr, row);
    }
    pack_row(row, row_bytes, NULL, 0, layout, format->ink);
    for (uint32_t y = quiet_rows + symbol_rows; y < layout->width; y++)
        png_write_row(png_ptr, row);

    png_write_end(png_ptr, NULL);
    return 0;
}

qrpng_status qrp_write_png(qrpng_ctx *ctx, const QRcode *symbol,
                           const qrp_layout *layout, const qrpng_options *opts)
{
    qrp_buffer *png = &ctx->out, *row = &ctx->row;
    write_job job = { png, 0, ctx };
    pixel_format format = choose_format(opts);
    size_t row_bytes = ((size_t)layout->width + 7u) / 8u;

    png->size = 0;
    if (qrp_buffer_reserve(row, row_bytes) != 0)
        return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory for a "
                        "%zu-byte image row", row_bytes);

    png_structp png_ptr = png_create_write_struct_2(
        PNG_LIBPNG_VER_STRING, &job, on_error, on_warning,
        &job, on_malloc, on_free);
    png_infop info_ptr = png_ptr ? png_create_info_struct(png_ptr) : NULL;
    int failed = info_ptr == NULL;
    if (failed && !job.out_of_memory)
        qrp_fail(ctx, QRPNG_ERR_DEPENDENCY, "libpng could not start "
                 "(version %s)", png_get_libpng_ver(NULL));
    if (!failed) {
        png_set_write_fn(png_ptr, &job, on_write, on_flush);
        failed = write_image(png_ptr, info_ptr, symbol, layout, &format,
                             opts->dpi, row->data, row_bytes) != 0;
    }
    png_destroy_write_struct(&png_ptr, &info_ptr);

    if (!failed)
        return QRPNG_OK;
    png->size = 0;
    if (job.out_of_memory)
        return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory writing a "
                        "%lu-pixel PNG", (unsigned long)layout->width);
    return QRPNG_ERR_DEPENDENCY; /* on_error said why */
}
