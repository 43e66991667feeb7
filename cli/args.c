/* args.c - qr-cli's command line, parsed into a config.
 *
 * Texts come from untrusted users, so a lone argument is always the text,
 * whatever it looks like; only exactly --help and --version are not. So
 * the worker mode needs company: `qr-cli --worker --` (or with options).
 * With options, parsing stops at the first non-option ('+' in optstring,
 * no GNU permutation), and "--" ends the options as usual. */
#include "args.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "output_type.h"
#include "quote.h"

/* getopt_long values past any character: a render option of libqrpng's
 * table with no short name is OPT_TABLE + its id; then the command's own
 * long-only options. */
enum long_only_option {
    OPT_TABLE = 256,
    OPT_KEEP_NEWLINE = OPT_TABLE + QRPNG_OPTION_COUNT,
    OPT_BATCH,
    OPT_SKIP_EXISTING,
    OPT_HELP,
    OPT_VERSION,
    OPT_WORKER
};

/* The command's own options; the render options come from libqrpng's
 * table (qrpng_option_info_of), so every front end names them alike. */
static const struct option command_options[] = {
    { "output",       required_argument, NULL, 'o' },
    { "input",        required_argument, NULL, 'i' },
    { "keep-newline", no_argument,       NULL, OPT_KEEP_NEWLINE },
    { "batch",        required_argument, NULL, OPT_BATCH },
    { "jobs",         required_argument, NULL, 'j' },
    { "null",         no_argument,       NULL, '0' },
    { "skip-existing", no_argument,      NULL, OPT_SKIP_EXISTING },
    { "help",         no_argument,       NULL, OPT_HELP },
    { "version",      no_argument,       NULL, OPT_VERSION },
    { "worker",       no_argument,       NULL, OPT_WORKER },
};
#define COMMAND_OPTION_COUNT (sizeof command_options / sizeof *command_options)
static const char command_short_options[] = "o:i:j:0";

/* getopt_long's tables, built from both lists. */
typedef struct getopt_tables {
    struct option longs[QRPNG_OPTION_COUNT + COMMAND_OPTION_COUNT + 1];
    char shorts[3 + 2 * QRPNG_OPTION_COUNT + sizeof command_short_options];
} getopt_tables;

/* What getopt_long returns for the render option id. */
static int table_value(qrpng_option_id id)
{
    char letter = qrpng_option_info_of(id)->short_name;
    return letter != 0 ? (unsigned char)letter : OPT_TABLE + (int)id;
}

/* The render option getopt_long's value opt stands for, or -1. */
static int table_id(int opt)
{
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++)
        if (table_value((qrpng_option_id)id) == opt)
            return id;
    return -1;
}

static void build_getopt_tables(getopt_tables *t)
{
    /* '+': stop at the first non-option; ':': a missing value is ':'. */
    size_t n = 0, used = 0;
    t->shorts[used++] = '+';
    t->shorts[used++] = ':';
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        const qrpng_option_info *row = qrpng_option_info_of((qrpng_option_id)id);
        int has_arg = row->value_name != NULL ? required_argument : no_argument;
        t->longs[n++] = (struct option){ row->name, has_arg, NULL,
                                         table_value((qrpng_option_id)id) };
        if (row->short_name != 0) {
            t->shorts[used++] = row->short_name;
            if (has_arg == required_argument)
                t->shorts[used++] = ':';
        }
    }
    for (size_t i = 0; i < COMMAND_OPTION_COUNT; i++)
        t->longs[n++] = command_options[i];
    t->longs[n] = (struct option){ NULL, 0, NULL, 0 };
    memcpy(t->shorts + used, command_short_options,
           sizeof command_short_options);
}

/* Room for an option's name in messages: "-v/--symversion". */
#define OPTION_NAME_SIZE 48

/* How an option that takes a value is named in messages: "-s/--size",
 * "--scale". */
static const char *option_name(const getopt_tables *t, int opt,
                               char buf[OPTION_NAME_SIZE])
{
    for (const struct option *o = t->longs; o->name != NULL; o++) {
        if (o->val != opt)
            continue;
        if (opt < 256)
            snprintf(buf, OPTION_NAME_SIZE, "-%c/--%s", opt, o->name);
        else
            snprintf(buf, OPTION_NAME_SIZE, "--%s", o->name);
        return buf;
    }
    return "option";
}

