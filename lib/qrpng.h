/*
 * qrpng.h - libqrpng: text bytes in, QR code bytes out: a PNG image by
 * default, or SVG, EPS or terminal text (qrpng_options.format).
 *
 * The pipeline is text -> symbol -> layout -> writer: the symbol comes from
 * libqrencode, the geometry (size, scale, margin) is computed once, and one
 * writer per format draws it; PNG through libpng and zlib.
 * The library has no global state, never prints, never exits and never
 * aborts: every failure is a qrpng_status plus a one-line message.
 * Only what this header declares is exported; everything else in the
 * library is internal (hidden, and local in libqrpng.a).
 *
 * Threads: a qrpng_ctx belongs to one thread at a time. Distinct contexts
 * may render concurrently; everything else here is pure or constant.
 *
 * Typical use:
 *
 *     qrpng_ctx *ctx = qrpng_ctx_new();
 *     qrpng_options opts = qrpng_default_options();
 *     qrpng_image img;
 *     if (ctx && qrpng_render(ctx, text, text_len, &opts, &img) == QRPNG_OK)
 *         fwrite(img.png, 1, img.png_size, out);   // img.png owned by ctx
 *     else
 *         report(ctx ? qrpng_ctx_message(ctx) : "out of memory");
 *     qrpng_ctx_free(ctx);
 */
#ifndef QRPNG_H
#define QRPNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Marks the exported functions: the library is built with
 * -fvisibility=hidden, so nothing else leaves it. */
#if defined(__GNUC__) && __GNUC__ >= 4
#define QRPNG_API __attribute__((visibility("default")))
#else
#define QRPNG_API
#endif

#define QRPNG_VERSION_MAJOR 1
#define QRPNG_VERSION_MINOR 4
#define QRPNG_VERSION_PATCH 0
#define QRPNG_VERSION_STRING "1.4.0"

/* Limits. A text longer than QRPNG_MAX_TEXT bytes never fits any QR code
 * (7089 is the digit capacity of version 40 at level L), so it is refused
 * before any work is done. Images are at most QRPNG_MAX_IMAGE_SIZE pixels
 * on a side, which bounds the memory and time of one render. */
#define QRPNG_MAX_TEXT        7089u
#define QRPNG_MAX_IMAGE_SIZE  8192u
#define QRPNG_MAX_MARGIN      255u
#define QRPNG_MIN_MODULE_PX   2u   /* smallest module a fixed size gives */
#define QRPNG_MAX_VERSION     40u  /* QR versions 1..40 */
#define QRPNG_MAX_MICRO_VERSION 4u /* Micro QR versions M1..M4 */
#define QRPNG_MAX_DPI         65535u
#define QRPNG_MAX_PADDING     1000u /* pixels of border (qrpng_options.padding) */

/* Longest message qrpng_ctx_message() returns, NUL included. */
#define QRPNG_MESSAGE_MAX 192

typedef enum qrpng_status {
    QRPNG_OK = 0,
    QRPNG_ERR_EMPTY_INPUT,    /* text_len == 0 */
    QRPNG_ERR_TOO_LONG,       /* no QR version holds the text at this level
                                 (or no Micro QR version, or none from the
                                 minimum version asked for) */
    QRPNG_ERR_INVALID_OPTION, /* an option is out of range (NULL options
                                 to qrpng_check_options too) */
    QRPNG_ERR_NO_MEMORY,      /* an allocation failed; the context stays usable */
    QRPNG_ERR_DEPENDENCY,     /* libqrencode or libpng failed for another reason */
    QRPNG_ERR_NULL_ARGUMENT   /* added in 1.3: a NULL ctx or out, or a NULL
                                 text with a length (a caller's bug; before
                                 1.3 these were QRPNG_ERR_INVALID_OPTION) */
} qrpng_status;

/* Error-correction level: the share of the symbol that may be damaged and
 * still decode: L ~7%, M ~15%, Q ~25%, H ~30%. Higher levels hold less. */
typedef enum qrpng_level {
    QRPNG_LEVEL_L = 0,
    QRPNG_LEVEL_M,
    QRPNG_LEVEL_Q,
    QRPNG_LEVEL_H
} qrpng_level;

/* Output formats. PNG is binary; every other format is text (ASCII or
 * UTF-8), so it may go to a terminal. */
