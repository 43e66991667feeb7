/* connection_limits.c - see connection_limits.h.
 *
 * A connection's life: evhttp accepts, asks conn_new_bufferevent for a
 * bufferevent (counted open here; over the cap it is marked), then
 * builds its connection over it. A high-priority event ("adopt") runs
 * before any read on it: it finds evhttp's connection from the
 * bufferevent's callback argument, closes a marked one at once (counted
 * as refused) and sets the close callback that ends the count. The
 * bufferevent holds an extra reference until then, so a connection
 * evhttp freed first is seen (its callbacks are cleared) and not touched.
 *
 * The deadline: a callback on the input buffer sees the first byte
 * after an answer (or of the connection) and starts a timer of
 * --request-timeout seconds; the handler stops it as the whole request
 * reaches it, and the answer's completion makes the connection idle
 * again. A timer that fires closes the connection. */
#include "connection_limits.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/event_struct.h>
#include <event2/http.h>

#include "event_loops.h"
#include "metrics.h"

enum conn_state { CONN_IDLE, CONN_READING, CONN_ANSWERING };

struct conn {
    struct loop *loop;
    struct bufferevent *bev;
    struct evhttp_connection *evcon;   /* once adopted */
    struct evbuffer_cb_entry *input_cb;
    struct event adopt_ev, deadline_ev;
    enum conn_state state;
    int over_cap;
    int fd;
    unsigned answered;
    struct timespec opened;
    struct conn *prev, *next;
};

static unsigned max_conns;
static struct timeval request_timeout;
static struct conn **by_fd;
static size_t by_fd_size;

int conn_limits_init(unsigned max_connections, unsigned request_timeout_s)
{
    max_conns = max_connections;
    request_timeout.tv_sec = request_timeout_s;
    request_timeout.tv_usec = 0;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        rl.rlim_cur = rl.rlim_max = 1024;
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
            getrlimit(RLIMIT_NOFILE, &rl);
    }
    /* Room for the listeners, the loops' own descriptors and the log. */
    rlim_t need = (rlim_t)max_connections + 256;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
        fprintf(stderr, "qr-server: --max-connections %u needs %llu open "
                "files; the limit is %llu (raise it: ulimit -n, or "
                "LimitNOFILE= in the unit)\n", max_connections,
                (unsigned long long)need, (unsigned long long)rl.rlim_cur);
        return -1;
    }
    by_fd_size = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 20)
        ? (1u << 20) : (size_t)rl.rlim_cur;
    /* Pages never touched cost no memory. */
    by_fd = calloc(by_fd_size, sizeof *by_fd);
    if (by_fd == NULL) {
        fputs("qr-server: out of memory\n", stderr);
        return -1;
    }
    return 0;
}

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)(now.tv_sec - t->tv_sec) * 1000 +
           (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void conn_free(struct conn *c)
{
    event_del(&c->adopt_ev);
    event_del(&c->deadline_ev);
    if (c->input_cb != NULL)
        evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->input_cb);
    metrics_connection_closed();
    free(c);
}

static void start_deadline(struct conn *c)
{
    c->state = CONN_READING;
    event_add(&c->deadline_ev, &request_timeout);
}

static void input_changed(struct evbuffer *buf, const struct evbuffer_cb_info *info,
                          void *arg)
{
    (void)buf;
    struct conn *c = arg;
    if (info->n_added > 0 && c->state == CONN_IDLE)
        start_deadline(c);
}

static void deadline_passed(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct conn *c = arg;
    if (c->state != CONN_READING || c->evcon == NULL)
        return;
    metrics_refused(LIMIT_REQUEST_TIMEOUT);
    evhttp_connection_free(c->evcon); /* calls closed() */
}

