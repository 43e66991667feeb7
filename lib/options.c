/* options.c - defaults and range checks of qrpng_options. */
#include "options.h"

#include <stdio.h>
#include <string.h>

qrpng_options qrpng_default_options(void)
{
    qrpng_options opts;
    memset(&opts, 0, sizeof opts);
    opts.level = QRPNG_LEVEL_L;
    opts.size = 200;
    opts.scale = 0;
    opts.margin = 4;
    opts.dark = (qrpng_rgb){ 0, 0, 0 };
    opts.light = (qrpng_rgb){ 255, 255, 255 };
    opts.light_transparent = 0;
    opts.format = QRPNG_FORMAT_PNG;
    return opts;
}

qrpng_status qrpng_check_options(const qrpng_options *opts,
                                 char *msg, size_t msg_size)
{
    if ((unsigned)opts->level > (unsigned)QRPNG_LEVEL_H) {
        snprintf(msg, msg_size, "level must be L, M, Q or H (got %d)",
                 (int)opts->level);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if ((unsigned)opts->format >= QRPNG_FORMAT_COUNT) {
        snprintf(msg, msg_size, "format must be 0..%d (got %d)",
                 QRPNG_FORMAT_COUNT - 1, (int)opts->format);
        return QRPNG_ERR_INVALID_OPTION;
    }
    uint32_t max_version = opts->micro ? QRPNG_MAX_MICRO_VERSION
                                       : QRPNG_MAX_VERSION;
    if (opts->version > max_version) {
        snprintf(msg, msg_size, "version must be 1..%lu%s (got %lu)",
                 (unsigned long)max_version, opts->micro ? " for Micro QR" : "",
                 (unsigned long)opts->version);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (opts->micro && opts->level == QRPNG_LEVEL_H) {
        snprintf(msg, msg_size, "Micro QR has levels L, M and Q, not H");
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (opts->dpi > QRPNG_MAX_DPI) {
        snprintf(msg, msg_size, "dpi must be 0..%u (got %lu)", QRPNG_MAX_DPI,
                 (unsigned long)opts->dpi);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (opts->scale == 0 &&
        (opts->size == 0 || opts->size > QRPNG_MAX_IMAGE_SIZE)) {
        snprintf(msg, msg_size, "size must be 1..%u pixels (got %lu)",
                 QRPNG_MAX_IMAGE_SIZE, (unsigned long)opts->size);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (opts->scale > QRPNG_MAX_IMAGE_SIZE) {
        snprintf(msg, msg_size, "scale must be 1..%u pixels (got %lu)",
                 QRPNG_MAX_IMAGE_SIZE, (unsigned long)opts->scale);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (opts->margin > QRPNG_MAX_MARGIN) {
        snprintf(msg, msg_size, "margin must be 0..%u modules (got %lu)",
                 QRPNG_MAX_MARGIN, (unsigned long)opts->margin);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (!opts->light_transparent && opts->dark.r == opts->light.r &&
        opts->dark.g == opts->light.g && opts->dark.b == opts->light.b) {
        snprintf(msg, msg_size, "dark and light colours are the same");
        return QRPNG_ERR_INVALID_OPTION;
    }
    return QRPNG_OK;
}

