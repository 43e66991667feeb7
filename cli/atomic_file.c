/* atomic_file.c - a file that appears whole or not at all. */
/* O_TMPFILE, flock(): Linux and BSD, beyond POSIX. */
#define _GNU_SOURCE // NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp)
#include "atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TEMP_SUFFIX_LEN 6
#define TEMP_ATTEMPTS 64
/* "." NAME "." XXXXXX: NAME is cut to this so the whole fits NAME_MAX. */
#define TEMP_NAME_MAX (NAME_MAX - 2 - TEMP_SUFFIX_LEN)

static const char suffix_alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/* Six letters and digits that differ between calls, threads and
 * processes; a clash only costs a retry, as O_EXCL detects it. */
static void fill_temp_suffix(char *suffix)
{
    static atomic_uint_fast64_t counter;
    static atomic_long pid; /* getpid() is a system call: ask once */
    if (atomic_load(&pid) == 0)
        atomic_store(&pid, (long)getpid());
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t x = atomic_fetch_add(&counter, 1) * 0x9E3779B97F4A7C15u ^
                 (uint64_t)atomic_load(&pid) << 32 ^ (uint64_t)now.tv_nsec ^
                 (uint64_t)now.tv_sec << 20;
    /* splitmix64 finaliser: spreads every input bit over the output */
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
    x ^= x >> 31;
    for (int i = 0; i < TEMP_SUFFIX_LEN; i++, x /= 62)
        suffix[i] = suffix_alphabet[x % 62];
}

/* "dir/name" -> "dir/.name.XXXXXX": hidden, and in the same folder so the
 * rename stays on one file system and is atomic. A name too long for the
 * dot and the suffix is cut (the suffix keeps temporary names apart). */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t base_len = strlen(base);
    if (base_len > TEMP_NAME_MAX)
        base_len = TEMP_NAME_MAX;
    size_t size = dir_len + 1 + base_len + 1 + TEMP_SUFFIX_LEN + 1;
    char *temp = malloc(size);
    if (temp != NULL)
        snprintf(temp, size, "%.*s.%.*s.XXXXXX", (int)dir_len, path,
                 (int)base_len, base);
    return temp;
}

static char *temp_suffix(char *temp)
{
    return temp + strlen(temp) - TEMP_SUFFIX_LEN;
}

/* Whether the temporary name still names the file open on fd: a stale
 * file clean-up may have taken it between its creation and the lock. */
static int still_named(int dirfd, const char *name, int fd)
{
    struct stat named, open_file;
    return fstatat(dirfd, name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
           fstat(fd, &open_file) == 0 && named.st_dev == open_file.st_dev &&
           named.st_ino == open_file.st_ino;
}

/* The classic way: a new hidden name, created with O_EXCL and locked. */
static int open_named(atomic_file *file)
{
    file->temp = temp_name_for(file->path);
    if (file->temp == NULL)
        return -1;
    for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
        fill_temp_suffix(temp_suffix(file->temp));
        file->fd = openat(file->dirfd, file->temp,
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (file->fd < 0 && errno == EEXIST)
            continue;
        if (file->fd < 0)
            break;
        if (flock(file->fd, LOCK_EX | LOCK_NB) == 0 &&
            still_named(file->dirfd, file->temp, file->fd))
            return 0;
        close(file->fd); /* taken by a clean-up: another name */
        file->fd = -1;
        errno = EEXIST;
    }
    int saved = errno;
    free(file->temp);
    file->temp = NULL;
    errno = saved;
    return -1;
}

/* "/proc/self/fd/N", the name linkat() gives an anonymous file by. */
static void proc_fd_name(int fd, char *name, size_t size)
{
    snprintf(name, size, "/proc/self/fd/%d", fd);
}

/* An anonymous file in the final name's folder; -1 where the system or
 * the file system has none (the caller falls back to open_named). */
static int open_anonymous(atomic_file *file)
{
#ifdef O_TMPFILE
    static atomic_int proc_fd; /* 0 not known yet, 1 there, -1 not */
    if (atomic_load(&proc_fd) == 0)
        atomic_store(&proc_fd, access("/proc/self/fd", X_OK) == 0 ? 1 : -1);
    if (atomic_load(&proc_fd) < 0)
        return -1;
    const char *slash = strrchr(file->path, '/');
    char *folder = slash == NULL ? strdup(".")
                   : slash == file->path ? strdup("/")
                   : strndup(file->path, (size_t)(slash - file->path));
    if (folder == NULL)
        return -1;
    file->fd = openat(file->dirfd, folder, O_TMPFILE | O_WRONLY | O_CLOEXEC,
                      0666);
    free(folder);
    return file->fd >= 0 ? 0 : -1;
#else
    (void)file;
    return -1;
#endif
}

int atomic_file_open(atomic_file *file, int dirfd, const char *path)
{
    file->dirfd = dirfd;
    file->path = path;
    file->temp = NULL;
    file->fd = -1;
    if (open_anonymous(file) == 0)
        return 0;
    return open_named(file);
}

void atomic_file_abort(atomic_file *file)
{
    int saved = errno;
    if (file->fd >= 0)
        close(file->fd);
    atomic_file_unlink_temp(file);
    free(file->temp);
    file->temp = NULL;
    file->fd = -1;
    errno = saved;
}

void atomic_file_unlink_temp(const atomic_file *file)
{
    int saved = errno;
    if (file->temp != NULL)
        unlinkat(file->dirfd, file->temp, 0);
    errno = saved;
}

/* Links the anonymous file to name; -1 with errno (EEXIST: name taken). */
static int link_anonymous(const atomic_file *file, const char *name)
{
    char source[32];
    proc_fd_name(file->fd, source, sizeof source);
    return linkat(AT_FDCWD, source, file->dirfd, name, AT_SYMLINK_FOLLOW);
}

/* The anonymous file under a new hidden name, locked: the way to replace
 * an existing file, since linkat() never does. */
static int name_anonymous(atomic_file *file)
{
    if (flock(file->fd, LOCK_EX | LOCK_NB) != 0)
        return -1;
    char *temp = temp_name_for(file->path);
    if (temp == NULL)
        return -1;
    for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
        fill_temp_suffix(temp_suffix(temp));
        if (link_anonymous(file, temp) == 0) {
            file->temp = temp;
            return 0;
        }
        if (errno != EEXIST)
            break;
    }
    int saved = errno;
    free(temp);
    errno = saved;
    return -1;
}

