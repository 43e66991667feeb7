"""What the Flask and the FastAPI example apps share: the endpoint's rules
(GET and HEAD /qrcode?text=..., the same answers as
scripts/node/example/app.js: the contract of docs/servers.md), the
response headers, the QR implementations chosen by QR_IMPL, and the
start-up check.

QR_IMPL:
  qrcode  python-qrcode with Pillow, in-process (the usual Python way)
  segno   segno, in-process (the fastest pure-Python encoder)
  spawn   one qr-cli process per request (qr_cli.spawn_qr_png[_async])
  worker  long-lived `qr-cli --worker` children (qr_cli.qr_png[_async]),
          one pool per server process, one child per core by default
  native  libqrpng in-process (qr_cli.qr_png[_async](impl="native"), the
          C extension qr_cli._native built by `make python-ext`)
"""

import io
import os
import sys
from urllib.parse import parse_qs

MAX_TEXT_BYTES = 512
# The 400 and 500 bodies, word for word those of scripts/node/example/app.js, so
# that every example server answers alike.
MISSING_TEXT = 'missing "text" query param'
TEXT_TOO_LONG = f"text must be <= {MAX_TEXT_BYTES} bytes"
TEXT_HAS_NUL = "text must not contain NUL"
FAILED = "failed generating QR code"
NOT_FOUND = "not found"
METHOD_NOT_ALLOWED = "method not allowed"
ALLOW = "GET, HEAD"
REQUEST_LINE_TOO_LONG = "request line too long"
HEADERS_TOO_LARGE = "request headers too large"

# The limits every example server keeps (docs/servers.md): a request line of
# at most 8190 bytes (gunicorn's largest limit_request_line; a 512-byte text
# percent-encoded is 1536 bytes), else 414; at most 100 header lines of at
# most 16 KiB in all, else 431.
MAX_REQUEST_LINE = 8190
MAX_HEADER_BYTES = 16384
MAX_HEADERS = 100

# The PNG is a pure function of the URL (same text, same bytes, for ever),
# so browsers and CDNs may keep it a year and never revalidate it. Error
# answers are not cached (no-store on 500; a 400 carries no cache header).
CACHE_CONTROL = "public, max-age=31536000, immutable"

IMPLEMENTATIONS = ("qrcode", "segno", "spawn", "worker", "native")
DEFAULT_IMPL = "worker"
SIZE = 200  # px, the article's endpoint
# The endpoint's rendering: level L, 200 px; qr-cli's defaults, said here
# so that the in-process baselines and qr-cli are plainly asked the same.
RENDER = {"level": "L", "size": SIZE}

TEXT_PLAIN = "text/plain; charset=utf-8"


def text_from_query(raw_query):
    """(text bytes, None) for a good query string, else (None, 400 message).

    The raw query (bytes, or a str of latin-1 code points as WSGI gives it)
    is parsed here, the same way in both apps and as every example server
    does: application/x-www-form-urlencoded, '+' a space, and each %XX the
    byte XX (latin-1 maps code points 0-255 to bytes 0-255 both ways, so
    `%ff` is the byte 0xFF and bytes that are not UTF-8 stay what the client
    sent; a malformed escape such as `100%` stays as written). One `text`
    parameter exactly: a repeated one is missing."""
    if isinstance(raw_query, bytes):
        raw_query = raw_query.decode("latin-1")
    query = parse_qs(raw_query, keep_blank_values=True, encoding="latin-1", errors="strict")
    values = query.get("text", [])
    if len(values) != 1 or values[0] == "":
        return None, MISSING_TEXT
    text = values[0].encode("latin-1")
    if len(text) > MAX_TEXT_BYTES:
        return None, TEXT_TOO_LONG
    if b"\0" in text:
        return None, TEXT_HAS_NUL
    return text, None


def request_too_long(method, target_bytes, header_lines):
    """(414 or 431, message) when a request is over the examples' common
    limits, else None. method is a str, target_bytes the request target's
    length in bytes (path and query), header_lines every header's
    (name, value) lengths in bytes. The request line is counted as sent:
    METHOD SP TARGET SP HTTP/1.1 (no CRLF); each header line as NAME: VALUE
    CRLF."""
    line = len(method) + 1 + target_bytes + 1 + len("HTTP/1.1")
    if line > MAX_REQUEST_LINE:
        return 414, REQUEST_LINE_TOO_LONG
    if (len(header_lines) > MAX_HEADERS
            or sum(name + 2 + value + 2 for name, value in header_lines) > MAX_HEADER_BYTES):
        return 431, HEADERS_TOO_LARGE
    return None


# An answer is (status, body bytes, headers), for either framework.

def png_answer(png):
    return 200, png, {"Content-Type": "image/png", "Content-Length": str(len(png)),
                      "Cache-Control": CACHE_CONTROL, "X-Content-Type-Options": "nosniff"}


def plain_answer(status, message):
    """Every answer but the PNG: text/plain; a 405 says what is allowed."""
    body = message.encode()
    headers = {"Content-Type": TEXT_PLAIN, "Content-Length": str(len(body)),
               "X-Content-Type-Options": "nosniff"}
    if status == 405:
        headers["Allow"] = ALLOW
    if status >= 500:
        headers["Cache-Control"] = "no-store"
    return status, body, headers


