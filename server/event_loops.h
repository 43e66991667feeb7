/* event_loops.h - one thread per event loop, each with its own
 * event_base, evhttp and libqrpng context, all accepting on the same
 * listening sockets. */
#ifndef QRSERVER_EVENT_LOOPS_H
#define QRSERVER_EVENT_LOOPS_H

#include <pthread.h>
#include <stddef.h>

#include "listeners.h"
#include "qrpng.h"
#include "server_config.h"

struct conn;

struct loop {
    pthread_t thread;
    struct event_base *base;
    struct evhttp *http;
    qrpng_ctx *ctx;                     /* this loop's renders */
    const struct server_config *cfg;
    struct evhttp_bound_socket *bound[LISTENERS_MAX];
    size_t n_bound;
    struct event *drain_ev;             /* activated by loops_drain */
    struct event *check_ev;             /* while draining: done yet? */
    int draining;                       /* read by this loop's thread only */
    struct conn *conns;                 /* open connections, a list */
    size_t n_conns;
};

/* Sets up cfg->threads loops over the listeners and starts their
 * threads. Prints one line and returns NULL on failure. */
struct loop *loops_start(const struct server_config *cfg,
                         const struct listener *ls, size_t n_listeners);

/* From another thread: every loop stops accepting, closes its idle
 * connections, answers what is in flight and ends when none is left. */
void loops_drain(struct loop *loops, unsigned n);

/* Waits for every loop to end, at most timeout_s seconds, then breaks the
 * ones left; joins the threads and frees everything. Returns how many
 * connections were still open when the deadline cut them. */
size_t loops_finish(struct loop *loops, unsigned n, unsigned timeout_s);

#endif
