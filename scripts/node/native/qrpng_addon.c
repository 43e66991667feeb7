/* qrpng_addon.c - libqrpng in-process for Node: an N-API addon.
 *
 *   render(text, opts)     -> Promise<Buffer>  (rendered on libuv's pool)
 *   renderSync(text, opts) -> Buffer           (rendered on the calling thread)
 *   setErrorFactory(fn)    -> undefined        (how errors are made, below)
 *
 * text: string (UTF-8), Buffer or Uint8Array. opts: undefined, null or an
 * object with any option of libqrpng's option table by the camel case of
 * its identifier (level, size, ..., symversion, micro, boostLevel,
 * eightBit, dpi), read by iterating the table: a whole number for a
 * ranged option, a boolean for a flag (false: off), a string for the
 * others (level 'L'|'M'|'Q'|'H', fg/bg '#rgb'|'#rrggbb', bg also
 * 'transparent', type 'png', 'svg', ... any case: the Buffer holds that
 * file's bytes); undefined or null members take the library defaults and
 * other members are ignored (the package validates first; this re-checks
 * every value it reads).
 *
 * Order: every option is read and checked first (a getter or a Proxy trap
 * may run JavaScript that resizes, detaches or rewrites the text's
 * buffer), then the text's bytes are copied as they are at that moment;
 * the render only ever reads the copy. A detached buffer is refused.
 *
 * Failures have .code and .status as in the host packages' table:
 * QR_INVALID_ARGUMENT (status null) for a wrong type or range, a detached
 * text, or an option whose getter (or Proxy trap) threw (the exception is
 * the error's .cause), QR_ENCODE (2) for a text that cannot be encoded,
 * QR_USAGE (1) for options the library refused, QR_INTERNAL (4) for out of
 * memory. They are what setErrorFactory's function makes of (code,
 * message, status, cause, hasCause) (the loader makes QrCliErrors), else
 * plain Errors.
 *
 * No global state: idle qrpng contexts are kept per addon instance (per
 * Node environment, so worker_threads get their own) and are only touched
 * on the JavaScript thread; a render borrows one for its whole run. */
#define NAPI_VERSION 8
#include <node_api.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qrpng.h"
#include "qrpng_glue.h"

/* Contexts kept for reuse; more renders in flight allocate their own. */
#define IDLE_MAX 16

typedef struct addon {
    qrpng_ctx *idle[IDLE_MAX];
    size_t n_idle;
    napi_ref error_factory; /* setErrorFactory's function, or NULL */
} addon;

typedef struct job {
    addon *owner;
    napi_async_work work;
    napi_deferred deferred;
    qrpng_ctx *ctx;
    unsigned char *text;   /* own copy: JS may change its buffer meanwhile */
    size_t text_len;
    qrglue_opts opts;
    qrpng_status status;
    qrpng_image image;
} job;

/* An N-API call failed (out of memory, or an exception is pending). */
#define CHECK(call) do { if ((call) != napi_ok) goto napi_failed; } while (0)

static qrpng_ctx *ctx_take(addon *a)
{
    return a->n_idle > 0 ? a->idle[--a->n_idle] : qrpng_ctx_new();
}

static void ctx_give_back(addon *a, qrpng_ctx *ctx)
{
    if (a->n_idle < IDLE_MAX)
        a->idle[a->n_idle++] = ctx;
    else
        qrpng_ctx_free(ctx);
}

static void addon_free(napi_env env, void *data, void *hint)
{
    (void)hint;
    addon *a = data;
    while (a->n_idle > 0)
        qrpng_ctx_free(a->idle[--a->n_idle]);
    if (a->error_factory != NULL)
        napi_delete_reference(env, a->error_factory);
    free(a);
}

/* The error for err, with cause (NULL: none): what the error factory the
 * loader gave (setErrorFactory) returns for (code, message, status, cause,
 * has_cause), else an Error with .code, .status (a number, or null) and
 * .cause (not enumerable, as `new Error(message, { cause })` makes it).
 * NULL if even that failed (the engine is out of memory). */
