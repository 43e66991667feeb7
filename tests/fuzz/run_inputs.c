/* run_inputs.c - a fuzz target without libFuzzer: feeds it each file named
 * on the command line, so `make test` replays the seed corpus and the
 * regression cases with any compiler (and under the sanitizers in
 * check-sanitize). Exit 0 when every input passed; a broken promise
 * aborts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_target.h"

/* Whole file into a malloc'd buffer of exactly its size, so that the
 * sanitizers see any read past the input. */
static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    unsigned char *data = NULL;
    size_t used = 0;
    unsigned char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        unsigned char *grown = realloc(data, used + n);
        if (grown == NULL) {
            free(data);
            fclose(f);
            return NULL;
        }
        data = grown;
        memcpy(data + used, chunk, n);
        used += n;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return NULL;
    }
    *size = used;
    return data != NULL ? data : malloc(1);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        size_t size = 0;
        unsigned char *data = read_file(argv[i], &size);
        if (data == NULL) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput(data, size);
        free(data);
    }
    return 0;
}
