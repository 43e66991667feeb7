/* listeners.c - see listeners.h. One listening socket per address,
 * shared by every event loop (each loop accepts on its own dup of it). */
#include "listeners.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "quote.h"

#define LISTEN_BACKLOG 1024

static int set_flags(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    int fdfl = fcntl(fd, F_GETFD);
    if (fdfl < 0 || fcntl(fd, F_SETFD, fdfl | FD_CLOEXEC) < 0)
        return -1;
    return 0;
}

/* The printed name of a bound socket, from the kernel (port 0 resolved). */
static void name_of(int fd, char *buf, size_t size)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    char host[INET6_ADDRSTRLEN + 2], port[16];
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0) {
        snprintf(buf, size, "fd %d", fd);
        return;
    }
    if (ss.ss_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)&ss;
        snprintf(buf, size, "unix:%.*s", (int)sizeof un->sun_path,
                 un->sun_path[0] != '\0' ? un->sun_path : "(unnamed)");
        return;
    }
    if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port,
                    sizeof port, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(buf, size, "fd %d", fd);
        return;
    }
    if (ss.ss_family == AF_INET6)
        snprintf(buf, size, "http://[%s]:%s", host, port);
    else
        snprintf(buf, size, "http://%s:%s", host, port);
}

static int fail(const char *spec, const char *why)
{
    char shown[QUOTE_SIZE];
    fprintf(stderr, "qr-server: cannot listen on %s: %s\n",
            quote_value(spec, shown, sizeof shown), why);
    return -1;
}

static int open_unix(const char *spec, const char *path, struct listener *l)
{
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    if (*path == '\0' || strlen(path) >= sizeof un.sun_path)
        return fail(spec, "expects unix:PATH, PATH at most 107 bytes");
    memcpy(un.sun_path, path, strlen(path) + 1);

    /* A socket file left by a server that is gone is replaced; one that
     * answers is in use. */
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (probe >= 0) {
            int live = connect(probe, (struct sockaddr *)&un, sizeof un) == 0;
            close(probe);
            if (live)
                return fail(spec, strerror(EADDRINUSE));
            unlink(path);
        }
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return fail(spec, strerror(errno));
    if (bind(fd, (struct sockaddr *)&un, sizeof un) != 0 ||
        listen(fd, LISTEN_BACKLOG) != 0) {
        int e = errno;
        close(fd);
        return fail(spec, strerror(e));
    }
    l->fd = fd;
    snprintf(l->name, sizeof l->name, "unix:%s", path);
    memcpy(l->unix_path, path, strlen(path) + 1);
    return 0;
}

static int open_tcp(const char *spec, struct listener *l)
{
    char host[256];
    const char *port;
    if (spec[0] == '[') {
        const char *end = strchr(spec, ']');
        if (end == NULL || end[1] != ':' || (size_t)(end - spec - 1) >= sizeof host)
            return fail(spec, "expects HOST:PORT, [IPv6]:PORT or unix:PATH");
        memcpy(host, spec + 1, (size_t)(end - spec - 1));
        host[end - spec - 1] = '\0';
        port = end + 2;
    } else {
        const char *colon = strrchr(spec, ':');
        if (colon == NULL || strchr(spec, ':') != colon ||
            (size_t)(colon - spec) >= sizeof host)
            return fail(spec, "expects HOST:PORT, [IPv6]:PORT or unix:PATH");
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        port = colon + 1;
    }
    size_t plen = strlen(port);
    if (plen == 0 || plen > 5 || strspn(port, "0123456789") != plen ||
        atol(port) > 65535)
        return fail(spec, "the port must be a number from 0 to 65535");

    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(host[0] != '\0' ? host : NULL, port, &hints, &res);
    if (rc != 0)
        return fail(spec, gai_strerror(rc));
    int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    res->ai_protocol);
    if (fd < 0) {
        int e = errno;
        freeaddrinfo(res);
        return fail(spec, strerror(e));
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (res->ai_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
        listen(fd, LISTEN_BACKLOG) != 0) {
        int e = errno;
        close(fd);
        freeaddrinfo(res);
        return fail(spec, strerror(e));
    }
    freeaddrinfo(res);
    l->fd = fd;
    l->unix_path[0] = '\0';
    name_of(fd, l->name, sizeof l->name);
    return 0;
}

/* systemd's LISTEN_FDS, for this process only (LISTEN_PID); the
 * variables are removed so that no child would take them. */
static int take_activated(struct listener *out, size_t *count)
{
    const char *pid = getenv("LISTEN_PID"), *fds = getenv("LISTEN_FDS");
    if (pid == NULL || fds == NULL)
        return 0;
    long want_pid = strtol(pid, NULL, 10), n = strtol(fds, NULL, 10);
    unsetenv("LISTEN_PID");
    unsetenv("LISTEN_FDS");
    unsetenv("LISTEN_FDNAMES");
    if (want_pid != (long)getpid() || n <= 0)
        return 0;
    for (long i = 0; i < n; i++) {
        int fd = 3 + (int)i, listening = 0;
        socklen_t len = sizeof listening;
        if (*count == LISTENERS_MAX) {
            fprintf(stderr, "qr-server: too many sockets from systemd "
                    "(at most %d)\n", LISTENERS_MAX);
            return -1;
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len) != 0 ||
            !listening || set_flags(fd) != 0) {
            fprintf(stderr, "qr-server: systemd passed fd %d, which is not a "
                    "listening stream socket\n", fd);
            return -1;
        }
        struct listener *l = &out[(*count)++];
        l->fd = fd;
        l->unix_path[0] = '\0';
        name_of(fd, l->name, sizeof l->name);
    }
    return 0;
}

int listeners_open(const struct server_config *cfg, struct listener *out,
                   size_t *count)
{
    *count = 0;
    if (take_activated(out, count) != 0)
        goto fail;
    size_t activated = *count;
    size_t n = cfg->n_listen;
    const char *const *specs = cfg->listen;
    static const char *const fallback[] = {SERVER_DEFAULT_LISTEN};
    if (n == 0 && activated == 0) {
        specs = fallback;
        n = 1;
    }
    for (size_t i = 0; i < n; i++) {
        struct listener *l = &out[*count];
        int rc = strncmp(specs[i], "unix:", 5) == 0
            ? open_unix(specs[i], specs[i] + 5, l)
            : open_tcp(specs[i], l);
        if (rc != 0)
            goto fail;
        (*count)++;
    }
    for (size_t i = 0; i < *count; i++)
        fprintf(stderr, "qr-server: listening on %s%s\n", out[i].name,
                i < activated ? " (systemd)" : "");
    return 0;
fail:
    listeners_close(out, *count);
    *count = 0;
    return -1;
}

void listeners_close(struct listener *ls, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (ls[i].fd >= 0)
            close(ls[i].fd);
        ls[i].fd = -1;
        if (ls[i].unix_path[0] != '\0')
            unlink(ls[i].unix_path);
        ls[i].unix_path[0] = '\0';
    }
}
