/* failure.c - one-line failure messages and their exit-code classes. */
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

int exit_code_for(qrpng_status status)
{
    switch (status) {
    case QRPNG_OK:                 return QRCLI_EXIT_OK;
    case QRPNG_ERR_EMPTY_INPUT:
    case QRPNG_ERR_TOO_LONG:       return QRCLI_EXIT_ENCODE;
    case QRPNG_ERR_INVALID_OPTION: return QRCLI_EXIT_USAGE;
    case QRPNG_ERR_NO_MEMORY:
    case QRPNG_ERR_DEPENDENCY:
    case QRPNG_ERR_NULL_ARGUMENT:  break; /* a bug of ours, not the user's */
    }
    return QRCLI_EXIT_INTERNAL;
}
