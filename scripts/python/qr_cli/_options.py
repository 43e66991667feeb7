"""Checks of texts, render options and settings: the one place every path
(worker pools and spawn, blocking and asyncio) validates its arguments, with
the limits qr-cli has (cli/args.c, cli/render_options.c, lib/qrpng.h).
Anything wrong raises QrCliError QR_INVALID_ARGUMENT before a process is
used."""
import math
import re
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from ._errors import QrCliError, invalid

Text = Union[str, bytes, bytearray]

MAX_TEXT = 7089        # QRPNG_MAX_TEXT: no QR code holds more bytes
MAX_IMAGE_SIZE = 8192  # QRPNG_MAX_IMAGE_SIZE: size and scale, pixels
MAX_MARGIN = 255       # QRPNG_MAX_MARGIN: modules
LEVELS = ("L", "M", "Q", "H")
# qr-cli's output types (-t), in the worker protocol's order (codes 0..7).
TYPES = ("png", "svg", "eps", "utf8", "ansiutf8", "ascii", "utf8i", "asciii")
DEFAULT_FG = "#000000"
DEFAULT_BG = "#ffffff"
DEFAULT_TIMEOUT = 10.0
RENDER_OPTIONS = ("type", "level", "size", "scale", "margin", "fg", "bg")
# Options of one call (qr_png, spawn_qr_png): render options and these.
CALL_OPTIONS = RENDER_OPTIONS + ("timeout", "qr_cli")

_COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

Render = Dict[str, Any]  # checked render options: name -> normalised value


def check_text(text: object) -> bytes:
    """The bytes to encode: str as UTF-8, bytes unchanged."""
    if isinstance(text, str):
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise invalid("text must be valid Unicode (it has a lone surrogate)") from None
    elif isinstance(text, (bytes, bytearray)):
        data = bytes(text)
    else:
        raise invalid(f"text must be str or bytes, not {type(text).__name__}")
    if b"\0" in data:
        # argv cannot carry it, so no path takes it (the same answer everywhere).
        raise invalid("text must not contain NUL")
    return data


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise invalid(f"{name} must be a whole number {low} to {high}, not {value!r}")
    return value


def _colour(name: str, value: object) -> str:
    if not isinstance(value, str) or not _COLOUR.fullmatch(value):
        raise invalid(f"{name} must be a colour like '#1a4d8f' or '#fff', not {value!r}")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def check_render(options: Mapping[str, object], known: Tuple[str, ...] = RENDER_OPTIONS) -> Render:
    """Checked render options (None values dropped); other names in `known`
    are left out of the result for the caller to take."""
    render: Render = {}
    for name, value in options.items():
        if name not in known:
            raise invalid(f"unknown option {name!r} (known: {', '.join(known)})")
        if value is None or name not in RENDER_OPTIONS:
            continue
        if name == "type":
            if not isinstance(value, str) or value.lower() not in TYPES:
                raise invalid(f"type must be one of {', '.join(TYPES)} (any case), not {value!r}")
            render[name] = value.lower()
        elif name == "level":
            if not isinstance(value, str) or value.upper() not in LEVELS:
                raise invalid(f"level must be one of L, M, Q, H, not {value!r}")
            render[name] = value.upper()
        elif name in ("size", "scale"):
            render[name] = _whole(name, value, 1, MAX_IMAGE_SIZE)
        elif name == "margin":
            render[name] = _whole(name, value, 0, MAX_MARGIN)
        elif name == "bg" and value == "transparent":
            render[name] = value
        else:
            render[name] = _colour(name, value)
    if "size" in render and "scale" in render:
        raise invalid("give size or scale, not both")
    return render


def merge_render(defaults: Render, overrides: Render) -> Render:
    """A call's options over a pool's defaults: a call's size replaces a
    default scale and the other way round. Refuses what qr-cli would."""
    merged = dict(defaults)
    if "size" in overrides or "scale" in overrides:
        merged.pop("size", None)
        merged.pop("scale", None)
    merged.update(overrides)
    bg = merged.get("bg", DEFAULT_BG)
    if bg != "transparent" and merged.get("fg", DEFAULT_FG) == bg:
        raise invalid(f"fg and bg are the same colour ({bg}): the code could not be read")
    return merged


def check_timeout(value: object) -> float:
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or not math.isfinite(value) or value <= 0):
        raise invalid(f"timeout must be a positive number of seconds, not {value!r}")
    return float(value)


def check_qr_cli(value: object) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str) or value == "" or "\0" in value:
        raise invalid(f"qr_cli must be a path or a command name, not {value!r}")
    return value


def check_count(name: str, value: object, low: int, high: int) -> int:
    return _whole(name, value, low, high)


def split_call(options: Mapping[str, object], known: Tuple[str, ...] = CALL_OPTIONS
               ) -> Tuple[Render, Optional[float], Optional[str]]:
    """(render options, timeout or None, qr_cli or None) of one call."""
    render = check_render(options, known)
    timeout = options.get("timeout")
    return (render, None if timeout is None else check_timeout(timeout),
            check_qr_cli(options.get("qr_cli")))


def argv(render: Render) -> List[str]:
    """qr-cli flags for checked render options."""
    args: List[str] = []
    for name in RENDER_OPTIONS:
        if name in render:
            args += ["-t" if name == "type" else f"--{name}", str(render[name])]
    return args


def text_too_long(data: bytes) -> Optional[str]:
    if len(data) > MAX_TEXT:
        return f"qr-cli: text is {len(data)} bytes, too long for any QR code (at most {MAX_TEXT})"
    return None


def check_call(text: object, options: Mapping[str, object]
               ) -> Tuple[bytes, Render, Optional[float], Optional[str]]:
    """(text bytes, render options, timeout or None, qr_cli or None) of one
    call that has no pool defaults (spawn, native), all checked; a text too
    long for any QR code is QR_ENCODE (status 2) before any process or C code."""
    data = check_text(text)
    render, timeout, qr_cli = split_call(options)
    render = merge_render({}, render)
    too_long = text_too_long(data)
    if too_long:
        raise QrCliError("QR_ENCODE", too_long, status=2)
    return data, render, timeout, qr_cli
