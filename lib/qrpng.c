/* qrpng.c - the public API: contexts, rendering, messages. */
#include "qrpng.h"

#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "buffer.h"
#include "layout.h"
#include "png_writer.h"
#include "symbol.h"
#include "writers.h"

struct qrpng_ctx {
    qrp_buffer png;            /* the last file, any format; handed out
                                  read-only */
    qrp_buffer row;            /* one packed image row */
    qrp_buffer text_copy;      /* NUL-terminated copy for libqrencode */
    char message[QRPNG_MESSAGE_MAX];
};

qrpng_ctx *qrpng_ctx_new(void)
{
    return calloc(1, sizeof(qrpng_ctx));
}

void qrpng_ctx_free(qrpng_ctx *ctx)
{
    if (ctx == NULL)
        return;
    free(ctx->png.data);
    free(ctx->row.data);
    free(ctx->text_copy.data);
    free(ctx);
}

const char *qrpng_ctx_message(const qrpng_ctx *ctx)
{
    return ctx ? ctx->message : "no context";
}

/* The writer of opts->format: one per format, all on the same layout. */
static qrpng_status write_format(const QRcode *symbol,
                                 const qrp_layout *layout,
                                 const qrpng_options *opts, qrpng_ctx *ctx,
                                 char *msg, size_t msg_size)
{
    switch (opts->format) {
    case QRPNG_FORMAT_PNG:
        return qrp_write_png(symbol, layout, opts, &ctx->png, &ctx->row,
                             msg, msg_size);
    case QRPNG_FORMAT_SVG:
        return qrp_write_svg(symbol, layout, opts, &ctx->png, msg, msg_size);
    case QRPNG_FORMAT_EPS:
        return qrp_write_eps(symbol, layout, opts, &ctx->png, msg, msg_size);
    case QRPNG_FORMAT_UTF8:
    case QRPNG_FORMAT_ANSIUTF8:
    case QRPNG_FORMAT_ASCII:
    case QRPNG_FORMAT_UTF8I:
    case QRPNG_FORMAT_ASCIII:
        break;
    }
    return qrp_write_text(symbol, layout, opts, &ctx->png, msg, msg_size);
}

static qrpng_status render(qrpng_ctx *ctx, const void *text, size_t text_len,
                           const qrpng_options *opts, qrpng_image *out)
{
    char *msg = ctx->message;
    size_t msg_size = sizeof ctx->message;

    if (text == NULL && text_len > 0) {
        snprintf(msg, msg_size, "text is NULL but its length is %zu", text_len);
        return QRPNG_ERR_INVALID_OPTION;
    }
    if (text_len == 0) {
        snprintf(msg, msg_size, "text is empty");
        return QRPNG_ERR_EMPTY_INPUT;
    }

    qrpng_options defaults;
    if (opts == NULL) {
        defaults = qrpng_default_options();
        opts = &defaults;
    }
    qrpng_status status = qrpng_check_options(opts, msg, msg_size);
    if (status != QRPNG_OK)
        return status;

    QRcode *symbol = NULL;
    qrpng_level level;
    status = qrp_encode_symbol(text, text_len, opts, &symbol, &level,
                               &ctx->text_copy, msg, msg_size);
    if (status != QRPNG_OK)
        return status;

    qrp_layout layout;
    status = qrp_layout_compute((uint32_t)symbol->width, opts, &layout,
                                msg, msg_size);
    if (status == QRPNG_OK)
        status = write_format(symbol, &layout, opts, ctx, msg, msg_size);
    if (status == QRPNG_OK) {
        out->data = ctx->png.data;
        out->size = ctx->png.size;
        out->width = layout.width;
        out->module_px = layout.module_px;
        out->version = (uint32_t)symbol->version;
        out->level = level;
        out->format = opts->format;
    }
    QRcode_free(symbol);
    return status;
}

qrpng_status qrpng_render(qrpng_ctx *ctx, const void *text, size_t text_len,
                          const qrpng_options *opts, qrpng_image *out)
{
    if (ctx == NULL)
        return QRPNG_ERR_INVALID_OPTION;
    ctx->message[0] = '\0';
    if (out == NULL) {
        snprintf(ctx->message, sizeof ctx->message, "no place for the result");
        return QRPNG_ERR_INVALID_OPTION;
    }
    memset(out, 0, sizeof *out);
    return render(ctx, text, text_len, opts, out);
}

const char *qrpng_strerror(qrpng_status status)
{
    switch (status) {
    case QRPNG_OK:                 return "success";
    case QRPNG_ERR_EMPTY_INPUT:    return "text is empty";
    case QRPNG_ERR_TOO_LONG:       return "text is too long for a QR code";
    case QRPNG_ERR_INVALID_OPTION: return "invalid option";
    case QRPNG_ERR_NO_MEMORY:      return "out of memory";
    case QRPNG_ERR_DEPENDENCY:     return "libqrencode or libpng failed";
    }
    return "unknown status";
}

const char *qrpng_level_name(qrpng_level level)
{
    static const char *const names[] = { "L", "M", "Q", "H" };
    return (unsigned)level <= (unsigned)QRPNG_LEVEL_H ? names[level] : NULL;
}

size_t qrpng_byte_capacity(qrpng_level level)
{
    /* ISO/IEC 18004 byte-mode capacity of version 40 at each level. */
    switch (level) {
    case QRPNG_LEVEL_L: return 2953;
    case QRPNG_LEVEL_M: return 2331;
    case QRPNG_LEVEL_Q: return 1663;
    case QRPNG_LEVEL_H: return 1273;
    }
    return 0;
}

static const char *const format_names[QRPNG_FORMAT_COUNT] = {
    [QRPNG_FORMAT_PNG] = "png",
    [QRPNG_FORMAT_SVG] = "svg",
    [QRPNG_FORMAT_EPS] = "eps",
    [QRPNG_FORMAT_UTF8] = "utf8",
    [QRPNG_FORMAT_ANSIUTF8] = "ansiutf8",
    [QRPNG_FORMAT_ASCII] = "ascii",
    [QRPNG_FORMAT_UTF8I] = "utf8i",
    [QRPNG_FORMAT_ASCIII] = "asciii",
};

const char *qrpng_format_name(qrpng_format format)
{
    return (unsigned)format < QRPNG_FORMAT_COUNT ? format_names[format] : NULL;
}

const char *qrpng_format_extension(qrpng_format format)
{
    switch (format) {
    case QRPNG_FORMAT_PNG: return ".png";
    case QRPNG_FORMAT_SVG: return ".svg";
    case QRPNG_FORMAT_EPS: return ".eps";
    case QRPNG_FORMAT_UTF8:
    case QRPNG_FORMAT_ANSIUTF8:
    case QRPNG_FORMAT_ASCII:
    case QRPNG_FORMAT_UTF8I:
    case QRPNG_FORMAT_ASCIII:
        return ".txt";
    }
    return NULL;
}

int qrpng_format_is_binary(qrpng_format format)
{
    return format == QRPNG_FORMAT_PNG;
}

const char *qrpng_version(void)
{
    return QRPNG_VERSION_STRING;
}

int qrpng_dependency_versions(char *buf, size_t size)
{
    return snprintf(buf, size, "libqrencode %s, libpng %s, zlib %s",
                    QRcode_APIVersionString(), png_get_libpng_ver(NULL),
                    zlibVersion());
}
