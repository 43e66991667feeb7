/* layout.c - the pixel geometry of the image. */
#include "layout.h"

#include "formats.h"

qrpng_status qrp_layout_compute(qrpng_ctx *ctx, uint32_t symbol_modules,
                                const qrpng_options *opts,
                                const qrp_format_info *format,
                                qrp_layout *layout)
{
    /* symbol <= 177 and margin <= 255, so nothing here can overflow. */
    uint32_t modules = symbol_modules + 2u * opts->margin;

    if (format->in_modules) {
        layout->width = modules;
        layout->module_px = 1;
        layout->offset = opts->margin;
        layout->padding = 0;
        return QRPNG_OK;
    }

    /* padding <= QRPNG_MAX_PADDING: 2 * padding + 2 * modules (at most
     * 687) stays far below the image limit; only a scale can pass it. */
    uint32_t padding = opts->padding;
    layout->padding = padding;
    if (opts->scale > 0) {
        uint64_t width = (uint64_t)opts->scale * modules + 2u * padding;
        if (width > QRPNG_MAX_IMAGE_SIZE) {
            return qrp_fail(ctx, QRPNG_ERR_INVALID_OPTION,
                            "scale %lu gives a %llu-pixel image (%lu "
                            "modules); the limit is %u",
                            (unsigned long)opts->scale,
                            (unsigned long long)width, (unsigned long)modules,
                            QRPNG_MAX_IMAGE_SIZE);
        }
        layout->width = (uint32_t)width;
        layout->module_px = opts->scale;
        layout->offset = opts->margin * opts->scale + padding;
        return QRPNG_OK;
    }

    /* The symbol and its margin go inside the padding. */
    uint32_t inner = opts->size > 2u * padding ? opts->size - 2u * padding : 0;
    uint32_t module_px = inner / modules;
    if (module_px < QRPNG_MIN_MODULE_PX) {
        /* Too small to scan reliably: grow rather than blur modules. */
        layout->module_px = QRPNG_MIN_MODULE_PX;
        layout->width = QRPNG_MIN_MODULE_PX * modules + 2u * padding;
        layout->offset = QRPNG_MIN_MODULE_PX * opts->margin + padding;
        return QRPNG_OK;
    }
    uint32_t leftover = inner - module_px * modules;
    layout->module_px = module_px;
    layout->width = opts->size;
    layout->offset = padding + opts->margin * module_px + leftover / 2;
    return QRPNG_OK;
}

int qrp_next_run(const unsigned char *row, uint32_t width, int dark,
                 uint32_t *x, uint32_t *len)
{
    unsigned want = dark ? 1u : 0u;
    uint32_t start = *x;
    /* libqrencode: bit 0 of each module byte is 1 for dark. */
    while (start < width && (row[start] & 1u) != want)
        start++;
    if (start == width)
        return 0;
    uint32_t end = start;
    while (end < width && (row[end] & 1u) == want)
        end++;
    *x = start;
    *len = end - start;
    return 1;
}

int qrp_module_dark(const unsigned char *symbol, uint32_t symbol_width,
                    uint32_t margin, int64_t x, int64_t y)
{
    x -= margin;
    y -= margin;
    if (x < 0 || y < 0 || x >= symbol_width || y >= symbol_width)
        return 0;
    return (symbol[(size_t)y * symbol_width + (size_t)x] & 1u) != 0;
}
