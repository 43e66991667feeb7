/* lib_alloc.c - every allocation of a render fails in turn (TAP output).
 *
 * For each scenario and N = 1, 2, ...: allocation N of qrpng_ctx_new plus
 * qrpng_render fails. The documented outcomes: qrpng_ctx_new returns NULL,
 * or the render returns QRPNG_ERR_NO_MEMORY with a one-line message and a
 * zeroed result, or it returns QRPNG_OK with a PNG (a dependency that can
 * do without the memory). Either way the same context then renders again
 * (QRPNG_ERR_NO_MEMORY leaves it usable). N stops growing when a render
 * makes fewer than N allocations. Leaks and bad accesses on these paths
 * are for valgrind: make check-valgrind runs this program under it. */
#include <stdio.h>
#include <string.h>

#include "fail_alloc.h"
#include "png_read.h"
#include "qrpng.h"

typedef struct scenario {
    const char *name;
    const char *text;
    size_t text_len;           /* 0: strlen(text) */
    qrpng_options opts;
    int render_twice;          /* a second render on the same context */
} scenario;

static char long_text[2954];

/* One failure point. Returns 0 when the outcome is a documented one. */
static int run_once(const scenario *s, unsigned long n, int *failed_any,
                    unsigned long *calls)
{
    size_t len = s->text_len ? s->text_len : strlen(s->text);
    qrpng_image img;
    qrpng_status status = QRPNG_OK;

    fail_alloc_arm(n);
    qrpng_ctx *ctx = qrpng_ctx_new();
    if (ctx != NULL) {
        status = qrpng_render(ctx, s->text, len, &s->opts, &img);
        if (status == QRPNG_OK && s->render_twice)
            status = qrpng_render(ctx, s->text, len, &s->opts, &img);
    }
    fail_alloc_disarm();
    *failed_any = fail_alloc_failed();
    *calls = fail_alloc_calls();

    if (ctx == NULL)
        return *failed_any ? 0 : -1;
    int ok = 0;
    if (status == QRPNG_OK) {
        decoded_png d;
        ok = decode_png(img.png, img.png_size, &d) == 0 &&
             d.width == img.width;
        decoded_png_free(&d);
    } else if (status == QRPNG_ERR_NO_MEMORY) {
        const char *msg = qrpng_ctx_message(ctx);
        ok = *failed_any && msg[0] != '\0' && strchr(msg, '\n') == NULL &&
             img.png == NULL && img.png_size == 0;
    }
    if (!ok)
        printf("# %s: allocation %lu failed: status %d (%s)\n", s->name, n,
               (int)status, qrpng_ctx_message(ctx));
    /* The context stays usable after running out of memory. */
    if (ok && qrpng_render(ctx, s->text, len, &s->opts, &img) != QRPNG_OK) {
        printf("# %s: allocation %lu failed: context unusable after (%s)\n",
               s->name, n, qrpng_ctx_message(ctx));
        ok = 0;
    }
    qrpng_ctx_free(ctx);
    return ok ? 0 : -1;
}

int main(void)
{
    memset(long_text, 'a', sizeof long_text - 1);
    qrpng_options defaults = qrpng_default_options();
    qrpng_options colours = defaults;
    colours.dark = (qrpng_rgb){ 0x1a, 0x4d, 0x8f };
    colours.light_transparent = 1;
    colours.scale = 3;
    qrpng_options large = defaults;
    large.size = 2000;
    large.level = QRPNG_LEVEL_H;

    const scenario scenarios[] = {
        { "default", "hello", 0, defaults, 0 },
        { "longest text at level L", long_text, 0, defaults, 0 },
        { "digits and upper case", "0123456789 ABCDEF https://x.y/", 0,
          defaults, 0 },
        { "NUL byte, byte mode", "a\0b", 3, defaults, 0 },
        { "palette, transparent, scale", "colours", 0, colours, 0 },
        { "2000 px at level H, context reused", "reuse", 0, large, 1 },
    };
    size_t count = sizeof scenarios / sizeof scenarios[0];

    printf("1..%zu\n", count);
    for (size_t i = 0; i < count; i++) {
        int bad = 0, failed_any = 1;
        unsigned long n, calls = 0;
        for (n = 1; failed_any; n++)
            if (run_once(&scenarios[i], n, &failed_any, &calls) != 0)
                bad++;
        printf("%s %zu - %s: %lu allocations, each failed in turn\n",
               bad ? "not ok" : "ok", i + 1, scenarios[i].name, calls);
    }
    return 0;
}