static napi_value make_error(napi_env env, addon *a, const qrglue_error *err,
                             napi_value cause)
{
    napi_value code, message, status, error, factory, undefined, has_cause;
    if (napi_create_string_utf8(env, err->code, NAPI_AUTO_LENGTH, &code) != napi_ok ||
        napi_create_string_utf8(env, err->message, NAPI_AUTO_LENGTH, &message) != napi_ok ||
        napi_get_undefined(env, &undefined) != napi_ok ||
        napi_get_boolean(env, cause != NULL, &has_cause) != napi_ok)
        return NULL;
    if (err->status == QRGLUE_NO_STATUS)
        napi_get_null(env, &status);
    else
        napi_create_int32(env, err->status, &status);
    if (a != NULL && a->error_factory != NULL &&
        napi_get_reference_value(env, a->error_factory, &factory) == napi_ok &&
        factory != NULL) {
        napi_value args[5] = { code, message, status, cause != NULL ? cause : undefined, has_cause };
        napi_valuetype type;
        if (napi_call_function(env, undefined, factory, 5, args, &error) == napi_ok &&
            napi_typeof(env, error, &type) == napi_ok && type == napi_object)
            return error;
        /* The factory failed (it should not): a plain Error after all. */
        bool pending = false;
        napi_value ignored;
        if (napi_is_exception_pending(env, &pending) == napi_ok && pending)
            napi_get_and_clear_last_exception(env, &ignored);
    }
    if (napi_create_error(env, code, message, &error) != napi_ok ||
        napi_set_named_property(env, error, "code", code) != napi_ok ||
        napi_set_named_property(env, error, "status", status) != napi_ok)
        return NULL;
    if (cause != NULL) {
        napi_property_descriptor prop = {
            "cause", NULL, NULL, NULL, NULL, cause, napi_writable | napi_configurable, NULL
        };
        if (napi_define_properties(env, error, 1, &prop) != napi_ok)
            return NULL;
    }
    return error;
}

/* QR_INTERNAL (status 4) with message. */
static void internal_error(qrglue_error *err, const char *message)
{
    qrglue_no_memory(err);
    snprintf(err->message, sizeof err->message, "%s", message);
}

/* Whether value is a text the addon takes: a string, or a Uint8Array (a
 * Buffer is one); other views (Uint16Array, DataView) are refused, as the
 * package refuses them. Runs no JavaScript. 0, -1 with *err, -2. */
static int check_text(napi_env env, napi_value value, qrglue_error *err)
{
    napi_valuetype type;
    bool is_typedarray = false;
    napi_typedarray_type ta_type = napi_int8_array;
    size_t len;
    CHECK(napi_typeof(env, value, &type));
    if (type == napi_string)
        return 0;
    CHECK(napi_is_typedarray(env, value, &is_typedarray));
    if (is_typedarray)
        CHECK(napi_get_typedarray_info(env, value, &ta_type, &len, NULL, NULL, NULL));
    if (!is_typedarray || ta_type != napi_uint8_array)
        return qrglue_invalid(err, "text must be a string, Buffer or Uint8Array");
    return 0;
napi_failed:
    return -2;
}

/* A malloc'd copy of the text checked by check_text, in *bytes (the
 * caller frees it), as its buffer holds it now. Called after the options
 * were read: an option getter may have resized the text's ArrayBuffer,
 * detached it or rewritten a SharedArrayBuffer, so its length and address
 * are asked for here, and nothing between that and the copy runs
 * JavaScript. Returns 0, -1 with *err (detached, out of memory), -2. */
static int copy_text(napi_env env, napi_value value, unsigned char **bytes,
                     size_t *len, qrglue_error *err)
{
    napi_valuetype type;
    void *data = NULL;
    napi_value arraybuffer;
    bool detached = false;
    *bytes = NULL;
    CHECK(napi_typeof(env, value, &type));
    if (type == napi_string) {
        CHECK(napi_get_value_string_utf8(env, value, NULL, 0, len));
        char *s = malloc(*len + 1);
        if (s == NULL) {
            qrglue_no_memory(err);
            return -1;
        }
        if (napi_get_value_string_utf8(env, value, s, *len + 1, len) != napi_ok) {
            free(s);
            return -2;
        }
        *bytes = (unsigned char *)s;
        return 0;
    }
    CHECK(napi_get_typedarray_info(env, value, NULL, len, &data, &arraybuffer, NULL));
    CHECK(napi_is_detached_arraybuffer(env, arraybuffer, &detached));
    if (detached)
        return qrglue_invalid(err, "text's ArrayBuffer was detached (transferred) before it could be read");
    if (*len > 0 && data == NULL) {
        internal_error(err, "text's ArrayBuffer has no memory");
        return -1;
    }
    *bytes = malloc(*len > 0 ? *len : 1);
    if (*bytes == NULL) {
        qrglue_no_memory(err);
        return -1;
    }
    if (*len > 0)
        memcpy(*bytes, data, *len);
    return 0;
napi_failed:
    return -2;
}

