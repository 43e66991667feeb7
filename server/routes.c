/* routes.c - see routes.h.
 *
 *   GET|HEAD /qrcode?text=...                 the article's endpoint
 *   GET|HEAD|POST /v1/create-qr-code/?data=... goQR.me's API
 *   GET|HEAD /healthz, GET|HEAD /metrics
 *   anything else: 404; another method on a route: 405 with Allow.
 *
 * Parameters are the request layer's alone (render_request_parse); this
 * file does HTTP: sizes, methods, ETag and If-None-Match, the headers
 * of every answer, metrics and the access log. */
#include "routes.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <time.h>

#define XXH_STATIC_LINKING_ONLY
#include <xxhash.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/http_struct.h>
#include <event2/keyvalq_struct.h>

#include "access_log.h"
#include "connection_limits.h"
#include "event_loops.h"
#include "metrics.h"
#include "render_request.h"

#define CACHE_IMMUTABLE "public, max-age=31536000, immutable"
#define TEXT_PLAIN "text/plain; charset=utf-8"

static const struct server_config *config;
static char versions[256]; /* what an ETag covers besides the request */

void routes_init(const struct server_config *cfg)
{
    char deps[160];
    config = cfg;
    qrpng_dependency_versions(deps, sizeof deps);
    snprintf(versions, sizeof versions, "libqrpng %s; %s", qrpng_version(),
             deps);
}

void routes_etag(const char *options_key, const void *text, size_t text_len,
                 char out[ETAG_SIZE])
{
    XXH3_state_t state;
    XXH3_128bits_reset(&state);
    XXH3_128bits_update(&state, versions, strlen(versions) + 1);
    XXH3_128bits_update(&state, options_key, strlen(options_key) + 1);
    XXH3_128bits_update(&state, text, text_len);
    XXH128_hash_t h = XXH3_128bits_digest(&state);
    snprintf(out, ETAG_SIZE, "\"%016llx%016llx\"",
             (unsigned long long)h.high64, (unsigned long long)h.low64);
}

/* What one request needs to answer and be counted. */
struct exchange {
    struct evhttp_request *req;
    struct loop *loop;
    enum metrics_route route;
    int head;
    int closing;            /* draining: the answer closes the connection */
    struct timespec start;
};

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    default: return "Unknown";
    }
}

static const char *method_name(enum evhttp_cmd_type cmd)
{
    switch (cmd) {
    case EVHTTP_REQ_GET: return "GET";
    case EVHTTP_REQ_POST: return "POST";
    case EVHTTP_REQ_HEAD: return "HEAD";
    case EVHTTP_REQ_PUT: return "PUT";
    case EVHTTP_REQ_DELETE: return "DELETE";
    case EVHTTP_REQ_OPTIONS: return "OPTIONS";
    case EVHTTP_REQ_TRACE: return "TRACE";
    case EVHTTP_REQ_CONNECT: return "CONNECT";
    case EVHTTP_REQ_PATCH: return "PATCH";
    default: return "?";
    }
}

/* The client for the log: the peer, or with --trust-proxy the last
 * address of X-Forwarded-For (the one our proxy added). */
static void client_of(struct evhttp_request *req, char *buf, size_t size)
{
    if (config->trust_proxy) {
        const char *xff = evhttp_find_header(evhttp_request_get_input_headers(req),
                                             "X-Forwarded-For");
        if (xff != NULL) {
            const char *last = strrchr(xff, ',');
            last = last != NULL ? last + 1 : xff;
            last += strspn(last, " \t");
            size_t len = strcspn(last, " \t");
            if (len > 0) {
                snprintf(buf, size, "%.*s", (int)len, last);
                return;
            }
        }
    }
    char *host = NULL;
    ev_uint16_t port = 0;
    struct evhttp_connection *evcon = evhttp_request_get_connection(req);
    if (evcon != NULL)
        evhttp_connection_get_peer(evcon, &host, &port);
    snprintf(buf, size, "%s", host != NULL && *host != '\0' ? host : "-");
}

