/* query.c - see query.h. */
#include "query.h"

#include <stdlib.h>
#include <string.h>

#include <event2/http.h>

/* len bytes at s decoded into a new NUL-terminated buffer, its length in
 * *out_len; NULL when out of memory. evhttp_uridecode reads a C string,
 * so a raw NUL splits the piece and is put back between the parts. */
static char *decode(const char *s, size_t len, size_t *out_len)
{
    /* Decoding never makes a piece longer. */
    char *result = malloc(len + 1);
    char *segment = malloc(len + 1);
    size_t used = 0;
    if (result == NULL || segment == NULL)
        goto fail;
    for (size_t start = 0;;) {
        const char *nul = memchr(s + start, '\0', len - start);
        size_t end = nul != NULL ? (size_t)(nul - s) : len;
        memcpy(segment, s + start, end - start);
        segment[end - start] = '\0';
        size_t n = 0;
        char *decoded = evhttp_uridecode(segment, 1, &n);
        if (decoded == NULL)
            goto fail;
        memcpy(result + used, decoded, n);
        used += n;
        free(decoded);
        if (nul == NULL)
            break;
        result[used++] = '\0';
        start = end + 1;
    }
    result[used] = '\0';
    free(segment);
    *out_len = used;
    return result;
fail:
    free(result);
    free(segment);
    return NULL;
}

int query_parse(query_params *out, const char *s, size_t len)
{
    out->items = NULL;
    out->count = 0;
    if (len == 0)
        return 0;
    size_t pieces = 1;
    for (size_t i = 0; i < len; i++)
        pieces += s[i] == '&';
    out->items = calloc(pieces, sizeof *out->items);
    if (out->items == NULL)
        return -1;
    for (size_t start = 0; start <= len;) {
        const char *amp = memchr(s + start, '&', len - start);
        size_t end = amp != NULL ? (size_t)(amp - s) : len;
        if (end > start) {
            const char *piece = s + start;
            size_t piece_len = end - start;
            const char *eq = memchr(piece, '=', piece_len);
            size_t name_len = eq != NULL ? (size_t)(eq - piece) : piece_len;
            query_param *p = &out->items[out->count++];
            p->has_value = eq != NULL;
            p->name = decode(piece, name_len, &p->name_len);
            p->value = eq != NULL
                ? decode(eq + 1, piece_len - name_len - 1, &p->value_len)
                : decode("", 0, &p->value_len);
            if (p->name == NULL || p->value == NULL) {
                query_free(out);
                return -1;
            }
        }
        start = end + 1;
    }
    return 0;
}

void query_free(query_params *params)
{
    for (size_t i = 0; params->items != NULL && i < params->count; i++) {
        free(params->items[i].name);
        free(params->items[i].value);
    }
    free(params->items);
    params->items = NULL;
    params->count = 0;
}

int query_name_is(const query_param *p, const char *name)
{
    size_t len = strlen(name);
    return p->name_len == len && memcmp(p->name, name, len) == 0;
}
