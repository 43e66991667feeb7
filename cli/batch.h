/* batch.h - qr-cli --batch DIR: one PNG per manifest record, written by
 * worker threads, each file atomically. */
#ifndef QRCLI_BATCH_H
#define QRCLI_BATCH_H

#include "args.h"

/* Runs the batch the config describes; returns qr-cli's exit code:
 * 0 all records written (or skipped), 2 some records failed, 3 an
 * input/output error stopped the batch, 4 an internal error did. */
int batch_run(const cli_config *config);

#endif
