/* option_lines.h - render options as text lines over libqrpng's option
 * table: "name=value" (or a flag's name alone, which turns it on), lines
 * separated by LF, empty lines skipped, the last of a name counting. The
 * worker protocol's version 3 options and the WebAssembly module's options
 * text (wasm/qrpng_wasm.c) are read here, so both take the same values and
 * refuse them with the same words. */
#ifndef QRCLI_OPTION_LINES_H
#define QRCLI_OPTION_LINES_H

#include <stddef.h>

#include "qrpng.h"

/* The longest line read (a longer one is refused): a name and a value of
 * the table are a few dozen bytes; the worker's whole options are 1024. */
#define OPTION_LINE_MAX 1024u

/* Reads len bytes at text (not NUL-terminated; may be NULL when len is 0)
 * into set. 0, or -1 with one line in msg (msg_size bytes, at least 1):
 * "unknown option 'colour'", "invalid size '0': expected a whole number
 * of pixels, 1 to 8192", "option 'level' needs a value", "options hold a
 * NUL byte"; a name or value repeated in it is escaped (quote.h). */
int option_lines_read(const char *text, size_t len, qrpng_option_set *set,
                      char *msg, size_t msg_size);

#endif
