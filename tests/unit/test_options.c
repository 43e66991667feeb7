/* test_options.c - libqrpng's option table and option sets: every kind of
 * value read from text, the message for each mistake, and the rules that
 * put a set over defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "qrpng.h"

/* Sets name=value in set; returns the status, the message in msg. */
static char msg[QRPNG_MESSAGE_MAX];
static qrpng_status set(qrpng_option_set *s, const char *name, const char *value)
{
    int id = qrpng_option_lookup(name);
    assert_true(id >= 0);
    return qrpng_option_set_value(s, (qrpng_option_id)id, value, msg, sizeof msg);
}

static void every_row_is_complete_and_found_by_both_names(void **state)
{
    (void)state;
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        const qrpng_option_info *row = qrpng_option_info_of((qrpng_option_id)id);
        assert_non_null(row);
        assert_non_null(row->name);
        assert_non_null(row->identifier);
        assert_non_null(row->help);
        assert_int_equal(qrpng_option_lookup(row->name), id);
        assert_int_equal(qrpng_option_lookup(row->identifier), id);
    }
    assert_null(qrpng_option_info_of(QRPNG_OPTION_COUNT));
    assert_int_equal(qrpng_option_lookup("boost_level"), QRPNG_OPT_BOOST_LEVEL);
    assert_int_equal(qrpng_option_lookup("eight_bit"), QRPNG_OPT_EIGHT_BIT);
    assert_int_equal(qrpng_option_lookup("8bit"), QRPNG_OPT_EIGHT_BIT);
    assert_int_equal(qrpng_option_lookup("Size"), -1);
    assert_int_equal(qrpng_option_lookup(NULL), -1);
}

static void values_of_every_kind(void **state)
{
    (void)state;
    qrpng_option_set s;
    qrpng_option_set_init(&s);
    assert_int_equal(set(&s, "level", "q"), QRPNG_OK);
    assert_int_equal(set(&s, "size", "8192"), QRPNG_OK);
    assert_int_equal(set(&s, "margin", "0"), QRPNG_OK);
    assert_int_equal(set(&s, "fg", "#1a4d8f"), QRPNG_OK);
    assert_int_equal(set(&s, "bg", "abc"), QRPNG_OK);
    assert_int_equal(set(&s, "type", "SVG"), QRPNG_OK);
    assert_int_equal(set(&s, "symversion", "40"), QRPNG_OK);
    assert_int_equal(set(&s, "boost-level", NULL), QRPNG_OK);
    assert_int_equal(set(&s, "eight_bit", "true"), QRPNG_OK);
    assert_int_equal(set(&s, "dpi", "300"), QRPNG_OK);
    qrpng_options o, defaults = qrpng_default_options();
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_OK);
    assert_int_equal(o.level, QRPNG_LEVEL_Q);
    assert_int_equal(o.size, 8192);
    assert_int_equal(o.margin, 0);
    assert_int_equal(o.dark.r, 0x1a);
    assert_int_equal(o.dark.b, 0x8f);
    assert_int_equal(o.light.g, 0xbb);
    assert_int_equal(o.format, QRPNG_FORMAT_SVG);
    assert_int_equal(o.version, 40);
    assert_true(o.boost_level && o.eight_bit && !o.micro);
    assert_int_equal(o.dpi, 300);
}

static void each_mistake_says_what_is_expected(void **state)
{
    (void)state;
    static const struct { const char *name, *value, *want; } cases[] = {
        { "level", "X", "expected L, M, Q or H" },
        { "size", "0", "expected a whole number of pixels, 1 to 8192" },
        { "size", "8193", "expected a whole number of pixels, 1 to 8192" },
        { "size", "+5", "expected a whole number of pixels, 1 to 8192" },
        { "size", " 5", "expected a whole number of pixels, 1 to 8192" },
        { "size", "", "expected a whole number of pixels, 1 to 8192" },
        { "scale", "99999999999999999999",
          "expected a whole number of pixels per module, 1 to 8192" },
        { "margin", "256", "expected a whole number of modules, 0 to 255" },
        { "fg", "red", "expected a hex colour like #000000" },
        { "bg", "#12345", "expected a hex colour like #ffffff, or transparent" },
        { "type", "bmp", "expected png, svg, eps, utf8, ansiutf8, ascii, "
                         "utf8i or asciii" },
        { "symversion", "41", "expected a version, 1 to 40 (1 to 4 for Micro QR)" },
        { "micro", "maybe", "expected true or false" },
        { "dpi", "0", "expected dots per inch, 1 to 65535" },
        { "size", NULL, "needs a value" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        qrpng_option_set s;
        qrpng_option_set_init(&s);
        assert_int_equal(set(&s, cases[i].name, cases[i].value),
                         QRPNG_ERR_INVALID_OPTION);
        assert_string_equal(msg, cases[i].want);
        assert_int_equal(s.given, 0); /* a mistake gives nothing */
        /* qrpng_option_expects says the same, for hosts that check first. */
        char expects[QRPNG_MESSAGE_MAX];
        if (cases[i].value != NULL)
            assert_string_equal(qrpng_option_expects(
                (qrpng_option_id)qrpng_option_lookup(cases[i].name), expects,
                sizeof expects), cases[i].want);
    }
    char tiny[1];
    assert_null(qrpng_option_expects(QRPNG_OPTION_COUNT, tiny, sizeof tiny));
    assert_null(qrpng_option_expects(QRPNG_OPT_SIZE, NULL, 0));
}

static void flags_turn_off_too(void **state)
{
    (void)state;
    qrpng_options defaults = qrpng_default_options(), o;
    defaults.micro = 1;
    defaults.eight_bit = 1;
    qrpng_option_set s;
    qrpng_option_set_init(&s);
    assert_int_equal(set(&s, "micro", "0"), QRPNG_OK);
    assert_int_equal(set(&s, "8bit", "OFF"), QRPNG_OK);
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_OK);
    assert_false(o.micro);
    assert_false(o.eight_bit);
}