typedef enum qrpng_format {
    QRPNG_FORMAT_PNG = 0,  /* 1-bit PNG, size x size pixels */
    QRPNG_FORMAT_SVG,      /* SVG: one path of horizontal runs in module
                              units, width/height in pixels as the PNG */
    QRPNG_FORMAT_EPS,      /* EPS: one point per PNG pixel */
    QRPNG_FORMAT_UTF8,     /* half blocks, two module rows per line; light
                              modules are drawn (a light-on-dark terminal) */
    QRPNG_FORMAT_ANSIUTF8, /* UTF8 with 24-bit colour escapes: the light
                              colour on the dark one, on any terminal */
    QRPNG_FORMAT_ASCII,    /* "##" per dark module, "  " per light one */
    QRPNG_FORMAT_UTF8I,    /* UTF8 inverted: dark modules are drawn */
    QRPNG_FORMAT_ASCIII    /* ASCII inverted: "##" per light module */
} qrpng_format;

#define QRPNG_FORMAT_COUNT 8

typedef struct qrpng_rgb {
    uint8_t r, g, b;
} qrpng_rgb;

typedef struct qrpng_options {
    qrpng_level level;   /* default QRPNG_LEVEL_L */

    /* Geometry. With scale == 0, the image is exactly size x size pixels:
     * each module gets the largest whole number of pixels at which the
     * symbol and its margin fit, and the pixels left over widen the quiet
     * zone (half on each side, the odd one right and bottom). If that
     * would make modules smaller than QRPNG_MIN_MODULE_PX, the image grows
     * to the smallest size with modules of that many pixels.
     * With scale > 0, every module is scale pixels and size is ignored. */
    uint32_t size;       /* default 200; 1..QRPNG_MAX_IMAGE_SIZE */
    uint32_t scale;      /* default 0; the image must stay within the max */
    uint32_t margin;     /* quiet zone in modules; default 4; 0..QRPNG_MAX_MARGIN */

    qrpng_rgb dark;      /* default black */
    qrpng_rgb light;     /* default white */
    int light_transparent; /* nonzero: light pixels are fully transparent */

    /* Added in 1.1; zero (qrpng_default_options) keeps the 1.0 output. */
    qrpng_format format; /* default QRPNG_FORMAT_PNG */

    /* Symbol. version is the smallest version to use (0: the smallest
     * that holds the text): 1..40, or 1..4 (M1..M4) with micro. */
    uint32_t version;    /* default 0 */
    int micro;           /* nonzero: Micro QR (levels L, M, Q; M1 holds
                            digits only and has no level of its own) */
    int boost_level;     /* nonzero: the highest level that keeps the
                            version the requested level needs */
    int eight_bit;       /* nonzero: byte mode only, no numeric or
                            alphanumeric segments */

    /* PNG only: pixels per inch, written as a pHYs chunk; 0: no chunk.
     * 0..QRPNG_MAX_DPI. The other formats ignore it. */
    uint32_t dpi;        /* default 0 */

    /* Added in 1.4; 0 keeps the 1.3 output. Pixels of light border
     * inside the image, outside the quiet zone, on every side: with a
     * size, the symbol and its margin are laid out in size - 2 * padding
     * pixels as above (the image stays size x size, unless modules would
     * be under QRPNG_MIN_MODULE_PX, when it grows to that plus the
     * padding); with a scale, the image is the scaled symbol plus
     * 2 * padding. PNG, SVG and EPS; the terminal text formats ignore it.
     * 0..QRPNG_MAX_PADDING. Not in the option table (yet): a front end
     * sets the field itself. */
    uint32_t padding;    /* default 0 */
} qrpng_options;

/* What a successful render produced. Geometry for every format is the
 * PNG's: SVG and EPS are width x width pixels (points for EPS) too. For the
 * terminal text formats width is in modules (quiet zone included) and
 * module_px is 1. */
typedef struct qrpng_image {
    union {                   /* the complete file in opts->format; owned
                                 by the ctx, valid until its next render
                                 or free. Text formats end with a newline
                                 and hold no NUL. */
        const unsigned char *data;
        const unsigned char *png; /* the 1.0 name */
    };
    union {
        size_t size;          /* bytes at data */
        size_t png_size;      /* the 1.0 name */
    };
    uint32_t width;           /* pixels; the image is square */
    uint32_t module_px;       /* pixels per module */
    uint32_t version;         /* QR version, 1..40 (width in modules 17+4v),
                                 or 1..4 for Micro QR (width 9+2v) */
    qrpng_level level;        /* the level used (higher with boost_level) */
    qrpng_format format;      /* opts->format */
} qrpng_image;

typedef struct qrpng_ctx qrpng_ctx;

/* The defaults above: level L, 200 px, margin 4, black on opaque white. */
QRPNG_API qrpng_options qrpng_default_options(void);

