/* worker.c - the --worker loop: read what is there, answer every whole
 * frame in it, write the answers in one go, read again.
 *
 * Memory is fixed at start: one input buffer that always holds a whole
 * frame, one output buffer, one library context reused for every render. */
#include "worker.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit_codes.h"
#include "failure.h"
#include "output.h"
#include "worker_protocol.h"

/* Room for many pipelined frames per read; at least one whole frame. */
#define WORKER_INPUT_BYTES ((size_t)64 * 1024)
/* Responses are gathered here and written when the input runs dry (or
 * this fills up, or a single PNG is bigger, which is then written alone). */
#define WORKER_OUTPUT_BYTES ((size_t)256 * 1024)

_Static_assert(WORKER_INPUT_BYTES >= WORKER_MAX_FRAME,
               "the input buffer must hold a whole frame");

typedef struct worker {
    int out_fd;
    unsigned char *in, *out;
    size_t in_used, out_used;
    int write_failed;
    qrpng_ctx *ctx;
    const qrpng_options *defaults;
} worker;

static void flush_output(worker *w)
{
    if (w->out_used > 0 && !w->write_failed &&
        write_all(w->out_fd, w->out, w->out_used) != 0)
        w->write_failed = errno ? errno : EIO;
    w->out_used = 0;
}

static void send_response(worker *w, uint8_t version, uint8_t status,
                          const void *payload, size_t len)
{
    unsigned char header[WORKER_RESPONSE_HEADER];
    worker_put_response_header(header, version, status, (uint32_t)len);
    size_t frame = sizeof header + len;
    if (w->out_used + frame > WORKER_OUTPUT_BYTES)
        flush_output(w);
    if (frame > WORKER_OUTPUT_BYTES) {
        if (!w->write_failed &&
            (write_all(w->out_fd, header, sizeof header) != 0 ||
             write_all(w->out_fd, payload, len) != 0))
            w->write_failed = errno ? errno : EIO;
        return;
    }
    memcpy(w->out + w->out_used, header, sizeof header);
    memcpy(w->out + w->out_used + sizeof header, payload, len);
    w->out_used += frame;
}

static void send_failure(worker *w, uint8_t version, int status,
                         const char *msg)
{
    send_response(w, version, (uint8_t)status, msg, strlen(msg));
}

static void answer(worker *w, const worker_request *req)
{
    char msg[QRPNG_MESSAGE_MAX];
    qrpng_options opts;
    if (worker_request_options(req, w->defaults, &opts, msg, sizeof msg) != 0) {
        send_failure(w, req->version, QRCLI_EXIT_USAGE, msg);
        return;
    }
    qrpng_image image;
    qrpng_status status = qrpng_render(w->ctx, req->text, req->text_len,
                                       &opts, &image);
    if (status == QRPNG_OK)
        send_response(w, req->version, QRCLI_EXIT_OK, image.data, image.size);
    else
        send_failure(w, req->version, exit_code_for(status),
                     qrpng_ctx_message(w->ctx));
}

/* The version of a (bad or cut) frame for its answer: the frame's own when
 * it has a known one, else 1. */
static uint8_t frame_version(const unsigned char *frame, size_t len)
{
    return len > 2 && frame[2] == 2 ? 2 : 1;
}

/* Answers every whole frame buffered and keeps the partial one. Returns
 * 0, or -1 after a bad frame (answered and reported). */
static int answer_buffered(worker *w)
{
    size_t pos = 0;
    int result = 0;
    for (;;) {
        worker_request req;
        char msg[QRPNG_MESSAGE_MAX];
        frame_status st = worker_parse_request(w->in + pos, w->in_used - pos,
                                               &req, msg, sizeof msg);
        if (st == FRAME_NEED_MORE)
            break;
        if (st == FRAME_BAD) {
            send_failure(w, frame_version(w->in + pos, w->in_used - pos),
                         QRCLI_EXIT_USAGE, msg);
            fail(QRCLI_EXIT_USAGE, "worker: %s", msg);
            result = -1;
            break;
        }
        answer(w, &req);
        pos += req.frame_len;
    }
    memmove(w->in, w->in + pos, w->in_used - pos);
    w->in_used -= pos;
    return result;
}

static int serve(worker *w, int in_fd)
{
    for (;;) {
        int bad = answer_buffered(w);
        flush_output(w);
        if (w->write_failed)
            return fail(QRCLI_EXIT_IO, "worker: cannot write to standard "
                        "output: %s", strerror(w->write_failed));
        if (bad)
            return QRCLI_EXIT_USAGE;

        ssize_t n = read(in_fd, w->in + w->in_used,
                         WORKER_INPUT_BYTES - w->in_used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(QRCLI_EXIT_IO, "worker: cannot read standard input: "
                        "%s", strerror(errno));
        if (n == 0)
            break;
        w->in_used += (size_t)n;
    }
    if (w->in_used == 0)
        return QRCLI_EXIT_OK;

    char msg[QRPNG_MESSAGE_MAX];
    snprintf(msg, sizeof msg, "truncated frame: input ended %zu bytes into "
             "a frame", w->in_used);
    send_failure(w, frame_version(w->in, w->in_used), QRCLI_EXIT_USAGE, msg);
    flush_output(w);
    return fail(QRCLI_EXIT_USAGE, "worker: %s", msg);
}

int run_worker(int in_fd, int out_fd, const qrpng_options *defaults)
{
    worker w = { .out_fd = out_fd, .defaults = defaults };
    w.in = malloc(WORKER_INPUT_BYTES);
    w.out = malloc(WORKER_OUTPUT_BYTES);
    w.ctx = qrpng_ctx_new();
    int code = w.in && w.out && w.ctx
        ? serve(&w, in_fd)
        : fail(QRCLI_EXIT_INTERNAL, "worker: out of memory");
    qrpng_ctx_free(w.ctx);
    free(w.out);
    free(w.in);
    return code;
}
