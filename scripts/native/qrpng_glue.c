/* qrpng_glue.c - see qrpng_glue.h. */
#include "qrpng_glue.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exit_codes.h"

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
    qrpng_option_set_init(&opts->given);
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

/* "invalid NAME 'VALUE': EXPECTS" (the value shown only when it is short
 * printable ASCII), in the option table's words, as the host packages
 * and qr-cli say it; returns -1. */
static int refuse_string(qrglue_error *err, qrpng_option_id id,
                         const char *value, size_t len)
{
    char expects[QRPNG_MESSAGE_MAX];
    qrpng_option_expects(id, expects, sizeof expects);
    const char *name = qrpng_option_info_of(id)->identifier;
    int printable = len <= 40;
    for (size_t i = 0; printable && i < len; i++)
        printable = value[i] >= 0x20 && value[i] < 0x7f;
    if (!printable)
        return qrglue_invalid(err, "invalid %s: %s", name, expects);
    return qrglue_invalid(err, "invalid %s '%.*s': %s", name, (int)len, value,
                          expects);
}

qrglue_kind qrglue_kind_of(qrpng_option_id id)
{
    uint32_t min, max;
    if (qrpng_option_range(id, &min, &max))
        return QRGLUE_NUMBER;
    const qrpng_option_info *row = qrpng_option_info_of(id);
    return row != NULL && row->value_name == NULL ? QRGLUE_FLAG : QRGLUE_STRING;
}

const char *qrglue_camel_case(const char *identifier, char *buf, size_t size)
{
    size_t n = 0;
    for (const char *p = identifier; *p != '\0' && n + 1 < size; p++) {
        if (*p == '_' && p[1] != '\0') {
            p++;
            buf[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
        } else {
            buf[n++] = *p;
        }
    }
    buf[n] = '\0';
    return buf;
}

int qrglue_set_number(qrglue_opts *opts, qrpng_option_id id, int64_t value,
                      qrglue_error *err)
{
    uint32_t min, max;
    if (!qrpng_option_range(id, &min, &max))
        return qrglue_invalid(err, "option %d takes no number", (int)id);
    char digits[24], expects[QRPNG_MESSAGE_MAX];
    snprintf(digits, sizeof digits, "%lld", (long long)value);
    if (value < (int64_t)min || value > (int64_t)max ||
        qrpng_option_set_value(&opts->given, id, digits, NULL, 0) != QRPNG_OK)
        return qrglue_invalid(err, "invalid %s %s: %s",
                              qrpng_option_info_of(id)->identifier, digits,
                              qrpng_option_expects(id, expects, sizeof expects));
    return 0;
}

int qrglue_set_flag(qrglue_opts *opts, qrpng_option_id id, int on,
                    qrglue_error *err)
{
    if (qrglue_kind_of(id) != QRGLUE_FLAG ||
        qrpng_option_set_value(&opts->given, id, on ? "1" : "0", NULL, 0) != QRPNG_OK)
        return qrglue_invalid(err, "option %d is not a flag", (int)id);
    return 0;
}

int qrglue_set_string(qrglue_opts *opts, qrpng_option_id id,
                      const char *value, size_t len, qrglue_error *err)
{
    if (qrglue_kind_of(id) != QRGLUE_STRING)
        return qrglue_invalid(err, "option %d takes no string", (int)id);
    char buf[16];
    const char *s = c_string(value, len, buf, sizeof buf);
    /* The library also takes a colour's digits without '#'; the hosts do
     * not. */
    int colour = id == QRPNG_OPT_FG ||
                 (id == QRPNG_OPT_BG && (s == NULL || strcmp(s, "transparent") != 0));
    if (s == NULL || (colour && s[0] != '#') ||
        qrpng_option_set_value(&opts->given, id, s, NULL, 0) != QRPNG_OK)
        return refuse_string(err, id, value, len);
    return 0;
}

int qrglue_finish(qrglue_opts *opts, qrglue_error *err)
{
    qrpng_options defaults = qrpng_default_options();
    char msg[QRPNG_MESSAGE_MAX];
    if (qrpng_option_set_apply(&opts->given, &defaults, &opts->render, msg,
                               sizeof msg) != QRPNG_OK)
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