/* Checks every option on its own, as qrpng_render does first: ranges, the
 * enums, Micro QR's versions and levels, dark differing from light. The
 * geometry of a given symbol (a scale too big for it) is only known when
 * rendering. Returns QRPNG_OK, or QRPNG_ERR_INVALID_OPTION with a one-line
 * reason in msg (msg_size bytes, always NUL-terminated; msg may be NULL
 * when msg_size is 0). A NULL opts is QRPNG_ERR_INVALID_OPTION. Lets a
 * caller refuse options once, before rendering many codes with them. */
QRPNG_API qrpng_status qrpng_check_options(const qrpng_options *opts,
                                           char *msg, size_t msg_size);

/* A new context, or NULL when out of memory. It keeps its buffers between
 * renders, so reusing one context for many renders avoids reallocations. */
QRPNG_API qrpng_ctx *qrpng_ctx_new(void);

/* Frees the context and the last image it rendered. NULL is a no-op. */
QRPNG_API void qrpng_ctx_free(qrpng_ctx *ctx);

/*
 * Renders text_len bytes at text as a QR code in opts->format.
 *
 * The text is binary-safe: any bytes, NUL included; UTF-8 is kept as
 * bytes. Runs of digits or of upper-case alphanumerics are packed in the
 * denser numeric and alphanumeric modes (case is kept). A text holding a
 * NUL byte is encoded entirely in byte mode.
 *
 * opts may be NULL for the defaults. On QRPNG_OK, *out describes the file,
 * owned by ctx. On failure *out is zeroed and qrpng_ctx_message(ctx)
 * says why in one line. ctx and out must not be NULL: a NULL out (or a
 * NULL text with text_len > 0) is QRPNG_ERR_NULL_ARGUMENT with a message
 * on ctx; a NULL ctx is QRPNG_ERR_NULL_ARGUMENT and nothing else happens.
 */
QRPNG_API qrpng_status qrpng_render(qrpng_ctx *ctx, const void *text, size_t text_len,
                          const qrpng_options *opts, qrpng_image *out);

/* One line describing the last failure on ctx (no trailing newline), or ""
 * after a success. Owned by ctx; valid until its next render or free. */
QRPNG_API const char *qrpng_ctx_message(const qrpng_ctx *ctx);

/* A constant, generic description of a status. Never NULL. */
QRPNG_API const char *qrpng_strerror(qrpng_status status);

/* The most bytes a QR code holds at a level in byte mode (version 40):
 * L 2953, M 2331, Q 1663, H 1273. 0 for an invalid level. */
QRPNG_API size_t qrpng_byte_capacity(qrpng_level level);

/* "L", "M", "Q" or "H", constant; NULL for a value out of range. */
QRPNG_API const char *qrpng_level_name(qrpng_level level);

/* "png", "svg", "eps", "utf8", "ansiutf8", "ascii", "utf8i", "asciii",
 * constant; NULL for a value out of range. */
QRPNG_API const char *qrpng_format_name(qrpng_format format);

/* The file extension of a format, with its dot: ".png", ".svg", ".eps",
 * ".txt" for the text formats; NULL out of range. */
QRPNG_API const char *qrpng_format_extension(qrpng_format format);

/* Added in 1.4: the media type of a format, for an HTTP Content-Type:
 * "image/png", "image/svg+xml", "application/postscript", and
 * "text/plain; charset=utf-8" for the terminal text formats; constant;
 * NULL out of range. */
QRPNG_API const char *qrpng_format_media_type(qrpng_format format);

/* Nonzero when a format's bytes are binary (PNG): not for a terminal. */
QRPNG_API int qrpng_format_is_binary(qrpng_format format);

/*
 * Options by name. One table of the render options, read by every front
 * end: the command line (long and short names), the worker protocol's
 * text pairs, the in-process bindings (identifier: Python as it is,
 * JavaScript in camelCase) and HTTP query strings (name). A front end
 * gathers name=value text pairs into a qrpng_option_set, then applies the
 * set over its defaults, so every way in takes the same values by the
 * same rules and refuses them with the same words.
 */
typedef enum qrpng_option_id {
    QRPNG_OPT_LEVEL = 0,
    QRPNG_OPT_SIZE,
    QRPNG_OPT_SCALE,
    QRPNG_OPT_MARGIN,
    QRPNG_OPT_FG,
    QRPNG_OPT_BG,
    QRPNG_OPT_TYPE,
    QRPNG_OPT_SYMVERSION,
    QRPNG_OPT_MICRO,
    QRPNG_OPT_BOOST_LEVEL,
    QRPNG_OPT_EIGHT_BIT,
    QRPNG_OPT_DPI
} qrpng_option_id;

#define QRPNG_OPTION_COUNT 12

