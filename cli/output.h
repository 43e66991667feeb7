/* output.h - writing a finished PNG, all or nothing. */
#ifndef QRCLI_OUTPUT_H
#define QRCLI_OUTPUT_H

#include <stddef.h>

/* Writes all len bytes to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set (EPIPE, ENOSPC, ...). */
int write_all(int fd, const void *data, size_t len);

/* Writes data to path through a temporary file in the same folder and a
 * rename, so path holds either its old content or the whole new file,
 * never a part. The file gets mode 0666 less the umask, as with open().
 * Returns 0, or -1 with errno set and no temporary file left behind. */
int write_file_atomic(const char *path, const void *data, size_t len);

#endif