static void log_exchange(const struct exchange *x, int status, size_t sent)
{
    if (!access_log_enabled())
        return;
    struct evhttp_request *req = x->req;
    struct evkeyvalq *in = evhttp_request_get_input_headers(req);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    char client[80];
    client_of(req, client, sizeof client);
    struct access_entry e = {
        .client = client,
        .method = method_name(evhttp_request_get_command(req)),
        .uri = evhttp_request_get_uri(req),
        .major = req->major, .minor = req->minor,
        .status = status,
        .body_bytes = sent,
        .referer = evhttp_find_header(in, "Referer"),
        .user_agent = evhttp_find_header(in, "User-Agent"),
        .duration_us = (uint64_t)((now.tv_sec - x->start.tv_sec) * 1000000L +
                                  (now.tv_nsec - x->start.tv_nsec) / 1000),
    };
    access_log_write(&e);
}

/* Every answer goes out here: the headers every answer has, the body
 * unless HEAD or 304, then the metrics and the log line. */
static void answer(const struct exchange *x, int status, const char *type,
                   const void *body, size_t len, const char *cache,
                   const char *etag, const char *allow)
{
    struct evkeyvalq *out = evhttp_request_get_output_headers(x->req);
    if (type != NULL)
        evhttp_add_header(out, "Content-Type", type);
    if (status != 304) {
        /* HEAD too: the length the GET would have had. */
        char length[24];
        snprintf(length, sizeof length, "%zu", len);
        evhttp_add_header(out, "Content-Length", length);
    }
    evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
    if (cache != NULL)
        evhttp_add_header(out, "Cache-Control", cache);
    if (etag != NULL)
        evhttp_add_header(out, "ETag", etag);
    if (allow != NULL)
        evhttp_add_header(out, "Allow", allow);
    if (config->cors != NULL) {
        evhttp_add_header(out, "Access-Control-Allow-Origin", config->cors);
        if (strcmp(config->cors, "*") != 0)
            evhttp_add_header(out, "Vary", "Origin");
    }
    if (x->closing)
        evhttp_add_header(out, "Connection", "close");
    struct evbuffer *buf = evbuffer_new();
    size_t sent = 0;
    if (buf != NULL && !x->head && status != 304 && len > 0) {
        if (evbuffer_add(buf, body, len) == 0)
            sent = len;
    }
    evhttp_send_reply(x->req, status, reason(status), buf);
    if (buf != NULL)
        evbuffer_free(buf);
    metrics_request(x->route, status, sent);
    log_exchange(x, status, sent);
}

static void answer_text(const struct exchange *x, int status, const char *text,
                        const char *cache, const char *allow)
{
    answer(x, status, TEXT_PLAIN, text, strlen(text), cache, NULL, allow);
}

/* If-None-Match against our tag: "*", or any listed tag, weak or not
 * (RFC 9110 compares weakly for If-None-Match). */
static int none_match_hits(const char *header, const char *etag)
{
    if (header == NULL)
        return 0;
    size_t etag_len = strlen(etag);
    const char *p = header;
    while (*p != '\0') {
        p += strspn(p, " \t,");
        if (*p == '\0')
            break;
        if (*p == '*')
            return 1;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, etag, etag_len) == 0 &&
            (p[etag_len] == '\0' || strchr(" \t,", p[etag_len]) != NULL))
            return 1;
        /* Skip this tag: a quoted string, then to the next comma. */
        if (*p == '"') {
            const char *end = strchr(p + 1, '"');
            p = end != NULL ? end + 1 : p + strlen(p);
        }
        p += strcspn(p, ",");
    }
    return 0;
}

