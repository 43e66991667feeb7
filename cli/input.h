/* input.h - reading a whole text from a file descriptor, bounded. */
#ifndef QRCLI_INPUT_H
#define QRCLI_INPUT_H

#include <stddef.h>

/* Far above any QR code's capacity, yet a bound on memory: a longer
 * input is refused without being kept. */
#define INPUT_MAX_BYTES ((size_t)1024 * 1024)

typedef enum input_status {
    INPUT_OK = 0,
    INPUT_TOO_LONG,   /* over INPUT_MAX_BYTES */
    INPUT_NO_MEMORY,
    INPUT_READ_ERROR  /* errno says why */
} input_status;

/* Reads fd to EOF into a new malloc'd buffer (*data, *len; the caller
 * frees *data, also on failure, when not NULL). Unless keep_newline, one
 * trailing "\n" or "\r\n" is dropped, as shells and editors add one. */
input_status read_text(int fd, int keep_newline, unsigned char **data,
                       size_t *len);

#endif
