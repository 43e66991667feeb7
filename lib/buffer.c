/* buffer.c - a growable byte buffer every writer fills. */
#include "buffer.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int qrp_buffer_reserve(qrp_buffer *b, size_t needed)
{
    if (needed <= b->capacity)
        return 0;
    size_t capacity = b->capacity ? b->capacity : 1024;
    while (capacity < needed) {
        if (capacity > SIZE_MAX / 2)
            return -1;
        capacity *= 2;
    }
    unsigned char *grown = realloc(b->data, capacity);
    if (grown == NULL)
        return -1;
    b->data = grown;
    b->capacity = capacity;
    return 0;
}

int qrp_buffer_append(qrp_buffer *b, const void *data, size_t len)
{
    if (qrp_buffer_reserve(b, b->size + len) != 0)
        return -1;
    memcpy(b->data + b->size, data, len);
    b->size += len;
    return 0;
}

int qrp_buffer_printf(qrp_buffer *b, const char *fmt, ...)
{
    /* Straight into the buffer: formatted where it ends, measured first
     * only when the room left is too small. */
    for (int attempt = 0; attempt < 2; attempt++) {
        size_t room = b->capacity - b->size;
        va_list args;
        va_start(args, fmt);
        int n = vsnprintf(room > 0 ? (char *)b->data + b->size : NULL, room,
                          fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
        va_end(args);
        if (n < 0)
            return -1; /* cannot happen with our formats */
        if ((size_t)n < room) {
            b->size += (size_t)n;
            return 0;
        }
        if (qrp_buffer_reserve(b, b->size + (size_t)n + 1) != 0)
            return -1;
    }
    return -1;
}
