/* fuzz_args.c - qr-cli's command-line parser (cli/args.c) on fuzzed argv.
 *
 * Input: the arguments after argv[0], separated by NUL bytes (at most
 * MAX_ARGS). Each argument gets its own exact-size allocation, freed after
 * the parse, so a parser that keeps a pointer into an old argv (getopt's
 * state between calls) is caught by AddressSanitizer on a later input.
 *
 * Promise checked: parse_args returns 0 or -1; on -1 the message is one
 * non-empty line (no CR or LF, whatever the arguments hold); on 0 a TEXT,
 * when set, is one of the arguments, a lone argument is always the TEXT
 * unless it is exactly --help or --version, and the numeric options are
 * within the library's limits and pass qrpng_check_options. Then a
 * fixed argv must parse the same as always: parse_args may keep nothing
 * from an earlier call (worker mode parses many command lines in one
 * process). glibc's getopt reads its
 * saved state uninstrumented, so ASan alone would not see stale state. */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "fuzz_target.h"

#define MAX_ARGS 32

static int is_one_of(const char *p, char **argv, int argc)
{
    for (int i = 1; i < argc; i++)
        if (p == argv[i])
            return 1;
    return 0;
}

static void check_config(const cli_config *c, int argc, char **argv)
{
    if (argc == 2) {
        if (strcmp(argv[1], "--help") == 0)
            FUZZ_REQUIRE(c->action == CLI_HELP);
        else if (strcmp(argv[1], "--version") == 0)
            FUZZ_REQUIRE(c->action == CLI_VERSION);
        else
            FUZZ_REQUIRE(c->action == CLI_RENDER && c->one_shot.text == argv[1]);
    }
    if (c->one_shot.text != NULL)
        FUZZ_REQUIRE(is_one_of(c->one_shot.text, argv, argc));
    /* The options of every mode passed the library's own checks. */
    FUZZ_REQUIRE(qrpng_check_options(&c->render, NULL, 0) == QRPNG_OK);
    FUZZ_REQUIRE((unsigned)c->render.level <= QRPNG_LEVEL_H);
    FUZZ_REQUIRE(c->render.size >= 1 &&
                 c->render.size <= QRPNG_MAX_IMAGE_SIZE);
    FUZZ_REQUIRE(c->render.scale <= QRPNG_MAX_IMAGE_SIZE);
    FUZZ_REQUIRE(c->render.margin <= QRPNG_MAX_MARGIN);
}

/* qr-cli -l H --scale 3 -- -text */
static void check_fresh_parse(void)
{
    char a0[] = "qr-cli", a1[] = "-lH", a2[] = "--scale", a3[] = "3",
         a4[] = "--", a5[] = "-text";
    char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
    cli_config config;
    char msg[CLI_MESSAGE_MAX];
    FUZZ_REQUIRE(parse_args(6, argv, &config, msg, sizeof msg) == 0);
    FUZZ_REQUIRE(config.action == CLI_RENDER && config.one_shot.text == a5);
    FUZZ_REQUIRE(config.render.level == QRPNG_LEVEL_H);
    FUZZ_REQUIRE(config.render.scale == 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = strdup("qr-cli");
    size_t start = 0;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS; i++) {
        if (i == size || data[i] == '\0') {
            size_t len = i - start;
            argv[argc] = malloc(len + 1);
            if (argv[argc] == NULL)
                break;
            memcpy(argv[argc], data + start, len);
            argv[argc][len] = '\0';
            argc++;
            start = i + 1;
        }
    }
    argv[argc] = NULL;

    cli_config config;
    char msg[CLI_MESSAGE_MAX];
    msg[0] = '\0';
    int rc = parse_args(argc, argv, &config, msg, sizeof msg);
    FUZZ_REQUIRE(rc == 0 || rc == -1);
    if (rc == 0) {
        check_config(&config, argc, argv);
    } else {
        FUZZ_REQUIRE(msg[0] != '\0');
        FUZZ_REQUIRE(memchr(msg, '\0', sizeof msg) != NULL);
        FUZZ_REQUIRE(strchr(msg, '\n') == NULL && strchr(msg, '\r') == NULL);
    }
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    check_fresh_parse();
    return 0;
}
