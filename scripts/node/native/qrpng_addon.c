/* qrpng_addon.c - libqrpng in-process for Node: an N-API addon.
 *
 *   render(text, opts)     -> Promise<Buffer>  (rendered on libuv's pool)
 *   renderSync(text, opts) -> Buffer           (rendered on the calling thread)
 *
 * text: string (UTF-8), Buffer or Uint8Array. opts: undefined, null or an
 * object with any of level ('L'|'M'|'Q'|'H'), size, scale, margin (whole
 * numbers), fg, bg ('#rgb'|'#rrggbb', bg also 'transparent'), type ('png',
 * 'svg', 'eps', 'utf8', 'ansiutf8', 'ascii', 'utf8i', 'asciii', any case:
 * the Buffer holds that file's bytes); undefined or
 * null members take the library defaults and other members are ignored (the
 * package validates first; this re-checks every value it reads).
 *
 * Failures are Errors with .code and .status as in the host packages'
 * table: QR_INVALID_ARGUMENT (status null) for a wrong type or range,
 * QR_ENCODE (2) for a text that cannot be encoded, QR_USAGE (1) for
 * options the library refused, QR_INTERNAL (4) for out of memory. An
 * exception thrown by a getter on opts rejects the promise (or is thrown
 * by renderSync) as it is.
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
    (void)env;
    (void)hint;
    addon *a = data;
    while (a->n_idle > 0)
        qrpng_ctx_free(a->idle[--a->n_idle]);
    free(a);
}

/* An Error with .code and .status (a number, or null). NULL if even that
 * failed (then an exception is pending or the engine is out of memory). */
static napi_value make_error(napi_env env, const qrglue_error *err)
{
    napi_value code, message, status, error;
    if (napi_create_string_utf8(env, err->code, NAPI_AUTO_LENGTH, &code) != napi_ok ||
        napi_create_string_utf8(env, err->message, NAPI_AUTO_LENGTH, &message) != napi_ok ||
        napi_create_error(env, code, message, &error) != napi_ok)
        return NULL;
    if (err->status == QRGLUE_NO_STATUS)
        napi_get_null(env, &status);
    else
        napi_create_int32(env, err->status, &status);
    if (napi_set_named_property(env, error, "code", code) != napi_ok ||
        napi_set_named_property(env, error, "status", status) != napi_ok)
        return NULL;
    return error;
}

/* The text as bytes. With *owned set, *bytes is malloc'd and the caller
 * frees it; always so with copy, else only for strings. Returns 0, -1
 * with *err (wrong type, out of memory), or -2 when N-API failed. */
static int get_text(napi_env env, napi_value value, int copy,
                    unsigned char **bytes, size_t *len, int *owned,
                    qrglue_error *err)
{
    napi_valuetype type;
    bool is_typedarray = false;
    void *data = NULL;
    *owned = 0;
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
        *owned = 1;
        return 0;
    }
    /* A Buffer is a Uint8Array; other views (Uint16Array, DataView) are
     * refused, as the package refuses them. */
    CHECK(napi_is_typedarray(env, value, &is_typedarray));
    napi_typedarray_type ta_type = napi_int8_array;
    if (is_typedarray)
        CHECK(napi_get_typedarray_info(env, value, &ta_type, len, &data, NULL, NULL));
    if (!is_typedarray || ta_type != napi_uint8_array)
        return qrglue_invalid(err, "text must be a string, Buffer or Uint8Array");
    if (!copy) {
        *bytes = data;
        return 0;
    }
    *bytes = malloc(*len > 0 ? *len : 1);
    if (*bytes == NULL) {
        qrglue_no_memory(err);
        return -1;
    }
    if (*len > 0)
        memcpy(*bytes, data, *len);
    *owned = 1;
    return 0;
napi_failed:
    return -2;
}

/* opts.name, or *present = 0 when it is undefined or null (as None in
 * Python: the default). -2: N-API failed. */
static int get_member(napi_env env, napi_value opts, const char *name,
                      napi_value *value, napi_valuetype *type, int *present)
{
    if (napi_get_named_property(env, opts, name, value) != napi_ok ||
        napi_typeof(env, *value, type) != napi_ok)
        return -2;
    *present = *type != napi_undefined && *type != napi_null;
    return 0;
}

