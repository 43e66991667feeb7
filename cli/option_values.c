/* option_values.c - option values from text. */
#include "option_values.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int parse_level(const char *s, qrpng_level *level)
{
    for (int l = QRPNG_LEVEL_L; l <= QRPNG_LEVEL_H; l++) {
        if (strcasecmp(s, qrpng_level_name((qrpng_level)l)) == 0) {
            *level = (qrpng_level)l;
            return 0;
        }
    }
    return -1;
}

int parse_count(const char *s, uint32_t min, uint32_t max, uint32_t *value)
{
    uint64_t n = 0;
    if (*s == '\0')
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        n = n * 10 + (uint64_t)(*s - '0');
        if (n > max)
            return -1;
    }
    if (n < min)
        return -1;
    *value = (uint32_t)n;
    return 0;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int parse_color(const char *s, qrpng_rgb *color)
{
    if (*s == '#')
        s++;
    size_t len = strlen(s);
    if (len != 3 && len != 6)
        return -1;
    int d[6] = { 0 };
    for (size_t i = 0; i < len; i++)
        if ((d[i] = hex_digit(s[i])) < 0)
            return -1;
    if (len == 3) {
        /* #abc means #aabbcc, as in CSS. */
        color->r = (uint8_t)(d[0] * 17);
        color->g = (uint8_t)(d[1] * 17);
        color->b = (uint8_t)(d[2] * 17);
    } else {
        color->r = (uint8_t)(d[0] * 16 + d[1]);
        color->g = (uint8_t)(d[2] * 16 + d[3]);
        color->b = (uint8_t)(d[4] * 16 + d[5]);
    }
    return 0;
}

int parse_format(const char *s, qrpng_format *format)
{
    for (int f = 0; f < QRPNG_FORMAT_COUNT; f++) {
        if (strcasecmp(s, qrpng_format_name((qrpng_format)f)) == 0) {
            *format = (qrpng_format)f;
            return 0;
        }
    }
    return -1;
}

const char *format_choices(char buf[FORMAT_CHOICES_SIZE])
{
    size_t used = (size_t)snprintf(buf, FORMAT_CHOICES_SIZE, "expected");
    for (int f = 0; f < QRPNG_FORMAT_COUNT && used < FORMAT_CHOICES_SIZE; f++)
        used += (size_t)snprintf(buf + used, FORMAT_CHOICES_SIZE - used,
                                 "%s %s", f == 0 ? ""
                                 : f == QRPNG_FORMAT_COUNT - 1 ? " or" : ",",
                                 qrpng_format_name((qrpng_format)f));
    return buf;
}

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
