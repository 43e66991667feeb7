/* input.h - the input of a mode: a file named by -i, or standard input
 * (no -i, or "-"); opened, sized and read here for every mode. */
#ifndef QRCLI_INPUT_H
#define QRCLI_INPUT_H

#include <stddef.h>

/* Opens the input named by path: a file, or standard input when path is
 * NULL or "-". what names it in messages ("input", "manifest"). Standard
 * input is refused when it is closed, and when it is a terminal while
 * path is NULL (nothing was named: a user waiting for nothing); then the
 * message is if_terminal. Returns QRCLI_EXIT_OK with *fd set (to be
 * closed unless it is STDIN_FILENO), or an exit code (exit_codes.h) with
 * one line in msg. */
int input_open(const char *path, const char *what, const char *if_terminal,
               int *fd, char *msg, size_t msg_size);

/* Bytes from fd's offset to its end when fd is a regular file, else -1:
 * how much a reader that starts now has ahead of it. */
long long input_bytes_left(int fd);

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
