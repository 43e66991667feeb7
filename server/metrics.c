/* metrics.c - see metrics.h. Relaxed atomics: each counter is exact,
 * a scrape sees them at slightly different instants. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>

#include <event2/buffer.h>

/* The statuses qr-server writes or libevent writes for it; any other
 * lands in "other". */
static const int statuses[] = {200, 304, 400, 404, 405, 413, 414, 431, 500,
                               503};
#define STATUS_COUNT (sizeof statuses / sizeof statuses[0])

static const char *const route_names[ROUTE_COUNT] = {
    "qrcode", "create-qr-code", "healthz", "metrics", "other"
};

static const char *const limit_names[LIMIT_COUNT] = {
    "connections", "request_timeout", "request_line", "headers"
};

/* Upper bounds of the render time histogram, in microseconds. */
static const uint64_t buckets_us[] = {100, 250, 500, 1000, 2500, 5000,
                                      10000, 25000, 50000, 100000};
#define BUCKET_COUNT (sizeof buckets_us / sizeof buckets_us[0])

static atomic_uint_fast64_t requests[ROUTE_COUNT][STATUS_COUNT + 1];
static atomic_uint_fast64_t render_buckets[BUCKET_COUNT + 1];
static atomic_uint_fast64_t render_sum_us;
static atomic_uint_fast64_t render_count;
static atomic_uint_fast64_t bytes_out;
static atomic_uint_fast64_t refused[LIMIT_COUNT];
static atomic_uint_fast64_t connections_open;
static atomic_uint_fast64_t connections_total;

const char *metrics_route_name(enum metrics_route route)
{
    return route_names[route < ROUTE_COUNT ? route : ROUTE_OTHER];
}

void metrics_request(enum metrics_route route, int status, uint64_t body_bytes)
{
    size_t i = 0;
    while (i < STATUS_COUNT && statuses[i] != status)
        i++;
    if (route >= ROUTE_COUNT)
        route = ROUTE_OTHER;
    atomic_fetch_add_explicit(&requests[route][i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&bytes_out, body_bytes, memory_order_relaxed);
}

void metrics_render_time(uint64_t us)
{
    size_t i = 0;
    while (i < BUCKET_COUNT && us > buckets_us[i])
        i++;
    atomic_fetch_add_explicit(&render_buckets[i], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&render_sum_us, us, memory_order_relaxed);
    atomic_fetch_add_explicit(&render_count, 1, memory_order_relaxed);
}

void metrics_refused(enum metrics_limit limit)
{
    atomic_fetch_add_explicit(&refused[limit], 1, memory_order_relaxed);
}

void metrics_connection_opened(void)
{
    atomic_fetch_add_explicit(&connections_open, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&connections_total, 1, memory_order_relaxed);
}

void metrics_connection_closed(void)
{
    atomic_fetch_sub_explicit(&connections_open, 1, memory_order_relaxed);
}

uint64_t metrics_connections_open(void)
{
    return atomic_load_explicit(&connections_open, memory_order_relaxed);
}

static unsigned long long load(atomic_uint_fast64_t *v)
{
    return (unsigned long long)atomic_load_explicit(v, memory_order_relaxed);
}

void metrics_write(struct evbuffer *out)
{
    evbuffer_add_printf(out,
        "# HELP qr_server_requests_total Requests answered, by route and status.\n"
        "# TYPE qr_server_requests_total counter\n");
    for (size_t r = 0; r < ROUTE_COUNT; r++)
        for (size_t s = 0; s <= STATUS_COUNT; s++) {
            char status[8];
            if (s < STATUS_COUNT)
                snprintf(status, sizeof status, "%d", statuses[s]);
            else
                snprintf(status, sizeof status, "other");
            evbuffer_add_printf(out,
                "qr_server_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                route_names[r], status, load(&requests[r][s]));
        }

    evbuffer_add_printf(out,
        "# HELP qr_server_render_seconds Time to render one code.\n"
        "# TYPE qr_server_render_seconds histogram\n");
    unsigned long long cumulative = 0;
    for (size_t i = 0; i < BUCKET_COUNT; i++) {
        cumulative += load(&render_buckets[i]);
        evbuffer_add_printf(out,
            "qr_server_render_seconds_bucket{le=\"%g\"} %llu\n",
            (double)buckets_us[i] / 1e6, cumulative);
    }
    cumulative += load(&render_buckets[BUCKET_COUNT]);
    evbuffer_add_printf(out,
        "qr_server_render_seconds_bucket{le=\"+Inf\"} %llu\n"
        "qr_server_render_seconds_sum %.6f\n"
        "qr_server_render_seconds_count %llu\n",
        cumulative, (double)load(&render_sum_us) / 1e6, load(&render_count));

    evbuffer_add_printf(out,
        "# HELP qr_server_response_bytes_total Bytes of response bodies sent.\n"
        "# TYPE qr_server_response_bytes_total counter\n"
        "qr_server_response_bytes_total %llu\n"
        "# HELP qr_server_connections_open Connections open now.\n"
        "# TYPE qr_server_connections_open gauge\n"
        "qr_server_connections_open %llu\n"
        "# HELP qr_server_connections_total Connections accepted.\n"
        "# TYPE qr_server_connections_total counter\n"
        "qr_server_connections_total %llu\n"
        "# HELP qr_server_refused_total Connections and requests refused by a limit.\n"
        "# TYPE qr_server_refused_total counter\n",
        load(&bytes_out), load(&connections_open), load(&connections_total));
    for (size_t i = 0; i < LIMIT_COUNT; i++)
        evbuffer_add_printf(out, "qr_server_refused_total{limit=\"%s\"} %llu\n",
                            limit_names[i], load(&refused[i]));
}