/* opts.name, or *present = 0 when it is undefined or null (as None in
 * Python: the default). Reading it may run JavaScript (a getter, a Proxy
 * trap): when that throws, returns -2 with the exception pending and *err
 * saying which option, for fail() to wrap. -2 also when N-API failed. */
static int get_member(napi_env env, napi_value opts, const char *name,
                      napi_value *value, napi_valuetype *type, int *present,
                      qrglue_error *err)
{
    if (napi_get_named_property(env, opts, name, value) != napi_ok) {
        qrglue_invalid(err, "option %s could not be read", name);
        return -2;
    }
    if (napi_typeof(env, *value, type) != napi_ok)
        return -2;
    *present = *type != napi_undefined && *type != napi_null;
    return 0;
}

/* One option of the table (id) read from opts by its camel-case
 * identifier and passed to the glue setter of its kind. Returns 0 (also
 * when it is absent), -1 with *err filled, or -2 (see get_member). */
static int get_option(napi_env env, napi_value opts, qrpng_option_id id,
                      qrglue_opts *out, qrglue_error *err)
{
    char name[64];
    napi_value v;
    napi_valuetype type;
    int present;
    qrglue_camel_case(qrpng_option_info_of(id)->identifier, name, sizeof name);
    if (get_member(env, opts, name, &v, &type, &present, err) != 0)
        return -2;
    if (!present)
        return 0;
    switch (qrglue_kind_of(id)) {
    case QRGLUE_NUMBER: {
        double d;
        if (type != napi_number)
            return qrglue_invalid(err, "option %s must be a number", name);
        CHECK(napi_get_value_double(env, v, &d));
        /* Out-of-range but whole numbers get the range message below. */
        if (!isfinite(d) || d != floor(d))
            return qrglue_invalid(err, "option %s must be a whole number", name);
        if (d < -1.0)
            d = -1.0;
        if (d > 1e9)
            d = 1e9;
        return qrglue_set_number(out, id, (int64_t)d, err) != 0 ? -1 : 0;
    }
    case QRGLUE_FLAG: {
        bool on;
        if (type != napi_boolean)
            return qrglue_invalid(err, "option %s must be a boolean", name);
        CHECK(napi_get_value_bool(env, v, &on));
        return qrglue_set_flag(out, id, on, err) != 0 ? -1 : 0;
    }
    case QRGLUE_STRING: {
        char buf[16];
        size_t len;
        if (type != napi_string)
            return qrglue_invalid(err, "option %s must be a string", name);
        CHECK(napi_get_value_string_utf8(env, v, buf, sizeof buf, &len));
        /* A longer value is cut at the buffer: make it invalid as such. */
        if (len >= sizeof buf - 1)
            len = sizeof buf;
        return qrglue_set_string(out, id, buf, len, err) != 0 ? -1 : 0;
    }
    }
    return qrglue_invalid(err, "option %s has an unknown kind", name);
napi_failed:
    return -2;
}

/* Every option of libqrpng's table, in the table's order (each read
 * once), then the library's policy over them. */
static int get_opts(napi_env env, napi_value value, qrglue_opts *opts,
                    qrglue_error *err)
{
    napi_valuetype type;
    qrglue_opts_init(opts);
    CHECK(napi_typeof(env, value, &type));
    if (type == napi_undefined || type == napi_null)
        return 0;
    if (type != napi_object)
        return qrglue_invalid(err, "options must be an object");
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        int rc = get_option(env, value, (qrpng_option_id)id, opts, err);
        if (rc != 0)
            return rc;
    }
    return qrglue_finish(opts, err);
napi_failed:
    return -2;
}

/* The error to throw or reject with for rc (-1: *err; -2: N-API failed).
 * With an exception pending (an option getter or Proxy trap threw, or
 * N-API did), *err's code and message with that exception as `cause`,
 * so that every failure has a code; *err should then say what was being
 * read, else it is QR_INTERNAL. NULL when even that could not be made. */
