/* fuzz_render.c - libqrpng's render API on fuzzed text and options.
 *
 * Input: a 12-byte options header, then the text (any bytes).
 *   [0] level (0..4; 4 is invalid)   [1..2] size, big-endian: the low 10
 *   bits (0..1023), or the whole value when the top bit is set (invalid)
 *   [3] scale & 31   [4] margin (0..255), + 256 when [5] bit 0 is set
 *   [5] bit 1: light transparent, bits 2..4: format (0..7), bit 5: micro,
 *   bit 6: boost level, bit 7: 8-bit   [3] bits 5..7: minimum version
 *   (0..7)   [6..8] dark RGB   [9..11] light RGB; dpi is the text length
 * Sizes stay under 1024 px unless invalid, so each run stays quick; the
 * render path is the same at every size.
 *
 * Promise checked: every result is either QRPNG_OK with a file of the
 * format asked for (a PNG that libpng reads back completely at the width
 * the result states, square, at most QRPNG_MAX_IMAGE_SIZE; an SVG or EPS
 * with its header and end; lines of text, one per module row or two, no
 * NUL), or a documented error status with a non-empty one-line message and
 * a zeroed result. */
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"
#include "qrpng.h"

#define HEADER_BYTES 12

typedef struct memory_reader {
    const unsigned char *data;
    size_t size, pos;
} memory_reader;

static void read_from_memory(png_structp png_ptr, png_bytep out, size_t len)
{
    memory_reader *r = png_get_io_ptr(png_ptr);
    if (len > r->size - r->pos)
        png_error(png_ptr, "read past the end of the PNG");
    memcpy(out, r->data + r->pos, len);
    r->pos += len;
}

static void ignore_warning(png_structp png_ptr, png_const_charp message)
{
    (void)png_ptr;
    (void)message;
}

/* Decodes every row (one row buffer, so 8192-pixel images stay cheap) and
 * checks the header. 0 when the PNG is whole and width x width. */
static int png_reads_back(const unsigned char *png, size_t size,
                          uint32_t width)
{
    memory_reader reader = { png, size, 0 };
    png_structp png_ptr = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL,
                                                 NULL, ignore_warning);
    png_infop info_ptr = png_ptr ? png_create_info_struct(png_ptr) : NULL;
    png_bytep row = NULL;
    int ok = 0;
    if (info_ptr != NULL && setjmp(png_jmpbuf(png_ptr)) == 0) {
        png_set_read_fn(png_ptr, &reader, read_from_memory);
        png_read_info(png_ptr, info_ptr);
        if (png_get_image_width(png_ptr, info_ptr) == width &&
            png_get_image_height(png_ptr, info_ptr) == width &&
            png_get_bit_depth(png_ptr, info_ptr) == 1 &&
            png_get_interlace_type(png_ptr, info_ptr) == PNG_INTERLACE_NONE) {
            row = malloc(png_get_rowbytes(png_ptr, info_ptr));
            if (row != NULL) {
                for (uint32_t y = 0; y < width; y++)
                    png_read_row(png_ptr, row, NULL);
                png_read_end(png_ptr, NULL);
                ok = reader.pos == size;
            }
        }
    }
    free(row);
    png_destroy_read_struct(&png_ptr, &info_ptr, NULL);
    return ok ? 0 : -1;
}

static qrpng_options options_from(const uint8_t *h)
{
    qrpng_options opts = qrpng_default_options();
    unsigned size = (unsigned)h[1] << 8 | h[2];
    opts.level = (qrpng_level)(h[0] % 5);
    opts.size = (size & 0x8000u) ? size : (size & 0x3FFu);
    opts.scale = h[3] & 31u;
    opts.version = h[3] >> 5;
    opts.format = (qrpng_format)((h[5] >> 2) & 7u);
    opts.micro = (h[5] & 0x20u) != 0;
    opts.boost_level = (h[5] & 0x40u) != 0;
    opts.eight_bit = (h[5] & 0x80u) != 0;
    opts.margin = h[4] + ((h[5] & 1u) ? 256u : 0u);
    opts.light_transparent = (h[5] & 2u) != 0;
    opts.dark = (qrpng_rgb){ h[6], h[7], h[8] };
    opts.light = (qrpng_rgb){ h[9], h[10], h[11] };
    return opts;
}

static int is_zeroed(const qrpng_image *img)
{
    return img->png == NULL && img->png_size == 0 && img->width == 0 &&
           img->module_px == 0 && img->version == 0;
}

static int has_prefix(const qrpng_image *img, const char *prefix)
{
    size_t n = strlen(prefix);
    return img->size >= n && memcmp(img->data, prefix, n) == 0;
}

