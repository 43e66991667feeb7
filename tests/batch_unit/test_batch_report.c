/* test_batch_report.c - the manifest's share done that batch progress
 * shows (records finish out of order, the share covers only an unbroken
 * run of finished ones from the start), the counts it keeps, and the
 * summary of an interrupted batch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "batch/batch_report.h"
#include "input.h"

/* A regular file of size bytes, read from offset at. */
static int manifest_file(long size, long at)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    int fd = dup(fileno(f));
    fclose(f);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, size), 0);
    assert_int_equal(lseek(fd, at, SEEK_SET), at);
    return fd;
}

/* A report shown on a terminal, for a manifest file of size bytes read
 * from offset at; its fd, for finish(). */
static int start(batch_report *r, long size, long at)
{
    batch_report_init(r, 1);
    int fd = manifest_file(size, at);
    assert_int_equal(input_bytes_left(fd), size - at);
    batch_report_manifest_size(r, input_bytes_left(fd));
    return fd;
}

static void finish(batch_report *r, int fd)
{
    batch_report_destroy(r);
    close(fd);
}

static unsigned long long covered(batch_report *r)
{
    return atomic_load(&r->covered);
}

static void share_waits_for_the_oldest_record(void **state)
{
    (void)state;
    batch_report r;
    int fd = start(&r, 40, 0);
    assert_true(atomic_load(&r.share_shown));
    unsigned long t[4];
    for (int i = 0; i < 4; i++)
        t[i] = batch_report_record_read(&r, 10ULL * (i + 1));
    batch_report_record_done(&r, t[1]);
    batch_report_record_done(&r, t[3]);
    assert_int_equal(covered(&r), 0);   /* the first is still at work */
    batch_report_record_done(&r, t[0]);
    assert_int_equal(covered(&r), 20);
    batch_report_record_done(&r, t[2]);
    assert_int_equal(covered(&r), 40);
    batch_report_read_to_end(&r);
    assert_int_equal(covered(&r), 40);
    finish(&r, fd);
}

/* Trailing empty lines belong to no record: the end of the manifest,
 * once every record is done, makes the share whole. */
static void end_of_manifest_completes_the_share(void **state)
{
    (void)state;
    batch_report r;
    int fd = start(&r, 100, 0);
    unsigned long a = batch_report_record_read(&r, 50);
    unsigned long b = batch_report_record_read(&r, 97);
    batch_report_read_to_end(&r);
    batch_report_record_done(&r, b);
    assert_int_equal(covered(&r), 0);
    batch_report_record_done(&r, a);
    assert_int_equal(covered(&r), 100);
    finish(&r, fd);
}

/* One slow record holds back more finished ones than the ring starts
 * with: the ring grows and nothing is lost. */
static void ring_grows_behind_a_slow_record(void **state)
{
    (void)state;
    enum { N = 5000 };
    batch_report r;
    int fd = start(&r, N, 0);
    static unsigned long t[N];
    for (int i = 0; i < N; i++) {
        t[i] = batch_report_record_read(&r, (unsigned long long)i + 1);
        if (i > 0)
            batch_report_record_done(&r, t[i]);
    }
    assert_true(atomic_load(&r.share_shown));
    assert_int_equal(covered(&r), 0);
    batch_report_record_done(&r, t[0]);
    assert_int_equal(covered(&r), N);
    finish(&r, fd);
}

/* Reading starts where stdin's offset is: the share is of the rest. */
static void share_is_of_the_bytes_from_the_start_offset(void **state)
{
    (void)state;
    batch_report r;
    int fd = start(&r, 1000, 600);
    assert_int_equal(r.manifest_size, 400);
    finish(&r, fd);
}

/* No share from a pipe, nor when progress is not shown at all. */
static void no_share_from_a_pipe_or_off_a_terminal(void **state)
{
    (void)state;
    batch_report r;
    int p[2];
    assert_int_equal(pipe(p), 0);
    batch_report_init(&r, 1);
    assert_int_equal(input_bytes_left(p[0]), -1);
    batch_report_manifest_size(&r, input_bytes_left(p[0]));
    assert_false(atomic_load(&r.share_shown));
    batch_report_record_done(&r, batch_report_record_read(&r, 10));
    assert_int_equal(covered(&r), 0);
    batch_report_destroy(&r);
    close(p[0]);
    close(p[1]);

    int fd = manifest_file(10, 0);
    batch_report_init(&r, 0);
    batch_report_manifest_size(&r, input_bytes_left(fd));
    assert_false(atomic_load(&r.share_shown));
    finish(&r, fd);
}

/* The counters change through the report's functions alone, and the
 * summary says what they hold: a failure with its own line (record_error)
 * is counted once, as is a quiet one. */
static void counts_are_the_reports_own(void **state)
{
    (void)state;
    FILE *err = tmpfile();
    assert_non_null(err);
    int saved = dup(STDERR_FILENO);
    assert_int_equal(dup2(fileno(err), STDERR_FILENO), STDERR_FILENO);

    batch_report r;
    batch_report_init(&r, 0);
    for (int i = 0; i < 6; i++)
        batch_report_record_done(&r, batch_report_record_read(&r, 1));
    batch_report_read_to_end(&r);
    batch_report_reading_stopped(&r);
    batch_report_record_written(&r);
    batch_report_record_written(&r);
    batch_report_record_skipped(&r);
    batch_report_record_error(&r, 4, "bad %s", "name");
    batch_report_record_failed(&r);
    batch_report_record_error(&r, 6, "too long");
    assert_int_equal(atomic_load(&r.read), 6);
    assert_int_equal(batch_report_failed(&r), 3);
    batch_report_summary(&r);
    batch_report_destroy(&r);

    fflush(stderr);
    assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
    char text[256] = { 0 };
    rewind(err);
    size_t n = fread(text, 1, sizeof text - 1, err);
    fclose(err);
    assert_true(n > 0);
    assert_string_equal(text, "qr-cli: line 4: bad name\n"
                              "qr-cli: line 6: too long\n"
                              "qr-cli: batch: 2 written, 1 skipped, 3 failed\n");
}

