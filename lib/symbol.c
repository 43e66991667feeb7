/* symbol.c - text bytes to a QR symbol through libqrencode: the level,
 * minimum version, Micro QR and byte-mode choices are all libqrencode's
 * encode calls; this file only picks the call and reads the errno that
 * libqrencode sets, right after the call. */
#include "symbol.h"

#include <errno.h>
#include <string.h>

static const QRecLevel qrencode_levels[] = {
    [QRPNG_LEVEL_L] = QR_ECLEVEL_L,
    [QRPNG_LEVEL_M] = QR_ECLEVEL_M,
    [QRPNG_LEVEL_Q] = QR_ECLEVEL_Q,
    [QRPNG_LEVEL_H] = QR_ECLEVEL_H,
};

/* Mode-optimised encoding needs a C string; keep one scratch copy. */
static const char *copy_as_string(const unsigned char *text, size_t text_len,
                                  qrp_buffer *scratch)
{
    scratch->size = 0;
    if (qrp_buffer_append(scratch, text, text_len) != 0 ||
        qrp_buffer_append(scratch, "", 1) != 0)
        return NULL;
    return (const char *)scratch->data;
}

/* One libqrencode call: byte mode only for eight_bit or a text holding
 * NUL (the mode optimiser stops at NUL), else mode-optimised. NULL on
 * failure with libqrencode's reason (its errno) in *reason. text_copy is
 * the text as a C string, or NULL for byte mode. */
static QRcode *encode_once(const unsigned char *text, size_t text_len,
                           const char *text_copy, int version, QRecLevel ec,
                           int micro, int *reason)
{
    QRcode *qr;
    errno = 0;
    if (text_copy == NULL) {
        qr = micro ? QRcode_encodeDataMQR((int)text_len, text, version, ec)
                   : QRcode_encodeData((int)text_len, text, version, ec);
        *reason = errno;
        return qr;
    }
    /* Case-sensitive, no Kanji mode: UTF-8 stays byte for byte. */
    qr = micro ? QRcode_encodeStringMQR(text_copy, version, ec, QR_MODE_8, 1)
               : QRcode_encodeString(text_copy, version, ec, QR_MODE_8, 1);
    *reason = errno;
    if (qr == NULL && *reason == ERANGE) {
        /* The optimiser's segmenting is heuristic; plain 8-bit mode
         * always fits up to the byte capacity, so try it too. */
        errno = 0;
        qr = micro ? QRcode_encodeDataMQR((int)text_len, text, version, ec)
                   : QRcode_encodeData((int)text_len, text, version, ec);
        *reason = errno;
    }
    return qr;
}

/* libqrencode's Micro QR calls take the version to start from and try
 * the bigger ones; 0 is not "any" there. */
static int first_version(const qrpng_options *opts)
{
    if (opts->micro && opts->version == 0)
        return 1;
    return (int)opts->version;
}

/* The failure for libqrencode's reason (an errno value: ERANGE too long,
 * EINVAL not possible, ENOMEM). */
static qrpng_status encode_failed(qrpng_ctx *ctx, const qrpng_options *opts,
                                  size_t text_len, qrpng_level level,
                                  int reason)
{
    switch (reason) {
    case ERANGE:
        if (opts->micro)
            return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too "
                            "long for a Micro QR code at level %s from "
                            "version M%u", text_len, qrpng_level_name(level),
                            (unsigned)first_version(opts));
        if (opts->version > 0)
            return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too "
                            "long for a QR code at level %s (versions %u to "
                            "40 tried)", text_len, qrpng_level_name(level),
                            (unsigned)opts->version);
        return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too long "
                        "for a QR code at level %s (limit %zu bytes; only "
                        "digits or upper-case pack denser)", text_len,
                        qrpng_level_name(level), qrpng_byte_capacity(level));
    case EINVAL:
        if (opts->micro) /* level H, or a level M1 lacks, or bytes M1
                            cannot hold */
            return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text cannot be a Micro "
                            "QR code at level %s from version M%u (Micro QR "
                            "has levels L, M and Q; M1 holds digits only)",
                            qrpng_level_name(level),
                            (unsigned)first_version(opts));
        break;
    case ENOMEM:
        return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory encoding a "
                        "%zu-byte text", text_len);
    }
    return qrp_fail(ctx, QRPNG_ERR_DEPENDENCY, "libqrencode failed (errno %d)",
                    reason);
}

qrpng_status qrp_encode_symbol(qrpng_ctx *ctx, const unsigned char *text,
                               size_t text_len, const qrpng_options *opts,
                               QRcode **symbol, qrpng_level *level)
{
    const char *text_copy = NULL;
    int reason;

    *symbol = NULL;
    *level = opts->level;
    if (text_len > QRPNG_MAX_TEXT)
        return encode_failed(ctx, opts, text_len, opts->level, ERANGE);
    if (!opts->eight_bit && memchr(text, '\0', text_len) == NULL) {
        text_copy = copy_as_string(text, text_len, &ctx->text_copy);
        if (text_copy == NULL)
            return qrp_fail(ctx, QRPNG_ERR_NO_MEMORY, "out of memory copying "
                            "a %zu-byte text", text_len);
    }
    QRcode *qr = encode_once(text, text_len, text_copy, first_version(opts),
                             qrencode_levels[opts->level], opts->micro,
                             &reason);
    if (qr == NULL)
        return encode_failed(ctx, opts, text_len, opts->level, reason);

    /* --boost-level: from the highest level down, the first that still
     * fits the version found above (asked as the minimum, so a bigger one
     * means it does not fit) replaces the symbol. */
    qrpng_level top = opts->micro ? QRPNG_LEVEL_Q : QRPNG_LEVEL_H;
    for (qrpng_level l = top; opts->boost_level && l > opts->level; l--) {
        QRcode *boosted = encode_once(text, text_len, text_copy, qr->version,
                                      qrencode_levels[l], opts->micro,
                                      &reason);
        if (boosted == NULL && reason == ENOMEM) {
            QRcode_free(qr);
            return encode_failed(ctx, opts, text_len, l, reason);
        }
        if (boosted != NULL && boosted->version == qr->version) {
            QRcode_free(qr);
            qr = boosted;
            *level = l;
            break;
        }
        QRcode_free(boosted);
    }
    *symbol = qr;
    return QRPNG_OK;
}
