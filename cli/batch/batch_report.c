/* batch_report.c - what a batch says on stderr. */
#include "batch_report.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Redraw at most five times a second. */
#define PROGRESS_INTERVAL_NS 200000000L

/* Ring slots to begin with; the ring doubles when a slow record holds
 * back more finished ones than it has room for. */
#define SHARE_RING_START 1024
/* Marks a finished record's end offset in the ring. */
#define SHARE_DONE (1ULL << 63)

void batch_report_init(batch_report *report, int show_progress)
{
    pthread_mutex_init(&report->lock, NULL);
    report->show_progress = show_progress;
    report->progress_shown = 0;
    report->progress_drawn = 0;
    clock_gettime(CLOCK_MONOTONIC, &report->start);
    report->last_progress = report->start;
    atomic_init(&report->read, 0);
    atomic_init(&report->read_all, 0);
    atomic_init(&report->read_to_end, 0);
    report->summary_done = 0;
    atomic_init(&report->written, 0);
    atomic_init(&report->skipped, 0);
    atomic_init(&report->failed, 0);
    pthread_mutex_init(&report->share_lock, NULL);
    report->ends = NULL;
    report->ring_size = 0;
    report->first_open = 0;
    report->next_ticket = 0;
    report->manifest_size = 0;
    atomic_init(&report->covered, 0);
    atomic_init(&report->share_shown, 0);
}

void batch_report_manifest_size(batch_report *report, long long bytes)
{
    if (!report->show_progress || bytes <= 0)
        return;
    report->ends = malloc(SHARE_RING_START * sizeof *report->ends);
    if (report->ends == NULL)
        return;
    report->ring_size = SHARE_RING_START;
    report->manifest_size = (unsigned long long)bytes;
    atomic_store(&report->share_shown, 1);
}

void batch_report_destroy(batch_report *report)
{
    free(report->ends);
    pthread_mutex_destroy(&report->share_lock);
    pthread_mutex_destroy(&report->lock);
}

/* Under share_lock: a ring twice as big, or none (no share shown from
 * now on) when out of memory. */
static void grow_ring(batch_report *report)
{
    size_t size = report->ring_size * 2;
    unsigned long long *ends = malloc(size * sizeof *ends);
    if (ends != NULL) {
        for (unsigned long t = report->first_open; t != report->next_ticket;
             t++)
            ends[t & (size - 1)] = report->ends[t & (report->ring_size - 1)];
        report->ring_size = size;
    } else {
        atomic_store(&report->share_shown, 0);
        report->ring_size = 0;
    }
    free(report->ends);
    report->ends = ends;
}

/* A ticket for the bytes up to end, in reading order. */
static unsigned long take_ticket(batch_report *report, unsigned long long end)
{
    if (!atomic_load(&report->share_shown))
        return 0; /* not shown (never, or lost): no lock per record */
    pthread_mutex_lock(&report->share_lock);
    unsigned long ticket = report->next_ticket;
    if (report->ends != NULL && ticket - report->first_open ==
                                report->ring_size)
        grow_ring(report);
    if (report->ends != NULL) {
        report->ends[ticket & (report->ring_size - 1)] = end;
        report->next_ticket++;
    }
    pthread_mutex_unlock(&report->share_lock);
    return ticket;
}

unsigned long batch_report_record_read(batch_report *report,
                                       unsigned long long end)
{
    atomic_fetch_add(&report->read, 1);
    return take_ticket(report, end);
}

void batch_report_record_done(batch_report *report, unsigned long ticket)
{
    if (!atomic_load(&report->share_shown))
        return;
    pthread_mutex_lock(&report->share_lock);
    if (report->ends != NULL) {
        size_t mask = report->ring_size - 1;
        report->ends[ticket & mask] |= SHARE_DONE;
        unsigned long long covered = 0;
        while (report->first_open != report->next_ticket &&
               (report->ends[report->first_open & mask] & SHARE_DONE)) {
            covered = report->ends[report->first_open & mask] & ~SHARE_DONE;
            report->first_open++;
        }
        /* Never back (a file that grew while read ends past its size). */
        if (covered > atomic_load(&report->covered))
            atomic_store(&report->covered, covered);
    }
    pthread_mutex_unlock(&report->share_lock);
}

void batch_report_read_to_end(batch_report *report)
{
    atomic_store(&report->read_to_end, 1);
    /* The end of the file, as a record that is done at once. */
    batch_report_record_done(report, take_ticket(report,
                                                 report->manifest_size));
}

void batch_report_reading_stopped(batch_report *report)
{
    atomic_store(&report->read_all, 1);
}

void batch_report_record_written(batch_report *report)
{
    atomic_fetch_add(&report->written, 1);
}

void batch_report_record_skipped(batch_report *report)
{
    atomic_fetch_add(&report->skipped, 1);
}

void batch_report_record_failed(batch_report *report)
{
    atomic_fetch_add(&report->failed, 1);
}

