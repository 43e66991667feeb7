/* routes.h - the HTTP side of every request: routing, limits the
 * handler checks itself, renders, and the answers with their headers. */
#ifndef QRSERVER_ROUTES_H
#define QRSERVER_ROUTES_H

#include "server_config.h"

struct evhttp_request;

/* Once, before the loops start: the settings every answer uses. */
void routes_init(const struct server_config *cfg);

/* evhttp's generic callback; arg is the request's struct loop. */
void routes_handle(struct evhttp_request *req, void *arg);

/* The ETag of a render: a strong tag, the XXH3 128-bit hash of the
 * library versions, the options key and the text, as "\"<32 hex>\"" in
 * out (at least ETAG_SIZE bytes). */
#define ETAG_SIZE 40
void routes_etag(const char *options_key, const void *text, size_t text_len,
                 char out[ETAG_SIZE]);

#endif
