/* output.c - a finished image written whole: to a descriptor, or to -o
 * FILE (replace a file, follow a link, write a device). */
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

/* The number at s when s is a whole decimal descriptor number, else -1. */
static int descriptor_number(const char *s)
{
    long n = 0;
    if (*s == '\0')
        return -1;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || n > 99999999)
            return -1;
        n = n * 10 + (*s - '0');
    }
    return (int)n;
}

/* The descriptor of this process that path names, or -1: /dev/stdin,
 * /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N,
 * /proc/thread-self/fd/N and /proc/PID/fd/N with this process's PID
 * (repeated slashes allowed). Reopening one of these would start over at
 * offset 0 with O_TRUNC; the open descriptor keeps the caller's offset. */
static int descriptor_named(const char *path)
{
    char clean[64] = { 0 };
    size_t used = 0;
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '/' && used > 0 && clean[used - 1] == '/')
            continue;
        if (used == sizeof clean - 1)
            return -1; /* longer than any of these names */
        clean[used++] = *p;
    }
    clean[used] = '\0';
    static const struct { const char *name; int fd; } standard[] = {
        { "/dev/stdin", 0 }, { "/dev/stdout", 1 }, { "/dev/stderr", 2 },
    };
    for (size_t i = 0; i < sizeof standard / sizeof *standard; i++)
        if (strcmp(clean, standard[i].name) == 0)
            return standard[i].fd;
    if (strncmp(clean, "/dev/fd/", 8) == 0)
        return descriptor_number(clean + 8);
    if (strncmp(clean, "/proc/", 6) != 0)
        return -1;
    const char *owner = clean + 6, *fd_dir = strchr(owner, '/');
    if (fd_dir == NULL || strncmp(fd_dir, "/fd/", 4) != 0)
        return -1;
    char pid[24];
    snprintf(pid, sizeof pid, "%ld", (long)getpid());
    size_t owner_len = (size_t)(fd_dir - owner);
    int ours = (owner_len == 4 && strncmp(owner, "self", 4) == 0) ||
               (owner_len == 11 && strncmp(owner, "thread-self", 11) == 0) ||
               (owner_len == strlen(pid) && strncmp(owner, pid, owner_len) == 0);
    return ours ? descriptor_number(fd_dir + 4) : -1;
}

/* Writes to an open descriptor of this process, at its offset. */
static int write_descriptor(int fd, const void *data, size_t len)
{
    if (fcntl(fd, F_GETFD) < 0)
        return -1; /* EBADF: not open */
    return write_all(fd, data, len);
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
    int fd = descriptor_named(path);
    if (fd >= 0)
        return write_descriptor(fd, data, len);
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
        if ((fd = descriptor_named(at)) >= 0) {
            result = write_descriptor(fd, data, len);
            goto done;
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
