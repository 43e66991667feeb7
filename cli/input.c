/* input.c - opening, sizing and reading the input of a mode. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_codes.h"
#include "failure.h"
#include "quote.h"
#include "read_waiting.h"

int input_open(const char *path, const char *what, const char *if_terminal,
               int *fd, char *msg, size_t msg_size)
{
    *fd = -1;
    if (path != NULL && strcmp(path, "-") != 0) {
        *fd = open(path, O_RDONLY | O_CLOEXEC);
        if (*fd >= 0)
            return QRCLI_EXIT_OK;
        char q[QUOTE_SIZE], reason[ERROR_TEXT_SIZE];
        snprintf(msg, msg_size, "cannot open %s '%s': %s", what,
                 quote_value(path, q, sizeof q), error_text(errno, reason));
        return QRCLI_EXIT_IO;
    }
    if (path == NULL && isatty(STDIN_FILENO)) {
        snprintf(msg, msg_size, "%s", if_terminal);
        return QRCLI_EXIT_USAGE;
    }
    /* Said now: a descriptor opened later would take number 0 and be read
     * as the input. */
    if (fcntl(STDIN_FILENO, F_GETFD) < 0 && errno == EBADF) {
        snprintf(msg, msg_size, "cannot read %s: standard input is closed",
                 what);
        return QRCLI_EXIT_IO;
    }
    *fd = STDIN_FILENO;
    return QRCLI_EXIT_OK;
}

long long input_bytes_left(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return -1;
    off_t at = lseek(fd, 0, SEEK_CUR);
    if (at < 0 || at > st.st_size)
        return -1;
    return (long long)(st.st_size - at);
}

input_status read_text(int fd, int keep_newline, unsigned char **data,
                       size_t *len)
{
    size_t capacity = 4096, used = 0;
    unsigned char *buf = malloc(capacity);

    *data = NULL;
    *len = 0;
    if (buf == NULL)
        return INPUT_NO_MEMORY;
    for (;;) {
        if (used == capacity) {
            if (capacity > INPUT_MAX_BYTES) {
                free(buf);
                return INPUT_TOO_LONG;
            }
            /* One byte past the limit tells "too long" from "exactly". */
            size_t grown_capacity = capacity * 2;
            if (grown_capacity > INPUT_MAX_BYTES + 1)
                grown_capacity = INPUT_MAX_BYTES + 1;
            unsigned char *grown = realloc(buf, grown_capacity);
            if (grown == NULL) {
                free(buf);
                return INPUT_NO_MEMORY;
            }
            buf = grown;
            capacity = grown_capacity;
        }
        ssize_t n = read_waiting(fd, buf + used, capacity - used);
        if (n < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return INPUT_READ_ERROR;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    if (used > INPUT_MAX_BYTES) {
        free(buf);
        return INPUT_TOO_LONG;
    }
    if (!keep_newline && used > 0 && buf[used - 1] == '\n') {
        used--;
        if (used > 0 && buf[used - 1] == '\r')
            used--;
    }
    *data = buf;
    *len = used;
    return INPUT_OK;
}
