/* option_table.c - the render options by name: one row each, read by
 * every front end (qrpng.h, "Options by name"). */
#include "qrpng.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* How a row's value is read. */
typedef enum value_kind {
    VALUE_LEVEL,    /* L, M, Q or H, any case */
    VALUE_COUNT,    /* a decimal whole number in min..max */
    VALUE_COLOR,    /* #RRGGBB or #RGB */
    VALUE_BG,       /* a colour, or "transparent" */
    VALUE_FORMAT,   /* a format name, any case */
    VALUE_FLAG      /* no value on a command line; true/false as a pair */
} value_kind;

typedef struct option_row {
    qrpng_option_info info;
    value_kind kind;
    uint32_t min, max;      /* VALUE_COUNT */
    const char *unit;       /* VALUE_COUNT: "a whole number of pixels" */
} option_row;

#define ROW(id, name, ident, shrt, value, dflt, help, kind, min, max, unit)  \
    [id] = { { name, ident, shrt, value, dflt, help }, kind, min, max, unit }

static const option_row rows[] = {
    ROW(QRPNG_OPT_LEVEL, "level", "level", 'l', "L|M|Q|H", "L",
        "error correction: L ~7%, M ~15%, Q ~25%, H ~30% of the code",
        VALUE_LEVEL, 0, 0, NULL),
    ROW(QRPNG_OPT_SIZE, "size", "size", 's', "PIXELS", "200",
        "image width and height; grows if modules would be under 2 pixels",
        VALUE_COUNT, 1, QRPNG_MAX_IMAGE_SIZE, "a whole number of pixels"),
    ROW(QRPNG_OPT_SCALE, "scale", "scale", 0, "PIXELS", NULL,
        "pixels per module instead of a fixed size",
        VALUE_COUNT, 1, QRPNG_MAX_IMAGE_SIZE,
        "a whole number of pixels per module"),
    ROW(QRPNG_OPT_MARGIN, "margin", "margin", 'm', "MODULES", "4",
        "quiet zone around the code",
        VALUE_COUNT, 0, QRPNG_MAX_MARGIN, "a whole number of modules"),
    ROW(QRPNG_OPT_FG, "fg", "fg", 0, "COLOR", "#000000",
        "dark modules, hex #RRGGBB or #RGB", VALUE_COLOR, 0, 0, NULL),
    ROW(QRPNG_OPT_BG, "bg", "bg", 0, "COLOR", "#ffffff",
        "light modules, hex or 'transparent'", VALUE_BG, 0, 0, NULL),
    ROW(QRPNG_OPT_TYPE, "type", "type", 't', "TYPE", NULL,
        "png (the default), svg, eps, or text for a terminal: utf8, "
        "ansiutf8 (with colours), ascii, and the inverted utf8i, asciii; "
        "any case",
        VALUE_FORMAT, 0, 0, NULL),
    ROW(QRPNG_OPT_SYMVERSION, "symversion", "symversion", 'v', "N", NULL,
        "smallest version to use; M1-M4 with micro",
        VALUE_COUNT, 1, QRPNG_MAX_VERSION, "a version"),
    ROW(QRPNG_OPT_MICRO, "micro", "micro", 'M', NULL, NULL,
        "Micro QR (M1-M4, levels L, M, Q): for short texts",
        VALUE_FLAG, 0, 0, NULL),
    ROW(QRPNG_OPT_BOOST_LEVEL, "boost-level", "boost_level", 0, NULL, NULL,
        "the highest level that keeps the same version",
        VALUE_FLAG, 0, 0, NULL),
    ROW(QRPNG_OPT_EIGHT_BIT, "8bit", "eight_bit", '8', NULL, NULL,
        "byte mode only (no numeric or alphanumeric segments)",
        VALUE_FLAG, 0, 0, NULL),
    ROW(QRPNG_OPT_DPI, "dpi", "dpi", 'd', "N", NULL,
        "PNG: write N dots per inch, as a pHYs chunk",
        VALUE_COUNT, 1, QRPNG_MAX_DPI, "dots per inch"),
};

_Static_assert(sizeof rows / sizeof *rows == QRPNG_OPTION_COUNT,
               "a row for every qrpng_option_id");

const qrpng_option_info *qrpng_option_info_of(qrpng_option_id id)
{
    return (unsigned)id < QRPNG_OPTION_COUNT ? &rows[id].info : NULL;
}

int qrpng_option_lookup(const char *name)
{
    for (int id = 0; name != NULL && id < QRPNG_OPTION_COUNT; id++)
        if (strcmp(name, rows[id].info.name) == 0 ||
            strcmp(name, rows[id].info.identifier) == 0)
            return id;
    return -1;
}

int qrpng_option_range(qrpng_option_id id, uint32_t *min, uint32_t *max)
{
    if ((unsigned)id >= QRPNG_OPTION_COUNT || rows[id].kind != VALUE_COUNT)
        return 0;
    *min = rows[id].min;
    *max = rows[id].max;
    return 1;
}

void qrpng_option_set_init(qrpng_option_set *set)
{
    memset(set, 0, sizeof *set);
    set->values = qrpng_default_options();
}

int qrpng_parse_count(const char *s, uint32_t min, uint32_t max,
                      uint32_t *value)
{
    uint64_t n = 0;
    if (s == NULL || *s == '\0')
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

/* #RRGGBB or #RGB (#abc is #aabbcc, as in CSS); the '#' may be left out. */
static int parse_color(const char *s, qrpng_rgb *color)
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

/* A flag's value as a pair: NULL or empty (given alone), 1/true/yes/on,
 * 0/false/no/off, any case. */
static int parse_flag(const char *s, int *on)
{
    static const char *const yes[] = { "1", "true", "yes", "on" };
    static const char *const no[] = { "0", "false", "no", "off" };
    if (s == NULL || *s == '\0') {
        *on = 1;
        return 0;
    }
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcasecmp(s, yes[i]) == 0) {
            *on = 1;
            return 0;
        }
        if (strcasecmp(s, no[i]) == 0) {
            *on = 0;
            return 0;
        }
    }
    return -1;
}

