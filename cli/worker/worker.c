/* worker.c - the --worker loop: read what is there, answer every whole
 * frame in it, write the answers, read again.
 *
 * A client may write requests without reading answers: while its answers
 * wait to be read, the worker keeps reading requests and buffering their
 * answers, up to WORKER_PENDING_MAX bytes of answers not yet written; only
 * then does it stop reading until the client reads. For that, poll()
 * watches both directions and a write to a pipe or a socket never blocks:
 * a socket is written with MSG_DONTWAIT, a pipe in pieces of at most
 * PIPE_BUF bytes once poll() says it has room (a pipe with room takes
 * that much at once). The output's O_NONBLOCK flag is never changed: it
 * belongs to an open file that the parent, or a whole shell pipeline,
 * shares, and a worker killed before it could put the flag back would
 * leave their next write failing with EAGAIN. Other outputs (a file, a
 * terminal) never hold a write back for long and are written as is.
 *
 * Memory: one input buffer that always holds a whole frame, one output
 * buffer (grown to at most WORKER_PENDING_MAX plus one answer), one
 * library context reused for every render. */
#include "worker.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exit_codes.h"
#include "failure.h"
#include "worker_protocol.h"

/* Room for many pipelined frames per read; at least one whole frame. */
#define WORKER_INPUT_BYTES ((size_t)64 * 1024)
/* Answers not yet taken by the client, past which the worker stops
 * reading requests (docs/worker-protocol.md). */
#define WORKER_PENDING_MAX ((size_t)4 * 1024 * 1024)
/* Answers are written once this much is gathered, or the input runs dry. */
#define WORKER_FLUSH_BYTES ((size_t)256 * 1024)

_Static_assert(WORKER_INPUT_BYTES >= WORKER_MAX_FRAME,
               "the input buffer must hold a whole frame");

/* What out_fd is, for how it is written without blocking. */
typedef enum output_kind { OUTPUT_OTHER, OUTPUT_PIPE, OUTPUT_SOCKET } output_kind;

typedef struct worker {
    int out_fd;
    output_kind out_kind;
    unsigned char *in, *out;
    size_t in_used;
    size_t out_capacity, out_sent, out_used; /* out[out_sent..out_used) */
    int write_failed;       /* errno of a failed write (ENOMEM: growing) */
    qrpng_ctx *ctx;
    const qrpng_options *defaults;
} worker;

/* Bytes of answers not yet written. */
static size_t pending(const worker *w)
{
    return w->out_used - w->out_sent;
}

/* One write of what the output takes now without blocking; -1 with
 * EAGAIN when it takes nothing. */
static ssize_t write_some(const worker *w)
{
    const unsigned char *data = w->out + w->out_sent;
    size_t len = pending(w);
    if (w->out_kind == OUTPUT_SOCKET)
        return send(w->out_fd, data, len, MSG_DONTWAIT);
    if (w->out_kind == OUTPUT_PIPE) {
        struct pollfd room = { .fd = w->out_fd, .events = POLLOUT };
        int ready = poll(&room, 1, 0);
        if (ready <= 0) {
            if (ready == 0)
                errno = EAGAIN;
            return -1;
        }
        if (len > PIPE_BUF)
            len = PIPE_BUF; /* POLLERR, POLLHUP: the write says why */
    }
    return write(w->out_fd, data, len);
}

/* Writes what the output takes now: all of it unless it is a pipe or a
 * socket that is full. After a failure the answers are dropped. */
static void push_output(worker *w)
{
    while (pending(w) > 0 && !w->write_failed) {
        ssize_t n = write_some(w);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            w->write_failed = errno;
            break;
        }
        w->out_sent += (size_t)n;
    }
    w->out_sent = w->out_used = 0;
}

/* Room for need more bytes at out + out_used: moves the pending answers
 * to the front, then grows the buffer if that is not enough. */
static int make_room(worker *w, size_t need)
{
    if (w->out_used + need <= w->out_capacity)
        return 0;
    memmove(w->out, w->out + w->out_sent, pending(w));
    w->out_used = pending(w);
    w->out_sent = 0;
    if (w->out_used + need <= w->out_capacity)
        return 0;
    size_t capacity = w->out_capacity * 2;
    if (capacity < w->out_used + need)
        capacity = w->out_used + need;
    unsigned char *grown = realloc(w->out, capacity);
    if (grown == NULL)
        return -1;
    w->out = grown;
    w->out_capacity = capacity;
    return 0;
}

