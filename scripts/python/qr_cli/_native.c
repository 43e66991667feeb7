/* _native.c - qr_cli._native: libqrpng in-process for CPython.
 *
 *   render(text, *, level=None, size=None, scale=None, margin=None,
 *          fg=None, bg=None, type=None, symversion=None, micro=None,
 *          boost_level=None, eight_bit=None, dpi=None) -> bytes
 *
 * text: str (encoded as UTF-8) or any bytes-like object (bytes,
 * bytearray, memoryview). The options are the host package's: level
 * 'L'|'M'|'Q'|'H' (any case), size / scale / margin ints, fg / bg
 * '#rgb'|'#rrggbb' (bg also 'transparent'), type 'png' (default), 'svg',
 * 'eps', 'utf8', 'ansiutf8', 'ascii', 'utf8i' or 'asciii' (any case: the
 * result is that file's bytes), symversion / dpi ints, micro / boost_level /
 * eight_bit bools; None takes the library default. The keywords are the
 * identifiers of libqrpng's option table, read from the table (get_opts).
 * The package validates first; this re-checks every value.
 *
 * Failures raise qr_cli._native.NativeError (an Exception) with .code,
 * .status (int or None) and .message as in the host packages' table:
 * QR_INVALID_ARGUMENT (None) for a wrong type or range, QR_ENCODE (2) for
 * a text that cannot be encoded, QR_USAGE (1) for options the library
 * refused, QR_INTERNAL (4) for out of memory.
 *
 * The GIL is released while rendering, so threads render in parallel.
 * No global state: idle qrpng contexts are kept in the module's state and
 * only touched with the GIL held; a render borrows one for its whole run. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string.h>

#include "qrpng.h"
#include "qrpng_glue.h"

#define IDLE_MAX 16

typedef struct module_state {
    PyObject *error_class;   /* NativeError */
    qrpng_ctx *idle[IDLE_MAX];
    size_t n_idle;
} module_state;

static module_state *state_of(PyObject *module)
{
    return (module_state *)PyModule_GetState(module);
}

/* Sets name on obj to value and drops value; -1 on failure. */
static int set_attr(PyObject *obj, const char *name, PyObject *value)
{
    if (value == NULL)
        return -1;
    int rc = PyObject_SetAttrString(obj, name, value);
    Py_DECREF(value);
    return rc;
}

/* Raises NativeError(message) with .code, .status and .message set. */
static PyObject *raise_error(module_state *st, const qrglue_error *err)
{
    PyObject *exc = PyObject_CallFunction(st->error_class, "s", err->message);
    if (exc == NULL)
        return NULL;
    PyObject *status = err->status == QRGLUE_NO_STATUS ? Py_NewRef(Py_None)
                                                        : PyLong_FromLong(err->status);
    if (set_attr(exc, "code", PyUnicode_FromString(err->code)) == 0 &&
        set_attr(exc, "status", status) == 0 &&
        set_attr(exc, "message", PyUnicode_FromString(err->message)) == 0)
        PyErr_SetObject(st->error_class, exc);
    Py_DECREF(exc);
    return NULL;
}

static PyObject *raise_no_memory(module_state *st)
{
    qrglue_error err;
    qrglue_no_memory(&err);
    return raise_error(st, &err);
}

/* The value of a str option as UTF-8 bytes, or NULL with *err set (a
 * non-str) or with a Python exception set (*err->code NULL). */
static const char *option_string(PyObject *value, const char *name,
                                 Py_ssize_t *len, qrglue_error *err)
{
    if (!PyUnicode_Check(value)) {
        qrglue_invalid(err, "option %s must be a str", name);
        return NULL;
    }
    const char *s = PyUnicode_AsUTF8AndSize(value, len);
    if (s == NULL) { /* lone surrogates */
        PyErr_Clear();
        qrglue_invalid(err, "option %s must be valid text", name);
    }
    return s;
}