/* "invalid -s/--size 'VALUE': EXPECTS", as qr-server words it too. */
static int bad_value(const getopt_tables *t, int opt, const char *value,
                     const char *allowed, char *msg, size_t msg_size)
{
    char name[OPTION_NAME_SIZE];
    quote_invalid_value(msg, msg_size, option_name(t, opt, name), value,
                        strlen(value), allowed);
    return -1;
}

/* What the options said, before the mode is known. */
typedef struct parsed {
    const getopt_tables *tables;
    qrpng_option_set render;
    const char *input_path;    /* -i */
    int batch_only;            /* an option only --batch takes was given */
} parsed;

static int apply_option(int opt, const char *value, cli_config *config,
                        parsed *p, char *msg, size_t msg_size)
{
    int id = table_id(opt);
    if (id >= 0) {
        char reason[QRPNG_MESSAGE_MAX];
        if (qrpng_option_set_value(&p->render, (qrpng_option_id)id, value,
                                   reason, sizeof reason) == QRPNG_OK)
            return 0;
        return bad_value(p->tables, opt, value, reason, msg, msg_size);
    }
    switch (opt) {
    case 'o':
        config->one_shot.output_path = value;
        return 0;
    case 'i':
        p->input_path = value;
        return 0;
    case OPT_KEEP_NEWLINE:
        config->one_shot.keep_newline = 1;
        return 0;
    case OPT_BATCH:
        config->batch.dir = value;
        return 0;
    case 'j':
        p->batch_only = 1;
        if (qrpng_parse_count(value, 1, BATCH_MAX_THREADS,
                              &config->batch.threads) == 0)
            return 0;
        char allowed[64];
        snprintf(allowed, sizeof allowed, "expected a number of threads, 1 "
                 "to %u", (unsigned)BATCH_MAX_THREADS);
        return bad_value(p->tables, opt, value, allowed, msg, msg_size);
    case '0':
        config->batch.null_records = 1;
        p->batch_only = 1;
        return 0;
    case OPT_SKIP_EXISTING:
        config->batch.skip_existing = 1;
        p->batch_only = 1;
        return 0;
    case OPT_HELP:
        config->action = CLI_HELP;
        return 0;
    case OPT_VERSION:
        config->action = CLI_VERSION;
        return 0;
    case OPT_WORKER:
        config->action = CLI_WORKER;
        return 0;
    }
    snprintf(msg, msg_size, "unhandled option %d", opt);
    return -1;
}

/* The long option whose value is val, if it takes no value. */
static const char *flag_name(const getopt_tables *t, int val)
{
    for (const struct option *o = t->longs; o->name != NULL; o++)
        if (o->val == val && o->has_arg == no_argument)
            return o->name;
    return NULL;
}

static int report_getopt_error(const getopt_tables *t, int opt, char **argv,
                               char *msg, size_t msg_size)
{
    char q[QUOTE_ARG_SIZE];
    const char *given = argv[optind - 1];
    const char *arg = quote_value(given, q, sizeof q);
    const char *flag = flag_name(t, optopt);
    if (opt == ':') {
        snprintf(msg, msg_size, "option '%s' needs a value", arg);
    } else if (flag != NULL && strncmp(given, "--", 2) == 0 &&
               strchr(given, '=') != NULL) {
        /* "--null=x": getopt_long reports it as the option's own value. */
        snprintf(msg, msg_size, "option '--%s' takes no value", flag);
    } else if (optopt > 0 && optopt < 256) {
        char short_opt[2] = { (char)optopt, '\0' };
        snprintf(msg, msg_size, "unknown option '-%s' (put -- before a text "
                 "that starts with '-')", quote_value(short_opt, q, sizeof q));
    } else {
        snprintf(msg, msg_size, "unknown option '%s' (put -- before a text "
                 "that starts with '-')", arg);
    }
    return -1;
}

