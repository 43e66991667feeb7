/* goqr_params.c - /v1/create-qr-code/, goQR.me's create-qr-code API:
 * its parameter names, value formats, defaults and ranges, for what
 * libqrpng can draw (docs/goqr.md). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "request_internal.h"

/* goQR's ranges and defaults. */
#define GOQR_MIN_SIZE 10u
#define GOQR_MAX_SIZE 1000u
#define GOQR_DEFAULT_SIZE 200u
#define GOQR_MAX_MARGIN 50u   /* pixels */
#define GOQR_DEFAULT_MARGIN 1u
#define GOQR_MAX_QZONE 100u   /* modules */

/* The parameters read, in the order they are checked. */
enum goqr_param {
    P_DATA, P_SIZE, P_ECC, P_COLOR, P_BGCOLOR, P_MARGIN, P_QZONE, P_FORMAT,
    P_CHARSET_SOURCE, P_CHARSET_TARGET, P_COUNT
};

static const char *const names[P_COUNT] = {
    "data", "size", "ecc", "color", "bgcolor", "margin", "qzone", "format",
    "charset-source", "charset-target"
};

/* The value of each parameter: the last one in the query string, else
 * the last one in the form body (a GET value wins, as goQR documents;
 * the last of a repeated one counts, as PHP reads a query). */
static void pick(const query_params *get, const query_params *post,
                 const query_param *chosen[P_COUNT])
{
    for (int n = 0; n < P_COUNT; n++)
        chosen[n] = NULL;
    const query_params *sources[2] = { post, get };
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < sources[s]->count; i++)
            for (int n = 0; n < P_COUNT; n++)
                if (query_name_is(&sources[s]->items[i], names[n]))
                    chosen[n] = &sources[s]->items[i];
}

/* A decimal whole number of 1 to 4 digits (no sign or space) in
 * min..max: 0, or -1. */
static int parse_number(const char *s, size_t len, uint32_t min,
                        uint32_t max, uint32_t *out)
{
    uint32_t n = 0;
    if (len == 0 || len > 4)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        n = n * 10 + (uint32_t)(s[i] - '0');
    }
    if (n < min || n > max)
        return -1;
    *out = n;
    return 0;
}

/* "WxH" or a bare "N" (N x N); the image is square, so the smaller side
 * of a non-square one. */
static int parse_size(const query_param *p, uint32_t *size)
{
    const char *x = memchr(p->value, 'x', p->value_len);
    if (x == NULL)
        x = memchr(p->value, 'X', p->value_len);
    uint32_t w, h;
    if (x == NULL) {
        if (parse_number(p->value, p->value_len, GOQR_MIN_SIZE,
                         GOQR_MAX_SIZE, &w) != 0)
            return -1;
        *size = w;
        return 0;
    }
    size_t wlen = (size_t)(x - p->value);
    if (parse_number(p->value, wlen, GOQR_MIN_SIZE, GOQR_MAX_SIZE, &w) != 0 ||
        parse_number(x + 1, p->value_len - wlen - 1, GOQR_MIN_SIZE,
                     GOQR_MAX_SIZE, &h) != 0)
        return -1;
    *size = w < h ? w : h;
    return 0;
}

/* A colour as goQR takes it: decimal "r-g-b" (0-255 each), or hex
 * "RRGGBB" or "RGB" (a '#' before it, as %23, is taken too). */
static int parse_color(const query_param *p, qrpng_rgb *color)
{
    if (memchr(p->value, '\0', p->value_len) != NULL)
        return -1;
    if (memchr(p->value, '-', p->value_len) != NULL) {
        uint32_t c[3];
        const char *s = p->value, *end = p->value + p->value_len;
        for (int i = 0; i < 3; i++) {
            const char *dash = i < 2 ? memchr(s, '-', (size_t)(end - s)) : end;
            if (dash == NULL ||
                parse_number(s, (size_t)(dash - s), 0, 255, &c[i]) != 0)
                return -1;
            s = dash + 1;
        }
        color->r = (uint8_t)c[0];
        color->g = (uint8_t)c[1];
        color->b = (uint8_t)c[2];
        return 0;
    }
    /* Hex through the option table's reading of a colour (fg: no
     * "transparent", which goQR does not take). */
    qrpng_option_set set;
    qrpng_option_set_init(&set);
    if (qrpng_option_set_value(&set, QRPNG_OPT_FG, p->value, NULL, 0) !=
        QRPNG_OK)
        return -1;
    *color = set.values.dark;
    return 0;
}

