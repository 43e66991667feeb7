/* output.h - where a finished image goes: written whole to a
 * descriptor (standard output, a batch's file), or to -o FILE.
 *
 * What -o FILE does to what is already at FILE:
 *   nothing            FILE is created (atomically, mode 0666 less umask)
 *   a regular file     replaced atomically; the new file keeps the old
 *                      one's mode bits, and its owner and group where the
 *                      process may set them
 *   a symbolic link    followed (to any depth, up to 40 links); what it
 *                      ends at is treated as above, so the link stays and
 *                      its target is replaced (or, for a dangling link,
 *                      created) atomically in the target's folder
 *   one of this        /dev/stdin, /dev/stdout, /dev/stderr, /dev/fd/N,
 *   process's open     /proc/self/fd/N, /proc/thread-self/fd/N or
 *   descriptors        /proc/PID/fd/N (ours), also through links: written
 *                      through that descriptor at its offset, as "-" is,
 *                      never reopened (which would truncate what the
 *                      caller wrote before)
 *   a device, a FIFO   opened for writing (no create) and written, also
 *   or a socket        through links (/dev/null, a named pipe; other links
 *                      into /proc are opened, not resolved): not
 *                      replaced, not atomic
 *   a directory        refused: EISDIR
 * How a new or replaced file stays whole: atomic_file.h and interrupt.h. */
#ifndef QRCLI_OUTPUT_H
#define QRCLI_OUTPUT_H

#include <stddef.h>

/* Writes all len bytes to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set (EPIPE, ENOSPC, ...). */
int write_all(int fd, const void *data, size_t len);

/* Writes data to path as above. Returns 0, or -1 with errno set (ENOMEM
 * when a name could not be built) and no temporary file left behind. */
int write_output_file(const char *path, const void *data, size_t len);

#endif
