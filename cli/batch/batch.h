/* batch.h - qr-cli --batch DIR: one file per manifest record, rendered
 * and written by render threads, each file atomically. */
#ifndef QRCLI_BATCH_H
#define QRCLI_BATCH_H

#include <stdint.h>

#include "qrpng.h"

/* Most render threads -j accepts. */
#define BATCH_MAX_THREADS 256u

typedef struct batch_options {
    const char *dir;           /* --batch: the output folder (created) */
    const char *manifest_path; /* -i: a file, or NULL/"-": standard input */
    uint32_t threads;          /* -j: render threads; 0: one per core */
    int null_records;          /* -0: records end with NUL, not newline */
    int skip_existing;         /* --skip-existing: keep finished files */
} batch_options;

/* Runs the batch; every record is rendered with render (checked by
 * qrpng_check_options already). Returns qr-cli's exit code: 0 all
 * records written (or skipped), 2 some records failed, 1 a usage error
 * (no manifest), 3 an input/output error stopped the batch, 4 an
 * internal error did. */
int batch_run(const batch_options *opts, const qrpng_options *render);

#endif
