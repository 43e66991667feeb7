/* fuzz_manifest.c - the batch manifest reader (cli/manifest.c) and the
 * record name rules (cli/record_name.c) on fuzzed manifests.
 *
 * Input: one control byte, then the manifest. Control bit 0: NUL mode;
 * bits 1-6: the slice size (1-64) for a second, piecemeal feed.
 *
 * Promises checked:
 *  - The records are the same whether the manifest is fed whole or in
 *    slices (the reader keeps nothing that depends on read boundaries).
 *  - Record numbers increase; a record holds no terminator (newline, or
 *    NUL in NUL mode), a name holds no tab; a too-long record carries no
 *    name or text, and a kept one fits MANIFEST_MAX_RECORD.
 *  - A name that record_name_problem accepts is one safe path component:
 *    1-RECORD_NAME_MAX bytes, no '/', no "..", no leading '.', no control
 *    character; its file name is the name plus ".png". A refused name gets
 *    a non-empty reason. */
#include <stdint.h>
#include <string.h>

#include "fuzz_target.h"
#include "batch/manifest.h"
#include "batch/record_name.h"

#define MAX_RECORDS 4096

typedef struct summary {
    unsigned long number;
    size_t name_len, text_len;
    int too_long, named;
    uint64_t hash;
} summary;

typedef struct collected {
    int nul_mode;
    size_t count;
    summary records[MAX_RECORDS];
} collected;

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static void check_name(const char *name, size_t len)
{
    const char *problem = record_name_problem(name, len);
    if (problem != NULL) {
        FUZZ_REQUIRE(problem[0] != '\0');
        return;
    }
    FUZZ_REQUIRE(len >= 1 && len <= RECORD_NAME_MAX);
    FUZZ_REQUIRE(name[0] != '.');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        FUZZ_REQUIRE(c != '/' && c >= 0x20 && c != 0x7f);
        FUZZ_REQUIRE(!(c == '.' && i + 1 < len && name[i + 1] == '.'));
    }
    char file_name[RECORD_FILE_NAME_SIZE];
    record_file_name(name, len, ".png", file_name);
    FUZZ_REQUIRE(strlen(file_name) == len + 4);
    FUZZ_REQUIRE(memcmp(file_name, name, len) == 0);
    FUZZ_REQUIRE(strcmp(file_name + len, ".png") == 0);
}

static int on_record(const manifest_record *r, void *user)
{
    collected *c = user;
    char end = c->nul_mode ? '\0' : '\n';
    if (c->count > 0)
        FUZZ_REQUIRE(r->number > c->records[c->count - 1].number);
    summary s = { r->number, r->name_len, r->text_len, r->too_long,
                  r->name != NULL, 14695981039346656037u };
    if (r->too_long) {
        FUZZ_REQUIRE(r->name == NULL && r->text_len == 0);
    } else {
        FUZZ_REQUIRE(r->name_len + r->text_len <= MANIFEST_MAX_RECORD);
        FUZZ_REQUIRE(memchr(r->text, end, r->text_len) == NULL);
        if (r->name != NULL) {
            FUZZ_REQUIRE(memchr(r->name, '\t', r->name_len) == NULL);
            FUZZ_REQUIRE(memchr(r->name, end, r->name_len) == NULL);
            check_name(r->name, r->name_len);
            s.hash = fnv1a(s.hash, r->name, r->name_len);
        }
        s.hash = fnv1a(s.hash, "\t", 1);
        s.hash = fnv1a(s.hash, r->text, r->text_len);
    }
    if (c->count < MAX_RECORDS)
        c->records[c->count++] = s;
    return 0;
}

static void parse(const uint8_t *data, size_t size, size_t slice,
                  collected *c)
{
    manifest_parser *p = manifest_parser_new(c->nul_mode);
    if (p == NULL)
        return;
    for (size_t pos = 0; pos < size; pos += slice) {
        size_t n = size - pos < slice ? size - pos : slice;
        FUZZ_REQUIRE(manifest_parser_feed(p, data + pos, n, on_record, c) == 0);
    }
    FUZZ_REQUIRE(manifest_parser_finish(p, on_record, c) == 0);
    manifest_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static collected whole, sliced;
    if (size == 0)
        return 0;
    int nul_mode = data[0] & 1;
    size_t slice = 1 + ((data[0] >> 1) & 63);
    whole.nul_mode = sliced.nul_mode = nul_mode;
    whole.count = sliced.count = 0;
    parse(data + 1, size - 1, size, &whole);
    parse(data + 1, size - 1, slice, &sliced);
    FUZZ_REQUIRE(whole.count == sliced.count);
    FUZZ_REQUIRE(memcmp(whole.records, sliced.records,
                        whole.count * sizeof whole.records[0]) == 0);
    return 0;
}
