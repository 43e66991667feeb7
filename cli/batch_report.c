/* batch_report.c - what a batch says on stderr. */
#include "batch_report.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Redraw at most five times a second. */
#define PROGRESS_INTERVAL_NS 200000000L

void batch_report_init(batch_report *report, int show_progress)
{
    pthread_mutex_init(&report->lock, NULL);
    report->show_progress = show_progress;
    report->progress_shown = 0;
    clock_gettime(CLOCK_MONOTONIC, &report->start);
    report->last_progress = report->start;
    atomic_init(&report->read, 0);
    atomic_init(&report->read_all, 0);
    atomic_init(&report->written, 0);
    atomic_init(&report->skipped, 0);
    atomic_init(&report->failed, 0);
    report->manifest_fd = -1;
    report->manifest_size = 0;
}

void batch_report_manifest(batch_report *report, int fd)
{
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
        report->manifest_fd = fd;
        report->manifest_size = (long long)st.st_size;
    }
}

void batch_report_destroy(batch_report *report)
{
    pthread_mutex_destroy(&report->lock);
}

/* Under the lock: a message goes on a line of its own. */
static void clear_progress(batch_report *report)
{
    if (report->progress_shown) {
        fputs("\r\033[K", stderr);
        report->progress_shown = 0;
    }
}

__attribute__((format(printf, 4, 0)))
static void report_line(batch_report *report, const char *prefix,
                        unsigned long number, const char *fmt, va_list args)
{
    pthread_mutex_lock(&report->lock);
    clear_progress(report);
    fputs(prefix, stderr);
    if (number > 0)
        fprintf(stderr, "line %lu: ", number);
    /* args comes initialised from the caller's va_start; clang-tidy 14's
     * valist checker does not follow it here (as in failure.c). */
    vfprintf(stderr, fmt, args); // NOLINT(clang-analyzer-valist.Uninitialized)
    fputc('\n', stderr);
    pthread_mutex_unlock(&report->lock);
}

void batch_report_record_error(batch_report *report, unsigned long number,
                               const char *fmt, ...)
{
    atomic_fetch_add(&report->failed, 1);
    va_list args;
    va_start(args, fmt);
    report_line(report, "qr-cli: ", number, fmt, args);
    va_end(args);
}

void batch_report_error(batch_report *report, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    batch_report_verror(report, fmt, args);
    va_end(args);
}

void batch_report_verror(batch_report *report, const char *fmt,
                         va_list args)
{
    report_line(report, "qr-cli: ", 0, fmt, args);
}

static double seconds_between(const struct timespec *a,
                              const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) +
           (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void batch_report_progress(batch_report *report)
{
    if (!report->show_progress || pthread_mutex_trylock(&report->lock) != 0)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (seconds_between(&report->last_progress, &now) * 1e9 >=
        PROGRESS_INTERVAL_NS) {
        report->last_progress = now;
        unsigned long done = atomic_load(&report->written) +
                             atomic_load(&report->skipped) +
                             atomic_load(&report->failed);
        double elapsed = seconds_between(&report->start, &now);
        fprintf(stderr, "\r\033[Kqr-cli: %lu", done);
        if (atomic_load(&report->read_all)) {
            fprintf(stderr, "/%lu records", atomic_load(&report->read));
        } else if (report->manifest_fd >= 0) {
            /* The reader is ahead of the workers only by the queue. */
            off_t at = lseek(report->manifest_fd, 0, SEEK_CUR);
            fprintf(stderr, " records (%.0f%% of the manifest read)",
                    at > 0 ? 100.0 * (double)at / (double)report->manifest_size
                           : 0.0);
        } else {
            fputs(" records", stderr);
        }
        fprintf(stderr, ", %.0f/s", elapsed > 0 ? (double)done / elapsed : 0);
        report->progress_shown = 1;
    }
    pthread_mutex_unlock(&report->lock);
}

void batch_report_summary(batch_report *report)
{
    pthread_mutex_lock(&report->lock);
    clear_progress(report);
    fprintf(stderr, "qr-cli: batch: %lu written, %lu skipped, %lu failed\n",
            atomic_load(&report->written), atomic_load(&report->skipped),
            atomic_load(&report->failed));
    pthread_mutex_unlock(&report->lock);
}
