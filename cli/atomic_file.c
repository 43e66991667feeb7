/* atomic_file.c - a file that appears whole or not at all. */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TEMP_SUFFIX_LEN 6
#define TEMP_ATTEMPTS 64

/* Six letters and digits that differ between calls, threads and
 * processes; a clash only costs a retry, as O_EXCL detects it. */
static void fill_temp_suffix(char *suffix)
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
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
        suffix[i] = alphabet[x % 62];
}

/* "dir/name" -> "dir/.name.XXXXXX": hidden, and in the same folder so the
 * rename stays on one file system and is atomic. */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t size = dir_len + 1 + strlen(base) + 1 + TEMP_SUFFIX_LEN + 1;
    char *temp = malloc(size);
    if (temp != NULL)
        snprintf(temp, size, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    return temp;
}

int atomic_file_open(atomic_file *file, int dirfd, const char *path)
{
    file->dirfd = dirfd;
    file->path = path;
    file->fd = -1;
    file->temp = temp_name_for(path);
    if (file->temp == NULL)
        return -1;
    char *suffix = file->temp + strlen(file->temp) - TEMP_SUFFIX_LEN;
    for (int attempt = 0; attempt < TEMP_ATTEMPTS; attempt++) {
        fill_temp_suffix(suffix);
        file->fd = openat(dirfd, file->temp,
                          O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (file->fd >= 0 || errno != EEXIST)
            break;
    }
    if (file->fd < 0) {
        int saved = errno;
        free(file->temp);
        file->temp = NULL;
        errno = saved;
        return -1;
    }
    return 0;
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

int atomic_file_commit(atomic_file *file)
{
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
