/* batch.c - qr-cli --batch DIR: the reader (this thread) validates each
 * record's name in manifest order, so errors and duplicates do not
 * depend on -j, and queues it; render threads, each with its own
 * qrpng_ctx, render and write the files. */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "batch_report.h"
#include "exit_codes.h"
#include "failure.h"
#include "input.h"
#include "interrupt.h"
#include "job_queue.h"
#include "manifest.h"
#include "name_set.h"
#include "output.h"
#include "quote.h"
#include "record_name.h"

/* One record on its way to a render thread. */
typedef struct batch_job {
    unsigned long number;
    unsigned long ticket;       /* for batch_report_record_done */
    char file_name[RECORD_FILE_NAME_SIZE];
    size_t text_len;
    unsigned char text[];
} batch_job;

/* Queued jobs per render thread: enough to keep them busy, bounded
 * memory. */
#define JOBS_QUEUED_PER_THREAD 16

typedef struct batch {
    const batch_options *opts;
    const qrpng_options *render;
    int dirfd;
    job_queue queue;
    name_set *names;
    batch_report report;
    atomic_int stop_code;       /* exit code of an error that stops all */
    const char *extension;      /* of the files written: ".png", ".svg"... */
} batch;

typedef struct render_thread {
    batch *batch;
    pthread_t thread;
} render_thread;

/* Ends the batch for an error: the first one sets the exit code and is
 * reported; the errors that other threads then run into are not. */
__attribute__((format(printf, 3, 4)))
static void stop_batch(batch *b, int code, const char *fmt, ...)
{
    int none = 0;
    if (atomic_compare_exchange_strong(&b->stop_code, &none, code)) {
        va_list args;
        va_start(args, fmt);
        batch_report_verror(&b->report, fmt, args);
        va_end(args);
    }
    job_queue_cancel(&b->queue);
}

static int write_image(batch *b, interrupt_slot *slot, const batch_job *job,
                       const qrpng_image *image)
{
    atomic_file file;
    if (interrupt_slot_open(slot, &file, b->dirfd, job->file_name) != 0)
        return -1;
    int ok = write_all(file.fd, image->data, image->size) == 0;
    int result = interrupt_slot_close(slot, &file, ok);
    return ok ? result : -1;
}

