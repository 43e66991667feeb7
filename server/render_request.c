/* render_request.c - see render_request.h. The /qrcode route here; the
 * goQR route in goqr_params.c. */
#include "render_request.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quote.h"
#include "query.h"
#include "request_internal.h"

/* Largest symbols: QR version 40, Micro QR M4. */
#define WIDEST_SYMBOL 177u
#define WIDEST_MICRO_SYMBOL 17u

int request_refuse(render_request *req, int status, const char *fmt, ...)
{
    char raw[sizeof req->message];
    va_list args;
    va_start(args, fmt);
    /* va_start is just above: a false positive of clang-tidy 14 (as in
     * cli/failure.c). */
    vsnprintf(raw, sizeof raw, fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
    va_end(args);
    /* What went in is quoted already; this keeps a control byte from any
     * other source (a library message) out of the body all the same. */
    size_t used = 0;
    for (const char *p = raw; *p != '\0' && used + 1 < sizeof req->message;
         p++) {
        unsigned char c = (unsigned char)*p;
        req->message[used++] = *p;
        if (c < 0x20 || c == 0x7f)
            req->message[used - 1] = '?';
    }
    req->message[used] = '\0';
    req->http_status = status;
    return -1;
}

int request_refuse_value(render_request *req, const char *name,
                         const query_param *p, const char *expects)
{
    char msg[sizeof req->message];
    quote_invalid_value(msg, sizeof msg, name, p->value, p->value_len,
                        expects);
    return request_refuse(req, 400, "%s", msg);
}

int request_take_text(render_request *req, const query_param *p,
                      const char *name, size_t max_text)
{
    if (p == NULL || p->value_len == 0)
        return request_refuse(req, 400, "missing \"%s\" query param", name);
    if (p->value_len > max_text)
        return request_refuse(req, 400, "%s must be <= %zu bytes", name,
                              max_text);
    if (memchr(p->value, '\0', p->value_len) != NULL)
        return request_refuse(req, 400, "%s must not contain NUL", name);
    req->text = malloc(p->value_len);
    if (req->text == NULL)
        return request_refuse(req, 500, "out of memory");
    memcpy(req->text, p->value, p->value_len);
    req->text_len = p->value_len;
    return 0;
}

uint64_t render_request_max_width(const qrpng_options *o)
{
    uint64_t modules = (o->micro ? WIDEST_MICRO_SYMBOL : WIDEST_SYMBOL)
                       + 2u * (uint64_t)o->margin;
    if (o->format != QRPNG_FORMAT_PNG && o->format != QRPNG_FORMAT_SVG &&
        o->format != QRPNG_FORMAT_EPS)
        return modules; /* terminal text: one character a module */
    if (o->scale > 0)
        return o->scale * modules + 2u * (uint64_t)o->padding;
    /* A size too small for the symbol grows to modules of 2 pixels. */
    uint64_t grown = QRPNG_MIN_MODULE_PX * modules + 2u * (uint64_t)o->padding;
    return grown > o->size ? grown : o->size;
}

/* The image limit, checked before rendering against the widest image the
 * options can give; the quiet zone named as the route names it. */
static int check_max_size(render_request *req, uint32_t max_size,
                          const char *quiet_zone)
{
    const qrpng_options *o = &req->options;
    uint64_t widest = render_request_max_width(o);
    if (widest <= max_size)
        return 0;
    if (o->scale > 0)
        return request_refuse(req, 400, "scale %lu can make a %llu-pixel "
                              "image; images must be <= %lu pixels",
                              (unsigned long)o->scale,
                              (unsigned long long)widest,
                              (unsigned long)max_size);
    if (o->size > max_size)
        return request_refuse(req, 400, "size must be <= %lu pixels",
                              (unsigned long)max_size);
    return request_refuse(req, 400, "%s %lu can make a %llu-pixel image; "
                          "images must be <= %lu pixels", quiet_zone,
                          (unsigned long)o->margin, (unsigned long long)widest,
                          (unsigned long)max_size);
}

/* /qrcode: text, and every option of libqrpng's table by its name. */
static int parse_qrcode(render_request *req, const query_params *q,
                        const request_limits *limits)
{
    const query_param *text = NULL;
    size_t texts = 0;
    const query_param *bad = NULL;
    char reason[QRPNG_MESSAGE_MAX] = "";
    qrpng_option_set set;
    qrpng_option_set_init(&set);

    for (size_t i = 0; i < q->count; i++) {
        const query_param *p = &q->items[i];
        if (query_name_is(p, "text")) {
            text = p;
            texts++;
            continue;
        }
        if (bad != NULL || memchr(p->name, '\0', p->name_len) != NULL)
            continue;
        int id = qrpng_option_lookup(p->name);
        if (id < 0)
            continue; /* unknown: a cache buster, say */
        if (memchr(p->value, '\0', p->value_len) != NULL) {
            qrpng_option_expects((qrpng_option_id)id, reason, sizeof reason);
            bad = p;
            continue;
        }
        /* A flag alone (no '=') is on; so is an empty value. */
        if (qrpng_option_set_value(&set, (qrpng_option_id)id, p->value,
                                   reason, sizeof reason) != QRPNG_OK)
            bad = p;
    }
    if (texts != 1)
        text = NULL; /* missing, or repeated: which one was meant? */
    if (request_take_text(req, text, "text", limits->max_text) != 0)
        return -1;
    if (bad != NULL)
        return request_refuse_value(req, bad->name, bad, reason);

    qrpng_options defaults = qrpng_default_options();
    if (qrpng_option_set_apply(&set, &defaults, &req->options, reason,
                               sizeof reason) != QRPNG_OK)
        return request_refuse(req, 400, "%s", reason);
    return 0;
}

int render_request_parse(render_request *req, request_route route,
                         const char *query, size_t query_len,
                         const char *form, size_t form_len,
                         const request_limits *limits)
{
    memset(req, 0, sizeof *req);
    req->options = qrpng_default_options();
    request_limits defaults = { REQUEST_DEFAULT_MAX_TEXT,
                                REQUEST_DEFAULT_MAX_SIZE };
    if (limits == NULL)
        limits = &defaults;
    if (query == NULL)
        query_len = 0;
    if (form == NULL)
        form_len = 0;

    query_params get, post = { NULL, 0 };
    if (query_parse(&get, query, query_len) != 0)
        return request_refuse(req, 500, "out of memory");
    int result;
    if (route == REQUEST_ROUTE_QRCODE) {
        result = parse_qrcode(req, &get, limits);
    } else if (route == REQUEST_ROUTE_GOQR) {
        if (query_parse(&post, form, form_len) != 0)
            result = request_refuse(req, 500, "out of memory");
        else
            result = request_parse_goqr(req, &get, &post, limits);
    } else {
        result = request_refuse(req, 400, "unknown route");
    }
    query_free(&get);
    query_free(&post);
    if (result == 0) {
        if (check_max_size(req, limits->max_size,
                           route == REQUEST_ROUTE_GOQR ? "qzone" : "margin")
            != 0)
            result = -1;
    }
    if (result != 0) {
        free(req->text);
        req->text = NULL;
        req->text_len = 0;
        if (req->http_status == 0)
            req->http_status = 400;
        return -1;
    }
    req->http_status = 0;
    req->message[0] = '\0';
    return 0;
}

void render_request_release(render_request *req)
{
    if (req == NULL)
        return;
    free(req->text);
    req->text = NULL;
    req->text_len = 0;
}

size_t render_request_key(const render_request *req, char *buf, size_t size)
{
    const qrpng_options *o = &req->options;
    const char *format = qrpng_format_name(o->format);
    const char *level = qrpng_level_name(o->level);
    int n = snprintf(buf, size,
                     "v1 f=%s l=%s s=%lu k=%lu m=%lu p=%lu "
                     "d=%02x%02x%02x b=%02x%02x%02x t=%d n=%lu u=%d o=%d "
                     "e=%d i=%lu",
                     format != NULL ? format : "?", level != NULL ? level : "?",
                     (unsigned long)(o->scale > 0 ? 0 : o->size),
                     (unsigned long)o->scale, (unsigned long)o->margin,
                     (unsigned long)o->padding, o->dark.r, o->dark.g,
                     o->dark.b, o->light.r, o->light.g, o->light.b,
                     o->light_transparent != 0, (unsigned long)o->version,
                     o->micro != 0, o->boost_level != 0, o->eight_bit != 0,
                     (unsigned long)o->dpi);
    if (n < 0) {
        if (size > 0)
            buf[0] = '\0';
        return 0;
    }
    return (size_t)n;
}
