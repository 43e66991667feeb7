/* test_manifest.c - the batch manifest reader: records, numbering, any
 * slicing of the input, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "batch/manifest.h"

/* The records a parse produced, flattened to "number:name|text;" lines
 * ("-" for a bare record, "!" for a too-long one) for easy comparison. */
typedef struct collected {
    char text[4096];
    size_t used;
    int stop_after;   /* stop (return 7) after this many records; 0: never */
    int seen;
} collected;

static int collect(const manifest_record *r, void *user)
{
    collected *c = user;
    char *out = c->text + c->used;
    size_t room = sizeof c->text - c->used;
    int n;
    if (r->too_long)
        n = snprintf(out, room, "%lu!;", r->number);
    else if (r->name == NULL)
        n = snprintf(out, room, "%lu-|%.*s;", r->number, (int)r->text_len,
                     (const char *)r->text);
    else
        n = snprintf(out, room, "%lu:%.*s|%.*s;", r->number,
                     (int)r->name_len, r->name, (int)r->text_len,
                     (const char *)r->text);
    assert_true(n >= 0 && (size_t)n < room);
    c->used += (size_t)n;
    c->seen++;
    return c->stop_after > 0 && c->seen >= c->stop_after ? 7 : 0;
}

/* Parses data fed in slices of step bytes (0: all at once). */
static void parse(const char *data, size_t len, int nul_mode, size_t step,
                  collected *c)
{
    memset(c, 0, sizeof *c);
    manifest_parser *p = manifest_parser_new(nul_mode);
    assert_non_null(p);
    if (step == 0)
        step = len > 0 ? len : 1;
    for (size_t at = 0; at < len; at += step) {
        size_t n = len - at < step ? len - at : step;
        assert_int_equal(manifest_parser_feed(p, data + at, n, collect, c), 0);
    }
    assert_int_equal(manifest_parser_finish(p, collect, c), 0);
    manifest_parser_free(p);
}

static void splits_names_and_bare_lines(void **state)
{
    (void)state;
    static const char m[] = "a\thello\nbare line\nt\tx\ty\n";
    collected c;
    parse(m, sizeof m - 1, 0, 0, &c);
    assert_string_equal(c.text, "1:a|hello;2-|bare line;3:t|x\ty;");
}

static void skips_empty_lines_but_counts_them(void **state)
{
    (void)state;
    static const char m[] = "\n\r\none\r\n\n\ttext\nlast";
    collected c;
    parse(m, sizeof m - 1, 0, 0, &c);
    assert_string_equal(c.text, "3-|one;5:|text;6-|last;");
}

static void nul_mode_keeps_newlines_and_cr(void **state)
{
    (void)state;
    static const char m[] = "n\tline 1\nline 2\r\0\0bare\n";
    collected c;
    parse(m, sizeof m - 1, 1, 0, &c);
    assert_string_equal(c.text, "1:n|line 1\nline 2\r;3-|bare\n;");
}

static void any_slicing_gives_the_same_records(void **state)
{
    (void)state;
    static const char m[] = "a\t1\r\n\nbb\t22\nccc\n\n\td\nlast\tone";
    collected whole, sliced;
    parse(m, sizeof m - 1, 0, 0, &whole);
    for (size_t step = 1; step < sizeof m; step++) {
        parse(m, sizeof m - 1, 0, step, &sliced);
        assert_string_equal(sliced.text, whole.text);
    }
}

/* Numbers, too_long flags and text lengths, for records too big to print. */
typedef struct sizes {
    unsigned long number[8];
    int too_long[8];
    size_t text_len[8];
    unsigned long long end[8];
    int seen;
} sizes;

static int note_size(const manifest_record *r, void *user)
{
    sizes *s = user;
    assert_true(s->seen < 8);
    s->number[s->seen] = r->number;
    s->too_long[s->seen] = r->too_long;
    s->text_len[s->seen] = r->text_len;
    s->end[s->seen] = r->end;
    s->seen++;
    return 0;
}

