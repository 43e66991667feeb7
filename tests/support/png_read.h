/* png_read.h - test helper: decode a PNG in memory with libpng. */
#ifndef TEST_PNG_READ_H
#define TEST_PNG_READ_H

#include <stddef.h>
#include <stdint.h>

typedef struct decoded_png {
    uint32_t width, height;
    int bit_depth, color_type;     /* from IHDR */
    int chunk_count;               /* every chunk, IHDR and IEND included */
    char chunks[16][5];            /* their types, in order (first 16) */
    unsigned char *rgba;           /* width*height*4, malloc'd */
} decoded_png;

/* 0 when libpng reads the whole image; -1 otherwise. Free with
 * decoded_png_free. */
int decode_png(const unsigned char *png, size_t size, decoded_png *out);
void decoded_png_free(decoded_png *d);

/* The RGBA pixel at x, y. */
const unsigned char *pixel_at(const decoded_png *d, uint32_t x, uint32_t y);

#endif
