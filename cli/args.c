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

#include "option_values.h"
#include "quote.h"
#include "render_options.h"

enum long_only_option {
    OPT_SCALE = 256,
    OPT_FG,
    OPT_BG,
    OPT_KEEP_NEWLINE,
    OPT_BATCH,
    OPT_SKIP_EXISTING,
    OPT_HELP,
    OPT_VERSION,
    OPT_WORKER,
    OPT_BOOST_LEVEL
};

static const struct option long_options[] = {
    { "level",        required_argument, NULL, 'l' },
    { "size",         required_argument, NULL, 's' },
    { "scale",        required_argument, NULL, OPT_SCALE },
    { "margin",       required_argument, NULL, 'm' },
    { "fg",           required_argument, NULL, OPT_FG },
    { "bg",           required_argument, NULL, OPT_BG },
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
    { "type",         required_argument, NULL, 't' },
    { "symversion",   required_argument, NULL, 'v' },
    { "micro",        no_argument,       NULL, 'M' },
    { "boost-level",  no_argument,       NULL, OPT_BOOST_LEVEL },
    { "8bit",         no_argument,       NULL, '8' },
    { "dpi",          required_argument, NULL, 'd' },
    { NULL, 0, NULL, 0 }
};

/* ':' first: a missing value is reported as ':' rather than '?'. */
static const char short_options[] = "+:l:s:m:o:i:j:0t:v:M8d:";

/* How an option is named in messages: "-s/--size", "--scale". */
static const char *option_name(int opt)
{
    switch (opt) {
    case 'l':              return "-l/--level";
    case 's':              return "-s/--size";
    case 'm':              return "-m/--margin";
    case 'o':              return "-o/--output";
    case 'i':              return "-i/--input";
    case 'j':              return "-j/--jobs";
    case 't':              return "-t/--type";
    case 'v':              return "-v/--symversion";
    case 'd':              return "-d/--dpi";
    case OPT_SCALE:        return "--scale";
    case OPT_FG:           return "--fg";
    case OPT_BG:           return "--bg";
    }
    return "option";
}

/* Room for an argument quoted in a message: a quoted one must neither
 * split the one-line message nor fill a log. */
#define QUOTE_ARG_SIZE 48

static int bad_value(int opt, const char *value, const char *allowed,
                     char *msg, size_t msg_size)
{
    char q[QUOTE_ARG_SIZE];
    snprintf(msg, msg_size, "invalid %s '%s': %s", option_name(opt),
             quote_value(value, q, sizeof q), allowed);
    return -1;
}

/* A whole-number option: value, in min..max, into *field; what it counts
 * (unit) names it in the message. */
static int count_option(int opt, const char *value, uint32_t min,
                        uint32_t max, const char *unit, uint32_t *field,
                        char *msg, size_t msg_size)
{
    if (parse_count(value, min, max, field) == 0)
        return 0;
    char allowed[96];
    snprintf(allowed, sizeof allowed, "expected %s, %lu to %lu", unit,
             (unsigned long)min, (unsigned long)max);
    return bad_value(opt, value, allowed, msg, msg_size);
}

/* What the options said, before the mode is known. */
typedef struct parsed {
    render_overrides render;
    const char *input_path;    /* -i */
    int batch_only;            /* an option only --batch takes was given */
} parsed;

