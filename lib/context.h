/* context.h - what a qrpng_ctx holds, and the one way the library fails:
 * qrp_fail() writes the context's message and returns the status
 * (internal). */
#ifndef QRP_CONTEXT_H
#define QRP_CONTEXT_H

#include "buffer.h"
#include "qrpng.h"

struct qrpng_ctx {
    qrp_buffer out;            /* the last file, any format; handed out
                                  read-only */
    qrp_buffer row;            /* scratch: one packed PNG row */
    qrp_buffer text_copy;      /* scratch: NUL-terminated text for
                                  libqrencode */
    char message[QRPNG_MESSAGE_MAX];
};

/* Sets ctx's message from fmt (cut to QRPNG_MESSAGE_MAX) and returns
 * status, so a failure is one statement: return qrp_fail(ctx, ...). */
__attribute__((format(printf, 3, 4)))
qrpng_status qrp_fail(qrpng_ctx *ctx, qrpng_status status, const char *fmt,
                      ...);

#endif
