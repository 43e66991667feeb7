/* svg_writer.c - a QR symbol to the smallest faithful SVG.
 *
 * One path of horizontal runs of dark modules, each a stroke one module
 * wide ("h" with the default stroke-width 1), in module units with the
 * symbol's first module at 0 0 (format_origin). The viewBox starts half a
 * module up so that a stroke along the integer line y covers module row y
 * exactly: every run coordinate stays a whole number. Each run
 * is reached by the shorter of an absolute (M) and a relative (m) move.
 * Of dark runs on the light background and light runs on a dark square
 * (append_light_on_dark), the shorter document is kept.
 * width and height are the PNG's pixels, so the SVG shows at the same size
 * and scales crisply. An opaque light colour is one rect under the path; a
 * transparent one draws nothing. */
#include "formats.h"

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

/* The top left corner of the image in module units: the symbol's first
 * module is at 0 0, so run coordinates need no margin added (fewer
 * two-digit numbers), and the viewBox starts half a module higher still. */
typedef struct origin {
    char x[24], y[24];
} origin;

static void format_origin(uint32_t margin, origin *o)
{
    if (margin == 0) {
        snprintf(o->x, sizeof o->x, "0");
        snprintf(o->y, sizeof o->y, "-.5");
    } else {
        snprintf(o->x, sizeof o->x, "-%lu", (unsigned long)margin);
        snprintf(o->y, sizeof o->y, "-%lu.5", (unsigned long)margin);
    }
}

/* Writes v in decimal at out (room for 21 bytes); returns its length.
 * Runs are the hot path of an SVG: no printf there. */
static size_t put_number(char *out, long v)
{
    char digits[20];
    size_t len = 0, n = 0;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do
        digits[len++] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (v < 0)
        out[n++] = '-';
    while (len > 0)
        out[n++] = digits[--len];
    return n;
}

/* Two numbers of a move, as short as SVG's grammar allows: a minus sign
 * separates them by itself. Room for 44 bytes; returns the length. */
static size_t format_pair(char *out, char cmd, long a, long b)
{
    size_t n = 0;
    out[n++] = cmd;
    n += put_number(out + n, a);
    if (b >= 0)
        out[n++] = ' ';
    return n + put_number(out + n, b);
}

/* The runs of dark (or light) modules as path data: the pen starts at
 * the origin and each run is reached by the shorter move. */
