/* worker_protocol.c - parsing request frames, writing response headers. */
#include "worker_protocol.h"

#include <stdio.h>
#include <string.h>

#include "option_lines.h"

static const unsigned char request_magic[2] = { 'Q', 'W' };
static const unsigned char response_magic[2] = { 'Q', 'R' };

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static qrpng_rgb get_rgb(const unsigned char *p)
{
    return (qrpng_rgb){ p[0], p[1], p[2] };
}

/* Whether a declared text length is over the limit (said in msg). */
static int text_over_limit(uint32_t text_len, char *msg, size_t msg_size)
{
    if (text_len <= WORKER_MAX_TEXT)
        return 0;
    snprintf(msg, msg_size, "bad frame: text length %lu is over the limit "
             "of %u bytes", (unsigned long)text_len, WORKER_MAX_TEXT);
    return 1;
}

/* Version 3: the 12-byte header, the options, the text. */
static frame_status parse_version_3(const unsigned char *buf, size_t len,
                                    worker_request *req, char *msg,
                                    size_t msg_size)
{
    if (len < 6)
        return FRAME_NEED_MORE;
    uint16_t options_len = get_u16(buf + 4);
    if (options_len > WORKER_MAX_OPTIONS) {
        snprintf(msg, msg_size, "bad frame: options length %u is over the "
                 "limit of %u bytes", options_len, WORKER_MAX_OPTIONS);
        return FRAME_BAD;
    }
    if (len < WORKER_REQUEST_HEADER_V3)
        return FRAME_NEED_MORE;
    uint32_t text_len = get_u32(buf + 8);
    if (text_over_limit(text_len, msg, msg_size))
        return FRAME_BAD;
    size_t frame_len = WORKER_REQUEST_HEADER_V3 + options_len + (size_t)text_len;
    if (len < frame_len)
        return FRAME_NEED_MORE;
    memset(req, 0, sizeof *req);
    req->version = 3;
    req->reserved = (uint16_t)(buf[3] | buf[6] | buf[7]);
    req->options = buf + WORKER_REQUEST_HEADER_V3;
    req->options_len = options_len;
    req->text = req->options + options_len;
    req->text_len = text_len;
    req->frame_len = frame_len;
    return FRAME_OK;
}

frame_status worker_parse_request(const unsigned char *buf, size_t len,
                                  worker_request *req, char *msg,
                                  size_t msg_size)
{
    /* Each check runs as soon as its bytes are in, so a stray byte is
     * refused at once instead of waiting for a whole header. */
    for (size_t i = 0; i < sizeof request_magic && i < len; i++) {
        if (buf[i] != request_magic[i]) {
            snprintf(msg, msg_size, "bad frame: byte %zu is 0x%02x, not the "
                     "request magic 'QW'", i, buf[i]);
            return FRAME_BAD;
        }
    }
    if (len > 2 && (buf[2] < 1 || buf[2] > WORKER_PROTOCOL_VERSION)) {
        snprintf(msg, msg_size, "bad frame: protocol version %u, this worker "
                 "speaks 1 to %u", buf[2], WORKER_PROTOCOL_VERSION);
        return FRAME_BAD;
    }
    if (len > 2 && buf[2] == 3)
        return parse_version_3(buf, len, req, msg, msg_size);
    size_t header = len > 2 && buf[2] == 2 ? WORKER_REQUEST_HEADER_V2
                                           : WORKER_REQUEST_HEADER;
    if (len < WORKER_REQUEST_HEADER)
        return FRAME_NEED_MORE;

    uint32_t text_len = get_u32(buf + 16);
    if (text_over_limit(text_len, msg, msg_size))
        return FRAME_BAD;
    if (len < header || len - header < text_len)
        return FRAME_NEED_MORE;

    memset(req, 0, sizeof *req);
    req->version = buf[2];
    req->flags = buf[3];
    req->level = buf[4];
    req->margin = buf[5];
    req->size = get_u16(buf + 6);
    req->scale = get_u16(buf + 8);
    req->fg = get_rgb(buf + 10);
    req->bg = get_rgb(buf + 13);
    if (req->version == 2) {
        req->flags2 = buf[20];
        req->type = buf[21];
        req->symversion = buf[22];
        req->symbol = buf[23];
        req->dpi = get_u16(buf + 24);
        req->reserved = get_u16(buf + 26);
    }
    req->text = buf + header;
    req->text_len = text_len;
    req->frame_len = header + (size_t)text_len;
    return FRAME_OK;
}

/* Version 3's option lines into set (common/option_lines.h, read as the
 * wasm module reads its options text). 0, or -1 with one line in msg. */
static int version_3_options(const worker_request *req, qrpng_option_set *set,
                             char *msg, size_t msg_size)
{
    if (req->reserved != 0) {
        snprintf(msg, msg_size, "reserved bytes 3, 6 and 7 must be 0");
        return -1;
    }
    _Static_assert(WORKER_MAX_OPTIONS <= OPTION_LINE_MAX,
                   "every line of a frame's options is read whole");
    return option_lines_read((const char *)req->options, req->options_len,
                             set, msg, msg_size);
}

/* Marks option id given in set: the frame's binary value is already in
 * set->values, for qrpng_option_set_apply to check like any other. */
