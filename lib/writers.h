/* writers.h - the writers besides PNG (png_writer.h): each draws a symbol
 * under a layout into a buffer, reset first (internal). All return
 * QRPNG_OK, or QRPNG_ERR_NO_MEMORY with a one-line reason in msg. */
#ifndef QRP_WRITERS_H
#define QRP_WRITERS_H

#include <qrencode.h>

#include "buffer.h"
#include "layout.h"
#include "qrpng.h"

/* SVG: width x width pixels, a viewBox in modules, one path. */
qrpng_status qrp_write_svg(const QRcode *symbol, const qrp_layout *layout,
                           const qrpng_options *opts, qrp_buffer *out,
                           char *msg, size_t msg_size);

/* EPS: width x width points. */
qrpng_status qrp_write_eps(const QRcode *symbol, const qrp_layout *layout,
                           const qrpng_options *opts, qrp_buffer *out,
                           char *msg, size_t msg_size);

/* The terminal text formats (utf8, ansiutf8, ascii, utf8i, asciii). */
qrpng_status qrp_write_text(const QRcode *symbol, const qrp_layout *layout,
                            const qrpng_options *opts, qrp_buffer *out,
                            char *msg, size_t msg_size);

#endif
