/* png_writer.h - a QR symbol to PNG bytes in memory (internal). */
#ifndef QRP_PNG_WRITER_H
#define QRP_PNG_WRITER_H

#include <qrencode.h>

#include "buffer.h"
#include "layout.h"
#include "qrpng.h"


/* Writes symbol as a PNG into png (reset first). row is scratch space for
 * one packed image row, grown as needed. */
qrpng_status qrp_write_png(const QRcode *symbol, const qrp_layout *layout,
                           const qrpng_options *opts, qrp_buffer *png,
                           qrp_buffer *row, char *msg, size_t msg_size);

#endif
