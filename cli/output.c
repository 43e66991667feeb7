/* output.c - a finished image written whole: to a descriptor, or to -o
 * FILE (replace a file, follow a link, write a device). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "interrupt.h"

int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Links followed before giving up with ELOOP, as the kernel's limit. */
#define MAX_LINKS 40

/* The target of the link at path, resolved against the link's folder,
 * in a new string; NULL with errno on failure. */
static char *link_target(const char *path, off_t size_hint)
{
    size_t size = size_hint > 0 ? (size_t)size_hint + 1 : 256;
    char *target;
    ssize_t n;
    for (;;) {
        target = malloc(size);
        if (target == NULL)
            return NULL;
        n = readlink(path, target, size);
        if (n < 0 || (size_t)n < size)
            break;
        free(target); /* grew since lstat: try again, bigger */
        size *= 2;
    }
    if (n < 0) {
        int saved = errno;
        free(target);
        errno = saved;
        return NULL;
    }
    target[n] = '\0';
    const char *slash = strrchr(path, '/');
    if (target[0] == '/' || slash == NULL)
        return target;
    size_t dir_len = (size_t)(slash - path) + 1;
    char *joined = malloc(dir_len + (size_t)n + 1);
    if (joined != NULL) {
        memcpy(joined, path, dir_len);
        memcpy(joined + dir_len, target, (size_t)n + 1);
    }
    free(target);
    return joined;
}

/* Writes a non-regular file in place: no temporary file, no rename. */
static int write_in_place(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int result = write_all(fd, data, len);
    int saved = errno;
    if (close(fd) != 0 && result == 0)
        return -1;
    errno = saved;
    return result;
}

/* Replaces (or creates, when old is NULL) the regular file at path. */
static int replace_file(const char *path, const struct stat *old,
                        const void *data, size_t len)
{
    atomic_file file;
    if (interrupt_file_open(&file, AT_FDCWD, path) != 0)
        return -1;
    int ok = 1;
    if (old != NULL) {
        /* Owner first: fchown may clear set-user-ID bits that fchmod
         * then restores. Only root may give a file away: EPERM is fine. */
        if (fchown(file.fd, old->st_uid, old->st_gid) != 0 &&
            errno != EPERM)
            ok = 0;
        if (ok && fchmod(file.fd, old->st_mode & 07777) != 0)
            ok = 0;
    }
    if (ok && write_all(file.fd, data, len) != 0)
        ok = 0;
    return interrupt_file_close(&file, ok) != 0 || !ok ? -1 : 0;
}

/* Whether path is a link of /proc (as /dev/stdout ends in /proc/self/fd/1):
 * what it points at is an open file, not a name to replace. */
static int is_proc_link(const char *path)
{
    return strncmp(path, "/proc/", 6) == 0;
}

int write_output_file(const char *path, const void *data, size_t len)
{
    struct stat st;
    /* A device or FIFO, directly or through links, is written as it is. */
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (!S_ISDIR(st.st_mode))
            return write_in_place(path, data, len);
        errno = EISDIR;
        return -1;
    }
    char *resolved = NULL; /* owned: a link's target */
    const char *at = path;
    int result = -1, found = 0;
    for (int links = 0;; links++) {
        if (lstat(at, &st) != 0) {
            if (errno != ENOENT)
                goto done;
            break; /* nothing there (or a dangling link): create it */
        }
        if (!S_ISLNK(st.st_mode)) {
            found = 1;
            break;
        }
        if (is_proc_link(at)) {
            result = write_in_place(at, data, len);
            goto done;
        }
        if (links == MAX_LINKS) {
            errno = ELOOP;
            goto done;
        }
        char *next = link_target(at, st.st_size);
        if (next == NULL)
            goto done;
        free(resolved);
        resolved = next;
        at = resolved;
    }
    if (!found)
        result = replace_file(at, NULL, data, len);
    else if (S_ISREG(st.st_mode))
        result = replace_file(at, &st, data, len);
    else if (S_ISDIR(st.st_mode))
        errno = EISDIR; /* became one since the stat() above */
    else
        result = write_in_place(at, data, len);
done:;
    int saved = errno;
    free(resolved);
    errno = saved;
    return result;
}
