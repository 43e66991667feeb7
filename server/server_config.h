/* server_config.h - qr-server's settings: the command line, checked. */
#ifndef QRSERVER_CONFIG_H
#define QRSERVER_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SERVER_DEFAULT_LISTEN "127.0.0.1:42069"
#define SERVER_MAX_LISTEN 16

struct server_config {
    const char *listen[SERVER_MAX_LISTEN]; /* --listen, in order given */
    size_t n_listen;
    unsigned threads;            /* event loops; 0 until defaulted */
    unsigned max_connections;    /* open at once, whole process */
    int max_connections_given;   /* set on the command line */
    size_t max_text;             /* bytes of text, /qrcode and goQR */
    uint32_t max_size;           /* pixels of an image's side */
    size_t max_request_line;     /* bytes; longer: 414 */
    size_t max_headers;          /* bytes of all header lines; more: 431 */
    unsigned max_header_lines;   /* header lines; more: 431 */
    size_t max_body;             /* bytes of a POST body (goQR form) */
    unsigned idle_timeout;       /* seconds without a byte either way */
    unsigned request_timeout;    /* seconds from a request's first byte
                                    to its last */
    unsigned shutdown_timeout;   /* seconds SIGTERM waits for requests */
    const char *cors;            /* Access-Control-Allow-Origin, or NULL */
    const char *access_log;      /* path, "-" for stdout, or NULL */
    int trust_proxy;             /* client address from X-Forwarded-For */
};

enum config_result { CONFIG_RUN, CONFIG_EXIT_OK, CONFIG_EXIT_USAGE };

/* Parses argv into cfg (defaults first). Prints --help or --version to
 * stdout, or one line for a mistake to stderr, and says whether to run. */
enum config_result server_config_parse(struct server_config *cfg, int argc,
                                       char **argv);

void server_print_help(FILE *out);
void server_print_version(FILE *out);

#endif
