/* output.h - writing a finished PNG, all or nothing. */
#ifndef QRCLI_OUTPUT_H
#define QRCLI_OUTPUT_H

#include <stddef.h>

/* Writes all len bytes to fd, retrying short writes and EINTR.
 * Returns 0, or -1 with errno set (EPIPE, ENOSPC, ...). */
int write_all(int fd, const void *data, size_t len);

/* A file being written under a hidden temporary name next to its final
 * name: "dir/name" is written as "dir/.name.XXXXXX" (six letters and
 * digits), then renamed. A final name never holds a part of a file. */
typedef struct atomic_file {
    int dirfd;        /* paths are relative to it; AT_FDCWD for the cwd */
    const char *path; /* the final name, borrowed */
    char *temp;       /* the temporary name, owned; NULL when none */
    int fd;           /* open on temp, or -1 */
} atomic_file;

/* Creates the temporary file (mode 0666 less the umask, as with open()).
 * Returns 0, or -1 with errno set and nothing left behind. */
int atomic_file_open(atomic_file *file, int dirfd, const char *path);

/* Closes the temporary file and renames it to its final name. Returns 0,
 * or -1 with errno set, the temporary file removed. */
int atomic_file_commit(atomic_file *file);

/* Closes and removes the temporary file; keeps errno. */
void atomic_file_abort(atomic_file *file);

/* Writes data to path relative to dirfd through an atomic_file, so path
 * holds either its old content or the whole new file, never a part.
 * Returns 0, or -1 with errno set and no temporary file left behind. */
int write_file_atomic_at(int dirfd, const char *path, const void *data,
                         size_t len);

/* The same relative to the working folder. */
int write_file_atomic(const char *path, const void *data, size_t len);

#endif
