/* access_log.c - see access_log.h. Each line is one write(2) on an
 * O_APPEND descriptor; a read-write lock lets every loop write at once
 * while SIGHUP's reopen swaps the descriptor. */
#include "access_log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "quote.h"

static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static int log_fd = -1;
static const char *log_path;

static int open_path(const char *path)
{
    if (strcmp(path, "-") == 0)
        return STDOUT_FILENO;
    return open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
}

int access_log_open(const char *path)
{
    int fd = open_path(path);
    if (fd < 0) {
        char shown[QUOTE_SIZE];
        fprintf(stderr, "qr-server: cannot open --access-log %s: %s\n",
                quote_value(path, shown, sizeof shown), strerror(errno));
        return -1;
    }
    log_path = path;
    log_fd = fd;
    return 0;
}

int access_log_enabled(void)
{
    return log_fd >= 0;
}

void access_log_reopen(void)
{
    if (log_path == NULL || strcmp(log_path, "-") == 0)
        return;
    int fd = open_path(log_path);
    if (fd < 0) {
        char shown[QUOTE_SIZE];
        fprintf(stderr, "qr-server: cannot reopen --access-log %s: %s; "
                "still writing to the old file\n",
                quote_value(log_path, shown, sizeof shown), strerror(errno));
        return;
    }
    pthread_rwlock_wrlock(&lock);
    int old = log_fd;
    log_fd = fd;
    pthread_rwlock_unlock(&lock);
    close(old);
}

void access_log_close(void)
{
    pthread_rwlock_wrlock(&lock);
    if (log_fd > STDOUT_FILENO)
        close(log_fd);
    log_fd = -1;
    pthread_rwlock_unlock(&lock);
}

/* quote_value's escaping, and '"' as \x22 so that fields stay apart. */
static const char *field(const char *s, char *buf, size_t size)
{
    char quoted[QUOTE_SIZE];
    if (s == NULL)
        return "-";
    quote_value(s, quoted, sizeof quoted);
    size_t o = 0;
    for (const char *p = quoted; *p != '\0' && o + 5 < size; p++) {
        if (*p == '"') {
            memcpy(buf + o, "\\x22", 4);
            o += 4;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o] = '\0';
    return buf;
}

void access_log_write(const struct access_entry *e)
{
    if (log_fd < 0)
        return;
    char client[64], method[32], uri[QUOTE_SIZE + 64], referer[QUOTE_SIZE + 64],
        agent[QUOTE_SIZE + 64], when[64], line[4096];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
    int n = snprintf(line, sizeof line,
                     "%s - - [%s] \"%s %s HTTP/%d.%d\" %d %llu \"%s\" \"%s\" %llu\n",
                     field(e->client, client, sizeof client), when,
                     field(e->method, method, sizeof method),
                     field(e->uri, uri, sizeof uri), e->major, e->minor,
                     e->status, (unsigned long long)e->body_bytes,
                     field(e->referer, referer, sizeof referer),
                     field(e->user_agent, agent, sizeof agent),
                     (unsigned long long)e->duration_us);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    line[len - 1] = '\n';
    pthread_rwlock_rdlock(&lock);
    if (log_fd >= 0 && write(log_fd, line, len) < 0) {
        /* Dropped: a full disk must not stop the answers. */
    }
    pthread_rwlock_unlock(&lock);
}
