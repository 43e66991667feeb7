/* batch_report.h - what a batch says on stderr: one line per failed
 * record, a progress line on a terminal, a summary at the end. Safe to
 * call from every thread. */
#ifndef QRCLI_BATCH_REPORT_H
#define QRCLI_BATCH_REPORT_H

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <time.h>

typedef struct batch_report {
    pthread_mutex_t lock;      /* one writer on stderr at a time */
    int show_progress;         /* stderr is a terminal */
    int progress_shown;        /* a progress line is on screen */
    struct timespec start, last_progress;
    atomic_ulong read;         /* records delivered by the manifest */
    atomic_int read_all;       /* the manifest is read to its end */
    atomic_ulong written, skipped, failed;
    int manifest_fd;           /* a regular file of manifest_size bytes, */
    long long manifest_size;   /* so progress can show how far it is read */
} batch_report;

void batch_report_init(batch_report *report, int show_progress);

/* Lets the progress line show the share of the manifest read so far, when
 * fd is a regular file (before its end, the record total is unknown). */
void batch_report_manifest(batch_report *report, int fd);
void batch_report_destroy(batch_report *report);

/* "qr-cli: line N: ..." and one more failed record. */
__attribute__((format(printf, 3, 4)))
void batch_report_record_error(batch_report *report, unsigned long number,
                               const char *fmt, ...);

/* "qr-cli: ..." for an error that stops the batch. */
__attribute__((format(printf, 2, 3)))
void batch_report_error(batch_report *report, const char *fmt, ...);

/* The same with a va_list. */
__attribute__((format(printf, 2, 0)))
void batch_report_verror(batch_report *report, const char *fmt,
                         va_list args);

/* Redraws the progress line if it is shown and a moment has passed. */
void batch_report_progress(batch_report *report);

/* "qr-cli: batch: W written, S skipped, F failed". */
void batch_report_summary(batch_report *report);

#endif
