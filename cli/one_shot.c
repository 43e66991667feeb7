/* one_shot.c - one text to one image: read, render with libqrpng, write. */
#include "one_shot.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit_codes.h"
#include "failure.h"
#include "input.h"
#include "output.h"
#include "quote.h"

static int is_stdio_path(const char *path)
{
    return path == NULL || strcmp(path, "-") == 0;
}

/* Reads the whole text of the input into *owned. */
static int read_input(const one_shot_options *opts, unsigned char **owned,
                      size_t *len)
{
    char msg[QUOTE_SIZE + ERROR_TEXT_SIZE + 32], reason[ERROR_TEXT_SIZE];
    int fd;
    int code = input_open(opts->input_path, "input", "no TEXT given and "
                          "standard input is a terminal (try 'qr-cli "
                          "--help')", &fd, msg, sizeof msg);
    if (code != QRCLI_EXIT_OK)
        return fail(code, "%s", msg);

    input_status status = read_text(fd, opts->keep_newline, owned, len);
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
static int refuses_terminal(const one_shot_options *opts,
                            const qrpng_options *render)
{
    if (!is_stdio_path(opts->output_path) ||
        !qrpng_format_is_binary(render->format) || !isatty(STDOUT_FILENO))
        return 0;
    fail(QRCLI_EXIT_USAGE, "standard output is a terminal: give -t utf8 to "
         "show the code here, or redirect it (> code.png, -o FILE)");
    return 1;
}

static int write_image(const char *path, const qrpng_image *image)
{
    char reason[ERROR_TEXT_SIZE];
    if (is_stdio_path(path)) {
        if (write_all(STDOUT_FILENO, image->data, image->size) != 0)
            return fail(QRCLI_EXIT_IO, "cannot write to standard output: %s",
                        error_text(errno, reason));
        return QRCLI_EXIT_OK;
    }
    if (write_output_file(path, image->data, image->size) != 0) {
        char q[QUOTE_SIZE];
        if (errno == ENOMEM) /* naming the temporary file: exit 4, not 3 */
            return fail(QRCLI_EXIT_INTERNAL, "out of memory writing '%s'",
                        quote_value(path, q, sizeof q));
        return fail(QRCLI_EXIT_IO, "cannot write '%s': %s",
                    quote_value(path, q, sizeof q), error_text(errno, reason));
    }
    return QRCLI_EXIT_OK;
}

static int render_and_write(const one_shot_options *opts,
                            const qrpng_options *render, const void *text,
                            size_t len)
{
    qrpng_ctx *ctx = qrpng_ctx_new();
    if (ctx == NULL)
        return fail(QRCLI_EXIT_INTERNAL, "out of memory");
    qrpng_image image;
    qrpng_status status = qrpng_render(ctx, text, len, render, &image);
    int code = status == QRPNG_OK
        ? write_image(opts->output_path, &image)
        : fail(exit_code_for(status), "%s", qrpng_ctx_message(ctx));
    qrpng_ctx_free(ctx);
    return code;
}

int one_shot_run(const one_shot_options *opts, const qrpng_options *render)
{
    if (refuses_terminal(opts, render))
        return QRCLI_EXIT_USAGE;
    if (opts->text != NULL)
        return render_and_write(opts, render, opts->text, strlen(opts->text));

    unsigned char *text = NULL;
    size_t len = 0;
    int code = read_input(opts, &text, &len);
    if (code == QRCLI_EXIT_OK)
        code = render_and_write(opts, render, text, len);
    free(text);
    return code;
}
