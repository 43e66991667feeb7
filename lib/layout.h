/* layout.h - where the symbol's modules fall in the image (internal). */
#ifndef QRP_LAYOUT_H
#define QRP_LAYOUT_H

#include "qrpng.h"

typedef struct qrp_layout {
    uint32_t width;      /* image side in pixels */
    uint32_t module_px;  /* pixels per module */
    uint32_t offset;     /* pixels of quiet zone (and padding) before the
                            first module, left and top alike */
    uint32_t padding;    /* pixels of opts->padding on each side (0 for
                            the formats laid out in modules) */
} qrp_layout;

struct qrp_format_info;

/* Lays out a symbol symbol_modules wide under options that passed
 * qrpng_check_options, for format. The terminal text formats are laid out
 * in modules (module_px 1: one module a character or half a line), the
 * others in pixels. A failure goes through qrp_fail. */
qrpng_status qrp_layout_compute(qrpng_ctx *ctx, uint32_t symbol_modules,
                                const qrpng_options *opts,
                                const struct qrp_format_info *format,
                                qrp_layout *layout);

/* The next run of dark (dark != 0) or light modules in a symbol row of
 * width modules, from *x on: 1 with its start in *x and its length in
 * *len, or 0 when the row has no more. The vector writers draw these. */
int qrp_next_run(const unsigned char *row, uint32_t width, int dark,
                 uint32_t *x, uint32_t *len);

/* Nonzero when module (x, y) of the symbol, with margin modules of quiet
 * zone around it, is dark; the quiet zone and anything outside is light. */
int qrp_module_dark(const unsigned char *symbol, uint32_t symbol_width,
                    uint32_t margin, int64_t x, int64_t y);

#endif