static int is_form(const char *content_type)
{
    static const char form[] = "application/x-www-form-urlencoded";
    if (content_type == NULL)
        return 1;
    if (strncasecmp(content_type, form, sizeof form - 1) != 0)
        return 0;
    char next = content_type[sizeof form - 1];
    return next == '\0' || next == ';' || next == ' ' || next == '\t';
}

static void render(const struct exchange *x, request_route route,
                   const char *query)
{
    struct evhttp_request *req = x->req;
    const char *form = NULL;
    size_t form_len = 0;
    if (evhttp_request_get_command(req) == EVHTTP_REQ_POST) {
        struct evkeyvalq *in = evhttp_request_get_input_headers(req);
        if (!is_form(evhttp_find_header(in, "Content-Type"))) {
            answer_text(x, 415, "POST body must be "
                        "application/x-www-form-urlencoded", NULL, NULL);
            return;
        }
        struct evbuffer *body = evhttp_request_get_input_buffer(req);
        form_len = evbuffer_get_length(body);
        if (form_len > 0)
            form = (const char *)evbuffer_pullup(body, -1);
        if (form == NULL)
            form_len = 0;
    }

    render_request rr;
    memset(&rr, 0, sizeof rr);
    request_limits limits = {config->max_text, config->max_size};
    if (render_request_parse(&rr, route, query, query != NULL ? strlen(query) : 0,
                             form, form_len, &limits) != 0) {
        int status = rr.http_status == 500 ? 500 : 400;
        answer_text(x, status, rr.message, status == 500 ? "no-store" : NULL,
                    NULL);
        render_request_release(&rr);
        return;
    }

    char key[RENDER_REQUEST_KEY_MAX], etag[ETAG_SIZE];
    render_request_key(&rr, key, sizeof key);
    routes_etag(key, rr.text, rr.text_len, etag);
    const char *inm = evhttp_find_header(evhttp_request_get_input_headers(req),
                                         "If-None-Match");
    if (none_match_hits(inm, etag)) {
        answer(x, 304, NULL, NULL, 0, CACHE_IMMUTABLE, etag, NULL);
        render_request_release(&rr);
        return;
    }

    struct timespec t0, t1;
    qrpng_image img;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    qrpng_status st = qrpng_render(x->loop->ctx, rr.text, rr.text_len,
                                   &rr.options, &img);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    metrics_render_time((uint64_t)((t1.tv_sec - t0.tv_sec) * 1000000L +
                                   (t1.tv_nsec - t0.tv_nsec) / 1000));
    render_request_release(&rr);
    if (st == QRPNG_OK) {
        const char *type = qrpng_format_media_type(img.format);
        answer(x, 200, type != NULL ? type : "application/octet-stream",
               img.data, img.size, CACHE_IMMUTABLE, etag, NULL);
    } else if (st == QRPNG_ERR_TOO_LONG || st == QRPNG_ERR_EMPTY_INPUT ||
               st == QRPNG_ERR_INVALID_OPTION) {
        /* The request's fault: the library's one line says which. */
        answer_text(x, 400, qrpng_ctx_message(x->loop->ctx), NULL, NULL);
    } else {
        fprintf(stderr, "qr-server: render failed: %s\n",
                qrpng_ctx_message(x->loop->ctx));
        answer_text(x, 500, "failed generating QR code", "no-store", NULL);
    }
}

static void healthz(const struct exchange *x)
{
    answer_text(x, 200, "ok\n", "no-store", NULL);
}

static void metrics(const struct exchange *x)
{
    struct evbuffer *buf = evbuffer_new();
    if (buf == NULL) {
        answer_text(x, 500, "out of memory", "no-store", NULL);
        return;
    }
    metrics_write(buf);
    size_t len = evbuffer_get_length(buf);
    const void *text = evbuffer_pullup(buf, -1);
    answer(x, 200, "text/plain; version=0.0.4; charset=utf-8", text, len,
           "no-store", NULL, NULL);
    evbuffer_free(buf);
}

/* Bytes of the header block as received, near enough: name, ": ",
 * value, CRLF per line. */
