/* qrpng_glue.h - what the in-process bindings (the Node addon in
 * scripts/node/native, the CPython extension qr_cli._native) share: host
 * option values checked and turned into qrpng_options, and library
 * failures turned into the host packages' error codes (HOST-API table:
 * code string plus qr-cli exit status).
 *
 * Plain C over lib/qrpng.h (its option table: the same parsing and
 * option policy as qr-cli's command line and worker frames) and
 * cli/exit_codes.h; no allocation, no global state, never prints. Every
 * setter returns 0, or -1 with *err filled. */
#ifndef QRPNG_GLUE_H
#define QRPNG_GLUE_H

#include <stddef.h>
#include <stdint.h>

#include "qrpng.h"

#define QRGLUE_NO_STATUS (-1) /* err->status when the code has none (null) */

typedef struct qrglue_error {
    const char *code;   /* "QR_INVALID_ARGUMENT", "QR_ENCODE", ... (static) */
    int status;         /* qr-cli exit status 1..4, or QRGLUE_NO_STATUS */
    char message[QRPNG_MESSAGE_MAX + 96];
} qrglue_error;

typedef struct qrglue_opts {
    qrpng_option_set given;  /* what the host passed (the setters) */
    qrpng_options render;    /* what to render with (qrglue_finish) */
} qrglue_opts;

/* Fills *err with code QR_INVALID_ARGUMENT (no status) and a printf
 * message; returns -1, so that callers can `return qrglue_invalid(...)`. */
__attribute__((format(printf, 2, 3)))
int qrglue_invalid(qrglue_error *err, const char *fmt, ...);

/* The library defaults (level L, 200 px, margin 4, black on white). */
void qrglue_opts_init(qrglue_opts *opts);

/* How a host passes the value of option id (libqrpng's option table):
 * a whole number (the rows with a range: size, scale, margin, symversion,
 * dpi), a boolean (the flags: micro, boost level, 8-bit), or a string
 * (level, fg, bg, type). A binding reads every row of the table by its
 * identifier (Python) or its camel case (JavaScript: boostLevel), so a
 * new row needs no change in the bindings. */
typedef enum qrglue_kind { QRGLUE_NUMBER, QRGLUE_FLAG, QRGLUE_STRING } qrglue_kind;
qrglue_kind qrglue_kind_of(qrpng_option_id id);

/* The camel-case form of identifier ("boost_level" -> "boostLevel") in
 * buf (size bytes); returns buf. */
const char *qrglue_camel_case(const char *identifier, char *buf, size_t size);

/* Option id (QRGLUE_NUMBER) set to value. A mistake of any setter is
 * QR_INVALID_ARGUMENT "invalid NAME VALUE: EXPECTS", in the option
 * table's words (qrpng_option_expects), as qr-cli and the packages say. */
int qrglue_set_number(qrglue_opts *opts, qrpng_option_id id, int64_t value,
                      qrglue_error *err);

/* Option id (QRGLUE_FLAG) on or off. */
int qrglue_set_flag(qrglue_opts *opts, qrpng_option_id id, int on,
                    qrglue_error *err);

/* Option id (QRGLUE_STRING) from len bytes (not NUL-terminated
 * necessarily; a NUL inside is refused): a level, a type by name, or a
 * colour '#rgb'/'#rrggbb' (bg also 'transparent'). */
int qrglue_set_string(qrglue_opts *opts, qrpng_option_id id,
                      const char *value, size_t len, qrglue_error *err);

/* After all setters: the library's defaults with the given options over
 * them, by the library's policy (qrpng_option_set_apply; size and scale
 * together are refused), into opts->render. */
int qrglue_finish(qrglue_opts *opts, qrglue_error *err);

/* The error for a failed qrpng_render (status != QRPNG_OK): QR_ENCODE/2
 * for an empty or too long text, QR_USAGE/1 for options the library
 * refused (e.g. a scale that makes the image too large), QR_INTERNAL/4
 * for out of memory or a dependency failure. message is the context's
 * message (or the status's generic one when message is NULL or ""). */
void qrglue_render_error(qrpng_status status, const char *message,
                         qrglue_error *err);

/* The error for a context that could not be created: QR_INTERNAL/4. */
void qrglue_no_memory(qrglue_error *err);

#endif
