/* output.c - writing a finished PNG, all or nothing. */
#include "output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* "dir/name" -> "dir/.name.XXXXXX": hidden, and in the same folder so the
 * rename stays on one file system and is atomic. */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t size = dir_len + 1 + strlen(base) + sizeof ".XXXXXX";
    char *temp = malloc(size);
    if (temp != NULL)
        snprintf(temp, size, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    return temp;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
    char *temp = temp_name_for(path);
    if (temp == NULL)
        return -1;
    int fd = mkstemp(temp);
    if (fd < 0) {
        int saved = errno;
        free(temp);
        errno = saved;
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    int failed = fchmod(fd, 0666 & ~mask) != 0 ||
                 write_all(fd, data, len) != 0;
    int saved = errno;
    if (close(fd) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    if (!failed && rename(temp, path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed)
        unlink(temp);
    free(temp);
    errno = saved;
    return failed ? -1 : 0;
}
