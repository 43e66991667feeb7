/* exit_codes.h - qr-cli's exit statuses: stable, documented in --help,
 * qr-cli(1) and README.md. */
#ifndef QRCLI_EXIT_CODES_H
#define QRCLI_EXIT_CODES_H

enum qrcli_exit {
    QRCLI_EXIT_OK = 0,
    QRCLI_EXIT_USAGE = 1,     /* bad option, value or argument count */
    QRCLI_EXIT_ENCODE = 2,    /* the text cannot be encoded: empty, too long */
    QRCLI_EXIT_IO = 3,        /* reading input or writing output failed */
    QRCLI_EXIT_INTERNAL = 4   /* out of memory, a dependency failed */
};

#endif