static void too_long_record_is_reported_not_kept(void **state)
{
    (void)state;
    static char m[MANIFEST_MAX_RECORD * 3];
    size_t len = 0;
    len += (size_t)sprintf(m + len, "a\tshort\n");
    memset(m + len, 'x', MANIFEST_MAX_RECORD + 1);
    len += MANIFEST_MAX_RECORD + 1;
    m[len++] = '\n';
    memset(m + len, 'y', MANIFEST_MAX_RECORD); /* exactly the limit: kept */
    len += MANIFEST_MAX_RECORD;
    m[len++] = '\n';
    len += (size_t)sprintf(m + len, "b\tafter");
    static const size_t steps[] = { 0, 1000, 4999 };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sizes s = { .seen = 0 };
        manifest_parser *p = manifest_parser_new(0);
        size_t step = steps[i] ? steps[i] : len;
        for (size_t at = 0; at < len; at += step)
            manifest_parser_feed(p, m + at, len - at < step ? len - at : step,
                                 note_size, &s);
        manifest_parser_finish(p, note_size, &s);
        manifest_parser_free(p);
        assert_int_equal(s.seen, 4);
        assert_int_equal(s.number[1], 2);
        assert_true(s.too_long[1]);
        assert_false(s.too_long[2]);
        assert_int_equal(s.text_len[2], MANIFEST_MAX_RECORD);
        assert_int_equal(s.number[3], 4);
        assert_int_equal(s.text_len[3], 5);
        assert_int_equal(s.end[0], 8);
        assert_int_equal(s.end[1], 8 + MANIFEST_MAX_RECORD + 2);
        assert_int_equal(s.end[2], 8 + 2 * MANIFEST_MAX_RECORD + 3);
        assert_int_equal(s.end[3], len);
    }
}

/* Each record's end offset counts the bytes up to its terminator, skipped
 * empty lines and a dropped CR included, for any slicing of the input:
 * batch progress measures the manifest's share done with it. */
static void records_end_at_their_terminator(void **state)
{
    (void)state;
    static const char m[] = "\n\r\none\r\n\n\ttext\nlast";
    static const unsigned long long want[] = { 8, 15, 19 };
    for (size_t step = 1; step < sizeof m; step++) {
        sizes s = { .seen = 0 };
        manifest_parser *p = manifest_parser_new(0);
        for (size_t at = 0; at < sizeof m - 1; at += step)
            manifest_parser_feed(p, m + at, sizeof m - 1 - at < step
                                 ? sizeof m - 1 - at : step, note_size, &s);
        manifest_parser_finish(p, note_size, &s);
        manifest_parser_free(p);
        assert_int_equal(s.seen, 3);
        for (int i = 0; i < 3; i++)
            assert_int_equal(s.end[i], want[i]);
    }
}

static void callback_value_stops_the_parser(void **state)
{
    (void)state;
    static const char m[] = "one\ntwo\nthree\n";
    collected c;
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    manifest_parser *p = manifest_parser_new(0);
    assert_int_equal(manifest_parser_feed(p, m, sizeof m - 1, collect, &c), 7);
    manifest_parser_free(p);
    assert_string_equal(c.text, "1-|one;2-|two;");
}

static void empty_input_has_no_records(void **state)
{
    (void)state;
    collected c;
    parse("", 0, 0, 0, &c);
    assert_int_equal(c.seen, 0);
    parse("\n\n\r\n", 4, 0, 0, &c);
    assert_int_equal(c.seen, 0);
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splits_names_and_bare_lines),
        cmocka_unit_test(skips_empty_lines_but_counts_them),
        cmocka_unit_test(nul_mode_keeps_newlines_and_cr),
        cmocka_unit_test(any_slicing_gives_the_same_records),
        cmocka_unit_test(too_long_record_is_reported_not_kept),
        cmocka_unit_test(records_end_at_their_terminator),
        cmocka_unit_test(callback_value_stops_the_parser),
        cmocka_unit_test(empty_input_has_no_records),
    };
    return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
