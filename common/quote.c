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

/* Characters that could move the cursor, recolour, reorder or hide text,
 * as ranges in code point order: the C1 controls, U+2028 and U+2029, and
 * every character of Unicode's Bidi_Control and
 * Default_Ignorable_Code_Point properties (Unicode 14, PropList.txt and
 * DerivedCoreProperties.txt; tests/batch_unit/test_quote.c checks every
 * code point), such as U+061C, zero-width characters, variation
 * selectors and the tag characters. */
static const struct { uint32_t first, last; } hidden_ranges[] = {
    { 0x0080, 0x009F }, { 0x00AD, 0x00AD }, { 0x034F, 0x034F },
    { 0x061C, 0x061C }, { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 },
    { 0x180B, 0x180F }, { 0x200B, 0x200F }, { 0x2028, 0x202E },
    { 0x2060, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F },
    { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFF8 },
    { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
};

static int is_hidden_control(uint32_t cp)
{
    size_t low = 0, high = sizeof hidden_ranges / sizeof *hidden_ranges;
    while (low < high) {
        size_t mid = low + (high - low) / 2;
        if (cp < hidden_ranges[mid].first)
            high = mid;
        else if (cp > hidden_ranges[mid].last)
            low = mid + 1;
        else
            return 1;
    }
    return 0;
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
