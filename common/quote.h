/* quote.h - the one way qr-cli echoes a value it did not write itself
 * (an argument, a path, a batch name) in a message: a message stays one
 * line and cannot drive the terminal that shows it. */
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

#endif
