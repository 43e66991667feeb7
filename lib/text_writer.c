/* text_writer.c - a QR symbol as text for a terminal, quiet zone included.
 *
 * utf8 packs two module rows into a line with the half blocks U+2580
 * (upper), U+2584 (lower) and U+2588 (full); ascii spends two characters
 * per module and a line per row. As in qrencode, utf8 draws the light
 * modules (text is light on the usual dark terminal) and ascii the dark
 * ones; utf8i and asciii draw the others. ansiutf8 is utf8 with 24-bit
 * colour escapes around each line (the light colour as foreground on the
 * dark one), so it reads on any terminal background. Below the last row
 * of an odd count there is quiet zone. */
#include "formats.h"

#include <string.h>

static const char *const half_blocks[4] = {
    " ",              /* neither half drawn */
    "\xe2\x96\x80",   /* upper half */
    "\xe2\x96\x84",   /* lower half */
    "\xe2\x96\x88",   /* full block */
};

typedef struct text_style {
    int utf8;     /* half blocks, else two ASCII characters a module */
    int draw_dark;/* draw dark modules, else light ones */
    int ansi;     /* colour escapes around each line */
} text_style;

static text_style style_of(qrpng_format format)
{
    unsigned bits = qrp_format_info_of(format)->text_style;
    return (text_style){ (bits & QRP_TEXT_BLOCKS) != 0,
                         (bits & QRP_TEXT_DRAW_DARK) != 0,
                         (bits & QRP_TEXT_ANSI) != 0 };
}

static int drawn(const QRcode *symbol, const qrp_layout *layout,
                 const text_style *style, uint32_t x, uint32_t y)
{
    int dark = qrp_module_dark(symbol->data, (uint32_t)symbol->width,
                               layout->offset, x, y);
    return dark == style->draw_dark;
}

static int append_line(const QRcode *symbol, const qrp_layout *layout,
                       const qrpng_options *opts, const text_style *style,
                       uint32_t y, qrp_buffer *out)
{
    if (style->ansi &&
        qrp_buffer_printf(out, "\x1b[38;2;%u;%u;%um\x1b[48;2;%u;%u;%um",
                          opts->light.r, opts->light.g, opts->light.b,
                          opts->dark.r, opts->dark.g, opts->dark.b) != 0)
        return -1;
    for (uint32_t x = 0; x < layout->width; x++) {
        const char *cell;
        if (style->utf8) {
            /* The row under the last one is quiet zone: light. */
            int below = y + 1 < layout->width
                ? drawn(symbol, layout, style, x, y + 1) : !style->draw_dark;
            cell = half_blocks[drawn(symbol, layout, style, x, y) | below << 1];
        } else {
            cell = drawn(symbol, layout, style, x, y) ? "##" : "  ";
        }
        if (qrp_buffer_append(out, cell, strlen(cell)) != 0)
            return -1;
    }
    if (style->ansi && qrp_buffer_append(out, "\x1b[0m", 4) != 0)
        return -1;
    return qrp_buffer_append(out, "\n", 1);
}

qrpng_status qrp_write_text(qrpng_ctx *ctx, const QRcode *symbol,
                            const qrp_layout *layout, const qrpng_options *opts)
{
    qrp_buffer *out = &ctx->out;
    text_style style = style_of(opts->format);
    uint32_t step = style.utf8 ? 2 : 1;
    out->size = 0;
    for (uint32_t y = 0; y < layout->width; y += step) {
        if (append_line(symbol, layout, opts, &style, y, out) != 0) {
            out->size = 0;
            return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory "
                            "writing %lu lines of text",
                            (unsigned long)layout->width);
        }
    }
    return QRPNG_OK;
}
