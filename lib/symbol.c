/* symbol.c - text bytes to a QR symbol through libqrencode. */
#include "symbol.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const QRecLevel qrencode_levels[] = {
    [QRPNG_LEVEL_L] = QR_ECLEVEL_L,
    [QRPNG_LEVEL_M] = QR_ECLEVEL_M,
    [QRPNG_LEVEL_Q] = QR_ECLEVEL_Q,
    [QRPNG_LEVEL_H] = QR_ECLEVEL_H,
};

static const char level_letters[] = "LMQH";

/* Mode-optimised encoding needs a C string; keep one scratch copy. */
static int copy_as_string(const unsigned char *text, size_t text_len,
                          unsigned char **scratch, size_t *scratch_size)
{
    if (*scratch_size < text_len + 1) {
        unsigned char *grown = realloc(*scratch, text_len + 1);
        if (grown == NULL)
            return -1;
        *scratch = grown;
        *scratch_size = text_len + 1;
    }
    memcpy(*scratch, text, text_len);
    (*scratch)[text_len] = '\0';
    return 0;
}

qrpng_status qrpng_encode_symbol(const unsigned char *text, size_t text_len,
                                 qrpng_level level, QRcode **symbol,
                                 unsigned char **scratch, size_t *scratch_size,
                                 char *msg, size_t msg_size)
{
    QRecLevel ec = qrencode_levels[level];
    QRcode *qr = NULL;

    *symbol = NULL;
    errno = 0;
    if (text_len <= QRPNG_MAX_TEXT) {
        if (memchr(text, '\0', text_len) != NULL) {
            /* The mode optimiser stops at NUL: keep every byte in 8-bit mode. */
            qr = QRcode_encodeData((int)text_len, text, 0, ec);
        } else {
            if (copy_as_string(text, text_len, scratch, scratch_size) != 0) {
                snprintf(msg, msg_size, "out of memory copying a %zu-byte text",
                         text_len);
                return QRPNG_ERR_NO_MEMORY;
            }
            /* Case-sensitive, no Kanji mode: UTF-8 stays byte for byte. */
            qr = QRcode_encodeString((const char *)*scratch, 0, ec, QR_MODE_8, 1);
            if (qr == NULL && errno == ERANGE) {
                /* The optimiser's segmenting is heuristic; plain 8-bit mode
                 * always fits up to the byte capacity, so try it too. */
                errno = 0;
                qr = QRcode_encodeData((int)text_len, text, 0, ec);
            }
        }
    } else {
        errno = ERANGE;
    }

    if (qr != NULL) {
        *symbol = qr;
        return QRPNG_OK;
    }
    switch (errno) {
    case ERANGE:
        snprintf(msg, msg_size,
                 "text is %zu bytes, too long for a QR code at level %c "
                 "(limit %zu bytes; only digits or upper-case pack denser)",
                 text_len, level_letters[level], qrpng_byte_capacity(level));
        return QRPNG_ERR_TOO_LONG;
    case ENOMEM:
        snprintf(msg, msg_size, "out of memory encoding a %zu-byte text",
                 text_len);
        return QRPNG_ERR_NO_MEMORY;
    default:
        snprintf(msg, msg_size, "libqrencode failed (errno %d)", errno);
        return QRPNG_ERR_DEPENDENCY;
    }
}
