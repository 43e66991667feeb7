/* atomic_file.h - a file that appears whole or not at all.
 *
 * On Linux the data goes to an anonymous file (O_TMPFILE) in the final
 * name's folder, and linkat() gives it its name only once it is whole: no
 * name exists before, so no signal (SIGKILL included) can leave anything.
 * Where that cannot work (a file system without O_TMPFILE, no /proc) and
 * to replace an existing file, which linkat() cannot do, "dir/name" is
 * written as (or linked to) "dir/.name.XXXXXX" (six letters and digits),
 * hidden and in the same folder, then renamed over the final name; a name
 * too long for that is shortened to fit NAME_MAX. A writer holds flock()
 * on the file while it has such a name, so atomic_file_remove_stale()
 * can tell a dead writer's leftovers from a live one's. */
#ifndef QRCLI_ATOMIC_FILE_H
#define QRCLI_ATOMIC_FILE_H

#include <stddef.h>

typedef struct atomic_file {
    int dirfd;        /* paths are relative to it; AT_FDCWD for the cwd */
    const char *path; /* the final name, borrowed */
    char *temp;       /* the temporary name, owned; NULL when none */
    int fd;           /* open on the file being written, or -1 */
} atomic_file;

/* Creates the file to write (mode 0666 less the umask, as with open()).
 * Returns 0, or -1 with errno set and nothing left behind. */
int atomic_file_open(atomic_file *file, int dirfd, const char *path);

/* Gives the file its final name and closes it. Returns 0, or -1 with
 * errno set and nothing left behind. */
int atomic_file_commit(atomic_file *file);

/* Closes and removes the file; keeps errno. */
void atomic_file_abort(atomic_file *file);

/* Removes the temporary name and nothing else, for the clean-up after a
 * signal while the file may still be open (interrupt.h).
 * Async-signal-safe: one unlinkat(). */
void atomic_file_unlink_temp(const atomic_file *file);

/* Whether a temporary name's middle part (".NAME.XXXXXX" less the dot
 * and the suffix: NAME, maybe shortened, len bytes) could be one of the
 * caller's files. */
typedef int atomic_file_owns_fn(const char *name, size_t len, void *arg);

/* Removes the temporary files in folder dirfd that a writer left when it
 * died (SIGKILL, a crash): regular files named ".NAME.XXXXXX" that owns()
 * accepts and that no live writer holds. Returns how many it removed, or
 * -1 with errno when the folder cannot be read. */
long atomic_file_remove_stale(int dirfd, atomic_file_owns_fn *owns,
                              void *arg);

#endif