static void given(qrpng_option_set *set, qrpng_option_id id)
{
    set->given |= 1u << id;
}

/* The version 2 fields (a version 1 request has them all 0) into set. */
static int version_2_options(const worker_request *req, qrpng_option_set *set,
                             char *msg, size_t msg_size)
{
    unsigned flags2 = req->flags2;
    qrpng_options *v = &set->values;
    if (flags2 & ~(unsigned)WORKER_KNOWN_FLAGS2) {
        snprintf(msg, msg_size, "unknown request flags2 0x%02x", flags2);
        return -1;
    }
    if (req->symbol & ~(unsigned)WORKER_KNOWN_SYMBOL) {
        snprintf(msg, msg_size, "unknown symbol bits 0x%02x", req->symbol);
        return -1;
    }
    if (req->reserved != 0) {
        snprintf(msg, msg_size, "reserved bytes 26..27 must be 0");
        return -1;
    }
    if (flags2 & WORKER_SET_TYPE) {
        if (req->type >= QRPNG_FORMAT_COUNT) {
            snprintf(msg, msg_size, "type %u is not 0..%d", req->type,
                     QRPNG_FORMAT_COUNT - 1);
            return -1;
        }
        v->format = (qrpng_format)req->type;
        given(set, QRPNG_OPT_TYPE);
    }
    if (flags2 & WORKER_SET_VERSION) {
        v->version = req->symversion;
        given(set, QRPNG_OPT_SYMVERSION);
    }
    if (flags2 & WORKER_SET_SYMBOL) {
        v->micro = (req->symbol & WORKER_SYMBOL_MICRO) != 0;
        v->boost_level = (req->symbol & WORKER_SYMBOL_BOOST) != 0;
        v->eight_bit = (req->symbol & WORKER_SYMBOL_8BIT) != 0;
        given(set, QRPNG_OPT_MICRO);
        given(set, QRPNG_OPT_BOOST_LEVEL);
        given(set, QRPNG_OPT_EIGHT_BIT);
    }
    if (flags2 & WORKER_SET_DPI) {
        v->dpi = req->dpi;
        given(set, QRPNG_OPT_DPI);
    }
    return 0;
}

/* Version 1 request flags and the options they give. */
static const struct {
    unsigned flag;
    qrpng_option_id option;
} version_1_fields[] = {
    { WORKER_SET_LEVEL, QRPNG_OPT_LEVEL },
    { WORKER_SET_SIZE, QRPNG_OPT_SIZE },
    { WORKER_SET_SCALE, QRPNG_OPT_SCALE },
    { WORKER_SET_MARGIN, QRPNG_OPT_MARGIN },
    { WORKER_SET_FG, QRPNG_OPT_FG },
    { WORKER_SET_BG, QRPNG_OPT_BG },
    { WORKER_SET_BG_TRANSPARENT, QRPNG_OPT_BG },
};

int worker_request_options(const worker_request *req,
                           const qrpng_options *defaults, qrpng_options *out,
                           char *msg, size_t msg_size)
{
    unsigned flags = req->flags;
    if (flags & ~(unsigned)WORKER_KNOWN_FLAGS) {
        snprintf(msg, msg_size, "unknown request flags 0x%02x", flags);
        return -1;
    }
    if ((flags & WORKER_SET_LEVEL) && req->level > QRPNG_LEVEL_H) {
        snprintf(msg, msg_size, "level %u is not 0..3 (L, M, Q, H)",
                 req->level);
        return -1;
    }
    qrpng_option_set set;
    qrpng_option_set_init(&set);
    if (req->version == 3)
        return version_3_options(req, &set, msg, msg_size) != 0 ||
               qrpng_option_set_apply(&set, defaults, out, msg, msg_size) !=
               QRPNG_OK ? -1 : 0;
    for (size_t i = 0; i < sizeof version_1_fields / sizeof *version_1_fields; i++)
        if (flags & version_1_fields[i].flag)
            given(&set, version_1_fields[i].option);
    set.values.level = (qrpng_level)req->level;
    set.values.size = req->size;
    set.values.scale = req->scale;
    set.values.margin = req->margin;
    set.values.dark = req->fg;
    set.values.light = req->bg;
    /* SET_BG gives the colour, SET_BG_TRANSPARENT transparency; both: the
     * colour, transparent (its palette entry keeps the colour). */
    set.values.light_transparent = (flags & WORKER_SET_BG_TRANSPARENT) != 0;
    if (flags & WORKER_SET_BG)
        set.given |= QRPNG_OPTION_SET_BG_COLOR;
    if (version_2_options(req, &set, msg, msg_size) != 0)
        return -1;
    return qrpng_option_set_apply(&set, defaults, out, msg, msg_size) ==
           QRPNG_OK ? 0 : -1;
}

void worker_put_response_header(unsigned char out[WORKER_RESPONSE_HEADER],
                                uint8_t version, uint8_t status, uint32_t len)
{
    out[0] = response_magic[0];
    out[1] = response_magic[1];
    out[2] = version;
    out[3] = status;
    for (int i = 0; i < 4; i++)
        out[4 + i] = (unsigned char)(len >> (8 * i));
}
