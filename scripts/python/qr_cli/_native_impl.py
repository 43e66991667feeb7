"""impl="native": libqrpng in-process through the C extension qr_cli._native
(optional: built by `make python-ext` or by the package's setuptools build).

The options are checked here by the package's own checks (_options), the
same as for the worker and spawn paths, before any C code runs; `timeout`
and `qr_cli` are checked but do not apply in-process. The extension's
errors become QrCliError with the same code and status (the extension's
NativeError kept as __cause__); a missing extension is QR_NATIVE_UNAVAILABLE. The render releases the GIL, so
threads (and qr_png_async's executor) render in parallel."""
import asyncio
import functools
import importlib
from typing import Any

from ._errors import QrCliError
from ._options import Text, check_call, shown

IMPLS = ("worker", "native")

UNAVAILABLE = ("the native extension qr_cli._native is not built: run `make python-ext` in the "
               "qr-cli checkout, or reinstall the package with a C compiler, python3-dev and "
               "pkg-config's libqrencode, libpng and zlib")


def check_impl(impl: object) -> str:
    name = str.__str__(impl) if isinstance(impl, str) else None
    if name not in IMPLS:
        raise QrCliError("QR_INVALID_ARGUMENT",
                         f"impl must be one of {', '.join(map(repr, IMPLS))}, not {shown(impl)}")
    assert name is not None
    return name


def native_module() -> Any:
    """qr_cli._native, or QrCliError QR_NATIVE_UNAVAILABLE."""
    try:
        return importlib.import_module("._native", __package__)
    except ImportError as e:
        raise QrCliError("QR_NATIVE_UNAVAILABLE", f"{UNAVAILABLE} ({e})") from e


def native_png(text: Text, **options: Any) -> bytes:
    """PNG bytes for text rendered in this process (options as qr_png's)."""
    # timeout and qr_cli are checked but do not apply in-process.
    data, render, _timeout, _qr_cli = check_call(text, options)
    native = native_module()
    try:
        png: bytes = native.render(data, **render)
    except native.NativeError as e:
        raise QrCliError(e.code, e.message, status=e.status) from e
    except MemoryError as e:  # the result's bytes object could not be made
        raise QrCliError("QR_INTERNAL", "out of memory", status=4) from e
    return png


async def native_png_async(text: Text, **options: Any) -> bytes:
    """native_png in the running loop's default executor."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(native_png, text, **options))
