/* args.h - qr-cli's command line, parsed into a config: the mode, the
 * render options every mode uses, and each mode's own options. */
#ifndef QRCLI_ARGS_H
#define QRCLI_ARGS_H

#include <stddef.h>

#include "batch/batch.h"
#include "one_shot.h"
#include "qrpng.h"

typedef enum cli_action {
    CLI_RENDER = 0,   /* one text to one image (one_shot.h) */
    CLI_BATCH,        /* a manifest of texts to files in a folder */
    CLI_HELP,
    CLI_VERSION,
    CLI_WORKER        /* --worker: request frames on stdin, responses on stdout */
} cli_action;

typedef struct cli_config {
    cli_action action;
    qrpng_options render;      /* checked by the library already; for
                                  --worker, every request's defaults */
    one_shot_options one_shot; /* CLI_RENDER */
    batch_options batch;       /* CLI_BATCH */
} cli_config;

/* Longest message parse_args writes, NUL included. */
#define CLI_MESSAGE_MAX 256

/* Parses argv into *config. Returns 0, or -1 with a one-line reason in
 * msg (a usage error). Touches no file: whether input can be read is
 * the caller's to find out. */
int parse_args(int argc, char **argv, cli_config *config, char *msg,
               size_t msg_size);

#endif
