/* args.h - qr-cli's command line, parsed into a config. */
#ifndef QRCLI_ARGS_H
#define QRCLI_ARGS_H

#include <stddef.h>

#include "qrpng.h"

typedef enum cli_action {
    CLI_RENDER = 0,   /* one text to one image (PNG, SVG, ...) */
    CLI_BATCH,        /* a manifest of texts to files in a folder */
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
    const char *batch_dir;     /* --batch: the output folder, or NULL */
    unsigned jobs;             /* -j: worker threads; 0: one per core */
    int null_records;          /* -0: manifest records end with NUL */
    int skip_existing;         /* --skip-existing: keep finished files */
    int type_given;            /* -t: the type does not follow -o's name */
} cli_config;

/* Most worker threads -j accepts. */
#define CLI_MAX_JOBS 256u

/* Longest message parse_args writes, NUL included. */
#define CLI_MESSAGE_MAX 256

/* Parses argv into *config. Returns 0, or -1 with a one-line reason in
 * msg (a usage error). Touches no file: whether input can be read is
 * the caller's to find out. */
int parse_args(int argc, char **argv, cli_config *config, char *msg,
               size_t msg_size);

#endif
