/* eps_writer.c - a QR symbol to Encapsulated PostScript.
 *
 * The page is the PNG's geometry with a point per pixel: the BoundingBox
 * is 0 0 width width, the light colour fills it (unless transparent),
 * and each horizontal run of dark modules is one rectfill in module units
 * after a translate to the quiet zone and a scale to the module size.
 * PostScript's y axis points up, so symbol row y is drawn at
 * width - 1 - y. */
#include "formats.h"

static int set_colour(qrp_buffer *out, qrpng_rgb c)
{
    return qrp_buffer_printf(out, "%.4g %.4g %.4g setrgbcolor\n",
                             c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

static int append_runs(const QRcode *symbol, qrp_buffer *out)
{
    uint32_t width = (uint32_t)symbol->width;
    for (uint32_t y = 0; y < width; y++) {
        const unsigned char *row = symbol->data + (size_t)y * width;
        uint32_t x = 0, len, on_line = 0;
        while (qrp_next_run(row, width, 1, &x, &len)) {
            if (qrp_buffer_printf(out, "%s%lu %lu %lu r",
                                  on_line ? " " : "", (unsigned long)x,
                                  (unsigned long)(width - 1 - y),
                                  (unsigned long)len) != 0)
                return -1;
            on_line = 1;
            x += len;
        }
        if (on_line && qrp_buffer_append(out, "\n", 1) != 0)
            return -1;
    }
    return 0;
}

qrpng_status qrp_write_eps(qrpng_ctx *ctx, const QRcode *symbol,
                           const qrp_layout *layout, const qrpng_options *opts)
{
    qrp_buffer *out = &ctx->out;
    unsigned long w = layout->width;
    /* The quiet zone below the symbol: the layout's offset is from the
     * top, and the odd leftover pixel goes to the right and bottom. */
    unsigned long symbol_px = (unsigned long)symbol->width * layout->module_px;
    unsigned long bottom = w - layout->offset - symbol_px;

    out->size = 0;
    int failed = qrp_buffer_printf(out,
        "%%!PS-Adobe-3.0 EPSF-3.0\n%%%%BoundingBox: 0 0 %lu %lu\n"
        "%%%%Creator: libqrpng %s\n%%%%Pages: 1\n%%%%EndComments\n"
        "save\n", w, w, QRPNG_VERSION_STRING) != 0;
    if (!failed && !opts->light_transparent)
        failed = set_colour(out, opts->light) != 0 ||
                 qrp_buffer_printf(out, "0 0 %lu %lu rectfill\n", w, w) != 0;
    if (!failed)
        failed = set_colour(out, opts->dark) != 0 ||
                 qrp_buffer_printf(out, "%lu %lu translate %lu dup scale\n"
                                   "/r{1 rectfill}bind def\n",
                                   (unsigned long)layout->offset, bottom,
                                   (unsigned long)layout->module_px) != 0 ||
                 append_runs(symbol, out) != 0 ||
                 qrp_buffer_printf(out, "restore\nshowpage\n%%%%EOF\n") != 0;
    if (!failed)
        return QRPNG_OK;
    out->size = 0;
    return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory writing an EPS "
                    "of %lu points", w);
}
