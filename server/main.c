/* main.c - qr-server: settings, sockets, the event loops, then signals
 * until SIGTERM or SIGINT (SIGHUP reopens the access log). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/thread.h>

#include "access_log.h"
#include "connection_limits.h"
#include "event_loops.h"
#include "listeners.h"
#include "routes.h"
#include "server_config.h"

int main(int argc, char **argv)
{
    struct server_config cfg;
    switch (server_config_parse(&cfg, argc, argv)) {
    case CONFIG_EXIT_OK: return 0;
    case CONFIG_EXIT_USAGE: return 1;
    case CONFIG_RUN: break;
    }

    /* Signals go to this thread alone, through sigwait; the loops'
     * threads inherit the mask. A peer gone is a write error, not a
     * signal. */
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    if (evthread_use_pthreads() != 0) {
        fputs("qr-server: libevent without thread support\n", stderr);
        return 1;
    }
    if (conn_limits_init(cfg.max_connections, cfg.request_timeout) != 0)
        return 1;
    if (cfg.access_log != NULL && access_log_open(cfg.access_log) != 0)
        return 1;
    routes_init(&cfg);

    struct listener ls[LISTENERS_MAX];
    size_t n_listeners = 0;
    if (listeners_open(&cfg, ls, &n_listeners) != 0)
        return 1;
    struct loop *loops = loops_start(&cfg, ls, n_listeners);
    if (loops == NULL) {
        listeners_close(ls, n_listeners);
        return 1;
    }

    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            access_log_reopen();
            continue;
        }
        break;
    }
    /* Stop accepting: each loop drops its copy of the sockets, and ours
     * go now, so that new connections are refused at once. */
    loops_drain(loops, cfg.threads);
    listeners_close(ls, n_listeners);
    size_t cut = loops_finish(loops, cfg.threads, cfg.shutdown_timeout);
    if (cut > 0)
        fprintf(stderr, "qr-server: %zu connections cut at the shutdown "
                "deadline (--shutdown-timeout %u)\n", cut, cfg.shutdown_timeout);
    access_log_close();
    return 0;
}