static int parse_level(const char *s, qrpng_level *level)
{
    for (int l = QRPNG_LEVEL_L; l <= QRPNG_LEVEL_H; l++) {
        if (strcasecmp(s, qrpng_level_name((qrpng_level)l)) == 0) {
            *level = (qrpng_level)l;
            return 0;
        }
    }
    return -1;
}

static int parse_format(const char *s, qrpng_format *format)
{
    for (int f = 0; f < QRPNG_FORMAT_COUNT; f++) {
        if (strcasecmp(s, qrpng_format_name((qrpng_format)f)) == 0) {
            *format = (qrpng_format)f;
            return 0;
        }
    }
    return -1;
}

/* What a row takes, for a message: "expected ...". */
static void expected(const option_row *row, char *msg, size_t msg_size)
{
    size_t used;
    switch (row->kind) {
    case VALUE_LEVEL:
        snprintf(msg, msg_size, "expected L, M, Q or H");
        return;
    case VALUE_COUNT:
        used = (size_t)snprintf(msg, msg_size, "expected %s, %lu to %lu",
                                row->unit, (unsigned long)row->min,
                                (unsigned long)row->max);
        if (row == &rows[QRPNG_OPT_SYMVERSION] && used < msg_size)
            snprintf(msg + used, msg_size - used, " (1 to %u for Micro QR)",
                     QRPNG_MAX_MICRO_VERSION);
        return;
    case VALUE_COLOR:
        snprintf(msg, msg_size, "expected a hex colour like %s",
                 row->info.default_value);
        return;
    case VALUE_BG:
        snprintf(msg, msg_size, "expected a hex colour like %s, or "
                 "transparent", row->info.default_value);
        return;
    case VALUE_FORMAT:
        used = (size_t)snprintf(msg, msg_size, "expected");
        for (int f = 0; f < QRPNG_FORMAT_COUNT && used < msg_size; f++)
            used += (size_t)snprintf(msg + used, msg_size - used, "%s %s",
                                     f == 0 ? "" : f == QRPNG_FORMAT_COUNT - 1
                                     ? " or" : ",",
                                     qrpng_format_name((qrpng_format)f));
        return;
    case VALUE_FLAG:
        snprintf(msg, msg_size, "expected true or false");
        return;
    }
}

/* Reads value into v by row's kind: 0, or -1 when it is not one. bg
 * also says in *bg_color whether a colour was given. */
static int parse_value(qrpng_option_id id, const option_row *row,
                       const char *value, qrpng_options *v, int *bg_color)
{
    int on;
    switch (row->kind) {
    case VALUE_LEVEL:
        return parse_level(value, &v->level);
    case VALUE_COUNT: {
        uint32_t *field = id == QRPNG_OPT_SIZE ? &v->size
                        : id == QRPNG_OPT_SCALE ? &v->scale
                        : id == QRPNG_OPT_MARGIN ? &v->margin
                        : id == QRPNG_OPT_SYMVERSION ? &v->version : &v->dpi;
        return qrpng_parse_count(value, row->min, row->max, field);
    }
    case VALUE_COLOR:
        return parse_color(value, &v->dark);
    case VALUE_BG:
        if (strcmp(value, "transparent") == 0) {
            v->light_transparent = 1;
            *bg_color = 0;
            return 0;
        }
        v->light_transparent = 0;
        *bg_color = 1;
        return parse_color(value, &v->light);
    case VALUE_FORMAT:
        return parse_format(value, &v->format);
    case VALUE_FLAG:
        if (parse_flag(value, &on) != 0)
            return -1;
        *(id == QRPNG_OPT_MICRO ? &v->micro
          : id == QRPNG_OPT_BOOST_LEVEL ? &v->boost_level : &v->eight_bit) = on;
        return 0;
    }
    return -1;
}

const char *qrpng_option_expects(qrpng_option_id id, char *buf, size_t size)
{
    if (buf == NULL || size == 0)
        return NULL;
    buf[0] = '\0';
    if ((unsigned)id >= QRPNG_OPTION_COUNT)
        return NULL;
    expected(&rows[id], buf, size);
    return buf;
}

qrpng_status qrpng_option_set_value(qrpng_option_set *set, qrpng_option_id id,
                                    const char *value, char *msg,
                                    size_t msg_size)
{
    if (msg != NULL && msg_size > 0)
        msg[0] = '\0';
    if (set == NULL || (unsigned)id >= QRPNG_OPTION_COUNT)
        return QRPNG_ERR_NULL_ARGUMENT;
    const option_row *row = &rows[id];
    if (value == NULL && row->kind != VALUE_FLAG) {
        if (msg != NULL && msg_size > 0)
            snprintf(msg, msg_size, "needs a value");
        return QRPNG_ERR_INVALID_OPTION;
    }
    qrpng_options parsed = set->values;
    int bg_color = 0;
    if (parse_value(id, row, value, &parsed, &bg_color) != 0) {
        if (msg != NULL && msg_size > 0)
            expected(row, msg, msg_size);
        return QRPNG_ERR_INVALID_OPTION;
    }
    set->values = parsed;
    set->given |= 1u << id;
    if (id == QRPNG_OPT_BG) /* the last bg counts, colour or not */
        set->given = bg_color ? set->given | QRPNG_OPTION_SET_BG_COLOR
                              : set->given & ~QRPNG_OPTION_SET_BG_COLOR;
    return QRPNG_OK;
}