static int apply_option(int opt, const char *value, cli_config *config,
                        parsed *p, char *msg, size_t msg_size)
{
    qrpng_options *r = &p->render.values;
    unsigned *given = &p->render.given;

    switch (opt) {
    case 'l':
        if (parse_level(value, &r->level) != 0)
            return bad_value(opt, value, "expected L, M, Q or H", msg, msg_size);
        *given |= RENDER_LEVEL;
        return 0;
    case 's':
        *given |= RENDER_SIZE;
        return count_option(opt, value, 1, QRPNG_MAX_IMAGE_SIZE,
                            "a whole number of pixels", &r->size, msg,
                            msg_size);
    case OPT_SCALE:
        *given |= RENDER_SCALE;
        return count_option(opt, value, 1, QRPNG_MAX_IMAGE_SIZE,
                            "a whole number of pixels per module", &r->scale,
                            msg, msg_size);
    case 'm':
        *given |= RENDER_MARGIN;
        return count_option(opt, value, 0, QRPNG_MAX_MARGIN,
                            "a whole number of modules", &r->margin, msg,
                            msg_size);
    case OPT_FG:
        if (parse_color(value, &r->dark) != 0)
            return bad_value(opt, value, "expected a hex colour like #000000",
                             msg, msg_size);
        *given |= RENDER_DARK;
        return 0;
    case OPT_BG:
        /* The last --bg counts. */
        *given &= ~(unsigned)(RENDER_LIGHT | RENDER_TRANSPARENT);
        if (strcmp(value, "transparent") == 0) {
            *given |= RENDER_TRANSPARENT;
            return 0;
        }
        if (parse_color(value, &r->light) != 0)
            return bad_value(opt, value,
                             "expected a hex colour like #ffffff, or transparent",
                             msg, msg_size);
        *given |= RENDER_LIGHT;
        return 0;
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
        return count_option(opt, value, 1, BATCH_MAX_THREADS,
                            "a number of threads", &config->batch.threads,
                            msg, msg_size);
    case '0':
        config->batch.null_records = 1;
        p->batch_only = 1;
        return 0;
    case OPT_SKIP_EXISTING:
        config->batch.skip_existing = 1;
        p->batch_only = 1;
        return 0;
    case 't':
        if (parse_format(value, &r->format) != 0) {
            char choices[FORMAT_CHOICES_SIZE];
            return bad_value(opt, value, format_choices(choices), msg,
                             msg_size);
        }
        *given |= RENDER_FORMAT;
        return 0;
    case 'v':
        if (parse_count(value, 1, QRPNG_MAX_VERSION, &r->version) != 0)
            return bad_value(opt, value, "expected a version, 1 to 40 "
                             "(1 to 4 with --micro)", msg, msg_size);
        *given |= RENDER_VERSION;
        return 0;
    case 'M':
        r->micro = 1;
        *given |= RENDER_MICRO;
        return 0;
    case OPT_BOOST_LEVEL:
        r->boost_level = 1;
        *given |= RENDER_BOOST_LEVEL;
        return 0;
    case '8':
        r->eight_bit = 1;
        *given |= RENDER_EIGHT_BIT;
        return 0;
    case 'd':
        *given |= RENDER_DPI;
        return count_option(opt, value, 1, QRPNG_MAX_DPI, "dots per inch",
                            &r->dpi, msg, msg_size);
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
static const char *flag_name(int val)
{
    for (const struct option *o = long_options; o->name != NULL; o++)
        if (o->val == val && o->has_arg == no_argument)
            return o->name;
    return NULL;
}

static int report_getopt_error(int opt, char **argv, char *msg, size_t msg_size)
{
    char q[QUOTE_ARG_SIZE];
    const char *given = argv[optind - 1];
    const char *arg = quote_value(given, q, sizeof q);
    const char *flag = flag_name(optopt);
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
    if (!(p->render.given & RENDER_FORMAT) &&
        config->one_shot.output_path != NULL) {
        p->render.values.format = format_for_path(config->one_shot.output_path);
        p->render.given |= RENDER_FORMAT;
    }
    qrpng_options defaults = qrpng_default_options();
    if (render_options_apply(&defaults, &p->render, &config->render, msg,
                             msg_size) != 0)
        return -1;
    return qrpng_check_options(&config->render, msg, msg_size) == QRPNG_OK
        ? 0 : -1;
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

    parsed p;
    memset(&p, 0, sizeof p);
    render_overrides_init(&p.render);
    int opt;
    opterr = 0;
    /* 0, not 1: glibc then also drops the rest of a "-abc" cluster that an
     * earlier call stopped in (a pointer into that call's argv). */
    optind = 0;
    /* getopt_long's globals: parse_args runs before any thread starts. */
    while ((opt = getopt_long(argc, argv, short_options, long_options, // NOLINT(concurrency-mt-unsafe)
                              NULL)) != -1) {
        if (opt == '?' || opt == ':')
            return report_getopt_error(opt, argv, msg, msg_size);
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
