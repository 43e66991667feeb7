/* symbol.h - text bytes to a QR symbol through libqrencode (internal). */
#ifndef QRP_SYMBOL_H
#define QRP_SYMBOL_H

#include <qrencode.h>

#include "buffer.h"
#include "qrpng.h"

/* Encodes text into *symbol (free it with QRcode_free) under the symbol
 * options of opts (level, version, micro, boost_level, eight_bit), which
 * passed qrpng_check_options; *level gets the level used. scratch is
 * reused for the NUL-terminated copy that libqrencode's mode optimiser
 * wants. */
qrpng_status qrp_encode_symbol(const unsigned char *text, size_t text_len,
                               const qrpng_options *opts, QRcode **symbol,
                               qrpng_level *level, qrp_buffer *scratch,
                               char *msg, size_t msg_size);

#endif
