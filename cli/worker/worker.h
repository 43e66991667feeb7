/* worker.h - `qr-cli --worker`: many requests over one pipe pair. */
#ifndef QRCLI_WORKER_H
#define QRCLI_WORKER_H

#include "qrpng.h"

/* Serves request frames (worker_protocol.h) read from in_fd with response
 * frames on out_fd until end of input, rendering with defaults plus each
 * request's overrides. Returns the exit code: 0 at end of input between
 * frames; 1 after a bad or truncated frame (answered with a last status-1
 * response); 3 when reading or writing fails; 4 when out of memory.
 * Only fatal problems are also reported on stderr. */
int worker_serve(int in_fd, int out_fd, const qrpng_options *defaults);

#endif