unsigned long batch_report_failed(batch_report *report)
{
    return atomic_load(&report->failed);
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
    batch_report_record_failed(report);
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

/* "4s", "2m05s", "1h02m". A time taken (exact) is rounded, with tenths
 * below ten seconds; a time left is rounded up, so it is 0s only at
 * the end. */
static void put_duration(double seconds, int exact)
{
    if (exact && seconds < 10) {
        fprintf(stderr, "%.1fs", seconds);
        return;
    }
    unsigned long s = (unsigned long)seconds;
    if (exact ? seconds - (double)s >= 0.5 : seconds > (double)s)
        s++;
    if (s < 60)
        fprintf(stderr, "%lus", s);
    else if (s < 3600)
        fprintf(stderr, "%lum%02lus", s / 60, s % 60);
    else
        fprintf(stderr, "%luh%02lum", s / 3600, s % 3600 / 60);
}

/* Under the lock: the progress line, without its end. last: the final
 * figures, with the time taken in place of an ETA. */
static void draw_progress(batch_report *report, const struct timespec *now,
                          int last)
{
    /* The share first: a record is counted before it is marked done, so
     * the counts read after it include every record it covers. */
    unsigned long long covered = atomic_load(&report->covered);
    unsigned long failed = atomic_load(&report->failed);
    unsigned long done = atomic_load(&report->written) +
                         atomic_load(&report->skipped) + failed;
    double elapsed = seconds_between(&report->start, now);
    double left = -1; /* the share of the work still to do, if known */
    fputs("\r\033[Kqr-cli: ", stderr);
    if (atomic_load(&report->share_shown)) {
        unsigned long long size = report->manifest_size;
        if (covered > size)
            covered = size;
        /* Rounded down: 100% only once the whole manifest is done. */
        fprintf(stderr, "%lu done (%lu failed), %llu%% of the manifest",
                done, failed, covered * 100 / size);
        if (covered > 0)
            left = (double)(size - covered) / (double)covered;
    } else if (atomic_load(&report->read_all)) {
        unsigned long read = atomic_load(&report->read);
        fprintf(stderr, "%lu/%lu done (%lu failed)", done, read, failed);
        if (done > 0 && read >= done)
            left = (double)(read - done) / (double)done;
    } else {
        fprintf(stderr, "%lu done (%lu failed)", done, failed);
    }
    fprintf(stderr, ", %.0f/s", elapsed > 0 ? (double)done / elapsed : 0);
    if (last) {
        fputs(", in ", stderr);
        put_duration(elapsed, 1);
    } else if (left >= 0) {
        fputs(", ETA ", stderr);
        put_duration(elapsed * left, 0);
    }
    report->progress_shown = 1;
    report->progress_drawn = 1;
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
        draw_progress(report, &now, 0);
    }
    pthread_mutex_unlock(&report->lock);
}

void batch_report_summary(batch_report *report)
{
    pthread_mutex_lock(&report->lock);
    if (report->progress_drawn) {
        /* The final figures stay on screen above the summary. */
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        draw_progress(report, &now, 1);
        fputc('\n', stderr);
        report->progress_shown = 0;
    }
    fprintf(stderr, "qr-cli: batch: %lu written, %lu skipped, %lu failed\n",
            atomic_load(&report->written), atomic_load(&report->skipped),
            atomic_load(&report->failed));
    report->summary_done = 1;
    pthread_mutex_unlock(&report->lock);
}

/* How long the signal thread waits for the lock, and then for room on
 * stderr, before the process dies without its summary. */
#define INTERRUPTED_WAIT_MS 1000

void batch_report_interrupted(batch_report *report, const char *signal_name,
                              unsigned long written)
{
    /* A thread may hold the lock while its write waits on a full pipe:
     * the signal must still end the process. */
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += INTERRUPTED_WAIT_MS / 1000;
    if (pthread_mutex_timedlock(&report->lock, &until) != 0 ||
        report->summary_done)
        return;
    report->summary_done = 1;
    /* Read now, so every count is the one it was when the signal came
     * (the render threads go on until the process dies). */
    unsigned long read = atomic_load(&report->read);
    unsigned long skipped = atomic_load(&report->skipped);
    unsigned long failed = atomic_load(&report->failed);
    unsigned long done = written + skipped + failed;
    char line[320];
    int n = snprintf(line, sizeof line, "%sqr-cli: batch: %lu written, %lu "
                     "skipped, %lu failed, %lu left%s; interrupted by %s: "
                     "run the same command with --skip-existing to "
                     "finish\n", report->progress_shown ? "\r\033[K" : "",
                     written, skipped, failed, read > done ? read - done : 0,
                     atomic_load(&report->read_to_end)
                         ? "" : " and the rest of the manifest unread",
                     signal_name);
    if (n <= 0 || (size_t)n >= sizeof line)
        return;
    /* stderr is unbuffered: nothing of stdio's waits to go before it. One
     * write(), once there is room (a pipe may be full). */
    struct pollfd pfd = { .fd = STDERR_FILENO, .events = POLLOUT };
    int ready;
    do
        ready = poll(&pfd, 1, INTERRUPTED_WAIT_MS);
    while (ready < 0 && errno == EINTR);
    if (ready == 1 && (pfd.revents & POLLOUT)) {
        ssize_t w = write(STDERR_FILENO, line, (size_t)n);
        (void)w; /* nothing more to do if it fails: the process ends */
    }
}
