/* symbol.c - text bytes to a QR symbol through libqrencode: the level,
 * minimum version, Micro QR and byte-mode choices are all libqrencode's
 * encode calls; this file only picks the call and reads the errno that
 * libqrencode sets, right after the call. A Micro QR limit is asked of
 * libqrencode the same way, by probing, not kept in a table here. */
#include "symbol.h"

#include <errno.h>
#include <stdio.h>
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

/* What a Micro QR limit is counted in: the densest mode the whole text
 * could take. */
typedef enum {
    MICRO_DIGITS, MICRO_UPPER, MICRO_BYTES,
    MICRO_BYTE_MODE  /* bytes, and byte mode forced (eight_bit, a NUL) */
} micro_kind;

static micro_kind micro_kind_of(const unsigned char *text, size_t text_len,
                                const qrpng_options *opts)
{
    if (opts->eight_bit || memchr(text, '\0', text_len) != NULL)
        return MICRO_BYTE_MODE;
    micro_kind kind = MICRO_DIGITS;
    for (size_t i = 0; i < text_len; i++) {
        unsigned char c = text[i];
        if (c >= '0' && c <= '9')
            continue;
        /* QR's alphanumeric set; lower case is bytes (case-sensitive). */
        if ((c >= 'A' && c <= 'Z') || strchr(" $%*+-./:", c) != NULL)
            kind = MICRO_UPPER;
        else
            return MICRO_BYTES;
    }
    return kind;
}

/* Whether n characters of the kind fit from the version asked, asked of
 * libqrencode itself: '0's or 'A's mode-optimised, bytes in byte mode,
 * the calls encode_once makes. 1 or 0; -1 when out of memory. buf holds
 * at least n + 1 bytes. */
static int micro_fits(micro_kind kind, size_t n, char *buf,
                      const qrpng_options *opts)
{
    int reason;
    memset(buf, kind == MICRO_DIGITS ? '0' : kind == MICRO_UPPER ? 'A' : 'a',
           n);
    buf[n] = '\0';
    QRcode *qr = encode_once((const unsigned char *)buf, n,
                             kind >= MICRO_BYTES ? NULL : buf,
                             first_version(opts),
                             qrencode_levels[opts->level], 1, &reason);
    if (qr == NULL)
        return reason == ENOMEM ? -1 : 0;
    QRcode_free(qr);
    return 1;
}

/* The longest run of the kind that libqrencode fits in a Micro QR code
 * from the version asked at opts' level, below below (a length that does
 * not fit); 0 when none fits or when out of memory. Doubling, then
 * halving the gap: a dozen tiny encodes, on the failure path only.
 * scratch is the context's text copy, no longer needed then. */
static size_t micro_limit(micro_kind kind, size_t below,
                          const qrpng_options *opts, qrp_buffer *scratch)
{
    if (below > QRPNG_MAX_TEXT + 1)
        below = QRPNG_MAX_TEXT + 1;
    if (qrp_buffer_reserve(scratch, below + 1) != 0)
        return 0;
    char *buf = (char *)scratch->data;
    size_t fits = 0, fails = below;
    for (size_t n = 1; n < fails; n *= 2) {
        int fit = micro_fits(kind, n, buf, opts);
        if (fit < 0)
            return 0;
        if (fit == 0) {
            fails = n;
            break;
        }
        fits = n;
    }
    while (fails - fits > 1) {
        size_t mid = fits + (fails - fits) / 2;
        int fit = micro_fits(kind, mid, buf, opts);
        if (fit < 0)
            return 0;
        if (fit)
            fits = mid;
        else
            fails = mid;
    }
    return fits;
}

/* "text is N bytes, too long for a Micro QR code ..." with the limit for
 * the text's kind of data (the byte limit when the text is not over the
 * other: libqrencode's segmenting is heuristic). */
static qrpng_status micro_too_long(qrpng_ctx *ctx, const unsigned char *text,
                                   size_t text_len, const qrpng_options *opts,
                                   qrpng_level level)
{
    static const char *const counted[] = {
        [MICRO_DIGITS] = "digits",
        [MICRO_UPPER] = "characters of digits and upper-case",
        [MICRO_BYTES] = "bytes",
        [MICRO_BYTE_MODE] = "bytes in byte mode",
    };
    static const char *const denser[] = {
        [MICRO_DIGITS] = "",
        [MICRO_UPPER] = "; only digits pack denser",
        [MICRO_BYTES] = "; only digits or upper-case pack denser",
        [MICRO_BYTE_MODE] = "",
    };
    micro_kind kind = micro_kind_of(text, text_len, opts);
    size_t limit = micro_limit(kind, text_len, opts, &ctx->text_copy);
    if (kind < MICRO_BYTES && limit >= text_len) {
        kind = MICRO_BYTES;
        limit = micro_limit(kind, text_len, opts, &ctx->text_copy);
    }
    /* "M1 to M4", or "M4" alone. */
    char tried[16];
    unsigned first = (unsigned)first_version(opts);
    if (first < QRPNG_MAX_MICRO_VERSION)
        snprintf(tried, sizeof tried, "M%u to M%u", first,
                 QRPNG_MAX_MICRO_VERSION);
    else
        snprintf(tried, sizeof tried, "M%u", first);
    if (limit == 0 || limit >= text_len) /* out of memory, or no sense */
        return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too "
                        "long for a Micro QR code at level %s (%s tried)",
                        text_len, qrpng_level_name(level), tried);
    return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too long "
                    "for a Micro QR code at level %s (%s tried; limit %zu "
                    "%s%s)", text_len, qrpng_level_name(level), tried, limit,
                    counted[kind], denser[kind]);
}

/* The failure for libqrencode's reason (an errno value: ERANGE too long,
 * EINVAL not possible, ENOMEM). */
static qrpng_status encode_failed(qrpng_ctx *ctx, const qrpng_options *opts,
                                  const unsigned char *text, size_t text_len,
                                  qrpng_level level, int reason)
{
    switch (reason) {
    case ERANGE:
        if (opts->micro)
            return micro_too_long(ctx, text, text_len, opts, level);
        /* -v is where libqrencode starts; it tries up to version 40, so
         * the limit is version 40's either way. */
        if (opts->version > 0)
            return qrp_fail(ctx, QRPNG_ERR_TOO_LONG, "text is %zu bytes, too "
                            "long for a QR code at level %s (versions %u to "
                            "40 tried; limit %zu bytes; only digits or "
                            "upper-case pack denser)", text_len,
                            qrpng_level_name(level), (unsigned)opts->version,
                            qrpng_byte_capacity(level));
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
        return encode_failed(ctx, opts, text, text_len, opts->level, ERANGE);
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
        return encode_failed(ctx, opts, text, text_len, opts->level, reason);

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
            return encode_failed(ctx, opts, text, text_len, l, reason);
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
