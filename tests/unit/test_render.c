/* test_render.c - libqrpng's render API: geometry, formats, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "png_read.h"
#include "qrpng.h"

static void renders_default_png(void **state)
{
    (void)state;
    qrpng_ctx *ctx = qrpng_ctx_new();
    qrpng_image img;
    assert_int_equal(qrpng_render(ctx, "hello", 5, NULL, &img), QRPNG_OK);
    decoded_png d;
    assert_int_equal(decode_png(img.png, img.png_size, &d), 0);
    assert_int_equal(d.width, 200);
    decoded_png_free(&d);
    qrpng_ctx_free(ctx);
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renders_default_png),
    };
    return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