/* The row of libqrpng's option table whose identifier is key, or -1. */
static int option_of(PyObject *key)
{
    Py_ssize_t len = 0;
    const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &len) : NULL;
    if (name == NULL) {
        PyErr_Clear();
        return -1;
    }
    /* By length too: "dpi\0x" is not dpi. */
    for (int id = 0; id < QRPNG_OPTION_COUNT; id++) {
        const char *identifier = qrpng_option_info_of((qrpng_option_id)id)->identifier;
        if (strlen(identifier) == (size_t)len && memcmp(identifier, name, (size_t)len) == 0)
            return id;
    }
    return -1;
}

/* Fills opts from the keyword arguments (kwargs may be NULL), each read by
 * its row of libqrpng's option table: the row's identifier is the keyword
 * and its kind (qrglue_kind_of) says what it takes: an int for a number,
 * a bool for a flag, a str otherwise. None takes the default; a keyword
 * no row has is refused. No option's name is written here, so a new row
 * of the table is taken without a change to this file. */
static int get_opts(PyObject *kwargs, qrglue_opts *opts, qrglue_error *err)
{
    qrglue_opts_init(opts);
    PyObject *key, *v;
    Py_ssize_t pos = 0;
    while (kwargs != NULL && PyDict_Next(kwargs, &pos, &key, &v)) {
        int found = option_of(key);
        if (found < 0) {
            Py_ssize_t len = 0;
            const char *shown = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &len) : NULL;
            if (shown == NULL)
                PyErr_Clear();
            return qrglue_invalid(err, "render() got an unexpected keyword argument '%.64s'%s",
                                  shown != NULL ? shown : "?",
                                  shown != NULL && strlen(shown) != (size_t)len
                                      ? " (and more after a NUL)" : "");
        }
        if (v == Py_None)
            continue;
        qrpng_option_id id = (qrpng_option_id)found;
        const char *name = qrpng_option_info_of(id)->identifier;
        int rc;
        switch (qrglue_kind_of(id)) {
        case QRGLUE_NUMBER: {
            /* bool is an int subclass, but True as a size is a mistake. */
            if (!PyLong_Check(v) || PyBool_Check(v))
                return qrglue_invalid(err, "option %s must be an int", name);
            int overflow = 0;
            long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
            if (overflow != 0)
                n = overflow < 0 ? -1 : INT64_MAX;
            rc = qrglue_set_number(opts, id, (int64_t)n, err);
            break;
        }
        case QRGLUE_FLAG:
            /* True or False only: 1 or "yes" for a flag is likely a mistake. */
            if (!PyBool_Check(v))
                return qrglue_invalid(err, "option %s must be a bool", name);
            rc = qrglue_set_flag(opts, id, v == Py_True, err);
            break;
        default: {
            Py_ssize_t len;
            const char *s = option_string(v, name, &len, err);
            if (s == NULL)
                return -1;
            rc = qrglue_set_string(opts, id, s, (size_t)len, err);
            break;
        }
        }
        if (rc != 0)
            return -1;
    }
    return qrglue_finish(opts, err);
}

