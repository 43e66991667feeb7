/* listeners.h - the listening sockets: TCP over IPv4 and IPv6, Unix
 * sockets, and those systemd passes (LISTEN_FDS). */
#ifndef QRSERVER_LISTENERS_H
#define QRSERVER_LISTENERS_H

#include <stddef.h>

#include "server_config.h"

#define LISTENERS_MAX (SERVER_MAX_LISTEN + 16)

struct listener {
    int fd;                 /* listening, non-blocking, close-on-exec */
    char name[160];         /* as printed: http://127.0.0.1:42069, unix:/p */
    char unix_path[108];    /* a Unix socket this process created, or "" */
};

/* Opens every --listen address and takes the sockets of systemd socket
 * activation; with neither, the default address. Prints each bound
 * address on stderr ("qr-server: listening on NAME"). On a failure prints
 * one line on stderr, closes what it opened and returns -1. */
int listeners_open(const struct server_config *cfg, struct listener *out,
                   size_t *count);

/* Closes them and removes the Unix sockets this process created. */
void listeners_close(struct listener *ls, size_t count);

#endif