def route_refusal(method, path):
    """The 404 or 405 answer for a request that is not GET/HEAD /qrcode,
    else None."""
    if path != "/qrcode":
        return plain_answer(404, NOT_FOUND)
    if method not in ("GET", "HEAD"):
        return plain_answer(405, METHOD_NOT_ALLOWED)
    return None


def failure_answer(error):
    """The 500 for any failure of the QR path; the cause goes to the log."""
    log_failure(error)
    return plain_answer(500, FAILED)


def one_line(value):
    """A message safe to print on one log line: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))


def log_failure(error):
    code = getattr(error, "code", type(error).__name__)
    print(f"example-server: {code}: {one_line(error)}", file=sys.stderr, flush=True)


# The in-process baselines, as a Python developer writes them.

def qrcode_png(text):
    """python-qrcode with Pillow. qrcode draws whole pixels per module
    (box_size, default 10) with a 4-module border, so a developer who needs
    200 x 200 draws at the default size and lets Pillow scale it to 200 px
    (nearest neighbour keeps the modules sharp), then saves a PNG."""
    import qrcode
    from PIL import Image

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    image = qr.make_image().get_image().resize((SIZE, SIZE), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def segno_png(text):
    """segno. Its own PNG writer only takes whole pixels per module (scale),
    which cannot make exactly 200 px for most versions, so the 1-pixel-per-
    module matrix goes to Pillow, is scaled to 200 px (nearest neighbour)
    and saved as a PNG: what segno's Pillow plugin does too. boost_error=False
    keeps level L (segno raises the level when it fits the same version)."""
    import segno
    from PIL import Image

    qr = segno.make(text, error="l", boost_error=False, micro=False)
    rows = list(qr.matrix_iter(scale=1, border=4))
    image = Image.new("1", (len(rows[0]), len(rows)))
    image.putdata([0 if dark else 255 for row in rows for dark in row])
    out = io.BytesIO()
    image.resize((SIZE, SIZE), Image.NEAREST).save(out, format="PNG")
    return out.getvalue()


def sync_renderer(impl):
    """text bytes -> PNG bytes, for a blocking server (Flask)."""
    if impl == "qrcode":
        return qrcode_png
    if impl == "segno":
        return segno_png
    import qr_cli
    if impl == "native":
        return lambda text: qr_cli.qr_png(text, impl="native", **RENDER)
    call = qr_cli.qr_png if impl == "worker" else qr_cli.spawn_qr_png
    return lambda text: call(text, **RENDER)


def async_renderer(impl):
    """text bytes -> awaitable PNG bytes that never blocks the event loop
    (FastAPI): the pure-Python libraries run in Starlette's thread pool, as
    FastAPI runs a plain `def` handler; qr-cli is awaited."""
    if impl in ("qrcode", "segno"):
        from starlette.concurrency import run_in_threadpool
        render = sync_renderer(impl)
        return lambda text: run_in_threadpool(render, text)
    import qr_cli
    if impl == "native":
        return lambda text: qr_cli.qr_png_async(text, impl="native", **RENDER)
    call = qr_cli.qr_png_async if impl == "worker" else qr_cli.spawn_qr_png_async
    return lambda text: call(text, **RENDER)


def fail(message):
    print(f"example-server: {one_line(message)}", file=sys.stderr, flush=True)
    sys.exit(1)


def impl_from_env():
    impl = os.environ.get("QR_IMPL") or DEFAULT_IMPL
    if impl not in IMPLEMENTATIONS:
        fail(f"unknown QR_IMPL '{impl}' (known: {', '.join(IMPLEMENTATIONS)})")
    return impl


# Set by gunicorn.conf.py once its master process has run the check, so
# that each worker does not repeat it (and a worker never exits at boot).
CHECKED_ENV = "QR_SERVER_CHECKED"


def start_up_check(impl):
    """Fail fast, with one line on stderr and exit status 1, when the chosen
    implementation cannot work: its library is missing, or qr-cli cannot
    be found or cannot render a code."""
    if os.environ.get(CHECKED_ENV) == impl:
        return
    if impl in ("qrcode", "segno"):
        try:
            sync_renderer(impl)(b"start-up check")
        except ImportError as e:
            fail(f"QR_IMPL={impl} needs python3-{impl} and python3-pil: {e}")
        return
    try:
        import qr_cli
    except ImportError as e:
        fail(f"QR_IMPL={impl} needs the qr_cli package (PYTHONPATH=scripts/python): {e}")
    if impl == "native":
        try:
            qr_cli.qr_png("start-up check", impl="native", **RENDER)
        except qr_cli.QrCliError as e:
            fail(f"QR_IMPL=native cannot render ({e.code}): {e}")
        return
    try:
        qr_cli.spawn_qr_png("start-up check", timeout=10, **RENDER)
    except qr_cli.QrCliError as e:
        fail(f"QR_IMPL={impl}: qr-cli cannot run: {e}")
