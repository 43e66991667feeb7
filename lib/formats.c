/* formats.c - the output formats: one row each. */
#include "formats.h"

/* The terminal formats are UTF-8 text (ASCII is a subset). */
#define TEXT_PLAIN "text/plain; charset=utf-8"

static const qrp_format_info formats[] = {
    [QRPNG_FORMAT_PNG] = { "png", ".png", "image/png", 1, 0, 0,
                           qrp_write_png },
    [QRPNG_FORMAT_SVG] = { "svg", ".svg", "image/svg+xml", 0, 0, 0,
                           qrp_write_svg },
    [QRPNG_FORMAT_EPS] = { "eps", ".eps", "application/postscript", 0, 0, 0,
                           qrp_write_eps },
    [QRPNG_FORMAT_UTF8] = { "utf8", ".txt", TEXT_PLAIN, 0, 1,
                            QRP_TEXT_BLOCKS, qrp_write_text },
    [QRPNG_FORMAT_ANSIUTF8] = { "ansiutf8", ".txt", TEXT_PLAIN, 0, 1,
                                QRP_TEXT_BLOCKS | QRP_TEXT_ANSI,
                                qrp_write_text },
    [QRPNG_FORMAT_ASCII] = { "ascii", ".txt", TEXT_PLAIN, 0, 1,
                             QRP_TEXT_DRAW_DARK, qrp_write_text },
    [QRPNG_FORMAT_UTF8I] = { "utf8i", ".txt", TEXT_PLAIN, 0, 1,
                             QRP_TEXT_BLOCKS | QRP_TEXT_DRAW_DARK,
                             qrp_write_text },
    [QRPNG_FORMAT_ASCIII] = { "asciii", ".txt", TEXT_PLAIN, 0, 1, 0,
                              qrp_write_text },
};

_Static_assert(sizeof formats / sizeof *formats == QRPNG_FORMAT_COUNT,
               "a row for every qrpng_format");

const qrp_format_info *qrp_format_info_of(qrpng_format format)
{
    return (unsigned)format < QRPNG_FORMAT_COUNT ? &formats[format] : NULL;
}

const char *qrpng_format_name(qrpng_format format)
{
    const qrp_format_info *info = qrp_format_info_of(format);
    return info ? info->name : NULL;
}

const char *qrpng_format_extension(qrpng_format format)
{
    const qrp_format_info *info = qrp_format_info_of(format);
    return info ? info->extension : NULL;
}

int qrpng_format_is_binary(qrpng_format format)
{
    const qrp_format_info *info = qrp_format_info_of(format);
    return info != NULL && info->binary;
}

const char *qrpng_format_media_type(qrpng_format format)
{
    const qrp_format_info *info = qrp_format_info_of(format);
    return info ? info->media_type : NULL;
}