/* One row of the table; every string is constant. */
typedef struct qrpng_option_info {
    const char *name;          /* "size", "boost-level", "8bit": the long
                                  command-line name, query parameter and
                                  worker text key */
    const char *identifier;    /* "size", "boost_level", "eight_bit": a
                                  name in code (snake case) */
    char short_name;           /* 's' for -s, or 0 */
    const char *value_name;    /* "PIXELS", "L|M|Q|H"...; NULL for a flag,
                                  which takes no value on a command line */
    const char *default_value; /* as text ("200", "L", "#000000"), or NULL
                                  when off or unset by default */
    const char *help;          /* one line, without the range and default */
} qrpng_option_info;

/* The row of id, or NULL when id is out of range. */
QRPNG_API const qrpng_option_info *qrpng_option_info_of(qrpng_option_id id);

/* The id whose name or identifier is name (exactly), or -1. */
QRPNG_API int qrpng_option_lookup(const char *name);

/* For an option that takes a whole number (size, scale, margin,
 * symversion, dpi): 1 with its range in *min and *max; else 0. */
QRPNG_API int qrpng_option_range(qrpng_option_id id, uint32_t *min,
                                 uint32_t *max);

/* A whole number as every option takes one: decimal digits only (no
 * sign, space or suffix), in min..max. 0 with it in *value, or -1. For a
 * front end's own counts (qr-cli's -j) to read like the table's. */
QRPNG_API int qrpng_parse_count(const char *s, uint32_t min, uint32_t max,
                                uint32_t *value);

/* What option id takes, in the words qrpng_option_set_value uses for a
 * mistake ("expected a whole number of pixels, 1 to 8192"), in buf (size
 * bytes, NUL-terminated), for a front end that checks values itself (the
 * host packages) to say the same. Returns buf, or NULL for an id out of
 * range or no room. */
QRPNG_API const char *qrpng_option_expects(qrpng_option_id id, char *buf,
                                           size_t size);

/* Options given so far over defaults not yet known. Caller-owned (no
 * allocation). Text values go in through qrpng_option_set_value; a front
 * end with typed values (the worker protocol's binary frames) may set a
 * field of values and its bit in given itself, and qrpng_option_set_apply
 * checks them all the same. */
typedef struct qrpng_option_set {
    qrpng_options values;      /* the given values; the rest unread */
    uint32_t given;            /* bit 1u << id for each option given, and
                                  QRPNG_OPTION_SET_BG_COLOR */
} qrpng_option_set;

/* In qrpng_option_set.given with bg: a colour was given (values.light),
 * besides or instead of transparency (values.light_transparent). */
#define QRPNG_OPTION_SET_BG_COLOR (1u << 31)

/* Nothing given. */
QRPNG_API void qrpng_option_set_init(qrpng_option_set *set);

/* Reads the text value of option id into set; given again, the last one
 * counts. Values: a level L, M, Q or H (any case); a decimal whole number
 * in the option's range (no sign, space or suffix); a colour #RRGGBB or
 * #RGB ('#' optional); bg also "transparent"; a type by its name (any
 * case); a flag NULL or "" (given alone), 1, true, yes, on or 0, false,
 * no, off (any case). Returns QRPNG_OK, or QRPNG_ERR_INVALID_OPTION with
 * what the option expects in msg ("expected L, M, Q or H"; a front end
 * puts its own name of the option and the value before it), or
 * QRPNG_ERR_NULL_ARGUMENT for a NULL set or an id out of range. msg:
 * msg_size bytes, always NUL-terminated; NULL when msg_size is 0. */
QRPNG_API qrpng_status qrpng_option_set_value(qrpng_option_set *set,
                                              qrpng_option_id id,
                                              const char *value, char *msg,
                                              size_t msg_size);

/* *out = *defaults with the given options of set over them, then checked
 * by qrpng_check_options. The rules: a size and a scale given together
 * are refused, and so is a scale of 0; a size given clears a default
 * scale (a given scale wins over a default size); bg given as a colour
 * clears a default transparency, "transparent" keeps the default colour.
 * Returns QRPNG_OK, or QRPNG_ERR_INVALID_OPTION with one
 * line in msg (*out unchanged), or QRPNG_ERR_NULL_ARGUMENT. */
QRPNG_API qrpng_status qrpng_option_set_apply(const qrpng_option_set *set,
                                              const qrpng_options *defaults,
                                              qrpng_options *out, char *msg,
                                              size_t msg_size);

/* QRPNG_VERSION_STRING, constant. */
QRPNG_API const char *qrpng_version(void);

/* Writes "libqrencode X, libpng Y, zlib Z" (the versions linked at run
 * time) to buf, always NUL-terminated when size > 0. Returns the length
 * the full line needs, as snprintf does. */
QRPNG_API int qrpng_dependency_versions(char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* QRPNG_H */
