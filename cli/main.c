/* main.c - qr-cli: parse, read, render with libqrpng, write. Nothing else;
 * --batch is batch.c's.
 * The PNG is complete in memory before a byte of it is written, so a
 * failure never leaves half an image on stdout or in a file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "batch.h"
#include "exit_codes.h"
#include "failure.h"
#include "input.h"
#include "output.h"
#include "output_file.h"
#include "qrpng.h"
#include "quote.h"
#include "usage.h"
#include "worker.h"

static int is_stdio_path(const char *path)
{
    return path == NULL || strcmp(path, "-") == 0;
}

/* Reads the whole text named by the config into *owned. */
static int read_input(const cli_config *config, unsigned char **owned,
                      size_t *len)
{
    const char *path = config->input_path;
    char reason[ERROR_TEXT_SIZE];
    int fd = STDIN_FILENO;
    if (path == NULL && isatty(STDIN_FILENO))
        return fail(QRCLI_EXIT_USAGE, "no TEXT given and standard input is "
                    "a terminal (try 'qr-cli --help')");
    if (!is_stdio_path(path) && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return fail(QRCLI_EXIT_IO, "cannot open input: %s",
                    error_text(errno, reason));

    input_status status = read_text(fd, config->keep_newline, owned, len);
    int saved = errno;
    if (fd != STDIN_FILENO)
        close(fd);
    switch (status) {
    case INPUT_OK:
        return QRCLI_EXIT_OK;
    case INPUT_TOO_LONG:
        return fail(QRCLI_EXIT_ENCODE, "text is over %zu bytes, too long for "
                    "any QR code", INPUT_MAX_BYTES);
    case INPUT_NO_MEMORY:
        return fail(QRCLI_EXIT_INTERNAL, "out of memory reading input");
    case INPUT_READ_ERROR:
        break;
    }
    return fail(QRCLI_EXIT_IO, "cannot read input: %s",
                error_text(saved, reason));
}

/* A PNG on a terminal is noise that may even drive it: refuse, as gzip
 * and qrencode do. Hosts never have a terminal on stdout. */
static int refuses_terminal(const cli_config *config)
{
    if (!is_stdio_path(config->output_path) ||
        !qrpng_format_is_binary(config->render.format) ||
        !isatty(STDOUT_FILENO))
        return 0;
    fail(QRCLI_EXIT_USAGE, "standard output is a terminal: give -t utf8 to "
         "show the code here, or redirect it (> code.png, -o FILE)");
    return 1;
}

static int write_output(const char *path, const qrpng_image *image)
{
    char reason[ERROR_TEXT_SIZE];
    if (is_stdio_path(path)) {
        if (write_all(STDOUT_FILENO, image->png, image->png_size) != 0)
            return fail(QRCLI_EXIT_IO, "cannot write to standard output: %s",
                        error_text(errno, reason));
        return QRCLI_EXIT_OK;
    }
    if (write_output_file(path, image->png, image->png_size) != 0) {
        char q[QUOTE_SIZE];
        if (errno == ENOMEM) /* naming the temporary file: exit 4, not 3 */
            return fail(QRCLI_EXIT_INTERNAL, "out of memory writing '%s'",
                        quote_value(path, q, sizeof q));
        return fail(QRCLI_EXIT_IO, "cannot write '%s': %s",
                    quote_value(path, q, sizeof q), error_text(errno, reason));
    }
    return QRCLI_EXIT_OK;
}

/* --help and --version: a failed write is a failure like any other.
 * errno is 0 before the text is printed, so a stale one is not shown. */
static int flush_stdout(void)
{
    char reason[ERROR_TEXT_SIZE];
    if (fflush(stdout) == 0 && !ferror(stdout))
        return QRCLI_EXIT_OK;
    return fail(QRCLI_EXIT_IO, "cannot write to standard output: %s",
                error_text(errno ? errno : EIO, reason));
}

static int render_and_write(const cli_config *config, const void *text,
                            size_t len)
{
    qrpng_ctx *ctx = qrpng_ctx_new();
    if (ctx == NULL)
        return fail(QRCLI_EXIT_INTERNAL, "out of memory");
    qrpng_image image;
    qrpng_status status = qrpng_render(ctx, text, len, &config->render,
                                       &image);
    int code = status == QRPNG_OK
        ? write_output(config->output_path, &image)
        : fail(exit_code_for(status), "%s", qrpng_ctx_message(ctx));
    qrpng_ctx_free(ctx);
    return code;
}

int main(int argc, char **argv)
{
    /* A reader that goes away must give EPIPE (exit 3), not a silent kill. */
    signal(SIGPIPE, SIG_IGN);

    cli_config config;
    char msg[CLI_MESSAGE_MAX];
    if (parse_args(argc, argv, &config, msg, sizeof msg) != 0)
        return fail(QRCLI_EXIT_USAGE, "%s", msg);

    switch (config.action) {
    case CLI_HELP:
        errno = 0;
        print_help(stdout);
        return flush_stdout();
    case CLI_VERSION:
        errno = 0;
        print_version(stdout);
        return flush_stdout();
    case CLI_WORKER:
        return run_worker(STDIN_FILENO, STDOUT_FILENO, &config.render);
    case CLI_BATCH:
        return batch_run(&config);
    case CLI_RENDER:
        break;
    }

    if (refuses_terminal(&config))
        return QRCLI_EXIT_USAGE;
    if (config.text != NULL)
        return render_and_write(&config, config.text, strlen(config.text));

    unsigned char *text = NULL;
    size_t len = 0;
    int code = read_input(&config, &text, &len);
    if (code == QRCLI_EXIT_OK)
        code = render_and_write(&config, text, len);
    free(text);
    return code;
}
