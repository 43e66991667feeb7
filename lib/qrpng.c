/* qrpng.c - the public API: contexts, rendering, messages. */
#include "qrpng.h"

#include <png.h>
#include <qrencode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "context.h"
#include "formats.h"
#include "layout.h"
#include "symbol.h"

qrpng_ctx *qrpng_ctx_new(void)
{
    return calloc(1, sizeof(qrpng_ctx));
}

void qrpng_ctx_free(qrpng_ctx *ctx)
{
    if (ctx == NULL)
        return;
    free(ctx->out.data);
    free(ctx->row.data);
    free(ctx->text_copy.data);
    free(ctx);
}

const char *qrpng_ctx_message(const qrpng_ctx *ctx)
{
    return ctx ? ctx->message : "no context";
}

qrpng_status qrp_fail(qrpng_ctx *ctx, qrpng_status status, const char *fmt,
                      ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
    va_end(args);
    return status;
}

static qrpng_status render(qrpng_ctx *ctx, const void *text, size_t text_len,
                           const qrpng_options *opts, qrpng_image *out)
{
    if (text == NULL && text_len > 0)
        return qrp_fail(ctx, QRPNG_ERR_NULL_ARGUMENT,
                        "text is NULL but its length is %zu", text_len);
    if (text_len == 0)
        return qrp_fail(ctx, QRPNG_ERR_EMPTY_INPUT, "text is empty");

    qrpng_options defaults;
    if (opts == NULL) {
        defaults = qrpng_default_options();
        opts = &defaults;
    }
    qrpng_status status = qrpng_check_options(opts, ctx->message,
                                              sizeof ctx->message);
    if (status != QRPNG_OK)
        return status;

    QRcode *symbol = NULL;
    qrpng_level level;
    status = qrp_encode_symbol(ctx, text, text_len, opts, &symbol, &level);
    if (status != QRPNG_OK)
        return status;

    const qrp_format_info *format = qrp_format_info_of(opts->format);
    qrp_layout layout;
    status = qrp_layout_compute(ctx, (uint32_t)symbol->width, opts, format,
                                &layout);
    if (status == QRPNG_OK)
        status = format->write(ctx, symbol, &layout, opts);
    if (status == QRPNG_OK) {
        out->data = ctx->out.data;
        out->size = ctx->out.size;
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
        return QRPNG_ERR_NULL_ARGUMENT;
    ctx->message[0] = '\0';
    if (out == NULL)
        return qrp_fail(ctx, QRPNG_ERR_NULL_ARGUMENT, "no place for the result");
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
    case QRPNG_ERR_NULL_ARGUMENT:  return "a required argument is NULL";
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
