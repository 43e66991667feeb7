/* test_buffer.c - lib/buffer.c, the buffer every writer fills: formatted
 * pieces of any length go straight in (there was a 128-byte cap, past
 * which a longer SVG or EPS header would have read as out of memory). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buffer.h"

static void printf_appends_pieces_of_any_length(void **state)
{
    (void)state;
    qrp_buffer b = { 0 };
    char long_piece[5000];
    memset(long_piece, 'x', sizeof long_piece - 1);
    long_piece[sizeof long_piece - 1] = '\0';
    assert_int_equal(qrp_buffer_printf(&b, "<%s>", "svg"), 0);
    assert_int_equal(qrp_buffer_printf(&b, "%s|%d", long_piece, 42), 0);
    assert_int_equal(b.size, 5 + 4999 + 3);
    assert_memory_equal(b.data, "<svg>", 5);
    assert_memory_equal(b.data + 5, long_piece, 4999);
    assert_memory_equal(b.data + 5 + 4999, "|42", 3);
    /* Exactly filling the room left, then one more byte. */
    b.size = 0;
    size_t room = b.capacity;
    char *fill = malloc(room);
    assert_non_null(fill);
    memset(fill, 'y', room - 1);
    fill[room - 1] = '\0';
    assert_int_equal(qrp_buffer_printf(&b, "%s", fill), 0);
    free(fill);
    assert_int_equal(b.size, room - 1);
    assert_int_equal(qrp_buffer_printf(&b, "ab"), 0);
    assert_int_equal(b.size, room + 1);
    assert_memory_equal(b.data + room - 1, "ab", 2);
    free(b.data);
}

static void empty_pieces_change_nothing(void **state)
{
    (void)state;
    qrp_buffer b = { 0 };
    assert_int_equal(qrp_buffer_printf(&b, "%s", ""), 0);
    assert_int_equal(b.size, 0);
    assert_int_equal(qrp_buffer_append(&b, "z", 1), 0);
    assert_int_equal(b.size, 1);
    free(b.data);
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(printf_appends_pieces_of_any_length),
        cmocka_unit_test(empty_pieces_change_nothing),
    };
    return cmocka_run_group_tests_name("lib/buffer.c", tests, NULL, NULL);
}
