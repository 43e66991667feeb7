/* formats.h - every output format in one table: its name, file extension,
 * kind and writer (internal). Adding a format is a qrpng_format value,
 * one row in formats.c and its writer. */
#ifndef QRP_FORMATS_H
#define QRP_FORMATS_H

#include <qrencode.h>

#include "context.h"
#include "layout.h"
#include "qrpng.h"

/* Draws symbol under layout into ctx->out (reset first). QRPNG_OK, or a
 * failure through qrp_fail (ctx->out then empty). */
typedef qrpng_status qrp_writer(qrpng_ctx *ctx, const QRcode *symbol,
                                const qrp_layout *layout,
                                const qrpng_options *opts);

/* How qrp_write_text draws a terminal format (text_style bits). */
enum {
    QRP_TEXT_BLOCKS = 1,     /* half blocks, two rows a line; else "##" */
    QRP_TEXT_DRAW_DARK = 2,  /* draw dark modules; else light ones */
    QRP_TEXT_ANSI = 4,       /* 24-bit colour escapes around each line */
};

struct qrp_format_info {
    const char *name;        /* "png", as options and messages spell it */
    const char *extension;   /* ".png", with its dot */
    const char *media_type;  /* "image/png", for an HTTP Content-Type */
    int binary;              /* not for a terminal */
    int in_modules;          /* terminal text: one cell a module, width in
                                modules; else pixels (points for EPS) */
    unsigned text_style;     /* QRP_TEXT_* for qrp_write_text */
    qrp_writer *write;
};
typedef struct qrp_format_info qrp_format_info;

/* The row of format, or NULL when it is out of range. */
const qrp_format_info *qrp_format_info_of(qrpng_format format);

/* The writers. */
qrp_writer qrp_write_png, qrp_write_svg, qrp_write_eps, qrp_write_text;

#endif