/* The bytes of the request's header lines (name, ": ", value, CRLF) and
 * how many there are, in *lines. */
static size_t header_bytes(struct evhttp_request *req, size_t *lines)
{
    size_t total = 0;
    struct evkeyval *h;
    *lines = 0;
    TAILQ_FOREACH(h, evhttp_request_get_input_headers(req), next) {
        total += strlen(h->key) + strlen(h->value) + 4;
        (*lines)++;
    }
    return total;
}

void routes_handle(struct evhttp_request *req, void *arg)
{
    struct exchange x;
    memset(&x, 0, sizeof x);
    x.req = req;
    x.loop = arg;
    clock_gettime(CLOCK_MONOTONIC, &x.start);
    x.closing = conn_request_arrived(req);
    enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
    x.head = cmd == EVHTTP_REQ_HEAD;
    x.route = ROUTE_OTHER;

    const char *uri = evhttp_request_get_uri(req);
    const struct evhttp_uri *parsed = evhttp_request_get_evhttp_uri(req);
    const char *path = parsed != NULL ? evhttp_uri_get_path(parsed) : NULL;
    const char *query = parsed != NULL ? evhttp_uri_get_query(parsed) : NULL;
    if (path == NULL || *path == '\0')
        path = "/";

    int goqr = strcmp(path, "/v1/create-qr-code/") == 0 ||
               strcmp(path, "/v1/create-qr-code") == 0;
    if (strcmp(path, "/qrcode") == 0)
        x.route = ROUTE_QRCODE;
    else if (goqr)
        x.route = ROUTE_GOQR;
    else if (strcmp(path, "/healthz") == 0)
        x.route = ROUTE_HEALTHZ;
    else if (strcmp(path, "/metrics") == 0)
        x.route = ROUTE_METRICS;

    /* "METHOD SP target SP HTTP/1.1": the target plus at most 17. */
    size_t line = strlen(method_name(cmd)) + 1 + (uri != NULL ? strlen(uri) : 0) + 9;
    if (line > config->max_request_line) {
        char msg[96];
        metrics_refused(LIMIT_REQUEST_LINE);
        snprintf(msg, sizeof msg, "request line longer than %zu bytes",
                 config->max_request_line);
        x.closing = 1;
        answer_text(&x, 414, msg, NULL, NULL);
        return;
    }
    size_t header_lines;
    size_t header_size = header_bytes(req, &header_lines);
    if (header_size > config->max_headers ||
        header_lines > config->max_header_lines) {
        char msg[96];
        metrics_refused(LIMIT_HEADERS);
        if (header_lines > config->max_header_lines)
            snprintf(msg, sizeof msg, "more than %u request header lines",
                     config->max_header_lines);
        else
            snprintf(msg, sizeof msg, "request headers larger than %zu bytes",
                     config->max_headers);
        x.closing = 1;
        answer_text(&x, 431, msg, NULL, NULL);
        return;
    }

    if (x.route == ROUTE_OTHER) {
        answer_text(&x, 404, "not found", NULL, NULL);
        return;
    }
    int get_or_head = cmd == EVHTTP_REQ_GET || cmd == EVHTTP_REQ_HEAD;
    if (!(get_or_head || (goqr && cmd == EVHTTP_REQ_POST))) {
        answer_text(&x, 405, "method not allowed", NULL,
                    goqr ? "GET, HEAD, POST" : "GET, HEAD");
        return;
    }
    switch (x.route) {
    case ROUTE_QRCODE: render(&x, REQUEST_ROUTE_QRCODE, query); break;
    case ROUTE_GOQR: render(&x, REQUEST_ROUTE_GOQR, query); break;
    case ROUTE_HEALTHZ: healthz(&x); break;
    case ROUTE_METRICS: metrics(&x); break;
    default: answer_text(&x, 404, "not found", NULL, NULL); break;
    }
}
