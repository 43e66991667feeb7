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
    int progress_drawn;        /* one has been, so the last one is kept */
    struct timespec start, last_progress;
    atomic_ulong read;         /* records delivered by the manifest */
    atomic_int read_all;       /* the reader has stopped (end or error) */
    atomic_int read_to_end;    /* ... at the manifest's end */
    int summary_done;          /* under lock: the summary line is out */
    atomic_ulong written, skipped, failed;

    /* The manifest's share done, when it is a regular file and progress
     * is shown: the bytes up to the end of the last record of an unbroken
     * run of finished ones from the start. Records finish out of order
     * (threads), so each one's end offset waits in a ring, marked when
     * finished, until every record before it is. */
    pthread_mutex_t share_lock;
    unsigned long long *ends;  /* ring of ring_size (a power of two) end
                                * offsets by ticket; NULL: no share shown */
    size_t ring_size;
    unsigned long first_open;  /* oldest ticket not finished */
    unsigned long next_ticket;
    unsigned long long manifest_size; /* bytes from where reading starts */
    atomic_ullong covered;     /* bytes of it done */
    atomic_int share_shown;    /* the share is on the progress line */
} batch_report;

void batch_report_init(batch_report *report, int show_progress);

/* Lets the progress line show the share of the manifest done and an ETA,
 * when progress is shown and the manifest's size is known: bytes from
 * where reading starts (input_bytes_left(); -1 when unknown, as for a
 * pipe). Without it (or out of memory) the line shows counts and the rate
 * only. */
void batch_report_manifest_size(batch_report *report, long long bytes);
void batch_report_destroy(batch_report *report);

/* The counters below are the report's: a batch changes them only through
 * these functions. */

/* The reader took a record whose bytes end at offset end (as
 * manifest_record.end): one more read. Returns the ticket to finish it
 * with. */
unsigned long batch_report_record_read(batch_report *report,
                                       unsigned long long end);

/* The record of this ticket is written, skipped or failed. */
void batch_report_record_done(batch_report *report, unsigned long ticket);

/* The manifest is read to its end: with every record done, its share
 * done is whole (empty lines after the last record included). */
void batch_report_read_to_end(batch_report *report);

/* The reader has stopped, at the end or on an error: progress now counts
 * records done against all those read. */
void batch_report_reading_stopped(batch_report *report);

/* One more record written, skipped (--skip-existing), or failed without
 * a line of its own (the error that stops the batch is reported once). */
void batch_report_record_written(batch_report *report);
void batch_report_record_skipped(batch_report *report);
void batch_report_record_failed(batch_report *report);

/* Records failed so far. */
unsigned long batch_report_failed(batch_report *report);

/* "qr-cli: line N: ..." and one more failed record (counted). */
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

/* "qr-cli: batch: W written, S skipped, F failed"; on a terminal after a
 * last progress line with the final figures and the time taken. */
void batch_report_summary(batch_report *report);

/* The summary of a batch that signal_name ends, unless the summary is
 * out already: "qr-cli: batch: W written, S skipped, F failed, L left
 * ...; interrupted by SIGINT: run the same command with --skip-existing
 * to finish", with written the files kept (exact: no more are, by then).
 * Called from the signal thread, which dies next: it keeps the lock, so
 * no other line follows; it waits at most about a second for the lock
 * and for room on stderr (a pipe no one reads), then gives up. */
void batch_report_interrupted(batch_report *report, const char *signal_name,
                              unsigned long written);

#endif
