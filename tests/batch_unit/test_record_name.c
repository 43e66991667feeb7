/* test_record_name.c - which NAMEs a batch accepts, the names of bare
 * records, and the duplicate set. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "batch/name_set.h"
#include "batch/record_name.h"

static const char *problem(const char *name)
{
    return record_name_problem(name, strlen(name));
}

static void accepts_plain_and_utf8_names(void **state)
{
    (void)state;
    assert_null(problem("ticket-0001"));
    assert_null(problem("a.b.c"));
    assert_null(problem("with space"));
    assert_null(problem("日本語"));
    char longest[RECORD_NAME_MAX + 1];
    memset(longest, 'n', RECORD_NAME_MAX);
    assert_null(record_name_problem(longest, RECORD_NAME_MAX));
}

static void refuses_unsafe_names(void **state)
{
    (void)state;
    assert_string_equal(problem(""), "empty name");
    assert_string_equal(problem("../x"), "name contains '..'");
    assert_string_equal(problem(".."), "name contains '..'");
    assert_string_equal(problem("a..b"), "name contains '..'");
    assert_string_equal(problem("a/b"), "name contains '/'");
    assert_string_equal(problem("/abs"), "name contains '/'");
    assert_string_equal(problem(".hidden"), "name starts with '.'");
    assert_string_equal(problem("a\nb"), "name contains a control character");
    assert_string_equal(problem("del\x7f"), "name contains a control character");
    assert_string_equal(record_name_problem("a\0b", 3),
                        "name contains a control character");
    char too_long[RECORD_NAME_MAX + 1];
    memset(too_long, 'n', sizeof too_long);
    assert_string_equal(record_name_problem(too_long, sizeof too_long),
                        "name over 200 bytes");
}

static void file_names(void **state)
{
    (void)state;
    char file[RECORD_FILE_NAME_SIZE];
    record_file_name("tag", 3, ".png", file);
    assert_string_equal(file, "tag.png");
    record_file_name_for_line(42, ".png", file);
    assert_string_equal(file, "000042.png");
    record_file_name_for_line(1234567, ".png", file);
    assert_string_equal(file, "1234567.png");
}

static void name_set_finds_duplicates(void **state)
{
    (void)state;
    name_set *set = name_set_new();
    assert_non_null(set);
    unsigned long first = 0;
    char name[32];
    /* Enough names to make the set grow several times. */
    for (unsigned long i = 1; i <= 5000; i++) {
        int n = snprintf(name, sizeof name, "n%lu.png", i);
        assert_int_equal(name_set_add(set, name, (size_t)n, i, &first), 1);
    }
    for (unsigned long i = 1; i <= 5000; i += 499) {
        int n = snprintf(name, sizeof name, "n%lu.png", i);
        assert_int_equal(name_set_add(set, name, (size_t)n, 9999, &first), 0);
        assert_int_equal(first, i);
    }
    assert_int_equal(name_set_add(set, "n1.pn", 5, 1, &first), 1);
    name_set_free(set);
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_plain_and_utf8_names),
        cmocka_unit_test(refuses_unsafe_names),
        cmocka_unit_test(file_names),
        cmocka_unit_test(name_set_finds_duplicates),
    };
    return cmocka_run_group_tests_name("record_name", tests, NULL, NULL);
}
