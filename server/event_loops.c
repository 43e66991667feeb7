/* event_loops.c - see event_loops.h. Every loop accepts on its own dup of
 * each listening socket; the kernel hands each new connection to one of
 * the loops that asked. */
#include "event_loops.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/http.h>

#include "connection_limits.h"
#include "routes.h"

/* New connections get this long to send their first byte once a drain
 * has begun; idle keep-alive ones are closed at once. */
#define DRAIN_GRACE_MS 1000

static pthread_mutex_t done_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cond = PTHREAD_COND_INITIALIZER;
static unsigned loops_done;
static size_t connections_cut;

static void check_drained(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct loop *loop = arg;
    if (conn_close_idle(loop, DRAIN_GRACE_MS) == 0)
        event_base_loopexit(loop->base, NULL);
}

static void drain(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct loop *loop = arg;
    for (size_t i = 0; i < loop->n_bound; i++)
        evhttp_del_accept_socket(loop->http, loop->bound[i]);
    loop->n_bound = 0;
    loop->draining = 1;
    struct timeval every = {0, 20000};
    event_add(loop->check_ev, &every);
    check_drained(-1, 0, loop);
}

static void *run(void *arg)
{
    struct loop *loop = arg;
    event_base_dispatch(loop->base);
    /* Connections accepted in the last turn are adopted, then whatever is
     * left (the shutdown deadline passed) is cut. */
    event_base_loop(loop->base, EVLOOP_NONBLOCK);
    size_t cut = loop->n_conns;
    conn_close_all(loop);
    event_base_loop(loop->base, EVLOOP_NONBLOCK);
    pthread_mutex_lock(&done_lock);
    loops_done++;
    connections_cut += cut;
    pthread_cond_signal(&done_cond);
    pthread_mutex_unlock(&done_lock);
    return NULL;
}

static int setup(struct loop *loop, const struct server_config *cfg,
                 const struct listener *ls, size_t n_listeners)
{
    loop->cfg = cfg;
    loop->base = event_base_new();
    if (loop->base == NULL || event_base_priority_init(loop->base, 2) != 0)
        return -1;
    loop->http = evhttp_new(loop->base);
    loop->ctx = qrpng_ctx_new();
    loop->drain_ev = event_new(loop->base, -1, 0, drain, loop);
    loop->check_ev = event_new(loop->base, -1, EV_PERSIST, check_drained, loop);
    if (loop->http == NULL || loop->ctx == NULL || loop->drain_ev == NULL ||
        loop->check_ev == NULL)
        return -1;
    /* Every method reaches routes_handle, which answers 405 itself. */
    evhttp_set_allowed_methods(loop->http,
        EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD | EVHTTP_REQ_PUT |
        EVHTTP_REQ_DELETE | EVHTTP_REQ_OPTIONS | EVHTTP_REQ_TRACE |
        EVHTTP_REQ_CONNECT | EVHTTP_REQ_PATCH);
    evhttp_set_timeout(loop->http, (int)cfg->idle_timeout);
    /* libevent's own cap on the request line plus headers: past it,
     * libevent answers 400 itself. Under it, routes_handle answers 414
     * and 431 against the two settings. */
    evhttp_set_max_headers_size(loop->http,
        (ev_ssize_t)(cfg->max_request_line + cfg->max_headers + 1024));
    evhttp_set_max_body_size(loop->http, (ev_ssize_t)cfg->max_body);
    evhttp_set_default_content_type(loop->http, "text/plain; charset=utf-8");
    evhttp_set_bevcb(loop->http, conn_new_bufferevent, loop);
    evhttp_set_gencb(loop->http, routes_handle, loop);
    for (size_t i = 0; i < n_listeners; i++) {
        int fd = fcntl(ls[i].fd, F_DUPFD_CLOEXEC, 0);
        if (fd < 0)
            return -1;
        struct evhttp_bound_socket *b = evhttp_accept_socket_with_handle(loop->http, fd);
        if (b == NULL) {
            close(fd);
            return -1;
        }
        loop->bound[loop->n_bound++] = b;
    }
    return 0;
}

static void teardown(struct loop *loop)
{
    if (loop->http != NULL)
        evhttp_free(loop->http);
    if (loop->drain_ev != NULL)
        event_free(loop->drain_ev);
    if (loop->check_ev != NULL)
        event_free(loop->check_ev);
    if (loop->base != NULL)
        event_base_free(loop->base);
    qrpng_ctx_free(loop->ctx);
}

struct loop *loops_start(const struct server_config *cfg,
                         const struct listener *ls, size_t n_listeners)
{
    struct loop *loops = calloc(cfg->threads, sizeof *loops);
    if (loops == NULL) {
        fputs("qr-server: out of memory\n", stderr);
        return NULL;
    }
    for (unsigned i = 0; i < cfg->threads; i++)
        if (setup(&loops[i], cfg, ls, n_listeners) != 0) {
            fprintf(stderr, "qr-server: cannot set up event loop %u: %s\n", i,
                    strerror(errno != 0 ? errno : ENOMEM));
            for (unsigned j = 0; j <= i; j++)
                teardown(&loops[j]);
            free(loops);
            return NULL;
        }
    for (unsigned i = 0; i < cfg->threads; i++) {
        int rc = pthread_create(&loops[i].thread, NULL, run, &loops[i]);
        if (rc != 0) {
            fprintf(stderr, "qr-server: cannot start a thread: %s\n",
                    strerror(rc));
            exit(1);
        }
    }
    return loops;
}

void loops_drain(struct loop *loops, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        event_active(loops[i].drain_ev, EV_TIMEOUT, 1);
}

size_t loops_finish(struct loop *loops, unsigned n, unsigned timeout_s)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_s;
    pthread_mutex_lock(&done_lock);
    while (loops_done < n) {
        if (pthread_cond_timedwait(&done_cond, &done_lock, &deadline) == ETIMEDOUT)
            break;
    }
    int late = loops_done < n;
    pthread_mutex_unlock(&done_lock);
    if (late)
        for (unsigned i = 0; i < n; i++)
            event_base_loopbreak(loops[i].base);
    for (unsigned i = 0; i < n; i++) {
        pthread_join(loops[i].thread, NULL);
        teardown(&loops[i]);
    }
    free(loops);
    return connections_cut;
}
