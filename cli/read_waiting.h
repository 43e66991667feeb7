/* read_waiting.h - read() that waits, whatever the descriptor's flags.
 *
 * A parent may hand qr-cli a standard input that it left non-blocking
 * (O_NONBLOCK belongs to the open file, shared with the parent): read()
 * then fails with EAGAIN while the text is still on its way. The flag
 * is not ours to clear, so the read waits in poll() instead. */
#ifndef QRCLI_READ_WAITING_H
#define QRCLI_READ_WAITING_H

#include <stddef.h>
#include <sys/types.h>

/* As read(), retried after EINTR and, on EAGAIN, once fd is readable.
 * Returns the bytes read (0 at the end), or -1 with errno. */
ssize_t read_waiting(int fd, void *buf, size_t size);

#endif
