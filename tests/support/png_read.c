/* png_read.c - test helper: decode a PNG in memory with libpng. */
#include "png_read.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

/* Lists chunk types; libpng checks their CRCs when it reads below. */
static void list_chunks(const unsigned char *png, size_t size, decoded_png *d)
{
    size_t pos = 8;
    while (pos + 12 <= size) {
        uint32_t len = be32(png + pos);
        if (d->chunk_count < 16)
            memcpy(d->chunks[d->chunk_count], png + pos + 4, 4);
        d->chunk_count++;
        if (len > size - pos - 12)
            break;
        pos += 12 + (size_t)len;
    }
}

int decode_png(const unsigned char *png, size_t size, decoded_png *out)
{
    memset(out, 0, sizeof *out);
    if (size < 33 || png_sig_cmp(png, 0, 8) != 0)
        return -1;
    out->bit_depth = png[24];
    out->color_type = png[25];
    list_chunks(png, size, out);

    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png, size))
        return -1;
    image.format = PNG_FORMAT_RGBA;
    out->width = image.width;
    out->height = image.height;
    out->rgba = malloc(PNG_IMAGE_SIZE(image));
    if (out->rgba == NULL ||
        !png_image_finish_read(&image, NULL, out->rgba, 0, NULL)) {
        png_image_free(&image);
        decoded_png_free(out);
        return -1;
    }
    return 0;
}

void decoded_png_free(decoded_png *d)
{
    free(d->rgba);
    d->rgba = NULL;
}

const unsigned char *pixel_at(const decoded_png *d, uint32_t x, uint32_t y)
{
    return d->rgba + ((size_t)y * d->width + x) * 4;
}
