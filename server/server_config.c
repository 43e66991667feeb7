/* server_config.c - qr-server's command line (getopt_long), its --help
 * and --version. Every mistake is one line on stderr and exit 1. */
/* sched_getaffinity and CPU_COUNT are glibc's: its feature macro. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#include "server_config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qrpng.h"
#include "quote.h"

enum {
    OPT_LISTEN = 256, OPT_THREADS, OPT_MAX_CONNECTIONS, OPT_MAX_TEXT,
    OPT_MAX_SIZE, OPT_MAX_REQUEST_LINE, OPT_MAX_HEADERS, OPT_MAX_HEADER_LINES,
    OPT_MAX_BODY,
    OPT_IDLE_TIMEOUT, OPT_REQUEST_TIMEOUT, OPT_SHUTDOWN_TIMEOUT, OPT_CORS,
    OPT_ACCESS_LOG, OPT_TRUST_PROXY, OPT_HELP, OPT_VERSION
};

static const struct option long_options[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
    {"max-text", required_argument, NULL, OPT_MAX_TEXT},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"max-request-line", required_argument, NULL, OPT_MAX_REQUEST_LINE},
    {"max-headers", required_argument, NULL, OPT_MAX_HEADERS},
    {"max-header-lines", required_argument, NULL, OPT_MAX_HEADER_LINES},
    {"max-body", required_argument, NULL, OPT_MAX_BODY},
    {"idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT},
    {"request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT},
    {"shutdown-timeout", required_argument, NULL, OPT_SHUTDOWN_TIMEOUT},
    {"cors", required_argument, NULL, OPT_CORS},
    {"access-log", required_argument, NULL, OPT_ACCESS_LOG},
    {"trust-proxy", no_argument, NULL, OPT_TRUST_PROXY},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0}
};

void server_print_help(FILE *out)
{
    fputs(
"Usage: qr-server [OPTIONS]\n"
"Serve QR codes over HTTP: GET /qrcode?text=... (the text and every render\n"
"option of qr-cli as query parameters) and /v1/create-qr-code/?data=...\n"
"(goQR.me's API: GET, HEAD and form POST). GET /healthz, GET /metrics\n"
"(Prometheus). Meant to run behind a reverse proxy.\n"
"\n"
"Options:\n"
"      --listen ADDR     where to listen, repeatable: HOST:PORT,\n"
"                        [IPv6]:PORT or unix:PATH (default\n"
"                        127.0.0.1:42069; port 0 picks a free one). Under\n"
"                        systemd socket activation (LISTEN_FDS) the sockets\n"
"                        passed are used too. Each bound address is printed\n"
"                        on stderr\n"
"      --threads N       event loops, 1-256 (default: one per CPU this\n"
"                        process may use)\n"
"      --max-connections N  open connections at once, 1-1000000 (default\n"
"                        4096); beyond it new ones are closed at once\n"
"      --max-text N      bytes of text, 1-65536 (default 512)\n"
"      --max-size N      pixels of an image's side, 1-8192 (default 2000)\n"
"      --max-request-line N  bytes of the request line, 256-65536 (default\n"
"                        8190); longer: 414\n"
"      --max-headers N   bytes of the header lines, 256-65536 (default\n"
"                        16384); more: 431\n"
"      --max-header-lines N  header lines, 1-10000 (default 100); more:\n"
"                        431\n"
"      --max-body N      bytes of a POST body, 0-1048576 (default 8192)\n"
"      --idle-timeout S  seconds a connection may stay silent, 1-3600\n"
"                        (default 60)\n"
"      --request-timeout S  seconds from a request's first byte to its\n"
"                        last, 1-3600 (default 10)\n"
"      --shutdown-timeout S  seconds SIGTERM waits for requests in flight,\n"
"                        0-3600 (default 10)\n"
"      --cors ORIGIN     send Access-Control-Allow-Origin: ORIGIN (off by\n"
"                        default)\n"
"      --access-log FILE  one line per request to FILE ('-': standard\n"
"                        output); reopened on SIGHUP\n"
"      --trust-proxy     take the client address from X-Forwarded-For\n"
"      --help            show this help and exit\n"
"      --version         show versions and exit\n"
"\n"
"Signals: SIGTERM and SIGINT stop accepting, finish the requests in\n"
"flight and exit 0; SIGHUP reopens the access log.\n"
"Exit status: 0 after a clean stop, 1 for a bad setting or an address that\n"
"cannot be bound (one line on stderr).\n",
          out);
}

void server_print_version(FILE *out)
{
    char deps[128];
    qrpng_dependency_versions(deps, sizeof deps);
    fprintf(out, "qr-server %s (libqrpng %s; %s)\n", QRPNG_VERSION_STRING,
            qrpng_version(), deps);
}

/* A whole decimal number in [min, max], or -1 printed as a mistake. */
static int parse_number(const char *name, const char *s, uint64_t min,
                        uint64_t max, uint64_t *out)
{
    char shown[QUOTE_SIZE];
    const char *p = s;
    uint64_t v = 0;
    if (*p == '\0')
        goto bad;
    for (; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || v > (UINT64_MAX - 9) / 10)
            goto bad;
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v < min || v > max)
        goto bad;
    *out = v;
    return 0;
bad:
    fprintf(stderr, "qr-server: invalid --%s %s: expects a whole number "
            "from %" PRIu64 " to %" PRIu64 "\n", name,
            quote_value(s, shown, sizeof shown), min, max);
    return -1;
}

/* The CPUs this process may run on (taskset, systemd's CPUAffinity=, a
 * container's cpuset), else those online. */
