/* args.h - qr-cli's command line, parsed into a config. */
#ifndef QRCLI_ARGS_H
#define QRCLI_ARGS_H

#include <stddef.h>

#include "qrpng.h"

typedef enum cli_action {
    CLI_RENDER = 0,   /* one text to one PNG */
    CLI_HELP,
    CLI_VERSION,
    CLI_WORKER        /* --worker: request frames on stdin, responses on stdout */
} cli_action;

typedef struct cli_config {
    cli_action action;
    qrpng_options render;
    const char *text;          /* TEXT from argv, or NULL: read input */
    const char *input_path;    /* -i: a file, or "-" for stdin; NULL: stdin */
    const char *output_path;   /* -o: a file, or NULL/"-" for stdout */
    int keep_newline;          /* --keep-newline: keep a trailing newline */
} cli_config;

/* Longest message parse_args writes, NUL included. */
#define CLI_MESSAGE_MAX 256

/* Parses argv into *config. Returns 0, or -1 with a one-line reason in
 * msg (a usage error). Touches no file: whether input can be read is
 * the caller's to find out. */
int parse_args(int argc, char **argv, cli_config *config, char *msg,
               size_t msg_size);

#endif