static napi_value fail(napi_env env, addon *a, int rc, const qrglue_error *err)
{
    napi_value cause = NULL, error;
    bool pending = false;
    if (rc == -2 && napi_is_exception_pending(env, &pending) == napi_ok && pending)
        napi_get_and_clear_last_exception(env, &cause);
    error = make_error(env, a, err, cause);
    if (error == NULL) {
        qrglue_error oom;
        qrglue_no_memory(&oom);
        error = make_error(env, NULL, &oom, NULL);
    }
    if (error == NULL && cause != NULL)
        error = cause; /* nothing left to wrap it with */
    return error;
}

/* Throws the failure (renderSync). */
static void throw_error(napi_env env, addon *a, int rc, const qrglue_error *err)
{
    napi_value error = fail(env, a, rc, err);
    if (error != NULL)
        napi_throw(env, error);
}

/* Rejects with the failure (render). */
static void reject(napi_env env, addon *a, napi_deferred deferred, int rc,
                   const qrglue_error *err)
{
    napi_value error = fail(env, a, rc, err);
    if (error == NULL) /* nothing left to say it with */
        napi_get_undefined(env, &error);
    napi_reject_deferred(env, deferred, error);
}

/* The arguments, in this order: the text's kind (no JavaScript runs),
 * every option (getters and Proxy traps may run, and may change the
 * text's buffer), then a copy of the text's bytes as they are after all
 * of that. On failure (-1, -2) *err says what failed; *text is NULL. */
static int read_args(napi_env env, napi_value text_value, napi_value opts_value,
                     unsigned char **text, size_t *text_len, qrglue_opts *opts,
                     qrglue_error *err)
{
    int rc;
    *text = NULL;
    *text_len = 0;
    internal_error(err, "an N-API call failed");
    rc = check_text(env, text_value, err);
    if (rc == 0)
        rc = get_opts(env, opts_value, opts, err);
    if (rc == 0) {
        internal_error(err, "an N-API call failed");
        rc = copy_text(env, text_value, text, text_len, err);
    }
    return rc;
}

static void job_free(napi_env env, job *j)
{
    if (j->work != NULL)
        napi_delete_async_work(env, j->work);
    if (j->ctx != NULL)
        ctx_give_back(j->owner, j->ctx);
    free(j->text);
    free(j);
}

static void execute(napi_env env, void *data)
{
    (void)env; /* not to be used off the JavaScript thread */
    job *j = data;
    j->status = qrpng_render(j->ctx, j->text, j->text_len, &j->opts.render, &j->image);
}

static void complete(napi_env env, napi_status status, void *data)
{
    job *j = data;
    qrglue_error err;
    napi_value buffer;
    if (status != napi_ok) {
        qrglue_no_memory(&err);
        snprintf(err.message, sizeof err.message, "render was cancelled");
        reject(env, j->owner, j->deferred, -1, &err);
    } else if (j->status != QRPNG_OK) {
        qrglue_render_error(j->status, qrpng_ctx_message(j->ctx), &err);
        reject(env, j->owner, j->deferred, -1, &err);
    } else if (napi_create_buffer_copy(env, j->image.png_size, j->image.png,
                                       NULL, &buffer) != napi_ok) {
        qrglue_no_memory(&err);
        reject(env, j->owner, j->deferred, -2, &err);
    } else {
        napi_resolve_deferred(env, j->deferred, buffer);
    }
    job_free(env, j);
}

static napi_value render(napi_env env, napi_callback_info info)
{
    size_t argc = 2;
    napi_value argv[2], promise, name;
    addon *a;
    job *j;
    qrglue_error err;
    int rc;
    CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a));
    if (argc < 2)
        napi_get_undefined(env, &argv[1]);
    if (argc < 1)
        napi_get_undefined(env, &argv[0]);
    j = calloc(1, sizeof *j);
    if (j == NULL) {
        qrglue_no_memory(&err);
        throw_error(env, a, -1, &err);
        return NULL;
    }
    j->owner = a;
    if (napi_create_promise(env, &j->deferred, &promise) != napi_ok) {
        free(j);
        return NULL;
    }
    rc = read_args(env, argv[0], argv[1], &j->text, &j->text_len, &j->opts, &err);
    if (rc == 0 && (j->ctx = ctx_take(a)) == NULL) {
        qrglue_no_memory(&err);
        rc = -1;
    }
    if (rc == 0 &&
        (napi_create_string_utf8(env, "qrpng.render", NAPI_AUTO_LENGTH, &name) != napi_ok ||
         napi_create_async_work(env, NULL, name, execute, complete, j, &j->work) != napi_ok ||
         napi_queue_async_work(env, j->work) != napi_ok)) {
        internal_error(&err, "the render could not be queued");
        rc = -2;
    }
    if (rc != 0) {
        reject(env, j->owner, j->deferred, rc, &err);
        job_free(env, j);
    }
    return promise;
