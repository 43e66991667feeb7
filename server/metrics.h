/* metrics.h - process-wide counters, written as Prometheus text. Every
 * label comes from a fixed set, so no request can grow the output. */
#ifndef QRSERVER_METRICS_H
#define QRSERVER_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;

enum metrics_route {
    ROUTE_QRCODE, ROUTE_GOQR, ROUTE_HEALTHZ, ROUTE_METRICS, ROUTE_OTHER,
    ROUTE_COUNT
};

enum metrics_limit {
    LIMIT_CONNECTIONS,     /* over --max-connections: closed at accept */
    LIMIT_REQUEST_TIMEOUT, /* cut at --request-timeout */
    LIMIT_REQUEST_LINE,    /* 414 */
    LIMIT_HEADERS,         /* 431 */
    LIMIT_COUNT
};

const char *metrics_route_name(enum metrics_route route);

void metrics_request(enum metrics_route route, int status, uint64_t body_bytes);
void metrics_render_time(uint64_t microseconds);
void metrics_refused(enum metrics_limit limit);
void metrics_connection_opened(void);
void metrics_connection_closed(void);
/* Open connections now (accepted, not yet closed). */
uint64_t metrics_connections_open(void);

/* The whole exposition, appended to out. */
void metrics_write(struct evbuffer *out);

#endif