static int get_opts(napi_env env, napi_value value, qrglue_opts *opts,
                    qrglue_error *err)
{
    static const char *const counts[] = { "size", "scale", "margin" };
    static const char *const strings[] = { "level", "fg", "bg", "type" };
    napi_valuetype type;
    qrglue_opts_init(opts);
    CHECK(napi_typeof(env, value, &type));
    if (type == napi_undefined || type == napi_null)
        return 0;
    if (type != napi_object)
        return qrglue_invalid(err, "options must be an object");

    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        napi_value v;
        int present;
        double d;
        if (get_member(env, value, counts[i], &v, &type, &present) != 0)
            return -2;
        if (!present)
            continue;
        if (type != napi_number)
            return qrglue_invalid(err, "option %s must be a number", counts[i]);
        CHECK(napi_get_value_double(env, v, &d));
        /* Out-of-range but whole numbers get the range message below. */
        if (!isfinite(d) || d != floor(d))
            return qrglue_invalid(err, "option %s must be a whole number", counts[i]);
        if (d < -1.0)
            d = -1.0;
        if (d > 1e9)
            d = 1e9;
        if (qrglue_set_count(opts, counts[i], (int64_t)d, err) != 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        napi_value v;
        int present, rc;
        char buf[16];
        size_t len;
        if (get_member(env, value, strings[i], &v, &type, &present) != 0)
            return -2;
        if (!present)
            continue;
        if (type != napi_string)
            return qrglue_invalid(err, "option %s must be a string", strings[i]);
        CHECK(napi_get_value_string_utf8(env, v, buf, sizeof buf, &len));
        /* A longer value is cut at the buffer: make it invalid as such. */
        if (len >= sizeof buf - 1)
            len = sizeof buf;
        if (i == 0)
            rc = qrglue_set_level(opts, buf, len, err);
        else if (i == 3)
            rc = qrglue_set_type(opts, buf, len, err);
        else
            rc = qrglue_set_color(opts, strings[i], buf, len, err);
        if (rc != 0)
            return -1;
    }
    return qrglue_finish(opts, err);
napi_failed:
    return -2;
}

/* Throws err (renderSync). */
static void throw_error(napi_env env, const qrglue_error *err)
{
    napi_value error = make_error(env, err);
    if (error != NULL)
        napi_throw(env, error);
}

/* Rejects with err, or with the pending exception when rc is -2. */
static void reject(napi_env env, napi_deferred deferred, int rc, const qrglue_error *err)
{
    napi_value error = NULL;
    if (rc == -2) {
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (pending)
            napi_get_and_clear_last_exception(env, &error);
    } else {
        error = make_error(env, err);
    }
    if (error == NULL) {
        qrglue_error oom;
        qrglue_no_memory(&oom);
        error = make_error(env, &oom);
    }
    if (error == NULL) /* nothing left to say it with */
        napi_get_undefined(env, &error);
    napi_reject_deferred(env, deferred, error);
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
        reject(env, j->deferred, -1, &err);
    } else if (j->status != QRPNG_OK) {
        qrglue_render_error(j->status, qrpng_ctx_message(j->ctx), &err);
        reject(env, j->deferred, -1, &err);
    } else if (napi_create_buffer_copy(env, j->image.png_size, j->image.png,
                                       NULL, &buffer) != napi_ok) {
        qrglue_no_memory(&err);
        reject(env, j->deferred, -2, &err);
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
        throw_error(env, &err);
        return NULL;
    }
    j->owner = a;
    if (napi_create_promise(env, &j->deferred, &promise) != napi_ok) {
        free(j);
        return NULL;
    }
    int owned;
    rc = get_text(env, argv[0], 1, &j->text, &j->text_len, &owned, &err);
    if (rc == 0)
        rc = get_opts(env, argv[1], &j->opts, &err);
    if (rc == 0 && (j->ctx = ctx_take(a)) == NULL) {
        qrglue_no_memory(&err);
        rc = -1;
    }
    if (rc == 0 &&
        (napi_create_string_utf8(env, "qrpng.render", NAPI_AUTO_LENGTH, &name) != napi_ok ||
         napi_create_async_work(env, NULL, name, execute, complete, j, &j->work) != napi_ok ||
         napi_queue_async_work(env, j->work) != napi_ok)) {
        qrglue_no_memory(&err);
        rc = -2;
    }
    if (rc != 0) {
        reject(env, j->deferred, rc, &err);
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
    int owned = 0, rc;
    CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a));
    if (argc < 2)
        napi_get_undefined(env, &argv[1]);
    if (argc < 1)
        napi_get_undefined(env, &argv[0]);
    rc = get_text(env, argv[0], 0, &text, &text_len, &owned, &err);
    if (rc == 0)
        rc = get_opts(env, argv[1], &opts, &err);
    if (rc == 0) {
        qrpng_ctx *ctx = ctx_take(a);
        qrpng_image image;
        qrpng_status status;
        if (ctx == NULL) {
            qrglue_no_memory(&err);
            throw_error(env, &err);
        } else if ((status = qrpng_render(ctx, text, text_len, &opts.render, &image)) != QRPNG_OK) {
            qrglue_render_error(status, qrpng_ctx_message(ctx), &err);
            throw_error(env, &err);
        } else if (napi_create_buffer_copy(env, image.png_size, image.png, NULL,
                                           &result) != napi_ok) {
            result = NULL;
        }
        if (ctx != NULL)
            ctx_give_back(a, ctx);
    } else if (rc == -1) {
        throw_error(env, &err);
    }
    if (owned)
        free(text);
    return result;
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