static void the_rules_over_defaults(void **state)
{
    (void)state;
    qrpng_options defaults = qrpng_default_options(), o;
    qrpng_option_set s;

    /* A size and a scale together are refused; *out stays. */
    qrpng_option_set_init(&s);
    set(&s, "size", "300");
    set(&s, "scale", "4");
    memset(&o, 0x5a, sizeof o);
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    assert_string_equal(msg, "give a size or a scale, not both");
    assert_int_equal(o.size, 0x5a5a5a5a);

    /* A size clears a default scale. */
    defaults.scale = 5;
    qrpng_option_set_init(&s);
    set(&s, "size", "300");
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_OK);
    assert_int_equal(o.scale, 0);
    assert_int_equal(o.size, 300);

    /* "transparent" keeps the default colour; a colour clears a default
     * transparency; the last bg counts. */
    defaults = qrpng_default_options();
    defaults.light = (qrpng_rgb){ 1, 2, 3 };
    qrpng_option_set_init(&s);
    set(&s, "bg", "#abcdef");
    set(&s, "bg", "transparent");
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_OK);
    assert_true(o.light_transparent);
    assert_int_equal(o.light.r, 1);
    defaults.light_transparent = 1;
    qrpng_option_set_init(&s);
    set(&s, "bg", "#abcdef");
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_OK);
    assert_false(o.light_transparent);
    assert_int_equal(o.light.r, 0xab);

    /* A scale of 0 given directly (a binary front end) is refused; the
     * library's own checks follow (the same colours). */
    defaults = qrpng_default_options();
    qrpng_option_set_init(&s);
    s.values.scale = 0;
    s.given |= 1u << QRPNG_OPT_SCALE;
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    assert_string_equal(msg, "scale must be 1..8192 pixels (got 0)");
    qrpng_option_set_init(&s);
    set(&s, "fg", "#fff");
    assert_int_equal(qrpng_option_set_apply(&s, &defaults, &o, msg, sizeof msg),
                     QRPNG_ERR_INVALID_OPTION);
    assert_string_equal(msg, "dark and light colours are the same");
}

static void null_arguments_and_counts(void **state)
{
    (void)state;
    qrpng_option_set s;
    qrpng_options o, d = qrpng_default_options();
    qrpng_option_set_init(&s);
    assert_int_equal(qrpng_option_set_value(NULL, QRPNG_OPT_SIZE, "1", NULL, 0),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_int_equal(qrpng_option_set_value(&s, QRPNG_OPTION_COUNT, "1", NULL, 0),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_int_equal(qrpng_option_set_apply(&s, NULL, &o, NULL, 0),
                     QRPNG_ERR_NULL_ARGUMENT);
    assert_int_equal(qrpng_option_set_apply(&s, &d, NULL, NULL, 0),
                     QRPNG_ERR_NULL_ARGUMENT);
    uint32_t n = 7, min, max;
    assert_int_equal(qrpng_parse_count("256", 1, 256, &n), 0);
    assert_int_equal(n, 256);
    assert_int_equal(qrpng_parse_count("257", 1, 256, &n), -1);
    assert_int_equal(qrpng_parse_count("-1", 0, 9, &n), -1);
    assert_int_equal(qrpng_parse_count(NULL, 0, 9, &n), -1);
    assert_int_equal(n, 256);
    assert_true(qrpng_option_range(QRPNG_OPT_MARGIN, &min, &max));
    assert_int_equal(min, 0);
    assert_int_equal(max, QRPNG_MAX_MARGIN);
    assert_false(qrpng_option_range(QRPNG_OPT_LEVEL, &min, &max));
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_is_complete_and_found_by_both_names),
        cmocka_unit_test(values_of_every_kind),
        cmocka_unit_test(each_mistake_says_what_is_expected),
        cmocka_unit_test(flags_turn_off_too),
        cmocka_unit_test(the_rules_over_defaults),
        cmocka_unit_test(null_arguments_and_counts),
    };
    return cmocka_run_group_tests_name("libqrpng options", tests, NULL, NULL);
}
