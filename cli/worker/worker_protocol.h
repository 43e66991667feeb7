/* worker_protocol.h - the frames of `qr-cli --worker`, versions 1 to 3.
 *
 * Pure functions over byte buffers (no I/O, no allocation), so that the
 * worker loop, tests and fuzz targets share one parser.
 * docs/worker-protocol.md is the specification; all integers are
 * little-endian.
 *
 * Request: a 20-byte header (version 1) or 28-byte header (version 2),
 * then text_len bytes of text.
 *   0  u8[2] magic 'Q' 'W'
 *   2  u8    version (1 or 2)
 *   3  u8    flags: which override fields below apply (WORKER_SET_*)
 *   4  u8    level 0..3 (L, M, Q, H)
 *   5  u8    margin in modules
 *   6  u16   size in pixels
 *   8  u16   scale in pixels per module
 *  10  u8[3] fg (dark) RGB
 *  13  u8[3] bg (light) RGB
 *  16  u32   text_len, 0..WORKER_MAX_TEXT
 * Version 2 only:
 *  20  u8    flags2: which fields below apply (WORKER_SET2_*)
 *  21  u8    type 0..7 (png, svg, eps, utf8, ansiutf8, ascii, utf8i,
 *              asciii: qrpng_format)
 *  22  u8    symbol version: 0 (smallest) or the minimum, 1..40 (1..4
 *              with micro)
 *  23  u8    symbol bits: 1 micro, 2 boost level, 4 8-bit (WORKER_SYMBOL_*)
 *  24  u16   dpi, 0 (no pHYs chunk) or 1..65535
 *  26  u8[2] reserved, 0
 *
 * Version 3: a 12-byte header, then options_len bytes of options, then
 * text_len bytes of text.
 *   0  u8[2] magic 'Q' 'W'
 *   2  u8    version 3
 *   3  u8    reserved, 0
 *   4  u16   options_len, 0..WORKER_MAX_OPTIONS
 *   6  u8[2] reserved, 0
 *   8  u32   text_len, 0..WORKER_MAX_TEXT
 *  12        options: lines "name=value" (or a flag's "name" alone),
 *            each ended by LF (the last one may not be), names and values
 *            as libqrpng's option table takes them
 *
 * Response: an 8-byte header, then len bytes of payload.
 *   0  u8[2] magic 'Q' 'R'
 *   2  u8    version: the request's (1 or 2; 1 for a frame too bad to
 *              have one)
 *   3  u8    status: 0 ok (payload: the file), else the exit-code class
 *              1 usage, 2 cannot be encoded, 4 internal (payload: message)
 *   4  u32   len
 */
#ifndef QRCLI_WORKER_PROTOCOL_H
#define QRCLI_WORKER_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "qrpng.h"

#define WORKER_PROTOCOL_VERSION 3u  /* the newest version understood */
#define WORKER_REQUEST_HEADER   20u /* version 1 */
#define WORKER_REQUEST_HEADER_V2 28u
#define WORKER_REQUEST_HEADER_V3 12u
#define WORKER_RESPONSE_HEADER  8u

/* Longest text a request may declare: a little above QRPNG_MAX_TEXT, so
 * that any text the library might take is a valid frame (a too long one
 * gets an ordinary "cannot be encoded" response), while a corrupt length
 * cannot make the worker wait for or buffer megabytes. */
#define WORKER_MAX_TEXT 8192u
/* Longest option text of a version 3 request: every option of the table
 * with a long value fits many times over. */
#define WORKER_MAX_OPTIONS 1024u
#define WORKER_MAX_FRAME \
    (WORKER_REQUEST_HEADER_V3 + WORKER_MAX_OPTIONS + WORKER_MAX_TEXT)
_Static_assert(WORKER_REQUEST_HEADER_V3 + WORKER_MAX_OPTIONS >=
               WORKER_REQUEST_HEADER_V2, "the longest frame is version 3's");

/* Request flags: each set bit makes one override field apply. */
enum worker_flag {
    WORKER_SET_LEVEL   = 1u << 0,
    WORKER_SET_SIZE    = 1u << 1,  /* fixed size; clears a default scale */
    WORKER_SET_SCALE   = 1u << 2,  /* pixels per module, 1..8192 */
    WORKER_SET_MARGIN  = 1u << 3,
    WORKER_SET_FG      = 1u << 4,
    WORKER_SET_BG      = 1u << 5,  /* opaque light colour */
    WORKER_SET_BG_TRANSPARENT = 1u << 6,
    WORKER_KNOWN_FLAGS = 0x7fu     /* bit 7 is reserved, must be 0 */
};

/* Version 2 flags2: each set bit makes one field apply. */
enum worker_flag2 {
    WORKER_SET_TYPE     = 1u << 0,
    WORKER_SET_VERSION  = 1u << 1,
    WORKER_SET_SYMBOL   = 1u << 2,  /* the three symbol bits all apply */
    WORKER_SET_DPI      = 1u << 3,
    WORKER_KNOWN_FLAGS2 = 0x0fu     /* bits 4..7 are reserved, must be 0 */
};

/* Version 2 symbol bits (with WORKER_SET_SYMBOL). */
enum worker_symbol_bit {
    WORKER_SYMBOL_MICRO = 1u << 0,
    WORKER_SYMBOL_BOOST = 1u << 1,
    WORKER_SYMBOL_8BIT  = 1u << 2,
    WORKER_KNOWN_SYMBOL = 0x07u
};

typedef enum frame_status {
    FRAME_OK = 0,     /* a whole request was parsed */
    FRAME_NEED_MORE,  /* valid so far; more bytes are needed */
    FRAME_BAD         /* not a request of a known version: stop reading */
} frame_status;

/* One parsed request. text points into the buffer given to the parser. */
typedef struct worker_request {
    uint8_t version;       /* 1 to 3; the response carries it back */
    uint8_t flags, level, margin;
    uint16_t size, scale;
    qrpng_rgb fg, bg;
    /* Version 2 (all zero in a version 1 request). */
    uint8_t flags2, type, symversion, symbol;
    uint16_t dpi, reserved; /* reserved: also version 3's bytes 3, 6, 7 */
    /* Version 3: the option lines (options_len bytes, in the buffer). */
    const unsigned char *options;
    size_t options_len;
    const unsigned char *text;
    size_t text_len;
    size_t frame_len;      /* header plus text: bytes to consume */
} worker_request;

/* Parses the request at the start of buf[0..len). A bad magic, version or
 * length is reported as soon as its bytes are there, without waiting for
 * the rest of the frame. On FRAME_BAD, msg holds one line saying why. */
frame_status worker_parse_request(const unsigned char *buf, size_t len,
                                  worker_request *req, char *msg,
                                  size_t msg_size);

/* The options for req: defaults with its overrides applied. Returns 0, or
 * -1 with one line in msg for an override the CLI would refuse as a usage
 * error (unknown flag or bit, reserved bytes not 0, level over 3, scale 0,
 * size and scale both set, type over 7; version 3: an unknown option name
 * or a value the table refuses). Ranges the library checks itself (size,
 * colours, symbol version) are left to it. */
int worker_request_options(const worker_request *req,
                           const qrpng_options *defaults, qrpng_options *out,
                           char *msg, size_t msg_size);

/* Writes a response header of the given protocol version for a payload
 * of len bytes to out. */
void worker_put_response_header(unsigned char out[WORKER_RESPONSE_HEADER],
                                uint8_t version, uint8_t status, uint32_t len);

#endif
