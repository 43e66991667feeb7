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

/* The escaped form of the character at p in piece (room for 16); returns
 * its length and sets *used to the bytes of p it stands for. */
static size_t escape_one(const unsigned char *p, char *piece, size_t *used)
{
    uint32_t cp;
    size_t len = utf8_decode(p, &cp);
    if (len == 0 || cp < 0x20 || cp == 0x7f) {
        *used = 1;
        return (size_t)snprintf(piece, 16, "\\x%02X", *p);
    }
    *used = len;
    if (is_hidden_control(cp))
        return (size_t)snprintf(piece, 16, "\\u{%04X}", (unsigned)cp);
    if (cp == '\\') {
        piece[0] = piece[1] = '\\';
        return 2;
    }
    memcpy(piece, p, len);
    return len;
}

const char *quote_value(const char *s, char *buf, size_t size)
{
    char piece[16];
    size_t in, total = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
         p += in)
        total += escape_one(p, piece, &in);
    /* When it is cut, keep room for "..." besides the NUL. */
    size_t room = total < size ? size - 1 : size - 4;
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0';
         p += in) {
        size_t piece_len = escape_one(p, piece, &in);
        if (used + piece_len > room)
            break;
        memcpy(buf + used, piece, piece_len);
        used += piece_len;
    }
    if (total >= size) {
        memcpy(buf + used, "...", 3);
        used += 3;
    }
    buf[used] = '\0';
    return buf;
}
