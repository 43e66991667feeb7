/* option_values.h - option values from text (a level, a count, a colour,
 * a type), for the command line and the in-process bindings alike. */
#ifndef QRCLI_OPTION_VALUES_H
#define QRCLI_OPTION_VALUES_H

#include <stdint.h>

#include "qrpng.h"

/* Each returns 0 and stores the value, or -1 leaving it untouched. */

/* L, M, Q or H, any case. */
int parse_level(const char *s, qrpng_level *level);

/* A decimal whole number in min..max: no sign, no space, no suffix. */
int parse_count(const char *s, uint32_t min, uint32_t max, uint32_t *value);

/* RRGGBB or RGB hex digits, with or without a leading '#'. */
int parse_color(const char *s, qrpng_rgb *color);

/* An output type by its name, any case: png, svg, eps, utf8, ansiutf8,
 * ascii, utf8i, asciii (qrencode's names). */
int parse_format(const char *s, qrpng_format *format);

/* Room for format_choices(). */
#define FORMAT_CHOICES_SIZE 96

/* "expected png, svg, ... or asciii": every format's name, from the
 * library's table, for a message. Returns buf. */
const char *format_choices(char buf[FORMAT_CHOICES_SIZE]);

/* The type a file name's extension implies (any case): .png, .svg, .eps,
 * .txt (utf8); PNG for any other or none. */
qrpng_format format_for_path(const char *path);

#endif
