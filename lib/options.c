/* options.c - defaults and range checks of qrpng_options, and an option
 * set (option_table.c) applied over defaults by the one set of rules. */
#include "qrpng.h"

#include <stdarg.h>
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

/* The reason in msg (when there is room) and the status for it. */
__attribute__((format(printf, 3, 4)))
static qrpng_status refuse(char *msg, size_t msg_size, const char *fmt, ...)
{
    if (msg != NULL && msg_size > 0) {
        va_list args;
        va_start(args, fmt);
        vsnprintf(msg, msg_size, fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
        va_end(args);
    }
    return QRPNG_ERR_INVALID_OPTION;
}

qrpng_status qrpng_check_options(const qrpng_options *opts,
                                 char *msg, size_t msg_size)
{
    if (msg != NULL && msg_size > 0)
        msg[0] = '\0';
    if (opts == NULL)
        return refuse(msg, msg_size, "no options given (NULL)");
    if ((unsigned)opts->level > (unsigned)QRPNG_LEVEL_H)
        return refuse(msg, msg_size, "level must be L, M, Q or H (got %d)",
                      (int)opts->level);
    if ((unsigned)opts->format >= QRPNG_FORMAT_COUNT)
        return refuse(msg, msg_size, "format must be 0..%d (got %d)",
                      QRPNG_FORMAT_COUNT - 1, (int)opts->format);
    uint32_t max_version = opts->micro ? QRPNG_MAX_MICRO_VERSION
                                       : QRPNG_MAX_VERSION;
    if (opts->version > max_version)
        return refuse(msg, msg_size, "version must be 1..%lu%s (got %lu)",
                      (unsigned long)max_version,
                      opts->micro ? " for Micro QR" : "",
                      (unsigned long)opts->version);
    if (opts->micro && opts->level == QRPNG_LEVEL_H)
        return refuse(msg, msg_size, "Micro QR has levels L, M and Q, not H");
    if (opts->dpi > QRPNG_MAX_DPI)
        return refuse(msg, msg_size, "dpi must be 0..%u (got %lu)",
                      QRPNG_MAX_DPI, (unsigned long)opts->dpi);
    if (opts->scale == 0 &&
        (opts->size == 0 || opts->size > QRPNG_MAX_IMAGE_SIZE))
        return refuse(msg, msg_size, "size must be 1..%u pixels (got %lu)",
                      QRPNG_MAX_IMAGE_SIZE, (unsigned long)opts->size);
    if (opts->scale > QRPNG_MAX_IMAGE_SIZE)
        return refuse(msg, msg_size, "scale must be 1..%u pixels (got %lu)",
                      QRPNG_MAX_IMAGE_SIZE, (unsigned long)opts->scale);
    if (opts->margin > QRPNG_MAX_MARGIN)
        return refuse(msg, msg_size, "margin must be 0..%u modules (got %lu)",
                      QRPNG_MAX_MARGIN, (unsigned long)opts->margin);
    if (opts->padding > QRPNG_MAX_PADDING)
        return refuse(msg, msg_size, "padding must be 0..%u pixels (got %lu)",
                      QRPNG_MAX_PADDING, (unsigned long)opts->padding);
    if (!opts->light_transparent && opts->dark.r == opts->light.r &&
        opts->dark.g == opts->light.g && opts->dark.b == opts->light.b)
        return refuse(msg, msg_size, "dark and light colours are the same");
    return QRPNG_OK;
}

qrpng_status qrpng_option_set_apply(const qrpng_option_set *set,
                                    const qrpng_options *defaults,
                                    qrpng_options *out, char *msg,
                                    size_t msg_size)
{
    if (msg != NULL && msg_size > 0)
        msg[0] = '\0';
    if (set == NULL || defaults == NULL || out == NULL)
        return QRPNG_ERR_NULL_ARGUMENT;
    const qrpng_options *v = &set->values;
#define GIVEN(id) ((set->given & (1u << (id))) != 0)
    if (GIVEN(QRPNG_OPT_SIZE) && GIVEN(QRPNG_OPT_SCALE))
        return refuse(msg, msg_size, "give a size or a scale, not both");
    /* A scale of 0 means "use size" to qrpng_options: given, it is not a
     * scale (only a set filled in directly can hold one). */
    if (GIVEN(QRPNG_OPT_SCALE) && v->scale == 0)
        return refuse(msg, msg_size, "scale must be 1..%u pixels (got 0)",
                      QRPNG_MAX_IMAGE_SIZE);
    qrpng_options o = *defaults;
    if (GIVEN(QRPNG_OPT_LEVEL))
        o.level = v->level;
    if (GIVEN(QRPNG_OPT_SIZE)) {
        o.size = v->size;
        o.scale = 0; /* the library reads size only when scale is 0 */
    }
    if (GIVEN(QRPNG_OPT_SCALE))
        o.scale = v->scale;
    if (GIVEN(QRPNG_OPT_MARGIN))
        o.margin = v->margin;
    if (GIVEN(QRPNG_OPT_FG))
        o.dark = v->dark;
    if (GIVEN(QRPNG_OPT_BG)) {
        o.light_transparent = v->light_transparent;
        if (set->given & QRPNG_OPTION_SET_BG_COLOR)
            o.light = v->light;
    }
    if (GIVEN(QRPNG_OPT_TYPE))
        o.format = v->format;
    if (GIVEN(QRPNG_OPT_SYMVERSION))
        o.version = v->version;
    if (GIVEN(QRPNG_OPT_MICRO))
        o.micro = v->micro;
    if (GIVEN(QRPNG_OPT_BOOST_LEVEL))
        o.boost_level = v->boost_level;
    if (GIVEN(QRPNG_OPT_EIGHT_BIT))
        o.eight_bit = v->eight_bit;
    if (GIVEN(QRPNG_OPT_DPI))
        o.dpi = v->dpi;
#undef GIVEN
    qrpng_status status = qrpng_check_options(&o, msg, msg_size);
    if (status == QRPNG_OK)
        *out = o;
    return status;
}
