/* quote.h - the one way qr-cli and qr-server echo a value they did not
 * write themselves (an argument, a path, a batch name, a query
 * parameter) in a message: a message stays one line and cannot drive the
 * terminal or log that shows it. */
#ifndef QRCLI_QUOTE_H
#define QRCLI_QUOTE_H

#include <stddef.h>

/* Room for a quoted path or name: longer values are cut with "...". */
#define QUOTE_SIZE 512

/* s (a C string) as a message shows it, in buf (size bytes, at least 8),
 * which it returns. Escaped, so that what is shown maps back to s:
 *   a backslash                                    as \\
 *   C0 controls and DEL (bytes 0x00-0x1f, 0x7f)    as \xHH
 *   bytes that are not UTF-8                       as \xHH
 *   C1 controls U+0080-U+009F, U+2028, U+2029, and every character
 *   that is Bidi_Control or Default_Ignorable_Code_Point in Unicode
 *   (marks, overrides and isolates, U+061C, zero-width characters,
 *   variation selectors, tag characters)          as \u{HHHH}
 * Everything else is copied. When buf is too small the result ends with
 * "..." (never in the middle of an escape or a character). */
const char *quote_value(const char *s, char *buf, size_t size);

/* The same for len bytes at bytes, which may hold NULs (each shown as
 * \x00): for a decoded query value. */
const char *quote_bytes(const void *bytes, size_t len, char *buf,
                        size_t size);

/* Room for a value quoted in a one-line message about it: a quoted one
 * must neither split the message nor fill a log. */
#define QUOTE_ARG_SIZE 48

/* The one wording of a bad value, as qr-cli and qr-server say it:
 * "invalid NAME 'VALUE': EXPECTS", VALUE (len bytes) quoted by
 * quote_bytes in QUOTE_ARG_SIZE bytes, EXPECTS as the option table words
 * it (qrpng_option_set_value). Written to msg (size bytes); returns msg. */
const char *quote_invalid_value(char *msg, size_t size, const char *name,
                                const void *value, size_t len,
                                const char *expects);

#endif
