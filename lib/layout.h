/* layout.h - where the symbol's modules fall in the image (internal). */
#ifndef QRPNG_LAYOUT_H
#define QRPNG_LAYOUT_H

#include "qrpng.h"

typedef struct qrpng_layout {
    uint32_t width;      /* image side in pixels */
    uint32_t module_px;  /* pixels per module */
    uint32_t offset;     /* pixels of quiet zone before the first module,
                            left and top alike */
} qrpng_layout;

/* Lays out a symbol symbol_modules wide under options that passed
 * qrpng_check_options. On failure writes a one-line reason to msg. */
qrpng_status qrpng_layout_compute(uint32_t symbol_modules,
                                  const qrpng_options *opts,
                                  qrpng_layout *layout,
                                  char *msg, size_t msg_size);

#endif
