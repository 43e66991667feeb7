/* buffer.h - a growable byte buffer every writer fills (internal). */
#ifndef QRP_BUFFER_H
#define QRP_BUFFER_H

#include <stddef.h>

/* Kept by the context between renders; data is owned by it. */
typedef struct qrp_buffer {
    unsigned char *data;
    size_t size;      /* bytes in use */
    size_t capacity;  /* bytes allocated */
} qrp_buffer;

/* Grows b to hold at least needed bytes. 0, or -1 when out of memory
 * (b unchanged). */
int qrp_buffer_reserve(qrp_buffer *b, size_t needed);

/* Appends len bytes. 0, or -1 when out of memory (b unchanged). */
int qrp_buffer_append(qrp_buffer *b, const void *data, size_t len);

/* Appends printf-style text of any length (without its NUL), formatted
 * in place. 0, or -1 when out of memory (b's bytes unchanged). */
__attribute__((format(printf, 2, 3)))
int qrp_buffer_printf(qrp_buffer *b, const char *fmt, ...);

#endif
