/* test_quote.c - common/quote.c, the one quoting function of every echoed
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

/* Whether cp (not a surrogate) is shown as \u{...}. */
static int escaped(uint32_t cp)
{
    char s[5] = { 0 };
    if (cp < 0x80) {
        s[0] = (char)cp;
    } else if (cp < 0x800) {
        s[0] = (char)(0xc0 | cp >> 6);
        s[1] = (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        s[0] = (char)(0xe0 | cp >> 12);
        s[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        s[2] = (char)(0x80 | (cp & 0x3f));
    } else {
        s[0] = (char)(0xf0 | cp >> 18);
        s[1] = (char)(0x80 | (cp >> 12 & 0x3f));
        s[2] = (char)(0x80 | (cp >> 6 & 0x3f));
        s[3] = (char)(0x80 | (cp & 0x3f));
    }
    return strncmp(q(s), "\\u{", 3) == 0;
}

/* From the Unicode Character Database (14.0), the sets of code points that
 * must be escaped beyond C0, DEL and the C1 controls: Bidi_Control
 * (PropList.txt) and Default_Ignorable_Code_Point
 * (DerivedCoreProperties.txt), with U+2028 and U+2029. Listed by
 * property so that a range cannot hide a gap. */
static const struct { uint32_t first, last; } must_escape[] = {
    /* C1 controls, LINE SEPARATOR, PARAGRAPH SEPARATOR */
    { 0x0080, 0x009F }, { 0x2028, 0x2029 },
    /* Bidi_Control */
    { 0x061C, 0x061C }, { 0x200E, 0x200F }, { 0x202A, 0x202E },
    { 0x2066, 0x2069 },
    /* Default_Ignorable_Code_Point */
    { 0x00AD, 0x00AD }, { 0x034F, 0x034F }, { 0x061C, 0x061C },
    { 0x115F, 0x1160 }, { 0x17B4, 0x17B5 }, { 0x180B, 0x180D },
    { 0x180E, 0x180E }, { 0x180F, 0x180F }, { 0x200B, 0x200F },
    { 0x202A, 0x202E }, { 0x2060, 0x2064 }, { 0x2065, 0x2065 },
    { 0x2066, 0x206F }, { 0x3164, 0x3164 }, { 0xFE00, 0xFE0F },
    { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 }, { 0xFFF0, 0xFFF8 },
    { 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
};

static int must_be_escaped(uint32_t cp)
{
    for (size_t i = 0; i < sizeof must_escape / sizeof *must_escape; i++)
        if (cp >= must_escape[i].first && cp <= must_escape[i].last)
            return 1;
    return 0;
}

/* Every code point from U+0080 up: escaped exactly when a set above
 * holds it (U+061C, the Arabic letter mark, once slipped through). */
static void escapes_exactly_the_hidden_characters(void **state)
{
    (void)state;
    assert_true(escaped(0x061C));
    unsigned wrong = 0;
    for (uint32_t cp = 0x80; cp <= 0x10FFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            continue;
        if (escaped(cp) != must_be_escaped(cp) && wrong++ < 5)
            print_error("U+%04X: escaped %d, should be %d\n", (unsigned)cp,
                        escaped(cp), must_be_escaped(cp));
    }
    assert_int_equal(wrong, 0);
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

/* quote_bytes: a length, not a NUL, ends the value; a NUL inside is
 * shown, and a character cut by the length is a byte escape. */
static void quotes_bytes_with_nul_and_cut_characters(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(quote_bytes("200\0junk", 8, buf, sizeof buf),
                        "200\\x00junk");
    /* "\xc3\xa9" is e-acute; only its first byte is in the value. */
    assert_string_equal(quote_bytes("a\xc3\xa9", 2, buf, sizeof buf),
                        "a\\xC3");
    assert_string_equal(quote_bytes("a\xc3\xa9", 3, buf, sizeof buf),
                        "a\xc3\xa9");
    assert_string_equal(quote_bytes("", 0, buf, sizeof buf), "");
    assert_string_equal(quote_bytes("abcdefghijkl", 12, buf, 8), "abcd...");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keeps_printable_ascii_and_utf8),
        cmocka_unit_test(escapes_c0_del_and_backslash),
        cmocka_unit_test(escapes_c1_and_bidi),
        cmocka_unit_test(escapes_exactly_the_hidden_characters),
        cmocka_unit_test(escapes_bytes_that_are_not_utf8),
        cmocka_unit_test(cuts_long_values_between_characters),
        cmocka_unit_test(quotes_bytes_with_nul_and_cut_characters),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    return cmocka_run_group_tests_name("quote", tests, NULL, NULL);
}