static int is_utf8_name(const query_param *p)
{
    return p->value_len == 5 && strncasecmp(p->value, "UTF-8", 5) == 0;
}

int request_parse_goqr(render_request *req, const query_params *get,
                       const query_params *post, const request_limits *limits)
{
    const query_param *v[P_COUNT];
    pick(get, post, v);
    if (request_take_text(req, v[P_DATA], "data", limits->max_text) != 0)
        return -1;

    qrpng_options *o = &req->options;
    *o = qrpng_default_options();
    o->size = GOQR_DEFAULT_SIZE;
    o->margin = 0;                      /* qzone */
    o->padding = GOQR_DEFAULT_MARGIN;   /* margin */

    if (v[P_SIZE] != NULL && parse_size(v[P_SIZE], &o->size) != 0)
        return request_refuse_value(req, "size", v[P_SIZE],
                                    "expected WxH in pixels, 10x10 to "
                                    "1000x1000 (or one number for both)");
    if (v[P_ECC] != NULL) {
        static const char levels[] = "LMQH";
        char c = v[P_ECC]->value[0];
        const char *hit = v[P_ECC]->value_len == 1 && c != '\0'
                          ? strchr(levels, c >= 'a' && c <= 'z' ? c - 32 : c)
                          : NULL;
        if (hit == NULL)
            return request_refuse_value(req, "ecc", v[P_ECC],
                                        "expected L, M, Q or H");
        o->level = (qrpng_level)(hit - levels);
    }
    static const char colour_words[] =
        "expected r-g-b in decimal (0-255 each) or hex RRGGBB or RGB";
    if (v[P_COLOR] != NULL && parse_color(v[P_COLOR], &o->dark) != 0)
        return request_refuse_value(req, "color", v[P_COLOR], colour_words);
    if (v[P_BGCOLOR] != NULL && parse_color(v[P_BGCOLOR], &o->light) != 0)
        return request_refuse_value(req, "bgcolor", v[P_BGCOLOR],
                                    colour_words);
    if (v[P_MARGIN] != NULL &&
        parse_number(v[P_MARGIN]->value, v[P_MARGIN]->value_len, 0,
                     GOQR_MAX_MARGIN, &o->padding) != 0)
        return request_refuse_value(req, "margin", v[P_MARGIN],
                                    "expected a whole number of pixels, 0 "
                                    "to 50");
    if (v[P_QZONE] != NULL &&
        parse_number(v[P_QZONE]->value, v[P_QZONE]->value_len, 0,
                     GOQR_MAX_QZONE, &o->margin) != 0)
        return request_refuse_value(req, "qzone", v[P_QZONE],
                                    "expected a whole number of modules, 0 "
                                    "to 100");
    if (v[P_FORMAT] != NULL) {
        static const char *const unsupported[] = { "gif", "jpg", "jpeg" };
        static const qrpng_format formats[] = { QRPNG_FORMAT_PNG,
            QRPNG_FORMAT_SVG, QRPNG_FORMAT_EPS };
        const query_param *f = v[P_FORMAT];
        int found = 0;
        for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
            const char *name = qrpng_format_name(formats[i]);
            if (f->value_len == strlen(name) &&
                strncasecmp(f->value, name, f->value_len) == 0) {
                o->format = formats[i];
                found = 1;
            }
        }
        for (size_t i = 0; !found && i < 3; i++)
            if (f->value_len == strlen(unsupported[i]) &&
                strncasecmp(f->value, unsupported[i], f->value_len) == 0)
                return request_refuse(req, 400, "format %s is not supported "
                                      "here: use png, svg or eps",
                                      unsupported[i]);
        if (!found)
            return request_refuse_value(req, "format", f,
                                        "expected png, svg or eps");
    }
    for (int n = P_CHARSET_SOURCE; n <= P_CHARSET_TARGET; n++)
        if (v[n] != NULL && !is_utf8_name(v[n]))
            return request_refuse_value(req, names[n], v[n],
                                        "not supported: no charset "
                                        "conversion is done, the data's "
                                        "bytes are encoded as sent (say "
                                        "UTF-8 or leave it out)");
    if (!o->light_transparent && o->dark.r == o->light.r &&
        o->dark.g == o->light.g && o->dark.b == o->light.b)
        return request_refuse(req, 400, "color and bgcolor must differ");

    char why[QRPNG_MESSAGE_MAX];
    if (qrpng_check_options(o, why, sizeof why) != QRPNG_OK)
        return request_refuse(req, 400, "%s", why);
    return 0;
}