static void send_response(worker *w, uint8_t version, uint8_t status,
                          const void *payload, size_t len)
{
    if (w->write_failed)
        return;
    if (make_room(w, WORKER_RESPONSE_HEADER + len) != 0) {
        w->write_failed = ENOMEM;
        return;
    }
    worker_put_response_header(w->out + w->out_used, version, status,
                               (uint32_t)len);
    memcpy(w->out + w->out_used + WORKER_RESPONSE_HEADER, payload, len);
    w->out_used += WORKER_RESPONSE_HEADER + len;
    if (pending(w) >= WORKER_FLUSH_BYTES)
        push_output(w);
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
 * it has the magic and a known version, else 1. */
static uint8_t frame_version(const unsigned char *frame, size_t len)
{
    return len > 2 && frame[0] == 'Q' && frame[1] == 'W' && frame[2] >= 2 &&
           frame[2] <= WORKER_PROTOCOL_VERSION ? frame[2] : 1;
}

/* Answers every whole frame buffered and keeps the partial one. Returns
 * 0, or -1 after a bad frame (answered and reported). */
static int answer_buffered(worker *w)
{
    size_t pos = 0;
    int result = 0;
    while (pending(w) < WORKER_PENDING_MAX && !w->write_failed) {
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

/* Waits until the output takes more or (when want_input) input is
 * there. Returns 1 when input may be read, 0 to try writing, -1 with
 * errno on failure. */
static int wait_ready(worker *w, int in_fd, int want_input)
{
    struct pollfd fds[2] = {
        { .fd = in_fd, .events = POLLIN },
        { .fd = w->out_fd, .events = POLLOUT },
    };
    nfds_t count = (want_input ? 1u : 0u) + (pending(w) > 0 ? 1u : 0u);
    int n = poll(want_input ? fds : fds + 1, count, -1);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    return want_input && fds[0].revents != 0;
}

static int write_error(const worker *w)
{
    char reason[ERROR_TEXT_SIZE];
    if (w->write_failed == ENOMEM)
        return fail(QRCLI_EXIT_INTERNAL, "worker: out of memory");
    return fail(QRCLI_EXIT_IO, "worker: cannot write to standard output: %s",
                error_text(w->write_failed, reason));
}

/* Writes every pending answer, waiting for the output as needed. */
static void drain_output(worker *w, int in_fd)
{
    push_output(w);
    while (pending(w) > 0 && !w->write_failed) {
        if (wait_ready(w, in_fd, 0) < 0)
            w->write_failed = errno;
        push_output(w);
    }
}

static int serve(worker *w, int in_fd)
{
    char reason[ERROR_TEXT_SIZE];
    int bad = 0, eof = 0;
    for (;;) {
        if (pending(w) < WORKER_PENDING_MAX)
            bad = answer_buffered(w);
        if (bad || eof || w->write_failed)
            break;
        push_output(w);
        if (w->write_failed)
            break;
        /* Input is read only while the answers waiting are under the
         * bound; until then the client need not read to be read. */
        int want_input = pending(w) < WORKER_PENDING_MAX &&
                         w->in_used < WORKER_INPUT_BYTES;
        if (pending(w) > 0 || !want_input) {
            int ready = wait_ready(w, in_fd, want_input);
            if (ready < 0)
                return fail(QRCLI_EXIT_IO, "worker: cannot wait for "
                            "standard input or output: %s",
                            error_text(errno, reason));
            if (ready == 0)
                continue;
        }
        ssize_t n = read(in_fd, w->in + w->in_used,
                         WORKER_INPUT_BYTES - w->in_used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* a non-blocking stdin, left so by the parent */
            if (wait_ready(w, in_fd, 1) < 0)
                return fail(QRCLI_EXIT_IO, "worker: cannot wait for "
                            "standard input: %s", error_text(errno, reason));
            continue;
        }
        if (n < 0)
            return fail(QRCLI_EXIT_IO, "worker: cannot read standard input: "
                        "%s", error_text(errno, reason));
        if (n == 0)
            eof = 1;
        w->in_used += (size_t)n;
    }
    if (eof && !bad && w->in_used > 0) {
        char msg[QRPNG_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "truncated frame: input ended %zu bytes "
                 "into a frame", w->in_used);
        send_failure(w, frame_version(w->in, w->in_used), QRCLI_EXIT_USAGE,
                     msg);
        drain_output(w, in_fd);
        if (w->write_failed)
            return write_error(w);
        return fail(QRCLI_EXIT_USAGE, "worker: %s", msg);
    }
    drain_output(w, in_fd);
    if (w->write_failed)
        return write_error(w);
    return bad ? QRCLI_EXIT_USAGE : QRCLI_EXIT_OK;
}

static output_kind output_kind_of(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return OUTPUT_OTHER;
    return S_ISFIFO(st.st_mode) ? OUTPUT_PIPE
           : S_ISSOCK(st.st_mode) ? OUTPUT_SOCKET : OUTPUT_OTHER;
}

int worker_serve(int in_fd, int out_fd, const qrpng_options *defaults)
{
    worker w = { .out_fd = out_fd, .defaults = defaults,
                 .out_capacity = WORKER_FLUSH_BYTES };
    w.in = malloc(WORKER_INPUT_BYTES);
    w.out = malloc(w.out_capacity);
    w.ctx = qrpng_ctx_new();
    int code;
    if (w.in && w.out && w.ctx) {
        w.out_kind = output_kind_of(out_fd);
        code = serve(&w, in_fd);
    } else {
        code = fail(QRCLI_EXIT_INTERNAL, "worker: out of memory");
    }
    qrpng_ctx_free(w.ctx);
    free(w.out);
    free(w.in);
    return code;
}