napi_failed:
    return NULL;
}

static napi_value render_sync(napi_env env, napi_callback_info info)
{
    size_t argc = 2;
    napi_value argv[2], result = NULL;
    addon *a;
    qrglue_error err;
    qrglue_opts opts;
    unsigned char *text = NULL;
    size_t text_len = 0;
    int rc;
    CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a));
    if (argc < 2)
        napi_get_undefined(env, &argv[1]);
    if (argc < 1)
        napi_get_undefined(env, &argv[0]);
    /* A copy even here: another thread may write a SharedArrayBuffer
     * while the library reads it. */
    rc = read_args(env, argv[0], argv[1], &text, &text_len, &opts, &err);
    if (rc == 0) {
        qrpng_ctx *ctx = ctx_take(a);
        qrpng_image image;
        qrpng_status status;
        if (ctx == NULL) {
            qrglue_no_memory(&err);
            rc = -1;
        } else if ((status = qrpng_render(ctx, text, text_len, &opts.render, &image)) != QRPNG_OK) {
            qrglue_render_error(status, qrpng_ctx_message(ctx), &err);
            rc = -1;
        } else if (napi_create_buffer_copy(env, image.png_size, image.png, NULL,
                                           &result) != napi_ok) {
            internal_error(&err, "no memory for the result's Buffer");
            result = NULL;
            rc = -2;
        }
        if (ctx != NULL)
            ctx_give_back(a, ctx);
    }
    if (rc != 0)
        throw_error(env, a, rc, &err);
    free(text);
    return result;
napi_failed:
    return NULL;
}

/* setErrorFactory(fn): from then on every error of this addon instance is
 * fn(code, message, status, cause, hasCause) (the loader gives one that
 * makes QrCliErrors); undefined or null goes back to plain Errors. */
static napi_value set_error_factory(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value fn;
    napi_valuetype type;
    addon *a;
    qrglue_error err;
    CHECK(napi_get_cb_info(env, info, &argc, &fn, NULL, (void **)&a));
    if (argc < 1)
        CHECK(napi_get_undefined(env, &fn));
    CHECK(napi_typeof(env, fn, &type));
    if (type != napi_function && type != napi_undefined && type != napi_null) {
        qrglue_invalid(&err, "setErrorFactory takes a function");
        throw_error(env, a, -1, &err);
        return NULL;
    }
    if (a->error_factory != NULL) {
        CHECK(napi_delete_reference(env, a->error_factory));
        a->error_factory = NULL;
    }
    if (type == napi_function)
        CHECK(napi_create_reference(env, fn, 1, &a->error_factory));
    return NULL;
napi_failed:
    return NULL;
}

#ifdef NODE_API_MODULE_GET_API_VERSION
/* NAPI_MODULE_INIT defines this one without a prototype (clang warns even
 * with the headers as system headers). */
NAPI_MODULE_EXPORT int32_t NODE_API_MODULE_GET_API_VERSION(void);
#endif

NAPI_MODULE_INIT()
{
    addon *a = calloc(1, sizeof *a);
    napi_property_descriptor props[] = {
        { "render", NULL, render, NULL, NULL, NULL, napi_enumerable, a },
        { "renderSync", NULL, render_sync, NULL, NULL, NULL, napi_enumerable, a },
        { "setErrorFactory", NULL, set_error_factory, NULL, NULL, NULL, napi_enumerable, a },
    };
    if (a == NULL) {
        napi_throw_error(env, "QR_INTERNAL", "qrpng addon: out of memory");
        return NULL;
    }
    if (napi_set_instance_data(env, a, addon_free, NULL) != napi_ok) {
        free(a);
        return NULL;
    }
    if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok)
        return NULL;
    return exports;
}
