/* render_options.c - render options given over defaults, by one policy. */
#include "render_options.h"

#include <stdio.h>
#include <string.h>

void render_overrides_init(render_overrides *o)
{
    memset(o, 0, sizeof *o);
}

int render_options_apply(const qrpng_options *defaults,
                         const render_overrides *o, qrpng_options *out,
                         char *msg, size_t msg_size)
{
    const qrpng_options *v = &o->values;
    unsigned given = o->given;
    if ((given & RENDER_SIZE) && (given & RENDER_SCALE)) {
        snprintf(msg, msg_size, "give a size or a scale, not both");
        return -1;
    }
    if ((given & RENDER_SCALE) && v->scale == 0) {
        snprintf(msg, msg_size, "scale must be 1..%u pixels (got 0)",
                 QRPNG_MAX_IMAGE_SIZE);
        return -1;
    }
    *out = *defaults;
    if (given & RENDER_LEVEL)
        out->level = v->level;
    if (given & RENDER_SIZE) {
        out->size = v->size;
        out->scale = 0;
    }
    if (given & RENDER_SCALE)
        out->scale = v->scale;
    if (given & RENDER_MARGIN)
        out->margin = v->margin;
    if (given & RENDER_DARK)
        out->dark = v->dark;
    if (given & RENDER_LIGHT) {
        out->light = v->light;
        out->light_transparent = 0;
    }
    if (given & RENDER_TRANSPARENT)
        out->light_transparent = 1;
    if (given & RENDER_FORMAT)
        out->format = v->format;
    if (given & RENDER_VERSION)
        out->version = v->version;
    if (given & RENDER_MICRO)
        out->micro = v->micro;
    if (given & RENDER_BOOST_LEVEL)
        out->boost_level = v->boost_level;
    if (given & RENDER_EIGHT_BIT)
        out->eight_bit = v->eight_bit;
    if (given & RENDER_DPI)
        out->dpi = v->dpi;
    return 0;
}
