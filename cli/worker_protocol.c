/* worker_protocol.c - parsing request frames, writing response headers. */
#include "worker_protocol.h"

#include <stdio.h>
#include <string.h>

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
                 "speaks 1 and %u", buf[2], WORKER_PROTOCOL_VERSION);
        return FRAME_BAD;
    }
    size_t header = len > 2 && buf[2] == 2 ? WORKER_REQUEST_HEADER_V2
                                           : WORKER_REQUEST_HEADER;
    if (len < WORKER_REQUEST_HEADER)
        return FRAME_NEED_MORE;

    uint32_t text_len = get_u32(buf + 16);
    if (text_len > WORKER_MAX_TEXT) {
        snprintf(msg, msg_size, "bad frame: text length %lu is over the "
                 "limit of %u bytes", (unsigned long)text_len, WORKER_MAX_TEXT);
        return FRAME_BAD;
    }
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

/* The version 2 fields; a version 1 request has them all 0. */
static int apply_version_2(const worker_request *req, qrpng_options *out,
                           char *msg, size_t msg_size)
{
    unsigned flags2 = req->flags2;
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
        out->format = (qrpng_format)req->type;
    }
    if (flags2 & WORKER_SET_VERSION)
        out->version = req->symversion;
    if (flags2 & WORKER_SET_SYMBOL) {
        out->micro = (req->symbol & WORKER_SYMBOL_MICRO) != 0;
        out->boost_level = (req->symbol & WORKER_SYMBOL_BOOST) != 0;
        out->eight_bit = (req->symbol & WORKER_SYMBOL_8BIT) != 0;
    }
    if (flags2 & WORKER_SET_DPI)
        out->dpi = req->dpi;
    return 0;
}

int worker_request_options(const worker_request *req,
                           const qrpng_options *defaults, qrpng_options *out,
                           char *msg, size_t msg_size)
{
    unsigned flags = req->flags;
    *out = *defaults;
    if (flags & ~(unsigned)WORKER_KNOWN_FLAGS) {
        snprintf(msg, msg_size, "unknown request flags 0x%02x", flags);
        return -1;
    }
    if ((flags & WORKER_SET_SIZE) && (flags & WORKER_SET_SCALE)) {
        snprintf(msg, msg_size, "give size or scale, not both");
        return -1;
    }
    if (flags & WORKER_SET_LEVEL) {
        if (req->level > QRPNG_LEVEL_H) {
            snprintf(msg, msg_size, "level %u is not 0..3 (L, M, Q, H)",
                     req->level);
            return -1;
        }
        out->level = (qrpng_level)req->level;
    }
    if (flags & WORKER_SET_SIZE) {
        out->size = req->size;
        out->scale = 0;
    }
    if (flags & WORKER_SET_SCALE) {
        if (req->scale == 0) {
            snprintf(msg, msg_size, "scale must be 1..%u pixels (got 0)",
                     QRPNG_MAX_IMAGE_SIZE);
            return -1;
        }
        out->scale = req->scale;
    }
    if (flags & WORKER_SET_MARGIN)
        out->margin = req->margin;
    if (flags & WORKER_SET_FG)
        out->dark = req->fg;
    if (flags & WORKER_SET_BG) {
        out->light = req->bg;
        out->light_transparent = 0;
    }
    if (flags & WORKER_SET_BG_TRANSPARENT)
        out->light_transparent = 1;
    return apply_version_2(req, out, msg, msg_size);
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
