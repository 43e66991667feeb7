/* failure.h - how qr-cli reports a failure: one line on stderr. The
 * exit status of a library status is common/exit_codes.h's. */
#ifndef QRCLI_FAILURE_H
#define QRCLI_FAILURE_H

#include "exit_codes.h"

/* Writes "qr-cli: <message>\n" to stderr and returns code. */
__attribute__((format(printf, 2, 3)))
int fail(int code, const char *fmt, ...);

/* Room for error_text(). */
#define ERROR_TEXT_SIZE 128

/* strerror(err) in buf, safe while other threads run (strerror_r). */
const char *error_text(int err, char buf[ERROR_TEXT_SIZE]);

#endif
