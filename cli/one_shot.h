/* one_shot.h - qr-cli's default mode: one text in (an argument, standard
 * input or -i FILE), one image out (standard output or -o FILE). The
 * image is complete in memory before a byte of it is written, so a
 * failure never leaves half an image behind. */
#ifndef QRCLI_ONE_SHOT_H
#define QRCLI_ONE_SHOT_H

#include "qrpng.h"

typedef struct one_shot_options {
    const char *text;          /* TEXT from argv, or NULL: read the input */
    const char *input_path;    /* -i: a file, or "-" for stdin; NULL: stdin */
    const char *output_path;   /* -o: a file, or NULL/"-" for stdout */
    int keep_newline;          /* --keep-newline: keep a trailing newline */
} one_shot_options;

/* Renders and writes as opts say; returns qr-cli's exit code, after one
 * line on stderr when it is not 0. */
int one_shot_run(const one_shot_options *opts, const qrpng_options *render);

#endif
