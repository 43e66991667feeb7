/* connection_limits.h - what libevent 2.1's evhttp does not limit
 * itself: the number of open connections for the whole process, and the
 * time from a request's first byte to its last (evhttp's timeout is an
 * idle timeout only, which a client trickling a byte a second never
 * trips). Every connection is tracked from the bufferevent evhttp asks
 * for (evhttp_set_bevcb) to its close callback. */
#ifndef QRSERVER_CONNECTION_LIMITS_H
#define QRSERVER_CONNECTION_LIMITS_H

#include <stddef.h>

struct loop;
struct evhttp_request;
struct event_base;
struct bufferevent;

/* Once, before any loop starts: the limits, and a table from descriptor
 * to connection sized to the descriptor limit (which it raises to the
 * hard limit). Prints one line and returns -1 when max_connections cannot
 * fit under the descriptor limit. */
int conn_limits_init(unsigned max_connections, unsigned request_timeout_s);

/* evhttp's bufferevent callback (evhttp_set_bevcb), with the loop as arg. */
struct bufferevent *conn_new_bufferevent(struct event_base *base, void *loop);

/* Called by the request handler as a request reaches it: the deadline
 * stops until the answer is written. Returns whether the loop is
 * draining (the answer then closes the connection). */
int conn_request_arrived(struct evhttp_request *req);

/* While draining: closes connections with no request under way (those
 * that never sent a byte after grace_ms). Returns how many remain. */
size_t conn_close_idle(struct loop *loop, unsigned grace_ms);

/* Frees every connection of the loop (at the end). */
void conn_close_all(struct loop *loop);

#endif
