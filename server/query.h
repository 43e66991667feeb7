/* query.h - an application/x-www-form-urlencoded string (a query string
 * or a form body) split into decoded name=value pairs (qr-server). */
#ifndef QRSERVER_QUERY_H
#define QRSERVER_QUERY_H

#include <stddef.h>

typedef struct query_param {
    char *name;          /* decoded bytes, NUL-terminated (may hold NULs) */
    size_t name_len;
    char *value;         /* decoded bytes, NUL-terminated; "" when the
                            pair had no '=' (has_value 0) */
    size_t value_len;
    int has_value;       /* the pair had an '=' */
} query_param;

typedef struct query_params {
    query_param *items;  /* in the order they came */
    size_t count;
} query_params;

/* Splits len bytes at s on '&', each piece at its first '=' (name, then
 * value), and percent-decodes both with libevent's evhttp_uridecode,
 * '+' as a space: %XX is the byte 0xXX, anything else (a broken escape
 * such as %G1 or a trailing %f) stays as it is. Empty pieces are
 * skipped. A raw NUL byte (possible in a form body) is kept as a NUL.
 * s may be NULL when len is 0. 0, or -1 out of memory (*out empty).
 * Work and memory are linear in len. */
int query_parse(query_params *out, const char *s, size_t len);

void query_free(query_params *params);

/* Nonzero when p's name is exactly the C string name. */
int query_name_is(const query_param *p, const char *name);

#endif
