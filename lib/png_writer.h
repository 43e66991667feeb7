/* png_writer.h - a QR symbol to PNG bytes in memory (internal). */
#ifndef QRPNG_PNG_WRITER_H
#define QRPNG_PNG_WRITER_H

#include <qrencode.h>

#include "buffer.h"
#include "layout.h"
#include "qrpng.h"


/* Writes symbol as a PNG into png (reset first). row is scratch space for
 * one packed image row, grown as needed. */
qrpng_status qrpng_write_png(const QRcode *symbol, const qrpng_layout *layout,
                             const qrpng_options *opts, qrpng_buffer *png,
                             qrpng_buffer *row, char *msg, size_t msg_size);

#endif
