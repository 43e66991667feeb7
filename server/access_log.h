/* access_log.h - one line per request, to a file or standard output,
 * the file reopened on SIGHUP (logrotate moves it, then signals). */
#ifndef QRSERVER_ACCESS_LOG_H
#define QRSERVER_ACCESS_LOG_H

#include <stddef.h>
#include <stdint.h>

/* Opens path ("-": standard output). Prints one line and returns -1 when
 * it cannot be opened for appending. */
int access_log_open(const char *path);

/* Opens the path again (after a rename) and swaps it in; on failure keeps
 * writing to the old file and says so on stderr. Thread-safe. */
void access_log_reopen(void);

int access_log_enabled(void);

struct access_entry {
    const char *client;       /* address, as text */
    const char *method;
    const char *uri;          /* raw request target */
    int major, minor;
    int status;
    uint64_t body_bytes;
    const char *referer, *user_agent; /* NULL: "-" */
    uint64_t duration_us;
};

/* One line in the combined log format plus the duration in
 * microseconds; every value quoted so that a line stays one line and
 * holds no '"' but the delimiters. Thread-safe; a failed write is
 * dropped. */
void access_log_write(const struct access_entry *e);

void access_log_close(void);

#endif