/* --batch takes its texts from the manifest and writes files of its own. */
static int check_batch(int texts, const parsed *p, cli_config *config,
                       char *msg, size_t msg_size)
{
    const one_shot_options *o = &config->one_shot;
    const char *clash = texts > 0 ? "a TEXT argument"
        : o->output_path != NULL ? "-o/--output"
        : o->keep_newline ? "--keep-newline" : NULL;
    if (clash != NULL) {
        snprintf(msg, msg_size, "--batch does not take %s (texts come from "
                 "the manifest)", clash);
        return -1;
    }
    if (config->batch.dir[0] == '\0') {
        snprintf(msg, msg_size, "--batch needs a folder name");
        return -1;
    }
    config->batch.manifest_path = p->input_path;
    config->action = CLI_BATCH;
    return 0;
}

/* The render options: given over the library's defaults, the type from
 * -o's name unless -t, then the library's checks, so that a bad one is a
 * usage error before any work (in every mode). */
static int settle_render(parsed *p, cli_config *config, char *msg,
                         size_t msg_size)
{
    if (!(p->render.given & (1u << QRPNG_OPT_TYPE)) &&
        config->one_shot.output_path != NULL)
        qrpng_option_set_value(&p->render, QRPNG_OPT_TYPE, qrpng_format_name(
            format_for_path(config->one_shot.output_path)), NULL, 0);
    qrpng_options defaults = qrpng_default_options();
    return qrpng_option_set_apply(&p->render, &defaults, &config->render,
                                  msg, msg_size) == QRPNG_OK ? 0 : -1;
}

int parse_args(int argc, char **argv, cli_config *config, char *msg,
               size_t msg_size)
{
    memset(config, 0, sizeof *config);
    config->render = qrpng_default_options();

    if (argc == 2) {
        if (strcmp(argv[1], "--help") == 0)
            config->action = CLI_HELP;
        else if (strcmp(argv[1], "--version") == 0)
            config->action = CLI_VERSION;
        else
            config->one_shot.text = argv[1];
        return 0;
    }

    getopt_tables tables;
    build_getopt_tables(&tables);
    parsed p;
    memset(&p, 0, sizeof p);
    p.tables = &tables;
    qrpng_option_set_init(&p.render);
    int opt;
    opterr = 0;
    /* 0, not 1: glibc then also drops the rest of a "-abc" cluster that an
     * earlier call stopped in (a pointer into that call's argv). */
    optind = 0;
    /* getopt_long's globals: parse_args runs before any thread starts. */
    while ((opt = getopt_long(argc, argv, tables.shorts, tables.longs, // NOLINT(concurrency-mt-unsafe)
                              NULL)) != -1) {
        if (opt == '?' || opt == ':')
            return report_getopt_error(&tables, opt, argv, msg, msg_size);
        if (apply_option(opt, optarg, config, &p, msg, msg_size) != 0)
            return -1;
    }
    if (config->action == CLI_HELP || config->action == CLI_VERSION)
        return 0;

    int texts = argc - optind;
    one_shot_options *o = &config->one_shot;
    if (settle_render(&p, config, msg, msg_size) != 0)
        return -1;
    if (config->action == CLI_WORKER && config->batch.dir != NULL) {
        snprintf(msg, msg_size, "give --worker or --batch, not both");
        return -1;
    }
    if (config->action == CLI_WORKER && (texts > 0 || p.input_path ||
                                         o->output_path || o->keep_newline)) {
        snprintf(msg, msg_size, "--worker reads requests from standard input "
                 "and answers on standard output: no TEXT, -i, -o or "
                 "--keep-newline");
        return -1;
    }
    if (config->batch.dir != NULL)
        return check_batch(texts, &p, config, msg, msg_size);
    if (p.batch_only) {
        snprintf(msg, msg_size, "-j/--jobs, -0/--null and --skip-existing "
                 "need --batch DIR");
        return -1;
    }
    if (texts > 1) {
        snprintf(msg, msg_size, "expected one TEXT, got %d arguments "
                 "(quote a text that has spaces)", texts);
        return -1;
    }
    o->input_path = p.input_path;
    if (texts == 1) {
        o->text = argv[optind];
        if (o->input_path != NULL) {
            snprintf(msg, msg_size, "give a TEXT or -i/--input, not both");
            return -1;
        }
    }
    return 0;
}
