/* render_bench.c - the library's in-process rate: qrpng_render in a loop
 * over a text list, one context, default options; no I/O timed.
 *
 *   build/bench/render_bench TEXTS_FILE COUNT [FORMAT]
 *
 * FORMAT is an output type by name (png, the default; svg, eps, utf8...).
 * One text per line; a literal \n in a line stands for a line break, as
 * in scripts/bench/request.lua, so both render the same bytes.
 * Prints "renders SECONDS_WALL SECONDS_CPU BYTES" on one line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "qrpng.h"

#define MAX_TEXTS 4096

static double seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: render_bench TEXTS_FILE COUNT [FORMAT]\n");
        return 1;
    }
    qrpng_options opts = qrpng_default_options();
    for (int i = 0; argc == 4 && i <= QRPNG_FORMAT_COUNT; i++) {
        if (i == QRPNG_FORMAT_COUNT) {
            fprintf(stderr, "render_bench: no format '%s'\n", argv[3]);
            return 1;
        }
        if (strcmp(argv[3], qrpng_format_name((qrpng_format)i)) == 0) {
            opts.format = (qrpng_format)i;
            break;
        }
    }
    FILE *f = fopen(argv[1], "r");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    static char *texts[MAX_TEXTS];
    size_t count = 0, cap = 0;
    ssize_t len;
    char *line = NULL;
    while (count < MAX_TEXTS && (len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n')
            line[len - 1] = '\0';
        char *out = line;
        for (const char *in = line; *in != '\0'; in++) {
            if (in[0] == '\\' && in[1] == 'n') {
                *out++ = '\n';
                in++;
            } else {
                *out++ = *in;
            }
        }
        *out = '\0';
        if (line[0] != '\0' && (texts[count] = strdup(line)) != NULL)
            count++;
    }
    free(line);
    fclose(f);
    long renders = atol(argv[2]);
    if (count == 0 || renders <= 0) {
        fprintf(stderr, "render_bench: no texts or no count\n");
        return 1;
    }

    qrpng_ctx *ctx = qrpng_ctx_new();
    size_t bytes = 0;
    double wall = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    for (long i = 0; i < renders; i++) {
        const char *text = texts[(size_t)i % count];
        qrpng_image image;
        if (qrpng_render(ctx, text, strlen(text), &opts, &image) != QRPNG_OK) {
            fprintf(stderr, "render_bench: %s\n", qrpng_ctx_message(ctx));
            return 1;
        }
        bytes += image.png_size;
    }
    wall = seconds(CLOCK_MONOTONIC) - wall;
    cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    printf("%ld %.6f %.6f %zu\n", renders, wall, cpu, bytes);
    qrpng_ctx_free(ctx);
    for (size_t i = 0; i < count; i++)
        free(texts[i]);
    return 0;
}
