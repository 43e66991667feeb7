/* main.c - qr-cli: parse the command line, run the mode it names
 * (one_shot.h, batch/batch.h, worker/worker.h), exit with its code. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "args.h"
#include "batch/batch.h"
#include "exit_codes.h"
#include "failure.h"
#include "one_shot.h"
#include "usage.h"
#include "worker/worker.h"

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

int main(int argc, char **argv)
{
    /* A reader that goes away must give EPIPE (exit 3), and a file past
     * `ulimit -f` EFBIG, not a silent kill that leaves a temporary file. */
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

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
        return worker_serve(STDIN_FILENO, STDOUT_FILENO, &config.render);
    case CLI_BATCH:
        return batch_run(&config.batch, &config.render);
    case CLI_RENDER:
        break;
    }
    return one_shot_run(&config.one_shot, &config.render);
}