static unsigned default_threads(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) {
        int n = CPU_COUNT(&set);
        return n > 256 ? 256u : (unsigned)n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        return 1;
    return n > 256 ? 256u : (unsigned)n;
}

enum config_result server_config_parse(struct server_config *cfg, int argc,
                                       char **argv)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_connections = 4096;
    cfg->max_text = 512;
    cfg->max_size = 2000;
    /* The example servers' limits (docs/servers.md): gunicorn's largest
     * request line, 100 header lines of 16 KiB in all. */
    cfg->max_request_line = 8190;
    cfg->max_headers = 16384;
    cfg->max_header_lines = 100;
    cfg->max_body = 8192;
    cfg->idle_timeout = 60;
    cfg->request_timeout = 10;
    cfg->shutdown_timeout = 10;

    opterr = 0;
    int c;
    /* getopt_long's globals: only here, before any thread starts. */
    while ((c = getopt_long(argc, argv, "", long_options, NULL)) != -1) { // NOLINT(concurrency-mt-unsafe)
        uint64_t v = 0;
        char shown[QUOTE_SIZE];
        const char *name = NULL;
        for (const struct option *o = long_options; o->name != NULL; o++)
            if (o->val == c)
                name = o->name;
        switch (c) {
        case OPT_LISTEN:
            if (cfg->n_listen == SERVER_MAX_LISTEN) {
                fprintf(stderr, "qr-server: at most %d --listen addresses\n",
                        SERVER_MAX_LISTEN);
                return CONFIG_EXIT_USAGE;
            }
            cfg->listen[cfg->n_listen++] = optarg;
            break;
        case OPT_THREADS:
            if (parse_number(name, optarg, 1, 256, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->threads = (unsigned)v;
            break;
        case OPT_MAX_CONNECTIONS:
            if (parse_number(name, optarg, 1, 1000000, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_connections = (unsigned)v;
            cfg->max_connections_given = 1;
            break;
        case OPT_MAX_TEXT:
            if (parse_number(name, optarg, 1, 65536, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_text = (size_t)v;
            break;
        case OPT_MAX_SIZE:
            if (parse_number(name, optarg, 1, QRPNG_MAX_IMAGE_SIZE, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_size = (uint32_t)v;
            break;
        case OPT_MAX_REQUEST_LINE:
            if (parse_number(name, optarg, 256, 65536, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_request_line = (size_t)v;
            break;
        case OPT_MAX_HEADERS:
            if (parse_number(name, optarg, 256, 65536, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_headers = (size_t)v;
            break;
        case OPT_MAX_HEADER_LINES:
            if (parse_number(name, optarg, 1, 10000, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_header_lines = (unsigned)v;
            break;
        case OPT_MAX_BODY:
            if (parse_number(name, optarg, 0, 1048576, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->max_body = (size_t)v;
            break;
        case OPT_IDLE_TIMEOUT:
            if (parse_number(name, optarg, 1, 3600, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->idle_timeout = (unsigned)v;
            break;
        case OPT_REQUEST_TIMEOUT:
            if (parse_number(name, optarg, 1, 3600, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->request_timeout = (unsigned)v;
            break;
        case OPT_SHUTDOWN_TIMEOUT:
            if (parse_number(name, optarg, 0, 3600, &v) != 0)
                return CONFIG_EXIT_USAGE;
            cfg->shutdown_timeout = (unsigned)v;
            break;
        case OPT_CORS:
            /* The value goes into a header line as is: printable ASCII. */
            for (const char *p = optarg; *p != '\0'; p++)
                if (*p < 0x21 || *p > 0x7e) {
                    fprintf(stderr, "qr-server: invalid --cors %s: expects an "
                            "origin such as https://example.com or *\n",
                            quote_value(optarg, shown, sizeof shown));
                    return CONFIG_EXIT_USAGE;
                }
            if (*optarg == '\0') {
                fputs("qr-server: invalid --cors '': expects an origin such "
                      "as https://example.com or *\n", stderr);
                return CONFIG_EXIT_USAGE;
            }
            cfg->cors = optarg;
            break;
        case OPT_ACCESS_LOG:
            if (*optarg == '\0') {
                fputs("qr-server: invalid --access-log '': expects a file "
                      "or -\n", stderr);
                return CONFIG_EXIT_USAGE;
            }
            cfg->access_log = optarg;
            break;
        case OPT_TRUST_PROXY:
            cfg->trust_proxy = 1;
            break;
        case OPT_HELP:
            server_print_help(stdout);
            return CONFIG_EXIT_OK;
        case OPT_VERSION:
            server_print_version(stdout);
            return CONFIG_EXIT_OK;
        case ':':
            fprintf(stderr, "qr-server: option %s needs a value\n",
                    quote_value(argv[optind - 1], shown, sizeof shown));
            return CONFIG_EXIT_USAGE;
        default:
            if (optopt >= OPT_LISTEN && optopt <= OPT_VERSION)
                fprintf(stderr, "qr-server: option %s needs a value\n",
                        quote_value(argv[optind - 1], shown, sizeof shown));
            else
                fprintf(stderr, "qr-server: unknown option %s (see "
                        "qr-server --help)\n",
                        quote_value(argv[optind - 1], shown, sizeof shown));
            return CONFIG_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        char shown[QUOTE_SIZE];
        fprintf(stderr, "qr-server: unexpected argument %s (see qr-server "
                "--help)\n", quote_value(argv[optind], shown, sizeof shown));
        return CONFIG_EXIT_USAGE;
    }
    if (cfg->threads == 0)
        cfg->threads = default_threads();
    return CONFIG_RUN;
}
