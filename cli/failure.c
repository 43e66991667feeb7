/* failure.c - one-line failure messages on stderr. */
#include "failure.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "exit_codes.h"

int fail(int code, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    fputs("qr-cli: ", stderr);
    /* clang-tidy 14 reports args as uninitialised though va_start is just
     * above (a false positive of its valist checker on x86-64). */
    vfprintf(stderr, fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
    fputc('\n', stderr);
    va_end(args);
    return code;
}

const char *error_text(int err, char buf[ERROR_TEXT_SIZE])
{
    if (strerror_r(err, buf, ERROR_TEXT_SIZE) != 0)
        snprintf(buf, ERROR_TEXT_SIZE, "error %d", err);
    return buf;
}
