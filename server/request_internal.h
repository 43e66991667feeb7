/* request_internal.h - what the routes of render_request.c share
 * (internal to qr-server's request layer). */
#ifndef QRSERVER_REQUEST_INTERNAL_H
#define QRSERVER_REQUEST_INTERNAL_H

#include "query.h"
#include "render_request.h"

/* Sets req's status and message (printf format, control bytes replaced);
 * returns -1. */
__attribute__((format(printf, 3, 4)))
int request_refuse(render_request *req, int status, const char *fmt, ...);

/* 400 "invalid NAME 'VALUE': EXPECTS", the value quoted; returns -1. */
int request_refuse_value(render_request *req, const char *name,
                         const query_param *p, const char *expects);

/* Copies p's value into req->text: 0, or -1 with a 400 for a missing or
 * empty one (p NULL), one over max_text bytes or one holding a NUL,
 * each message naming the parameter name. */
int request_take_text(render_request *req, const query_param *p,
                      const char *name, size_t max_text);

/* /v1/create-qr-code/ (goqr_params.c): 0, or -1 refused. */
int request_parse_goqr(render_request *req, const query_params *get,
                       const query_params *post,
                       const request_limits *limits);

#endif
