/* qrpng_wasm.h - the C ABI of build/wasm/qrpng.wasm (docs/wasm.md).
 *
 * Every pointer is an offset into the module's exported memory; sizes are
 * 32-bit (wasm32). The module imports nothing. A context belongs to one
 * caller at a time; an instance is single-threaded. */
#ifndef QRPNG_WASM_H
#define QRPNG_WASM_H

#include <stddef.h>

#include "qrpng.h"

/* The handle of a render context: libqrpng's context with room for the
 * message of an options text that did not parse. Opaque to hosts; the
 * ABI's documentation calls it qrpng_ctx. */
typedef struct qrpng_wasm_ctx qrpng_wasm_ctx;

/* size bytes (0 is taken as 1) for the host to fill, or NULL when memory
 * cannot grow. The host frees them with qrpng_wasm_free. */
void *qrpng_wasm_alloc(size_t size);
void qrpng_wasm_free(void *p);

/* A new context, or NULL when out of memory; freed (NULL: no-op) with
 * qrpng_wasm_ctx_free, which also frees its last output. */
qrpng_wasm_ctx *qrpng_wasm_ctx_new(void);
void qrpng_wasm_ctx_free(qrpng_wasm_ctx *ctx);

/* Renders text_len bytes at text (any bytes) with options: options_len
 * bytes of "name=value" lines separated by LF (a flag's name alone turns
 * it on), the names and values of libqrpng's option table, as the worker
 * protocol's version 3 takes them; options_len 0 for the defaults (PNG,
 * level L, 200 px). Returns a qrpng_status: QRPNG_OK (0), or the failure,
 * with qrpng_wasm_message saying why in one line. A failure leaves the
 * context usable for the next render. A render starts only when 1 MiB of
 * memory can be had (QRPNG_ERR_NO_MEMORY otherwise), so that libpng,
 * whose errors trap in this build, never meets a failed allocation. */
int qrpng_wasm_render(qrpng_wasm_ctx *ctx, const void *text, size_t text_len,
                      const char *options, size_t options_len);

/* The last successful render's file and its size; owned by ctx, valid
 * until its next render or free. NULL and 0 after a failure. */
const unsigned char *qrpng_wasm_output(const qrpng_wasm_ctx *ctx);
size_t qrpng_wasm_output_size(const qrpng_wasm_ctx *ctx);

/* The last failure's one line, NUL-terminated, as qr-cli says it; "" after
 * a success. Owned by ctx, valid until its next render or free. */
const char *qrpng_wasm_message(const qrpng_wasm_ctx *ctx);

/* libqrpng's version ("1.3.0"), constant. */
const char *qrpng_wasm_version(void);

#endif
