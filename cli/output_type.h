/* output_type.h - the output type -o's file name implies, when -t does
 * not say. */
#ifndef QRCLI_OUTPUT_TYPE_H
#define QRCLI_OUTPUT_TYPE_H

#include "qrpng.h"

/* The type a file name's extension implies (any case): .png, .svg, .eps,
 * .txt (utf8); PNG for any other or none. */
qrpng_format format_for_path(const char *path);

#endif
