/* input.c - reading a whole text from a file descriptor, bounded. */
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

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
        ssize_t n = read(fd, buf + used, capacity - used);
        if (n < 0) {
            if (errno == EINTR)
                continue;
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
