/* render_options.h - the one policy for render options, whoever gives
 * them: the command line (args.c), a --worker request
 * (worker/worker_protocol.c) or an in-process binding (scripts/native).
 * Each collects what it was given as overrides; render_options_apply()
 * puts them over defaults:
 *   - a size clears a default scale and a scale clears a default size
 *     (the library reads size only when scale is 0);
 *   - a size and a scale given together are refused, and so is a scale 0;
 *   - an opaque background clears a default transparency.
 * The values themselves are the library's to check (qrpng_check_options),
 * so that every way in refuses the same options with the same words. */
#ifndef QRCLI_RENDER_OPTIONS_H
#define QRCLI_RENDER_OPTIONS_H

#include <stddef.h>

#include "qrpng.h"

/* Which fields of render_overrides.values were given. */
enum render_option {
    RENDER_LEVEL       = 1u << 0,
    RENDER_SIZE        = 1u << 1,
    RENDER_SCALE       = 1u << 2,
    RENDER_MARGIN      = 1u << 3,
    RENDER_DARK        = 1u << 4,
    RENDER_LIGHT       = 1u << 5,   /* an opaque light colour */
    RENDER_TRANSPARENT = 1u << 6,   /* light pixels transparent */
    RENDER_FORMAT      = 1u << 7,
    RENDER_VERSION     = 1u << 8,
    RENDER_MICRO       = 1u << 9,
    RENDER_BOOST_LEVEL = 1u << 10,
    RENDER_EIGHT_BIT   = 1u << 11,
    RENDER_DPI         = 1u << 12
};

typedef struct render_overrides {
    unsigned given;          /* RENDER_* bits */
    qrpng_options values;    /* only the fields named in given are read */
} render_overrides;

/* Nothing given. */
void render_overrides_init(render_overrides *o);

/* *out = *defaults with the given fields of *o put over them, by the
 * rules above. Returns 0, or -1 with one line in msg (a usage error). */
int render_options_apply(const qrpng_options *defaults,
                         const render_overrides *o, qrpng_options *out,
                         char *msg, size_t msg_size);

#endif