static int already_written(const batch *b, const batch_job *job)
{
    struct stat st;
    return fstatat(b->dirfd, job->file_name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* 0 when the record is done (written, skipped or failed), -1 when an
 * error stops the batch. */
static int run_job(batch *b, interrupt_slot *slot, qrpng_ctx *ctx,
                   const batch_job *job)
{
    if (b->opts->skip_existing && already_written(b, job)) {
        batch_report_record_skipped(&b->report);
        return 0;
    }
    qrpng_image image;
    qrpng_status status = qrpng_render(ctx, job->text, job->text_len,
                                       b->render, &image);
    /* What would end a one-shot run with exit 4 stops the batch; any
     * other failure is the record's alone. */
    if (status != QRPNG_OK && exit_code_for(status) == QRCLI_EXIT_INTERNAL) {
        stop_batch(b, QRCLI_EXIT_INTERNAL, "line %lu: %s", job->number,
                   qrpng_ctx_message(ctx));
        return -1;
    }
    if (status != QRPNG_OK) {
        batch_report_record_error(&b->report, job->number, "%s",
                                  qrpng_ctx_message(ctx));
        return 0;
    }
    if (write_image(b, slot, job, &image) != 0) {
        int err = errno;
        char dir[QUOTE_SIZE], name[QUOTE_SIZE], reason[ERROR_TEXT_SIZE];
        quote_value(b->opts->dir, dir, sizeof dir);
        quote_value(job->file_name, name, sizeof name);
        if (err == EISDIR) { /* a folder holds this record's name alone */
            batch_report_record_error(&b->report, job->number,
                                      "cannot write '%s/%s': %s", dir, name,
                                      error_text(err, reason));
            return 0;
        }
        /* The record is not written: the summary counts it as failed. */
        batch_report_record_failed(&b->report);
        if (err == ENOMEM) { /* naming the temporary file, not the disk */
            stop_batch(b, QRCLI_EXIT_INTERNAL, "line %lu: out of memory "
                       "writing '%s'", job->number, name);
            return -1;
        }
        stop_batch(b, QRCLI_EXIT_IO, "cannot write '%s/%s': %s", dir, name,
                   error_text(err, reason));
        return -1;
    }
    batch_report_record_written(&b->report);
    return 0;
}

static void *render_records(void *arg)
{
    render_thread *t = arg;
    batch *b = t->batch;
    interrupt_slot *slot = interrupt_guard_slot();
    qrpng_ctx *ctx = qrpng_ctx_new();
    if (ctx == NULL) {
        stop_batch(b, QRCLI_EXIT_INTERNAL, "out of memory");
        return NULL;
    }
    batch_job *job;
    while ((job = job_queue_pop(&b->queue)) != NULL) {
        if (run_job(b, slot, ctx, job) == 0)
            batch_report_record_done(&b->report, job->ticket);
        free(job);
        batch_report_progress(&b->report);
    }
    qrpng_ctx_free(ctx);
    return NULL;
}

/* The file name of a record, or -1 after reporting why it has none. */
static int name_record(batch *b, const manifest_record *record,
                       char *file_name)
{
    if (record->name == NULL) {
        record_file_name_for_line(record->number, b->extension, file_name);
    } else {
        const char *problem = record_name_problem(record->name,
                                                  record->name_len);
        if (problem != NULL) {
            batch_report_record_error(&b->report, record->number, "%s",
                                      problem);
            return -1;
        }
        record_file_name(record->name, record->name_len, b->extension,
                         file_name);
    }
    unsigned long first;
    switch (name_set_add(b->names, file_name, strlen(file_name),
                         record->number, &first)) {
    case 1:
        return 0;
    case 0: {
        char name[QUOTE_SIZE];
        batch_report_record_error(&b->report, record->number,
                                  "duplicate file name '%s', first at line %lu",
                                  quote_value(file_name, name, sizeof name),
                                  first);
        return -1;
    }
    }
    stop_batch(b, QRCLI_EXIT_INTERNAL, "out of memory");
    return -1;
}

/* manifest_record_fn: 1 stops reading. */
static int queue_record(const manifest_record *record, void *arg)
{
    batch *b = arg;
    if (atomic_load(&b->stop_code) != 0)
        return 1;
    unsigned long ticket = batch_report_record_read(&b->report, record->end);
    if (record->too_long) {
        batch_report_record_error(&b->report, record->number,
                                  "record over %u bytes, too long for any "
                                  "QR code", MANIFEST_MAX_RECORD);
        batch_report_record_done(&b->report, ticket);
        return 0;
    }
    char file_name[RECORD_FILE_NAME_SIZE];
    if (name_record(b, record, file_name) != 0) {
        if (atomic_load(&b->stop_code) != 0)
            return 1;
        batch_report_record_done(&b->report, ticket);
        return 0;
    }

    batch_job *job = malloc(sizeof *job + record->text_len);
    if (job == NULL) {
        stop_batch(b, QRCLI_EXIT_INTERNAL, "out of memory");
        return 1;
    }
    job->number = record->number;
    job->ticket = ticket;
    memcpy(job->file_name, file_name, sizeof file_name);
    job->text_len = record->text_len;
    memcpy(job->text, record->text, record->text_len);
    if (job_queue_push(&b->queue, job) != 0) {
        free(job);
        return 1;
    }
    return 0;
}

/* mkdir -p: each missing folder of the path, from the top down. */
static int make_folder(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    if (errno != ENOENT)
        return -1;
    char *prefix = strdup(path);
    if (prefix == NULL)
        return -1;
    int result = 0;
    for (char *slash = strchr(prefix + 1, '/'); slash != NULL && result == 0;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(prefix, 0777) != 0 && errno != EEXIST)
            result = -1;
        *slash = '/';
    }
    int saved = errno;
    free(prefix);
    if (result != 0) {
        errno = saved;
        return -1;
    }
    return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1;
}

static int open_manifest(const batch_options *opts, batch_report *report,
                         int *fd)
{
    char msg[QUOTE_SIZE + ERROR_TEXT_SIZE + 32];
    int code = input_open(opts->manifest_path, "manifest", "no manifest "
                          "given and standard input is a terminal (give -i "
                          "FILE or a pipe)", fd, msg, sizeof msg);
    if (code != QRCLI_EXIT_OK)
        batch_report_error(report, "%s", msg);
    return code;
}

/* atomic_file_owns_fn: a temporary name of one of this batch's files,
 * "NAME" plus the extension with NAME a valid record name. */
static int owns_temp_name(const char *name, size_t len, void *arg)
{
    const char *ext = arg;
    size_t ext_len = strlen(ext);
    return len > ext_len && memcmp(name + len - ext_len, ext, ext_len) == 0 &&
           record_name_problem(name, len - ext_len) == NULL;
}

static int open_output(const char *dir, const char *extension,
                       batch_report *report)
{
    int fd = -1;
    if (make_folder(dir) == 0)
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        char q[QUOTE_SIZE], reason[ERROR_TEXT_SIZE];
        batch_report_error(report, "cannot use output folder '%s': %s",
                           quote_value(dir, q, sizeof q),
                           error_text(errno, reason));
        return -1;
    }
    /* What an earlier run killed mid-file left (SIGKILL, a crash): a
     * resumed run must not pile them up. */
    atomic_file_remove_stale(fd, owns_temp_name, (void *)extension);
    return fd;
}

