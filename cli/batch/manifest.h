/* manifest.h - splitting a batch manifest into records, streaming.
 *
 * A manifest is a sequence of records, each ended by a newline (or by a
 * NUL byte in NUL mode); the last one may lack its terminator. A record
 * is NAME<TAB>TEXT (split at the first tab), or a bare TEXT without a
 * tab. In newline mode one CR before the newline is dropped, so CR LF
 * manifests work. Empty records are skipped but still counted.
 *
 * The parser is fed bytes in any slicing and calls back once per record,
 * with bounded memory: a record longer than MANIFEST_MAX_RECORD bytes is
 * not kept, only reported. It never prints or exits. */
#ifndef QRCLI_MANIFEST_H
#define QRCLI_MANIFEST_H

#include <stddef.h>

/* Far over any QR code's capacity plus the longest name. */
#define MANIFEST_MAX_RECORD (16u * 1024u)

typedef struct manifest_record {
    unsigned long number;      /* 1-based line (record in NUL mode) */
    const char *name;          /* NULL for a bare record; not terminated */
    size_t name_len;
    const unsigned char *text; /* not terminated; may hold NUL in NUL mode */
    size_t text_len;
    int too_long;              /* over MANIFEST_MAX_RECORD: no name or text */
    unsigned long long end;    /* input bytes up to the end of the record,
                                * its terminator (if any) included */
} manifest_record;

/* Called once per non-empty record; the pointers are valid only during
 * the call. A nonzero return stops the parser, which returns that value. */
typedef int (*manifest_record_fn)(const manifest_record *record, void *user);

typedef struct manifest_parser manifest_parser;

/* A parser for newline-ended records, or NUL-ended ones when nul_mode.
 * NULL when out of memory. */
manifest_parser *manifest_parser_new(int nul_mode);
void manifest_parser_free(manifest_parser *parser);

/* Parses len more bytes. Returns 0, or the first nonzero value of fn. */
int manifest_parser_feed(manifest_parser *parser, const void *data,
                         size_t len, manifest_record_fn fn, void *user);

/* Ends the input: a last record without its terminator is delivered.
 * Returns 0, or fn's nonzero value. */
int manifest_parser_finish(manifest_parser *parser, manifest_record_fn fn,
                           void *user);

/* Reads fd to EOF through a parser. Returns 0, fn's nonzero value (make
 * it positive), or -1 with errno set on a read error or out of memory. */
int manifest_read_fd(int fd, int nul_mode, manifest_record_fn fn,
                     void *user);

#endif
