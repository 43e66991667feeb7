/* layout.c - the pixel geometry of the image. */
#include "layout.h"

#include <stdio.h>

qrpng_status qrpng_layout_compute(uint32_t symbol_modules,
                                  const qrpng_options *opts,
                                  qrpng_layout *layout,
                                  char *msg, size_t msg_size)
{
    /* symbol <= 177 and margin <= 255, so nothing here can overflow. */
    uint32_t modules = symbol_modules + 2u * opts->margin;

    if (opts->scale > 0) {
        uint64_t width = (uint64_t)opts->scale * modules;
        if (width > QRPNG_MAX_IMAGE_SIZE) {
            snprintf(msg, msg_size,
                     "scale %lu gives a %llu-pixel image (%lu modules); "
                     "the limit is %u",
                     (unsigned long)opts->scale, (unsigned long long)width,
                     (unsigned long)modules, QRPNG_MAX_IMAGE_SIZE);
            return QRPNG_ERR_INVALID_OPTION;
        }
        layout->width = (uint32_t)width;
        layout->module_px = opts->scale;
        layout->offset = opts->margin * opts->scale;
        return QRPNG_OK;
    }

    uint32_t module_px = opts->size / modules;
    if (module_px < QRPNG_MIN_MODULE_PX) {
        /* Too small to scan reliably: grow rather than blur modules. */
        layout->module_px = QRPNG_MIN_MODULE_PX;
        layout->width = QRPNG_MIN_MODULE_PX * modules;
        layout->offset = QRPNG_MIN_MODULE_PX * opts->margin;
        return QRPNG_OK;
    }
    uint32_t leftover = opts->size - module_px * modules;
    layout->module_px = module_px;
    layout->width = opts->size;
    layout->offset = opts->margin * module_px + leftover / 2;
    return QRPNG_OK;
}
