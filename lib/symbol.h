/* symbol.h - text bytes to a QR symbol through libqrencode (internal). */
#ifndef QRPNG_SYMBOL_H
#define QRPNG_SYMBOL_H

#include <qrencode.h>

#include "qrpng.h"

/* Encodes text into *symbol (free it with QRcode_free) under the symbol
 * options of opts (level, version, micro, boost_level, eight_bit), which
 * passed qrpng_check_options; *level gets the level used. scratch is a
 * reusable buffer of *scratch_size bytes, grown with realloc as needed
 * for the NUL-terminated copy that libqrencode's mode optimiser wants. */
qrpng_status qrpng_encode_symbol(const unsigned char *text, size_t text_len,
                                 const qrpng_options *opts, QRcode **symbol,
                                 qrpng_level *level,
                                 unsigned char **scratch, size_t *scratch_size,
                                 char *msg, size_t msg_size);

#endif