int atomic_file_commit(atomic_file *file)
{
    if (file->temp == NULL) {
        /* Anonymous: a new name is the file's first and only name. */
        if (link_anonymous(file, file->path) == 0) {
            int fd = file->fd;
            file->fd = -1;
            if (close(fd) == 0)
                return 0;
            int saved = errno; /* an error the kernel kept for close() */
            unlinkat(file->dirfd, file->path, 0);
            errno = saved;
            return -1;
        }
        if (errno != EEXIST || name_anonymous(file) != 0) {
            atomic_file_abort(file);
            return -1;
        }
    }
    int fd = file->fd;
    file->fd = -1;
    if (close(fd) != 0 ||
        renameat(file->dirfd, file->temp, file->dirfd, file->path) != 0) {
        atomic_file_abort(file);
        return -1;
    }
    free(file->temp);
    file->temp = NULL;
    return 0;
}

/* ".NAME.XXXXXX": the length of NAME, or 0 when name is not of that form. */
static size_t temp_name_middle(const char *name)
{
    size_t len = strlen(name);
    if (len < 3 + TEMP_SUFFIX_LEN || name[0] != '.' ||
        name[len - TEMP_SUFFIX_LEN - 1] != '.')
        return 0;
    const char *suffix = name + len - TEMP_SUFFIX_LEN;
    if (strspn(suffix, suffix_alphabet) != TEMP_SUFFIX_LEN)
        return 0;
    return len - TEMP_SUFFIX_LEN - 2;
}

/* Removes name when it is a regular file no live writer holds: a writer
 * keeps its lock until the file is renamed, and dies with it released. */
static int remove_if_stale(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
                    O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    int removed = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                  flock(fd, LOCK_EX | LOCK_NB) == 0 &&
                  still_named(dirfd, name, fd) &&
                  unlinkat(dirfd, name, 0) == 0;
    close(fd);
    return removed;
}

long atomic_file_remove_stale(int dirfd, atomic_file_owns_fn *owns,
                              void *arg)
{
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *dir = fd < 0 ? NULL : fdopendir(fd);
    if (dir == NULL) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    long removed = 0;
    const struct dirent *entry;
    /* readdir() is only unsafe on a DIR that threads share; this one is
     * the caller's alone. */
    while ((entry = readdir(dir)) != NULL) { // NOLINT(concurrency-mt-unsafe)
        size_t middle = temp_name_middle(entry->d_name);
        if (middle > 0 && (entry->d_type == DT_REG ||
                           entry->d_type == DT_UNKNOWN) &&
            owns(entry->d_name + 1, middle, arg))
            removed += remove_if_stale(dirfd, entry->d_name);
    }
    closedir(dir);
    return removed;
}
