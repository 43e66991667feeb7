/* failure.h - how qr-cli reports a failure: one line on stderr, and the
 * exit-code class of a library status. Shared by the one-shot and the
 * worker modes. */
#ifndef QRCLI_FAILURE_H
#define QRCLI_FAILURE_H

#include "qrpng.h"

/* Writes "qr-cli: <message>\n" to stderr and returns code. */
__attribute__((format(printf, 2, 3)))
int fail(int code, const char *fmt, ...);

/* Room for error_text(). */
#define ERROR_TEXT_SIZE 128

/* strerror(err) in buf, safe while other threads run (strerror_r). */
const char *error_text(int err, char buf[ERROR_TEXT_SIZE]);

/* The exit-code class (exit_codes.h) of a libqrpng status. */
int exit_code_for(qrpng_status status);

#endif
