/* options.h - checking qrpng_options (internal). */
#ifndef QRPNG_OPTIONS_H
#define QRPNG_OPTIONS_H

#include "qrpng.h"

/* Checks every option on its own. On failure writes a one-line reason
 * to msg (msg_size bytes). */
qrpng_status qrpng_check_options(const qrpng_options *opts,
                                 char *msg, size_t msg_size);

#endif
