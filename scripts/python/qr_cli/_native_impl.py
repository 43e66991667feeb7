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
import warnings
from pathlib import Path
from typing import Any, Optional

from ._errors import QrCliError
from ._options import Text, check_call, shown

IMPLS = ("worker", "native")

UNAVAILABLE = ("the native extension qr_cli._native is not built: run `make python-ext` in the "
               "qr-cli checkout, or reinstall the package with a C compiler, python3-dev and "
               "pkg-config's libqrencode, libpng and zlib")


# Written by setup.py's build_ext into an installed package built without
# the extension (pip hides the build's output): why it was left out.
MISSING_NOTE = Path(__file__).with_name("_native_missing.txt")


class NativeUnavailableWarning(RuntimeWarning):
    """qr_cli was installed without its C extension qr_cli._native, so
    impl="native" raises QR_NATIVE_UNAVAILABLE; the message says why the
    build left it out (no C compiler, missing headers, or no C sources)."""


def build_note() -> Optional[str]:
    """Why the installed package was built without the extension, or None
    (built with it, or used from a checkout, where `make python-ext` builds it)."""
    try:
        return MISSING_NOTE.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _built_without(note: str) -> str:
    return (f"qr_cli was installed without its C extension qr_cli._native: {note}. "
            "impl=\"native\" is unavailable (the worker and spawn paths do not need it); "
            "reinstall once that is fixed (pip install -v shows the build)")


def warn_if_built_without() -> None:
    """At import, once: a package installed without the extension says so."""
    note = build_note()
    if note is None:
        return
    try:
        importlib.import_module("._native", __package__)
    except ImportError:
        warnings.warn(_built_without(note), NativeUnavailableWarning, stacklevel=2)


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
        note = build_note()
        message = f"{UNAVAILABLE} ({e})" if note is None else _built_without(note)
        raise QrCliError("QR_NATIVE_UNAVAILABLE", message) from e


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