static unsigned thread_count(const batch_options *opts)
{
    if (opts->threads > 0)
        return opts->threads;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores < 1 ? 1 : cores > BATCH_MAX_THREADS ? BATCH_MAX_THREADS
                                                      : (unsigned)cores;
}

/* Reads the manifest into the queue while the render threads drain it. */
static void run_threads(batch *b, int manifest_fd, unsigned count)
{
    render_thread *threads = calloc(count, sizeof *threads);
    unsigned started = 0;
    if (threads == NULL) {
        stop_batch(b, QRCLI_EXIT_INTERNAL, "out of memory");
    }
    for (; threads != NULL && started < count; started++) {
        threads[started].batch = b;
        int err = pthread_create(&threads[started].thread, NULL,
                                 render_records, &threads[started]);
        if (err != 0) {
            char reason[ERROR_TEXT_SIZE];
            stop_batch(b, QRCLI_EXIT_INTERNAL, "cannot start a thread: %s",
                       error_text(err, reason));
            break;
        }
    }
    int result = started > 0 ? manifest_read_fd(manifest_fd,
                                                b->opts->null_records,
                                                queue_record, b) : 1;
    if (result == 0) {
        batch_report_read_to_end(&b->report);
    } else if (result < 0) {
        if (errno == ENOMEM) {
            stop_batch(b, QRCLI_EXIT_INTERNAL, "out of memory reading the "
                       "manifest");
        } else {
            char reason[ERROR_TEXT_SIZE];
            stop_batch(b, QRCLI_EXIT_IO, "cannot read manifest: %s",
                       error_text(errno, reason));
        }
    }
    batch_report_reading_stopped(&b->report);
    job_queue_close(&b->queue);
    for (unsigned i = 0; i < started; i++)
        pthread_join(threads[i].thread, NULL);
    free(threads);
    void *rest;
    while ((rest = job_queue_take_rest(&b->queue)) != NULL)
        free(rest);
}

/* interrupt_report_fn: the summary of an interrupted batch. */
static void report_interrupted(int sig, unsigned long kept, void *arg)
{
    batch_report_interrupted(arg, interrupt_signal_name(sig), kept);
}

int batch_run(const batch_options *opts, const qrpng_options *render)
{
    batch b = { .opts = opts, .render = render, .dirfd = -1,
                .extension = qrpng_format_extension(render->format) };
    atomic_init(&b.stop_code, 0);
    batch_report_init(&b.report, isatty(STDERR_FILENO));
    unsigned count = thread_count(opts);
    int queue_ready = 0;

    int manifest_fd = -1;
    int code = open_manifest(opts, &b.report, &manifest_fd);
    if (code == QRCLI_EXIT_OK &&
        (b.dirfd = open_output(opts->dir, b.extension, &b.report)) < 0) {
        code = QRCLI_EXIT_IO;
    } else if (code == QRCLI_EXIT_OK) {
        b.names = name_set_new();
        queue_ready = job_queue_init(&b.queue, (size_t)count *
                                     JOBS_QUEUED_PER_THREAD) == 0;
        if (b.names == NULL || !queue_ready ||
            interrupt_guard_start(count) != 0) {
            batch_report_error(&b.report, "out of memory");
            code = QRCLI_EXIT_INTERNAL;
        }
    }
    if (code == QRCLI_EXIT_OK) {
        batch_report_manifest_size(&b.report, input_bytes_left(manifest_fd));
        /* A fatal signal from here on ends the run with its summary. */
        interrupt_guard_on_signal(report_interrupted, &b.report);
        run_threads(&b, manifest_fd, count);
        batch_report_summary(&b.report);
        interrupt_guard_on_signal(NULL, NULL);
        code = atomic_load(&b.stop_code);
        if (code == QRCLI_EXIT_OK && batch_report_failed(&b.report) > 0)
            code = QRCLI_EXIT_ENCODE;
    }
    name_set_free(b.names);
    if (queue_ready)
        job_queue_destroy(&b.queue);
    if (b.dirfd >= 0)
        close(b.dirfd);
    if (manifest_fd > STDIN_FILENO)
        close(manifest_fd);
    batch_report_destroy(&b.report);
    return code;
}
