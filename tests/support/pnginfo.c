/* pnginfo.c - test tool: what libpng reads in a PNG file.
 *   pnginfo FILE [X Y ...]
 * Line 1: "WxH depth=D type=T chunks=IHDR,...". Then one "R,G,B,A" line per
 * pixel asked for. Exit 1 when libpng cannot read the whole image. */
#include <stdio.h>
#include <stdlib.h>

#include "png_read.h"

int main(int argc, char **argv)
{
    if (argc < 2 || argc % 2 != 0) {
        fprintf(stderr, "usage: pnginfo FILE [X Y ...]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    static unsigned char buf[1 << 24];
    size_t size = fread(buf, 1, sizeof buf, f);
    fclose(f);

    decoded_png d;
    if (decode_png(buf, size, &d) != 0) {
        fprintf(stderr, "pnginfo: libpng cannot read %s\n", argv[1]);
        return 1;
    }
    printf("%ux%u depth=%d type=%d chunks=", d.width, d.height, d.bit_depth,
           d.color_type);
    for (int i = 0; i < d.chunk_count && i < 16; i++)
        printf("%s%s", i ? "," : "", d.chunks[i]);
    putchar('\n');
    for (int i = 2; i + 1 < argc; i += 2) {
        unsigned long x = strtoul(argv[i], NULL, 10);
        unsigned long y = strtoul(argv[i + 1], NULL, 10);
        if (x >= d.width || y >= d.height) {
            fprintf(stderr, "pnginfo: %lu,%lu is outside the image\n", x, y);
            decoded_png_free(&d);
            return 1;
        }
        const unsigned char *p = pixel_at(&d, (uint32_t)x, (uint32_t)y);
        printf("%d,%d,%d,%d\n", p[0], p[1], p[2], p[3]);
    }
    decoded_png_free(&d);
    return 0;
}