static PyObject *render(PyObject *module, PyObject *args, PyObject *kwargs)
{
    module_state *st = state_of(module);
    qrglue_opts opts;
    qrglue_error err;
    /* One positional argument, the text; the options are keywords only. */
    if (PyTuple_GET_SIZE(args) != 1) {
        qrglue_invalid(&err, "render() takes the text and keyword options (%zd positional "
                       "arguments given)", PyTuple_GET_SIZE(args));
        return raise_error(st, &err);
    }
    PyObject *text = PyTuple_GET_ITEM(args, 0);

    /* Every option first: get_opts calls no method of the caller's objects
     * (an int's or a str's value, of a subclass too, is read by C), and
     * neither does anything below, so no __index__, __str__ or __eq__ runs
     * while the text's bytes are borrowed. Python code that can still run
     * meanwhile (a __del__ from the garbage collector, another thread while
     * the GIL is released) finds the buffer held: a resize is BufferError. */
    PyObject *result = NULL;
    if (get_opts(kwargs, &opts, &err) != 0)
        return raise_error(st, &err);

    /* Then the text: a str's UTF-8 (kept by the str, which args holds) or
     * a buffer held (PyObject_GetBuffer) for the whole render and released
     * on every path below, so a bytearray cannot be resized or freed while
     * the GIL is released (a resize elsewhere gets BufferError). */
    Py_buffer view = { 0 };
    const char *bytes;
    Py_ssize_t len;
    if (PyUnicode_Check(text)) {
        bytes = PyUnicode_AsUTF8AndSize(text, &len);
        if (bytes == NULL) {
            PyErr_Clear();
            qrglue_invalid(&err, "text must be valid text (it holds a lone surrogate)");
            return raise_error(st, &err);
        }
    } else if (PyObject_CheckBuffer(text)) {
        if (PyObject_GetBuffer(text, &view, PyBUF_SIMPLE) != 0) {
            PyErr_Clear();
            qrglue_invalid(&err, "text must be str or bytes-like with contiguous bytes");
            return raise_error(st, &err);
        }
        bytes = view.buf;
        len = view.len;
    } else {
        qrglue_invalid(&err, "text must be str or bytes, not %.64s", Py_TYPE(text)->tp_name);
        return raise_error(st, &err);
    }

    qrpng_ctx *ctx = st->n_idle > 0 ? st->idle[--st->n_idle] : qrpng_ctx_new();
    if (ctx == NULL) {
        raise_no_memory(st);
        goto done;
    }
    qrpng_image image;
    qrpng_status status;
    Py_BEGIN_ALLOW_THREADS
    status = qrpng_render(ctx, bytes, (size_t)len, &opts.render, &image);
    Py_END_ALLOW_THREADS
    if (status != QRPNG_OK) {
        qrglue_render_error(status, qrpng_ctx_message(ctx), &err);
        raise_error(st, &err);
    } else {
        result = PyBytes_FromStringAndSize((const char *)image.png, (Py_ssize_t)image.png_size);
    }
    /* The module state may have been cleared meanwhile (interpreter
     * shutdown in another thread): then the context is ours to free. */
    if (st->error_class != NULL && st->n_idle < IDLE_MAX)
        st->idle[st->n_idle++] = ctx;
    else
        qrpng_ctx_free(ctx);
done:
    if (view.obj != NULL)
        PyBuffer_Release(&view);
    return result;
}

static int module_exec(PyObject *module)
{
    module_state *st = state_of(module);
    st->n_idle = 0;
    st->error_class = PyErr_NewExceptionWithDoc(
        "qr_cli._native.NativeError",
        "A render failed: .code (a host error code), .status (int or None), .message.",
        NULL, NULL);
    if (st->error_class == NULL)
        return -1;
    if (PyModule_AddObjectRef(module, "NativeError", st->error_class) != 0 ||
        PyModule_AddStringConstant(module, "LIBQRPNG_VERSION", qrpng_version()) != 0 ||
        PyModule_AddIntConstant(module, "MAX_TEXT", QRPNG_MAX_TEXT) != 0)
        return -1;
    return 0;
}

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    module_state *st = state_of(module);
    Py_VISIT(st->error_class);
    return 0;
}

static int module_clear(PyObject *module)
{
    module_state *st = state_of(module);
    Py_CLEAR(st->error_class);
    return 0;
}

static void module_free(void *module)
{
    module_state *st = state_of(module);
    module_clear(module);
    while (st->n_idle > 0)
        qrpng_ctx_free(st->idle[--st->n_idle]);
}

static PyMethodDef methods[] = {
    { "render", (PyCFunction)(void (*)(void))render, METH_VARARGS | METH_KEYWORDS,
      "render(text, **options) -> bytes\n\nA QR code of text (str as UTF-8, or bytes-like):"
      " the bytes of a PNG, or of the file of the option type. The options are keywords"
      " named by the identifiers of libqrpng's option table (None: the default)." },
    { NULL, NULL, 0, NULL }
};

static PyModuleDef_Slot slots[] = {
    { Py_mod_exec, (void *)module_exec },
    { 0, NULL }
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "qr_cli._native",
    .m_doc = "libqrpng in-process: render(text, **options) -> PNG bytes.",
    .m_size = sizeof(module_state),
    .m_methods = methods,
    .m_slots = slots,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC PyInit__native(void)
{
    return PyModuleDef_Init(&module_def);
}
