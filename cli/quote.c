/* quote.c - escaping untrusted values for one-line messages. */
#include "quote.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (1-4) with its code point in *cp, or
 * 0 when s does not start a well-formed one (overlong, surrogate, over
 * U+10FFFF, cut short). */
static size_t utf8_decode(const unsigned char *s, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t len;
    uint32_t min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
        len = 2; min = 0x80; *cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3; min = 0x800; *cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4; min = 0x10000; *cp = c & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
            return 0;
        *cp = *cp << 6 | (s[i] & 0x3fu);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
        return 0;
    return len;
}

/* A character that could move the cursor, recolour or reorder text. */
static int is_hidden_control(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x2028 || cp == 0x2029;
}

const char *quote_value(const char *s, char *buf, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t used = 0;
    while (*p != '\0') {
        char piece[16];
        uint32_t cp;
        size_t len = utf8_decode(p, &cp);
        size_t piece_len;
        if (len == 0 || cp < 0x20 || cp == 0x7f) {
            len = 1;
            piece_len = (size_t)snprintf(piece, sizeof piece, "\\x%02X", *p);
        } else if (is_hidden_control(cp)) {
            piece_len = (size_t)snprintf(piece, sizeof piece, "\\u{%04X}",
                                         (unsigned)cp);
        } else if (cp == '\\') {
            piece_len = 2;
            piece[0] = piece[1] = '\\';
        } else {
            piece_len = len;
            memcpy(piece, p, len);
        }
        /* Keep room for "..." and the NUL unless this is the end. */
        size_t reserve = p[len] == '\0' ? 1 : 4;
        if (used + piece_len + reserve > size) {
            memcpy(buf + used, "...", 3);
            used += 3;
            break;
        }
        memcpy(buf + used, piece, piece_len);
        used += piece_len;
        p += len;
    }
    buf[used] = '\0';
    return buf;
}
