/* render_request.h - qr-server's request layer: from a route, the raw
 * query string and an optional form body to a checked render request.
 * Pure: no sockets, no global state; the HTTP side (server/main.c and
 * friends) calls it once per request and renders what it gives.
 *
 * Bytes: percent-decoding yields the bytes the client sent (%ff is the
 * byte 0xFF, no UTF-8 check, no U+FFFD); '+' is a space in query strings
 * and form bodies; a text holding a NUL is refused. Unknown parameters
 * are ignored. docs/goqr.md has the goQR route's parameters. */
#ifndef QRSERVER_RENDER_REQUEST_H
#define QRSERVER_RENDER_REQUEST_H

#include <stddef.h>
#include <stdint.h>

#include "qrpng.h"

typedef enum request_route {
    REQUEST_ROUTE_QRCODE,   /* /qrcode: text plus the option table's names */
    REQUEST_ROUTE_GOQR      /* /v1/create-qr-code/: goQR.me's parameters */
} request_route;

/* --max-text and --max-size. */
#define REQUEST_DEFAULT_MAX_TEXT 512u
#define REQUEST_DEFAULT_MAX_SIZE 2000u

typedef struct request_limits {
    size_t max_text;    /* bytes of text; default 512 */
    uint32_t max_size;  /* pixels on a side of the image; default 2000 */
} request_limits;

typedef struct render_request {
    unsigned char *text;   /* raw bytes as the client sent them, owned,
                              freed by render_request_release; NULL on
                              failure */
    size_t text_len;
    qrpng_options options; /* ready for qrpng_render */
    int http_status;       /* 0: ok; else 400 (500: out of memory) */
    char message[256];     /* on failure: the one-line text/plain body,
                              sanitized (no control bytes) */
} render_request;

/*
 * query: the bytes after '?', or NULL; form: an
 * application/x-www-form-urlencoded POST body or NULL (goQR route only;
 * per parameter a GET value wins over a form one). limits NULL: the
 * defaults. Returns 0 ok, -1 refused (http_status and message set); never
 * aborts; work and memory linear in query_len + form_len. *req must be
 * released with render_request_release either way.
 */
int render_request_parse(render_request *req, request_route route,
                         const char *query, size_t query_len,
                         const char *form, size_t form_len,
                         const request_limits *limits);

/* Frees req->text; req may be parsed again. NULL is a no-op. */
void render_request_release(render_request *req);

/* Added after the first interface: a canonical text of req->options
 * (every field that changes the output, in a fixed order, e.g.
 * "v1 f=png l=L s=200 k=0 m=4 p=0 d=000000 b=ffffff t=0 n=0 u=0 o=0 e=0 i=0")
 * in buf (size bytes, NUL-terminated when size > 0), for a cache key or
 * an ETag together with the text and the library versions. Two requests
 * with the same text and key render the same bytes. Returns the length
 * the whole key needs, as snprintf does (under 128). */
#define RENDER_REQUEST_KEY_MAX 128
size_t render_request_key(const render_request *req, char *buf, size_t size);

/* Added after the first interface: the widest image options can give
 * for any text (the largest symbol for them), in pixels; what the
 * max_size limit is checked against before rendering. */
uint64_t render_request_max_width(const qrpng_options *options);

#endif
