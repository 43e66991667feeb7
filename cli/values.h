/* values.h - parsing option values (levels, counts, colours). */
#ifndef QRCLI_VALUES_H
#define QRCLI_VALUES_H

#include <stdint.h>

#include "qrpng.h"

/* Each returns 0 and stores the value, or -1 leaving it untouched. */

/* L, M, Q or H, any case. */
int parse_level(const char *s, qrpng_level *level);

/* A decimal whole number in min..max: no sign, no space, no suffix. */
int parse_count(const char *s, uint32_t min, uint32_t max, uint32_t *value);

/* RRGGBB or RGB hex digits, with or without a leading '#'. */
int parse_color(const char *s, qrpng_rgb *color);

#endif
