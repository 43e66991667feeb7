/* output_type.c - the type -o's file name implies. */
#include "output_type.h"

#include <string.h>
#include <strings.h>

qrpng_format format_for_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (dot == NULL || strchr(dot, '/') != NULL)
        return QRPNG_FORMAT_PNG;
    /* The first format with that extension: .txt is utf8, the first of
     * the text formats. */
    for (int f = 0; f < QRPNG_FORMAT_COUNT; f++)
        if (strcasecmp(dot, qrpng_format_extension((qrpng_format)f)) == 0)
            return (qrpng_format)f;
    return QRPNG_FORMAT_PNG;
}
