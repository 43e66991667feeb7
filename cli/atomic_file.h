/* atomic_file.h - a file that appears whole or not at all.
 *
 * "dir/name" is written as "dir/.name.XXXXXX" (six letters and digits),
 * hidden and in the same folder, then renamed over its final name: a
 * final name never holds a part of a file. */
#ifndef QRCLI_ATOMIC_FILE_H
#define QRCLI_ATOMIC_FILE_H

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

/* Removes the temporary file's name and nothing else, for the clean-up
 * after a signal while the file may still be open (interrupt.h).
 * Async-signal-safe: one unlinkat(). */
void atomic_file_unlink_temp(const atomic_file *file);

#endif