/* Runs fn(r) with stderr in a temporary file; what it wrote, in text. */
static void capture_stderr(void (*fn)(batch_report *), batch_report *r,
                           char *text, size_t size)
{
    FILE *err = tmpfile();
    assert_non_null(err);
    int saved = dup(STDERR_FILENO);
    assert_int_equal(dup2(fileno(err), STDERR_FILENO), STDERR_FILENO);
    fn(r);
    fflush(stderr);
    assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
    close(saved);
    memset(text, 0, size);
    rewind(err);
    size_t n = fread(text, 1, size - 1, err);
    (void)n;
    fclose(err);
}

/* Six records read, one written as counted, one skipped, one failed;
 * three files kept by the time the signal came. */
static void six_read(batch_report *r, int to_end)
{
    batch_report_init(r, 0);
    for (int i = 0; i < 6; i++)
        batch_report_record_read(r, 1);
    if (to_end)
        batch_report_read_to_end(r);
    batch_report_reading_stopped(r);
    batch_report_record_written(r);
    batch_report_record_skipped(r);
    batch_report_record_failed(r);
}

static void interrupted_by_sigint(batch_report *r)
{
    batch_report_interrupted(r, "SIGINT", 3);
}

static void summary_then_sigterm(batch_report *r)
{
    batch_report_summary(r);
    batch_report_interrupted(r, "SIGTERM", 3);
}

/* The line says what was written (the files kept, not the counter that
 * may lag them), how many records are left, whether the manifest was
 * read to its end, and how to resume; after the run's own summary it
 * says nothing. It keeps the lock (the process dies next): unlocked here
 * by hand. */
static void interrupted_summary(void **state)
{
    (void)state;
    char text[512];
    batch_report r;
    six_read(&r, 1);
    capture_stderr(interrupted_by_sigint, &r, text, sizeof text);
    assert_string_equal(text, "qr-cli: batch: 3 written, 1 skipped, 1 failed, "
                              "1 left; interrupted by SIGINT: run the same "
                              "command with --skip-existing to finish\n");
    assert_int_equal(pthread_mutex_trylock(&r.lock), EBUSY);
    pthread_mutex_unlock(&r.lock);
    batch_report_destroy(&r);

    six_read(&r, 0);
    capture_stderr(interrupted_by_sigint, &r, text, sizeof text);
    assert_string_equal(text, "qr-cli: batch: 3 written, 1 skipped, 1 failed, "
                              "1 left and the rest of the manifest unread; "
                              "interrupted by SIGINT: run the same command "
                              "with --skip-existing to finish\n");
    pthread_mutex_unlock(&r.lock);
    batch_report_destroy(&r);

    six_read(&r, 1);
    capture_stderr(summary_then_sigterm, &r, text, sizeof text);
    assert_string_equal(text, "qr-cli: batch: 1 written, 1 skipped, 1 "
                              "failed\n");
    pthread_mutex_unlock(&r.lock);
    batch_report_destroy(&r);
}

static void *hold_lock(void *arg)
{
    batch_report *r = arg;
    pthread_mutex_lock(&r->lock);
    struct timespec pause = { 2, 0 };
    nanosleep(&pause, NULL);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* A thread that holds the lock (its write waits on a full pipe) delays
 * the line about a second, then the signal thread gives up on it. */
static void interrupted_summary_gives_up_on_a_held_lock(void **state)
{
    (void)state;
    char text[512];
    batch_report r;
    six_read(&r, 1);
    pthread_t holder;
    assert_int_equal(pthread_create(&holder, NULL, hold_lock, &r), 0);
    struct timespec a, b, settle = { 0, 100000000 };
    nanosleep(&settle, NULL);
    clock_gettime(CLOCK_MONOTONIC, &a);
    capture_stderr(interrupted_by_sigint, &r, text, sizeof text);
    clock_gettime(CLOCK_MONOTONIC, &b);
    assert_string_equal(text, "");
    double waited = (double)(b.tv_sec - a.tv_sec) +
                    (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    assert_true(waited > 0.5 && waited < 2.5);
    pthread_join(holder, NULL);
    batch_report_destroy(&r);
}

int main(void)
{
    cmocka_set_message_output(CM_OUTPUT_TAP);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(share_waits_for_the_oldest_record),
        cmocka_unit_test(end_of_manifest_completes_the_share),
        cmocka_unit_test(ring_grows_behind_a_slow_record),
        cmocka_unit_test(share_is_of_the_bytes_from_the_start_offset),
        cmocka_unit_test(no_share_from_a_pipe_or_off_a_terminal),
        cmocka_unit_test(counts_are_the_reports_own),
        cmocka_unit_test(interrupted_summary),
        cmocka_unit_test(interrupted_summary_gives_up_on_a_held_lock),
    };
    return cmocka_run_group_tests_name("batch_report", tests, NULL, NULL);
}