static int has_suffix(const qrpng_image *img, const char *suffix)
{
    size_t n = strlen(suffix);
    return img->size >= n && memcmp(img->data + img->size - n, suffix, n) == 0;
}

static size_t count_lines(const qrpng_image *img)
{
    size_t lines = 0;
    for (size_t i = 0; i < img->size; i++)
        lines += img->data[i] == '\n';
    return lines;
}

/* The file is what its format promises. */
static void check_file(const qrpng_image *img, const qrpng_options *opts)
{
    switch (opts->format) {
    case QRPNG_FORMAT_PNG:
        FUZZ_REQUIRE(png_reads_back(img->png, img->png_size, img->width) == 0);
        return;
    case QRPNG_FORMAT_SVG:
        FUZZ_REQUIRE(has_prefix(img, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
        FUZZ_REQUIRE(has_suffix(img, "\"/></svg>\n"));
        return;
    case QRPNG_FORMAT_EPS:
        FUZZ_REQUIRE(has_prefix(img, "%!PS-Adobe-3.0 EPSF-3.0\n"));
        FUZZ_REQUIRE(has_suffix(img, "showpage\n%%EOF\n"));
        return;
    case QRPNG_FORMAT_UTF8:
    case QRPNG_FORMAT_ANSIUTF8:
    case QRPNG_FORMAT_UTF8I:
        FUZZ_REQUIRE(count_lines(img) == (img->width + 1) / 2);
        break;
    case QRPNG_FORMAT_ASCII:
    case QRPNG_FORMAT_ASCIII:
        FUZZ_REQUIRE(count_lines(img) == img->width);
        FUZZ_REQUIRE(img->size == (size_t)img->width * (2u * img->width + 1u));
        break;
    }
    FUZZ_REQUIRE(img->module_px == 1);
    FUZZ_REQUIRE(has_suffix(img, "\n"));
    FUZZ_REQUIRE(memchr(img->data, '\0', img->size) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < HEADER_BYTES)
        return 0;
    qrpng_options opts = options_from(data);
    const uint8_t *text = data + HEADER_BYTES;
    size_t text_len = size - HEADER_BYTES;
    opts.dpi = (uint32_t)text_len;

    qrpng_ctx *ctx = qrpng_ctx_new();
    if (ctx == NULL)
        return 0;
    qrpng_image img;
    qrpng_status status = qrpng_render(ctx, text, text_len, &opts, &img);
    const char *msg = qrpng_ctx_message(ctx);

    switch (status) {
    case QRPNG_OK:
        FUZZ_REQUIRE(msg[0] == '\0');
        FUZZ_REQUIRE(img.png != NULL && img.png_size > 0);
        FUZZ_REQUIRE(img.width >= 11 && img.width <= QRPNG_MAX_IMAGE_SIZE);
        FUZZ_REQUIRE(img.version >= 1 &&
                     img.version <= (opts.micro ? 4u : 40u));
        FUZZ_REQUIRE(img.version >= opts.version);
        FUZZ_REQUIRE(img.level >= opts.level);
        FUZZ_REQUIRE(opts.boost_level || img.level == opts.level);
        FUZZ_REQUIRE(img.format == opts.format);
        FUZZ_REQUIRE(img.module_px >= 1);
        uint32_t symbol = opts.micro ? 9u + 2u * img.version
                                     : 17u + 4u * img.version;
        FUZZ_REQUIRE(img.width >= img.module_px * (symbol + 2u * opts.margin));
        if (opts.format > QRPNG_FORMAT_EPS)
            FUZZ_REQUIRE(img.width == symbol + 2u * opts.margin);
        else if (opts.scale > 0)
            FUZZ_REQUIRE(img.module_px == opts.scale);
        else if (img.module_px > QRPNG_MIN_MODULE_PX)
            FUZZ_REQUIRE(img.width == opts.size);
        check_file(&img, &opts);
        break;
    case QRPNG_ERR_EMPTY_INPUT:
        FUZZ_REQUIRE(text_len == 0);
        /* fall through */
    case QRPNG_ERR_TOO_LONG:
    case QRPNG_ERR_INVALID_OPTION:
    case QRPNG_ERR_NO_MEMORY:
        FUZZ_REQUIRE(msg[0] != '\0');
        FUZZ_REQUIRE(strchr(msg, '\n') == NULL);
        FUZZ_REQUIRE(strlen(msg) < QRPNG_MESSAGE_MAX);
        FUZZ_REQUIRE(is_zeroed(&img));
        break;
    default:
        /* QRPNG_ERR_DEPENDENCY or an undocumented value: neither may
         * come from valid arguments and a working allocator. */
        FUZZ_REQUIRE(!"unexpected status");
    }
    qrpng_ctx_free(ctx);
    return 0;
}
