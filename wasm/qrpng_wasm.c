/* qrpng_wasm.c - libqrpng's C ABI for WebAssembly hosts (docs/wasm.md).
 *
 * build/wasm/qrpng.wasm exports these functions and its memory, and
 * imports nothing. A host copies the text and the options text into
 * memory from qrpng_wasm_alloc, renders, and reads the output (or the
 * message) from memory by the pointers and sizes returned here.
 *
 * The handle (qrpng_wasm.h) is a qrpng_wasm_ctx: the library's context
 * plus the message of an options text that did not parse, so that no
 * state lives outside a context.
 *
 * libpng's error path longjmps, which traps in this build
 * (sysroot/include/setjmp.h); a render first makes sure the memory it
 * needs is there, so that running out of memory is a status, not a trap.
 * Any trap leaves the instance unusable: the host drops it and
 * instantiates the module again. */
#include <stdlib.h>
#include <string.h>

#include "option_lines.h"
#include "qrpng_wasm.h"

/* Free memory a render must find before it starts (below). */
#define RENDER_HEADROOM ((size_t)1 << 20)

struct qrpng_wasm_ctx {
    qrpng_ctx *lib;
    const unsigned char *output;   /* the last render's bytes, owned by lib */
    size_t output_size;
    char message[QRPNG_MESSAGE_MAX]; /* an options failure; "" otherwise */
};

void *qrpng_wasm_alloc(size_t size)
{
    /* malloc(0) may return NULL; a host asking for 0 bytes gets a valid
     * pointer it can free. */
    return malloc(size > 0 ? size : 1);
}

void qrpng_wasm_free(void *p)
{
    free(p);
}

qrpng_wasm_ctx *qrpng_wasm_ctx_new(void)
{
    qrpng_wasm_ctx *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    ctx->lib = qrpng_ctx_new();
    if (ctx->lib == NULL) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void qrpng_wasm_ctx_free(qrpng_wasm_ctx *ctx)
{
    if (ctx == NULL)
        return;
    qrpng_ctx_free(ctx->lib);
    free(ctx);
}

int qrpng_wasm_render(qrpng_wasm_ctx *ctx, const void *text, size_t text_len,
                      const char *options, size_t options_len)
{
    if (ctx == NULL)
        return QRPNG_ERR_NULL_ARGUMENT;
    ctx->output = NULL;
    ctx->output_size = 0;
    ctx->message[0] = '\0';
    if (options == NULL && options_len > 0) {
        strcpy(ctx->message, "options is NULL with a length");
        return QRPNG_ERR_NULL_ARGUMENT;
    }

    qrpng_option_set set;
    qrpng_option_set_init(&set);
    qrpng_options defaults = qrpng_default_options(), opts;
    if (option_lines_read(options, options_len, &set, ctx->message,
                          sizeof ctx->message) != 0 ||
        qrpng_option_set_apply(&set, &defaults, &opts, ctx->message,
                               sizeof ctx->message) != QRPNG_OK) {
        if (ctx->message[0] == '\0')
            strcpy(ctx->message, qrpng_strerror(QRPNG_ERR_INVALID_OPTION));
        return QRPNG_ERR_INVALID_OPTION;
    }

    /* libpng reports a failed allocation by longjmp, which traps in this
     * build and costs the host its instance. The largest render (a
     * version 40 PNG of 8192 px) needs about 500 KB at its peak, so a
     * render starts only when twice that can be had in one block: freed
     * at once, it stays in malloc's free lists for the render. Memory
     * nearly exhausted is then QRPNG_ERR_NO_MEMORY, the instance intact. */
    void *volatile headroom = malloc(RENDER_HEADROOM); /* volatile: the
        compiler may not drop a malloc whose block is never used */
    if (headroom == NULL) {
        strcpy(ctx->message, "out of memory");
        return QRPNG_ERR_NO_MEMORY;
    }
    free(headroom);

    qrpng_image image;
    qrpng_status status = qrpng_render(ctx->lib, text, text_len, &opts, &image);
    if (status == QRPNG_OK) {
        ctx->output = image.data;
        ctx->output_size = image.size;
    }
    return (int)status;
}

const unsigned char *qrpng_wasm_output(const qrpng_wasm_ctx *ctx)
{
    return ctx != NULL ? ctx->output : NULL;
}

size_t qrpng_wasm_output_size(const qrpng_wasm_ctx *ctx)
{
    return ctx != NULL ? ctx->output_size : 0;
}

const char *qrpng_wasm_message(const qrpng_wasm_ctx *ctx)
{
    if (ctx == NULL)
        return qrpng_strerror(QRPNG_ERR_NULL_ARGUMENT);
    return ctx->message[0] != '\0' ? ctx->message : qrpng_ctx_message(ctx->lib);
}

const char *qrpng_wasm_version(void)
{
    return qrpng_version();
}