static int append_runs(const QRcode *symbol, int dark, qrp_buffer *out)
{
    uint32_t width = (uint32_t)symbol->width;
    long px = 0, py = 0; /* the pen, where the last run ended */
    for (uint32_t y = 0; y < width; y++) {
        const unsigned char *row = symbol->data + (size_t)y * width;
        uint32_t x = 0, len;
        while (qrp_next_run(row, width, dark, &x, &len)) {
            long ax = (long)x, ay = (long)y;
            char abs_move[96], rel_move[48];
            size_t abs_len = format_pair(abs_move, 'M', ax, ay);
            size_t rel_len = format_pair(rel_move, 'm', ax - px, ay - py);
            if (rel_len < abs_len) {
                memcpy(abs_move, rel_move, rel_len);
                abs_len = rel_len;
            }
            abs_move[abs_len++] = 'h';
            abs_len += put_number(abs_move + abs_len, (long)len);
            if (qrp_buffer_append(out, abs_move, abs_len) != 0)
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
                                const origin *o, const char *dark,
                                const char *light, qrp_buffer *out)
{
    if (!opts->light_transparent &&
        qrp_buffer_printf(out, "<path fill=\"%s\" d=\"M%s%sh%luv%luH%sz\"/>",
                          light, o->x, o->y, modules, modules, o->x) != 0)
        return -1;
    return qrp_buffer_printf(out, "<path stroke=\"%s\" d=\"", dark) != 0 ||
           append_runs(symbol, 1, out) != 0 ||
           qrp_buffer_printf(out, "\"/>") != 0 ? -1 : 0;
}

/* Light runs on a dark square: often shorter, as the finder patterns
 * are mostly dark. The square is filled dark and stroked light, the
 * stroke as wide as both margins, so that its inner half is the quiet
 * zone and its outer half falls outside the viewBox. Both paths take the
 * light stroke from the svg element (write_document). */
static int append_light_on_dark(const QRcode *symbol,
                                const qrpng_options *opts, unsigned long modules,
                                const origin *o, const char *dark,
                                qrp_buffer *out)
{
    /* A path is filled black unless told otherwise. */
    int failed = strcmp(dark, "#000") == 0
        ? qrp_buffer_printf(out, "<path") != 0
        : qrp_buffer_printf(out, "<path fill=\"%s\"", dark) != 0;
    if (!failed)
        failed = opts->margin > 0
            ? qrp_buffer_printf(out, " stroke-width=\"%lu\"",
                                2ul * opts->margin) != 0
            : qrp_buffer_printf(out, " stroke=\"none\"") != 0;
    return failed ||
           qrp_buffer_printf(out, " d=\"M%s%sh%luv%luH%sz\"/><path d=\"",
                             o->x, o->y, modules, modules, o->x) != 0 ||
           append_runs(symbol, 0, out) != 0 ||
           qrp_buffer_printf(out, "\"/>") != 0 ? -1 : 0;
}

/* One whole document: the svg element (with the light stroke that both
 * paths of light_on_dark inherit), a drawing, the end tag. With padding,
 * that svg is nested in an outer one as wide as the image, at the
 * padding from its corner, over the light colour (if opaque). */
static int write_document(const QRcode *symbol, const qrp_layout *layout,
                          const qrpng_options *opts, unsigned long modules,
                          const char *dark, const char *light,
                          int light_on_dark, qrp_buffer *out)
{
    origin o;
    format_origin(opts->margin, &o);
    unsigned long width = layout->width, pad = layout->padding;
    unsigned long inner = width - 2ul * pad;
    if (pad > 0 &&
        (qrp_buffer_printf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%lu\" "
            "height=\"%lu\" viewBox=\"0 0 %lu %lu\">", width, width, width,
            width) != 0 ||
         (!opts->light_transparent &&
          qrp_buffer_printf(out, "<rect width=\"%lu\" height=\"%lu\" "
                            "fill=\"%s\"/>", width, width, light) != 0)))
        return -1;
    if (pad > 0
        ? qrp_buffer_printf(out,
            "<svg x=\"%lu\" y=\"%lu\" width=\"%lu\" height=\"%lu\" "
            "viewBox=\"%s %s %lu %lu\"%s%s%s>", pad, pad, inner, inner,
            o.x, o.y, modules, modules, light_on_dark ? " stroke=\"" : "",
            light_on_dark ? light : "", light_on_dark ? "\"" : "") != 0
        : qrp_buffer_printf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%lu\" "
            "height=\"%lu\" viewBox=\"%s %s %lu %lu\"%s%s%s>",
            inner, inner, o.x, o.y, modules, modules,
            light_on_dark ? " stroke=\"" : "",
            light_on_dark ? light : "", light_on_dark ? "\"" : "") != 0)
        return -1;
    int failed = light_on_dark
        ? append_light_on_dark(symbol, opts, modules, &o, dark, out)
        : append_dark_on_light(symbol, opts, modules, &o, dark, light, out);
    return failed != 0 ||
           qrp_buffer_printf(out, pad > 0 ? "</svg></svg>\n" : "</svg>\n") != 0
           ? -1 : 0;
}

qrpng_status qrp_write_svg(qrpng_ctx *ctx, const QRcode *symbol,
                           const qrp_layout *layout, const qrpng_options *opts)
{
    qrp_buffer *out = &ctx->out;
    unsigned long modules = (unsigned long)symbol->width + 2ul * opts->margin;
    char dark[8], light[8];
    format_colour(opts->dark, dark);
    format_colour(opts->light, light);

    out->size = 0;
    int failed = write_document(symbol, layout, opts, modules, dark, light, 0,
                                out) != 0;
    if (!failed && !opts->light_transparent) {
        /* Write the other drawing after the first; keep the shorter. */
        size_t first = out->size;
        failed = write_document(symbol, layout, opts, modules, dark, light, 1,
                                out) != 0;
        size_t second = out->size - first;
        if (!failed && second < first) {
            memmove(out->data, out->data + first, second);
            out->size = second;
        } else {
            out->size = first;
        }
    }
    if (!failed)
        return QRPNG_OK;
    out->size = 0;
    return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory writing an SVG "
                    "of %lu modules", modules);
}
