/* test_quote.c - cli/quote.c, the one quoting function of every echoed
 * value: what is escaped, what is kept, and where a long value is cut. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "quote.h"

static const char *q(const char *s)
{
    static char buf[QUOTE_SIZE];
    return quote_value(s, buf, sizeof buf);
}

static void keeps_printable_ascii_and_utf8(void **state)
{
    (void)state;
    assert_string_equal(q("plain/path name.png"), "plain/path name.png");
    assert_string_equal(q("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80"),
                        "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x98\x80");
    assert_string_equal(q(""), "");
}

static void escapes_c0_del_and_backslash(void **state)
{
    (void)state;
    assert_string_equal(q("a\nb\rc\td\x1b[31m\x7f"),
                        "a\\x0Ab\\x0Dc\\x09d\\x1B[31m\\x7F");
    assert_string_equal(q("back\\slash"), "back\\\\slash");
}

static void escapes_c1_and_bidi(void **state)
{
    (void)state;
    assert_string_equal(q("\xc2\x80\xc2\x9b\xc2\x9f\xc2\xa0"),
                        "\\u{0080}\\u{009B}\\u{009F}\xc2\xa0");
    assert_string_equal(q("\xe2\x80\xaa\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa9"),
                        "\\u{202A}\\u{202E}\\u{2066}\\u{2069}");
    assert_string_equal(q("\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\xa8\xe2\x80\xa9"),
                        "\\u{200E}\\u{200F}\\u{2028}\\u{2029}");
}

static void escapes_bytes_that_are_not_utf8(void **state)
{
    (void)state;
    assert_string_equal(q("\xff\xfe"), "\\xFF\\xFE");
    assert_string_equal(q("\xc0\xaf"), "\\xC0\\xAF");         /* overlong */
    assert_string_equal(q("\xed\xa0\x80"), "\\xED\\xA0\\x80"); /* surrogate */
    assert_string_equal(q("\xf4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");
    assert_string_equal(q("cut \xe2\x80"), "cut \\xE2\\x80");   /* cut short */
}

static void cuts_long_values_between_characters(void **state)
{
    (void)state;
    char buf[12];
    assert_string_equal(quote_value("0123456789AB", buf, sizeof buf),
                        "01234567...");
    assert_string_equal(quote_value("0123456789A", buf, sizeof buf),
                        "0123456789A");
    assert_string_equal(quote_value("0123\n456789", buf, sizeof buf),
                        "0123\\x0A...");
    assert_string_equal(quote_value("01234\n", buf, sizeof buf),
                        "01234\\x0A");
    /* Never half of a UTF-8 character. */
    assert_string_equal(quote_value("0123456\xc3\xa9xyz", buf, sizeof buf),
                        "0123456...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_printable_ascii_and_utf8),
        cmocka_unit_test(escapes_c0_del_and_backslash),
        cmocka_unit_test(escapes_c1_and_bidi),
        cmocka_unit_test(escapes_bytes_that_are_not_utf8),
        cmocka_unit_test(cuts_long_values_between_characters),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("quote", tests, NULL, NULL);
}
