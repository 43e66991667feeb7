/* svg_writer.c - a QR symbol to the smallest faithful SVG.
 *
 * One path of horizontal runs of dark modules, each a stroke one module
 * wide ("h" with the default stroke-width 1), in module units. The viewBox
 * starts half a module up so that a stroke along the integer line y covers
 * module row y exactly: every coordinate stays a whole number. Each run
 * is reached by the shorter of an absolute (M) and a relative (m) move.
 * Of dark runs on the light background and light runs on a dark square
 * (append_light_on_dark), the shorter is kept.
 * width and height are the PNG's pixels, so the SVG shows at the same size
 * and scales crisply. An opaque light colour is one rect under the path; a
 * transparent one draws nothing. */
#include "writers.h"

#include <stdio.h>
#include <string.h>

/* "#abc" when every channel is a doubled hex digit, else "#aabbcc". */
static void format_colour(qrpng_rgb c, char out[8])
{
    if (c.r % 17 == 0 && c.g % 17 == 0 && c.b % 17 == 0)
        snprintf(out, 8, "#%x%x%x", c.r / 17u, c.g / 17u, c.b / 17u);
    else
        snprintf(out, 8, "#%02x%02x%02x", c.r, c.g, c.b);
}

/* Two numbers of a move, as short as SVG's grammar allows: a minus sign
 * separates them by itself. */
static int format_pair(char *out, size_t size, char cmd, long a, long b)
{
    return snprintf(out, size, b < 0 ? "%c%ld%ld" : "%c%ld %ld", cmd, a, b);
}

/* The runs of dark (or light) modules as path data: the pen starts at
 * the origin and each run is reached by the shorter move. */
static int append_runs(const QRcode *symbol, uint32_t margin, int dark,
                       qrpng_buffer *out)
{
    uint32_t width = (uint32_t)symbol->width;
    long px = 0, py = 0; /* the pen, where the last run ended */
    for (uint32_t y = 0; y < width; y++) {
        const unsigned char *row = symbol->data + (size_t)y * width;
        uint32_t x = 0, len;
        while (qrpng_next_run(row, width, dark, &x, &len)) {
            long ax = (long)x + (long)margin, ay = (long)y + (long)margin;
            char abs_move[32], rel_move[32];
            int abs_len = format_pair(abs_move, sizeof abs_move, 'M', ax, ay);
            int rel_len = format_pair(rel_move, sizeof rel_move, 'm',
                                      ax - px, ay - py);
            const char *move = rel_len < abs_len ? rel_move : abs_move;
            if (qrpng_buffer_printf(out, "%sh%lu", move,
                                    (unsigned long)len) != 0)
                return -1;
            px = ax + (long)len;
            py = ay;
            x += len;
        }
    }
    return 0;
}

/* Dark runs on the light background: the only way with a transparent one. */
static int append_dark_on_light(const QRcode *symbol,
                                const qrpng_options *opts, unsigned long modules,
                                const char *dark, const char *light,
                                qrpng_buffer *out)
{
    if (!opts->light_transparent &&
        qrpng_buffer_printf(out, "<path fill=\"%s\" d=\"M0-.5h%luv%luH0z\"/>",
                            light, modules, modules) != 0)
        return -1;
    return qrpng_buffer_printf(out, "<path stroke=\"%s\" d=\"", dark) != 0 ||
           append_runs(symbol, opts->margin, 1, out) != 0 ||
           qrpng_buffer_printf(out, "\"/>") != 0 ? -1 : 0;
}

/* Light runs on a dark square: often shorter, as the finder patterns
 * are mostly dark. The square is filled dark and stroked light, the
 * stroke as wide as both margins, so that its inner half is the quiet
 * zone and its outer half falls outside the viewBox. */
static int append_light_on_dark(const QRcode *symbol,
                                const qrpng_options *opts, unsigned long modules,
                                const char *dark, const char *light,
                                qrpng_buffer *out)
{
    /* A path is filled black unless told otherwise. */
    int failed = strcmp(dark, "#000") == 0
        ? qrpng_buffer_printf(out, "<path") != 0
        : qrpng_buffer_printf(out, "<path fill=\"%s\"", dark) != 0;
    if (!failed && opts->margin > 0)
        failed = qrpng_buffer_printf(out, " stroke=\"%s\" stroke-width=\"%lu\"",
                                     light, 2ul * opts->margin) != 0;
    return failed ||
           qrpng_buffer_printf(out, " d=\"M0-.5h%luv%luH0z\"/><path stroke=\"%s\" "
                               "d=\"", modules, modules, light) != 0 ||
           append_runs(symbol, opts->margin, 0, out) != 0 ||
           qrpng_buffer_printf(out, "\"/>") != 0 ? -1 : 0;
}

qrpng_status qrpng_write_svg(const QRcode *symbol, const qrpng_layout *layout,
                             const qrpng_options *opts, qrpng_buffer *out,
                             char *msg, size_t msg_size)
{
    unsigned long modules = (unsigned long)symbol->width + 2ul * opts->margin;
    char dark[8], light[8];
    format_colour(opts->dark, dark);
    format_colour(opts->light, light);

    out->size = 0;
    int failed = qrpng_buffer_printf(out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%lu\" "
        "height=\"%lu\" viewBox=\"0 -.5 %lu %lu\">",
        (unsigned long)layout->width, (unsigned long)layout->width,
        modules, modules) != 0;
    size_t body = out->size;
    failed = failed || append_dark_on_light(symbol, opts, modules, dark,
                                            light, out) != 0;
    if (!failed && !opts->light_transparent) {
        /* Write the other drawing after the first; keep the shorter. */
        size_t first_end = out->size;
        failed = append_light_on_dark(symbol, opts, modules, dark, light,
                                      out) != 0;
        size_t second = out->size - first_end;
        if (!failed && second < first_end - body) {
            memmove(out->data + body, out->data + first_end, second);
            out->size = body + second;
        } else {
            out->size = first_end;
        }
    }
    failed = failed || qrpng_buffer_printf(out, "</svg>\n") != 0;
    if (!failed)
        return QRPNG_OK;
    out->size = 0;
    snprintf(msg, msg_size, "out of memory writing an SVG of %lu modules",
             modules);
    return QRPNG_ERR_NO_MEMORY;
}
