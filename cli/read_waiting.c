/* read_waiting.c - read() that waits for data on a non-blocking input. */
#include "read_waiting.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

ssize_t read_waiting(int fd, void *buf, size_t size)
{
    for (;;) {
        ssize_t n = read(fd, buf, size);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return -1;
        struct pollfd readable = { .fd = fd, .events = POLLIN };
        if (poll(&readable, 1, -1) < 0 && errno != EINTR)
            return -1;
    }
}
