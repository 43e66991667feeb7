/* exit_codes.h - qr-cli's exit statuses: stable, documented in --help,
 * qr-cli(1) and README.md. The host packages' errors carry the same
 * numbers as their status, so the in-process bindings read them here too
 * (common/: shared by cli/ and the bindings, over lib/ alone). */
#ifndef QRCLI_EXIT_CODES_H
#define QRCLI_EXIT_CODES_H

#include "qrpng.h"

enum qrcli_exit {
    QRCLI_EXIT_OK = 0,
    QRCLI_EXIT_USAGE = 1,     /* bad option, value or argument count */
    QRCLI_EXIT_ENCODE = 2,    /* the text cannot be encoded: empty, too long */
    QRCLI_EXIT_IO = 3,        /* reading input or writing output failed */
    QRCLI_EXIT_INTERNAL = 4   /* out of memory, a dependency failed */
};

/* The exit status for a libqrpng status: encode (2) for an empty or too
 * long text, usage (1) for an option the library refused, internal (4)
 * otherwise. Prints nothing. */
int exit_code_for(qrpng_status status);

#endif
