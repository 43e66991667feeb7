/* qrpng_glue.c - see qrpng_glue.h. */
#include "qrpng_glue.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exit_codes.h"
#include "failure.h"
#include "option_values.h"

int qrglue_invalid(qrglue_error *err, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, args);
    va_end(args);
    err->code = "QR_INVALID_ARGUMENT";
    err->status = QRGLUE_NO_STATUS;
    return -1;
}

void qrglue_opts_init(qrglue_opts *opts)
{
    render_overrides_init(&opts->given);
    opts->render = qrpng_default_options();
}

/* value as a C string when it is one (no NUL inside, fits buf). */
static const char *c_string(const char *value, size_t len, char *buf, size_t size)
{
    if (len >= size || memchr(value, '\0', len) != NULL)
        return NULL;
    memcpy(buf, value, len);
    buf[len] = '\0';
    return buf;
}

int qrglue_set_level(qrglue_opts *opts, const char *value, size_t len,
                     qrglue_error *err)
{
    char buf[4];
    const char *s = c_string(value, len, buf, sizeof buf);
    if (s == NULL || parse_level(s, &opts->given.values.level) != 0)
        return qrglue_invalid(err, "option level must be L, M, Q or H");
    opts->given.given |= RENDER_LEVEL;
    return 0;
}

int qrglue_set_type(qrglue_opts *opts, const char *value, size_t len,
                    qrglue_error *err)
{
    char buf[16];
    const char *s = c_string(value, len, buf, sizeof buf);
    if (s == NULL || parse_format(s, &opts->given.values.format) != 0) {
        char choices[FORMAT_CHOICES_SIZE];
        /* "option type must be png, svg, ... or asciii" */
        return qrglue_invalid(err, "option type must be%s",
                              format_choices(choices) + strlen("expected"));
    }
    opts->given.given |= RENDER_FORMAT;
    return 0;
}

int qrglue_set_count(qrglue_opts *opts, const char *name, int64_t value,
                     qrglue_error *err)
{
    qrpng_options *v = &opts->given.values;
    uint32_t *field, min = 1, max = QRPNG_MAX_IMAGE_SIZE;
    unsigned option;
    if (strcmp(name, "size") == 0) {
        field = &v->size;
        option = RENDER_SIZE;
    } else if (strcmp(name, "scale") == 0) {
        field = &v->scale;
        option = RENDER_SCALE;
    } else if (strcmp(name, "margin") == 0) {
        field = &v->margin;
        option = RENDER_MARGIN;
        min = 0;
        max = QRPNG_MAX_MARGIN;
    } else {
        return qrglue_invalid(err, "unknown option %.32s", name);
    }
    if (value < (int64_t)min || value > (int64_t)max)
        return qrglue_invalid(err, "option %s must be a whole number from %u to %u",
                              name, min, max);
    *field = (uint32_t)value;
    opts->given.given |= option;
    return 0;
}

int qrglue_set_color(qrglue_opts *opts, const char *name, const char *value,
                     size_t len, qrglue_error *err)
{
    int is_bg = strcmp(name, "bg") == 0;
    char buf[16];
    const char *s = c_string(value, len, buf, sizeof buf);
    render_overrides *o = &opts->given;
    if (s != NULL && is_bg && strcmp(s, "transparent") == 0) {
        o->given = (o->given & ~(unsigned)RENDER_LIGHT) | RENDER_TRANSPARENT;
        return 0;
    }
    /* parse_color also takes the digits without '#'; the hosts do not. */
    if (s == NULL || s[0] != '#' ||
        parse_color(s, is_bg ? &o->values.light : &o->values.dark) != 0)
        return qrglue_invalid(err, "option %s must be a colour like #rgb or #rrggbb%s",
                              is_bg ? "bg" : "fg", is_bg ? ", or transparent" : "");
    if (is_bg)
        o->given = (o->given & ~(unsigned)RENDER_TRANSPARENT) | RENDER_LIGHT;
    else
        o->given |= RENDER_DARK;
    return 0;
}

int qrglue_finish(qrglue_opts *opts, qrglue_error *err)
{
    qrpng_options defaults = qrpng_default_options();
    char msg[QRPNG_MESSAGE_MAX];
    if (render_options_apply(&defaults, &opts->given, &opts->render, msg,
                             sizeof msg) != 0)
        return qrglue_invalid(err, "%s", msg);
    return 0;
}

void qrglue_render_error(qrpng_status status, const char *message,
                         qrglue_error *err)
{
    err->status = exit_code_for(status);
    switch (err->status) {
    case QRCLI_EXIT_ENCODE: err->code = "QR_ENCODE"; break;
    case QRCLI_EXIT_USAGE:  err->code = "QR_USAGE"; break;
    default:
        err->code = "QR_INTERNAL";
        err->status = QRCLI_EXIT_INTERNAL;
        break;
    }
    if (message == NULL || message[0] == '\0')
        message = qrpng_strerror(status);
    snprintf(err->message, sizeof err->message, "%s", message);
}

void qrglue_no_memory(qrglue_error *err)
{
    qrglue_render_error(QRPNG_ERR_NO_MEMORY, "out of memory", err);
}
