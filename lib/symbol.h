/* symbol.h - text bytes to a QR symbol through libqrencode (internal). */
#ifndef QRP_SYMBOL_H
#define QRP_SYMBOL_H

#include <qrencode.h>

#include "context.h"
#include "qrpng.h"

/* Encodes text into *symbol (free it with QRcode_free) under the symbol
 * options of opts (level, version, micro, boost_level, eight_bit), which
 * passed qrpng_check_options; *level gets the level used. ctx->text_copy
 * holds the NUL-terminated copy that libqrencode's mode optimiser wants.
 * A failure goes through qrp_fail. */
qrpng_status qrp_encode_symbol(qrpng_ctx *ctx, const unsigned char *text,
                               size_t text_len, const qrpng_options *opts,
                               QRcode **symbol, qrpng_level *level);

#endif
