/* manifest.c - splitting a batch manifest into records, streaming. */
#include "manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "read_waiting.h"

struct manifest_parser {
    char terminator;
    unsigned long number;   /* of the record being collected */
    size_t used;            /* bytes of it in buf */
    int overflow;           /* it is over MANIFEST_MAX_RECORD */
    unsigned long long fed; /* input bytes before the current feed */
    unsigned long long end; /* input bytes up to the end of the record */
    /* One byte more: the CR of a CR LF record that is exactly at the limit
     * (the limit is on the record, not its terminator). */
    unsigned char buf[MANIFEST_MAX_RECORD + 1];
};

manifest_parser *manifest_parser_new(int nul_mode)
{
    manifest_parser *parser = malloc(sizeof *parser);
    if (parser != NULL) {
        parser->terminator = nul_mode ? '\0' : '\n';
        parser->number = 1;
        parser->used = 0;
        parser->overflow = 0;
        parser->fed = 0;
        parser->end = 0;
    }
    return parser;
}

void manifest_parser_free(manifest_parser *parser)
{
    free(parser);
}

/* Hands the collected record to fn and starts the next one. */
static int deliver(manifest_parser *parser, manifest_record_fn fn,
                   void *user)
{
    manifest_record record = { .number = parser->number,
                               .end = parser->end };
    size_t len = parser->used;
    if (parser->terminator == '\n' && len > 0 && parser->buf[len - 1] == '\r')
        len--;
    int result = 0;
    if (parser->overflow || len > (size_t)MANIFEST_MAX_RECORD) {
        record.too_long = 1;
        result = fn(&record, user);
    } else if (len > 0) {
        unsigned char *tab = memchr(parser->buf, '\t', len);
        record.text = parser->buf;
        record.text_len = len;
        if (tab != NULL) {
            record.name = (const char *)parser->buf;
            record.name_len = (size_t)(tab - parser->buf);
            record.text = tab + 1;
            record.text_len = len - record.name_len - 1;
        }
        result = fn(&record, user);
    }
    parser->number++;
    parser->used = 0;
    parser->overflow = 0;
    return result;
}

int manifest_parser_feed(manifest_parser *parser, const void *data,
                         size_t len, manifest_record_fn fn, void *user)
{
    const unsigned char *begin = data;
    const unsigned char *p = begin;
    const unsigned char *end = p + len;
    while (p < end) {
        const unsigned char *stop = memchr(p, parser->terminator,
                                           (size_t)(end - p));
        size_t chunk = (size_t)((stop ? stop : end) - p);
        if (!parser->overflow) {
            if (chunk > sizeof parser->buf - parser->used) {
                parser->overflow = 1;
            } else {
                memcpy(parser->buf + parser->used, p, chunk);
                parser->used += chunk;
            }
        }
        if (stop == NULL)
            break;
        parser->end = parser->fed + (size_t)(stop + 1 - begin);
        int result = deliver(parser, fn, user);
        if (result != 0)
            return result;
        p = stop + 1;
    }
    parser->fed += len;
    return 0;
}

int manifest_parser_finish(manifest_parser *parser, manifest_record_fn fn,
                           void *user)
{
    if (parser->used == 0 && !parser->overflow)
        return 0;
    parser->end = parser->fed;
    return deliver(parser, fn, user);
}

int manifest_read_fd(int fd, int nul_mode, manifest_record_fn fn,
                     void *user)
{
    manifest_parser *parser = manifest_parser_new(nul_mode);
    if (parser == NULL)
        return -1;
    unsigned char chunk[64 * 1024];
    int result = 0;
    for (;;) {
        ssize_t n = read_waiting(fd, chunk, sizeof chunk);
        if (n < 0) {
            result = -1;
            break;
        }
        result = n == 0
            ? manifest_parser_finish(parser, fn, user)
            : manifest_parser_feed(parser, chunk, (size_t)n, fn, user);
        if (n == 0 || result != 0)
            break;
    }
    int saved = errno;
    manifest_parser_free(parser);
    errno = saved;
    return result;
}
