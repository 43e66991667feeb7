/* fuzz_worker_protocol.c - the --worker frame parser (cli/worker_protocol.c)
 * on a fuzzed byte stream, read as the worker reads it: frame after frame.
 *
 * Promises checked, for each frame of the stream:
 *  - FRAME_OK: the frame lies inside the buffer (header + options_len +
 *    text_len == frame_len <= bytes left), text_len <= WORKER_MAX_TEXT,
 *    options_len <= WORKER_MAX_OPTIONS (version 3 only), and every
 *    shorter prefix of it parses as FRAME_NEED_MORE (the worker never
 *    rejects a frame because it arrived in pieces).
 *  - FRAME_NEED_MORE: fewer than WORKER_MAX_FRAME bytes are buffered (the
 *    worker never waits for more than one frame's worth).
 *  - FRAME_BAD: a non-empty one-line message.
 *  - worker_request_options: 0 with options the library accepts or
 *    refuses with a documented status, or -1 with a one-line message. The
 *    first small request of each input is rendered to check that. */
#include <string.h>

#include "fuzz_target.h"
#include "worker/worker_protocol.h"

static void require_one_line(const char *msg)
{
    FUZZ_REQUIRE(msg[0] != '\0');
    FUZZ_REQUIRE(strchr(msg, '\n') == NULL && strchr(msg, '\r') == NULL);
}

/* The bytes before the text of a parsed request: its version's header,
 * and version 3's options. */
static size_t header_of(const worker_request *req)
{
    return req->version == 3 ? WORKER_REQUEST_HEADER_V3 + req->options_len
         : req->version == 2 ? WORKER_REQUEST_HEADER_V2 : WORKER_REQUEST_HEADER;
}

static void check_prefixes(const unsigned char *buf, size_t frame_len,
                           size_t header)
{
    /* Every cut inside the header, and a few inside the text. */
    size_t cuts[] = { frame_len - 1, frame_len / 2, header };
    worker_request req;
    char msg[QRPNG_MESSAGE_MAX];
    for (size_t cut = 0; cut < header && cut < frame_len; cut++)
        FUZZ_REQUIRE(worker_parse_request(buf, cut, &req, msg, sizeof msg) ==
                     FRAME_NEED_MORE);
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        if (cuts[i] < frame_len)
            FUZZ_REQUIRE(worker_parse_request(buf, cuts[i], &req, msg,
                                              sizeof msg) == FRAME_NEED_MORE);
}

/* Small enough to render on every input without slowing the fuzzer. */
static int is_small(const qrpng_options *o)
{
    return o->scale > 0 ? o->scale <= 4 : o->size <= 256;
}

static void check_options(const worker_request *req, qrpng_ctx *ctx,
                          int *rendered)
{
    qrpng_options defaults = qrpng_default_options(), opts;
    char msg[QRPNG_MESSAGE_MAX];
    if (worker_request_options(req, &defaults, &opts, msg, sizeof msg) != 0) {
        require_one_line(msg);
        return;
    }
    FUZZ_REQUIRE((unsigned)opts.level <= QRPNG_LEVEL_H);
    FUZZ_REQUIRE((unsigned)opts.format < QRPNG_FORMAT_COUNT);
    if (*rendered || ctx == NULL || !is_small(&opts))
        return;
    *rendered = 1;
    qrpng_image img;
    qrpng_status st = qrpng_render(ctx, req->text, req->text_len, &opts, &img);
    if (st == QRPNG_OK)
        FUZZ_REQUIRE(img.data != NULL && img.size > 8 && img.width > 0);
    else
        require_one_line(qrpng_ctx_message(ctx));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    qrpng_ctx *ctx = qrpng_ctx_new();
    int rendered = 0;
    size_t pos = 0;
    for (;;) {
        worker_request req;
        char msg[QRPNG_MESSAGE_MAX] = "";
        size_t left = size - pos;
        frame_status st = worker_parse_request(data + pos, left, &req, msg,
                                               sizeof msg);
        if (st == FRAME_NEED_MORE) {
            FUZZ_REQUIRE(left < WORKER_MAX_FRAME);
            break;
        }
        if (st == FRAME_BAD) {
            require_one_line(msg);
            break;
        }
        FUZZ_REQUIRE(st == FRAME_OK);
        FUZZ_REQUIRE(req.text_len <= WORKER_MAX_TEXT);
        FUZZ_REQUIRE(req.version >= 1 && req.version <= 3);
        FUZZ_REQUIRE(req.options_len <= WORKER_MAX_OPTIONS);
        FUZZ_REQUIRE(req.version == 3 || req.options_len == 0);
        FUZZ_REQUIRE(req.frame_len == header_of(&req) + req.text_len);
        FUZZ_REQUIRE(req.frame_len <= left);
        FUZZ_REQUIRE(req.text == data + pos + header_of(&req));
        check_prefixes(data + pos, req.frame_len, header_of(&req));
        check_options(&req, ctx, &rendered);
        pos += req.frame_len;
    }
    qrpng_ctx_free(ctx);
    return 0;
}