static void closed(struct evhttp_connection *evcon, void *arg)
{
    (void)evcon;
    struct conn *c = arg;
    struct loop *loop = c->loop;
    if (c->fd >= 0 && (size_t)c->fd < by_fd_size && by_fd[c->fd] == c)
        by_fd[c->fd] = NULL;
    if (c->prev != NULL)
        c->prev->next = c->next;
    else
        loop->conns = c->next;
    if (c->next != NULL)
        c->next->prev = c->prev;
    loop->n_conns--;
    conn_free(c);
}

static void adopt(evutil_socket_t fd_unused, short what, void *arg)
{
    (void)fd_unused;
    (void)what;
    struct conn *c = arg;
    struct bufferevent *bev = c->bev;
    void *evcon = NULL;
    bufferevent_getcb(bev, NULL, NULL, NULL, &evcon);
    if (evcon == NULL) {
        /* evhttp already freed it (the client went at once). */
        conn_free(c);
        bufferevent_decref(bev);
        return;
    }
    if (c->over_cap) {
        metrics_refused(LIMIT_CONNECTIONS);
        evhttp_connection_free(evcon);
        conn_free(c);
        bufferevent_decref(bev);
        return;
    }
    c->evcon = evcon;
    c->fd = (int)bufferevent_getfd(bev);
    if (c->fd >= 0 && (size_t)c->fd < by_fd_size)
        by_fd[c->fd] = c;
    struct loop *loop = c->loop;
    c->next = loop->conns;
    if (loop->conns != NULL)
        loop->conns->prev = c;
    loop->conns = c;
    loop->n_conns++;
    evhttp_connection_set_closecb(evcon, closed, c);
    bufferevent_decref(bev);
}

struct bufferevent *conn_new_bufferevent(struct event_base *base, void *arg)
{
    struct loop *loop = arg;
    struct conn *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL; /* evhttp makes its own: served, not tracked */
    c->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
    if (c->bev == NULL) {
        free(c);
        return NULL;
    }
    c->loop = loop;
    c->fd = -1;
    clock_gettime(CLOCK_MONOTONIC, &c->opened);
    bufferevent_incref(c->bev);
    metrics_connection_opened();
    c->over_cap = metrics_connections_open() > max_conns;
    c->input_cb = evbuffer_add_cb(bufferevent_get_input(c->bev), input_changed, c);
    event_assign(&c->adopt_ev, base, -1, 0, adopt, c);
    event_priority_set(&c->adopt_ev, 0);
    evtimer_assign(&c->deadline_ev, base, deadline_passed, c);
    event_active(&c->adopt_ev, EV_TIMEOUT, 1);
    return c->bev;
}

static void answered(struct evhttp_request *req, void *arg)
{
    (void)req;
    struct conn *c = arg;
    c->state = CONN_IDLE;
    c->answered++;
    /* A pipelined request already waiting starts its own deadline. */
    if (evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
        start_deadline(c);
}

int conn_request_arrived(struct evhttp_request *req)
{
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (evcon == NULL)
        return 0;
    struct bufferevent *bev = evhttp_connection_get_bufferevent(evcon);
    evutil_socket_t fd = bev != NULL ? bufferevent_getfd(bev) : -1;
    if (fd < 0 || (size_t)fd >= by_fd_size || by_fd[fd] == NULL ||
        by_fd[fd]->evcon != evcon)
        return 0;
    struct conn *c = by_fd[fd];
    event_del(&c->deadline_ev);
    c->state = CONN_ANSWERING;
    evhttp_request_set_on_complete_cb(req, answered, c);
    return c->loop->draining;
}

size_t conn_close_idle(struct loop *loop, unsigned grace_ms)
{
    struct conn *c = loop->conns;
    while (c != NULL) {
        struct conn *next = c->next;
        if (c->state == CONN_IDLE &&
            (c->answered > 0 || ms_since(&c->opened) >= (long)grace_ms))
            evhttp_connection_free(c->evcon); /* unlinks c */
        c = next;
    }
    return loop->n_conns;
}

void conn_close_all(struct loop *loop)
{
    while (loop->conns != NULL)
        evhttp_connection_free(loop->conns->evcon);
}
