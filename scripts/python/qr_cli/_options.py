"""Checks of texts, render options and settings: the one place every path
(worker pools and spawn, blocking and asyncio) validates its arguments, with
the limits qr-cli has (libqrpng's option table: lib/option_table.c, lib/qrpng.h).
Anything wrong raises QrCliError QR_INVALID_ARGUMENT before a process is
used.

Every value is read as its plain built-in value (str.lower(v), int.__index__(v),
...), so a subclass's overridden methods and comparisons never run here and
what is checked is what is sent; whatever else a caller's object raises
while it is checked becomes QR_INVALID_ARGUMENT with that exception as its
__cause__ (checking())."""
import contextlib
import math
import re
from typing import (Any, Dict, Iterator, List, Mapping, NamedTuple, Optional, Tuple, TypedDict,
                    Union)

from ._errors import QrCliError, invalid

Text = Union[str, bytes, bytearray]

MAX_TEXT = 7089        # QRPNG_MAX_TEXT: no QR code holds more bytes
MAX_IMAGE_SIZE = 8192  # QRPNG_MAX_IMAGE_SIZE: size and scale, pixels
MAX_MARGIN = 255       # QRPNG_MAX_MARGIN: modules
MAX_SYMVERSION = 40    # QR code versions 1..40
MAX_MICRO_VERSION = 4  # Micro QR versions M1..M4
MAX_DPI = 65535        # the pHYs chunk's resolution, dots per inch
LEVELS = ("L", "M", "Q", "H")
# qr-cli's output types (-t), in the worker protocol's order (codes 0..7).
TYPES = ("png", "svg", "eps", "utf8", "ansiutf8", "ascii", "utf8i", "asciii")
DEFAULT_FG = "#000000"
DEFAULT_BG = "#ffffff"
DEFAULT_TIMEOUT = 10.0


class Option(NamedTuple):
    """One row of libqrpng's option table (lib/option_table.c), as this
    package takes it: `name` is the table's identifier (the keyword here),
    `flag` qr-cli's long name (--NAME), `kind` "number" (a whole number
    low..high), "flag" (a bool: False is off, never passed to qr-cli) or
    "string"; `default` is what libqrpng uses when the option is not given
    (None: no default value of its own); `expects` is what it takes, in the
    table's words (qrpng_option_expects()), the end of every message that
    refuses a value of it: "invalid size 0: expected a whole number of
    pixels, 1 to 8192". tests/test_option_table.py compares this list with
    the table, so the two cannot drift."""
    name: str
    flag: str
    kind: str
    low: Optional[int] = None
    high: Optional[int] = None
    default: Optional[str] = None
    expects: str = ""


OPTIONS: Tuple[Option, ...] = (
    Option("level", "level", "string", default="L",
           expects="expected L, M, Q or H"),
    Option("size", "size", "number", 1, MAX_IMAGE_SIZE, default="200",
           expects="expected a whole number of pixels, 1 to 8192"),
    Option("scale", "scale", "number", 1, MAX_IMAGE_SIZE,
           expects="expected a whole number of pixels per module, 1 to 8192"),
    Option("margin", "margin", "number", 0, MAX_MARGIN, default="4",
           expects="expected a whole number of modules, 0 to 255"),
    Option("fg", "fg", "string", default=DEFAULT_FG,
           expects="expected a hex colour like #000000"),
    Option("bg", "bg", "string", default=DEFAULT_BG,
           expects="expected a hex colour like #ffffff, or transparent"),
    Option("type", "type", "string",
           expects="expected png, svg, eps, utf8, ansiutf8, ascii, utf8i or asciii"),
    Option("symversion", "symversion", "number", 1, MAX_SYMVERSION,
           expects="expected a version, 1 to 40 (1 to 4 for Micro QR)"),
    Option("micro", "micro", "flag", expects="expected true or false"),
    Option("boost_level", "boost-level", "flag", expects="expected true or false"),
    Option("eight_bit", "8bit", "flag", expects="expected true or false"),
    Option("dpi", "dpi", "number", 1, MAX_DPI,
           expects="expected dots per inch, 1 to 65535"),
)


class RenderOptions(TypedDict, total=False):
    """The render options as keyword arguments, for type checkers:
    `opts: RenderOptions = {"symversion": 10}; qr_png(text, **opts)`.
    None for any of them takes the default, as leaving it out does."""
    level: Optional[str]        # "L", "M", "Q" or "H" (any case)
    size: Optional[int]         # 1..8192 pixels
    scale: Optional[int]        # 1..8192 pixels per module
    margin: Optional[int]       # 0..255 modules
    fg: Optional[str]           # "#rgb" or "#rrggbb"
    bg: Optional[str]           # "#rgb", "#rrggbb" or "transparent"
    type: Optional[str]         # one of TYPES (any case)
    symversion: Optional[int]   # 1..40 (1..4 with micro): the smallest version
    micro: Optional[bool]       # Micro QR
    boost_level: Optional[bool]  # the highest level that fits the same version
    eight_bit: Optional[bool]   # encode every byte as 8-bit data
    dpi: Optional[int]          # 1..65535: a pHYs chunk in the PNG


OPTION_BY_NAME: Dict[str, Option] = {o.name: o for o in OPTIONS}
RENDER_OPTIONS: Tuple[str, ...] = tuple(o.name for o in OPTIONS)
# Options of one call (qr_png, spawn_qr_png): render options and these.
CALL_OPTIONS = RENDER_OPTIONS + ("timeout", "qr_cli")

_COLOUR = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

Render = Dict[str, Any]  # checked render options: name -> normalised value


def shown(value: object) -> str:
    """repr(value) for a message; an object whose repr fails is named by its type."""
    try:
        return repr(value)
    except Exception:  # the caller's __repr__: its failure is not the message
        return f"<{type(value).__name__} object>"


SHOWN_MAX = 40  # characters of a refused value a message echoes


def shown_short(value: object) -> str:
    """shown(value), cut to SHOWN_MAX characters ("..." after a cut one)."""
    text = shown(value)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "..."


def refused(name: str, value: object) -> QrCliError:
    """QR_INVALID_ARGUMENT for a bad value of render option `name`, in the
    option table's words: "invalid size 0: expected a whole number of
    pixels, 1 to 8192" (qr-cli says the same of -s/--size '0')."""
    return invalid(f"invalid {name} {shown_short(value)}: {OPTION_BY_NAME[name].expects}")


@contextlib.contextmanager
def checking() -> Iterator[None]:
    """Around the checks of a caller's arguments: an exception their own
    code raised (a dunder method, an object lying about its class) becomes
    QR_INVALID_ARGUMENT, the original kept as __cause__."""
    try:
        yield
    except QrCliError:
        raise
    except Exception as e:
        try:
            detail = f"{type(e).__name__}: {e}"
        except Exception:
            detail = type(e).__name__
        raise invalid(f"an argument could not be read ({detail})") from e


def _plain_str(value: str) -> str:
    """The str itself, never a subclass (whose methods could say anything)."""
    return str.__str__(value)


def check_text(text: object) -> bytes:
    """The bytes to encode: str as UTF-8, bytes unchanged (a copy of a
    bytearray, so later changes to it do not change what is sent)."""
    if isinstance(text, str):
        try:
            data = str.encode(text, "utf-8")
        except UnicodeEncodeError:
            raise invalid("text must be valid Unicode (it has a lone surrogate)") from None
    elif isinstance(text, (bytes, bytearray)):
        # The buffer's own bytes: bytes(x) would call a subclass's __bytes__.
        data = text if type(text) is bytes else memoryview(text).tobytes()
    else:
        raise invalid(f"text must be str or bytes, not {type(text).__name__}")
    if b"\0" in data:
        # argv cannot carry it, so no path takes it (the same answer everywhere).
        raise invalid("text must not contain NUL")
    return data


def _plain_int(value: object) -> Optional[int]:
    """A plain int of an int (even of a subclass), None of anything else (bool too)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__index__(value)
    return None


def _whole(name: str, value: object, low: int, high: int) -> int:
    """A setting's whole number (workers, ...): not a render option."""
    number = _plain_int(value)
    if number is None or not low <= number <= high:
        raise invalid(f"{name} must be a whole number {low} to {high}, "
                      f"not {shown(value if number is None else number)}")
    return number


def _colour(name: str, value: object) -> str:
    text = _plain_str(value) if isinstance(value, str) else None
    if text is None or not _COLOUR.fullmatch(text):
        raise refused(name, value if text is None else text)
    digits = text[1:].lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return "#" + digits


def check_render(options: Mapping[str, object], known: Tuple[str, ...] = RENDER_OPTIONS) -> Render:
    """Checked render options (None values dropped); other names in `known`
    are left out of the result for the caller to take."""
    render: Render = {}
    for key, value in options.items():
        name = _plain_str(key) if isinstance(key, str) else key
        if name not in known:
            raise invalid(f"unknown option {shown(name)} (known: {', '.join(known)})")
        if value is None or name not in RENDER_OPTIONS:
            continue
        text = _plain_str(value) if isinstance(value, str) else None
        if name == "type":
            if text is None or text.lower() not in TYPES:
                raise refused(name, value if text is None else text)
            render[name] = text.lower()
        elif name == "level":
            if text is None or text.upper() not in LEVELS:
                raise refused(name, value if text is None else text)
            render[name] = text.upper()
        elif OPTION_BY_NAME[name].kind == "number":
            option = OPTION_BY_NAME[name]
            assert option.low is not None and option.high is not None
            number = _plain_int(value)
            if number is None or not option.low <= number <= option.high:
                raise refused(name, value if number is None else number)
            render[name] = number
        elif OPTION_BY_NAME[name].kind == "flag":
            # bool only: 1 or "yes" as a flag is more likely a mistake. The
            # type itself (bool has no subclasses): an object claiming
            # __class__ bool is not one.
            if type(value) is not bool:
                raise refused(name, value)
            render[name] = value is True
        elif name == "bg" and text == "transparent":
            render[name] = text
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
    if merged.get("micro"):
        # Micro QR's own limits, in qrpng_check_options's words (what
        # `qr-cli -M -v 5` and `qr-cli -M -l H` say after "qr-cli: ").
        if merged.get("symversion", 1) > MAX_MICRO_VERSION:
            raise invalid(f"version must be 1..{MAX_MICRO_VERSION} for Micro QR "
                          f"(got {merged['symversion']})")
        if merged.get("level") == "H":
            raise invalid("Micro QR has levels L, M and Q, not H")
    return merged


def check_timeout(value: object) -> float:
    seconds = None
    if isinstance(value, float):
        seconds = float.__float__(value)  # a plain float, even of a subclass
    elif isinstance(value, int) and not isinstance(value, bool):
        try:
            seconds = float(int.__index__(value))
        except OverflowError:  # more seconds than a float holds
            seconds = math.inf
    if seconds is None or not math.isfinite(seconds) or seconds <= 0:
        raise invalid(f"timeout must be a positive number of seconds, not {shown(value)}")
    return seconds


def check_qr_cli(value: object) -> Optional[str]:
    if value is None:
        return None
    text = _plain_str(value) if isinstance(value, str) else None
    if text is None or text == "" or "\0" in text:
        raise invalid(f"qr_cli must be a path or a command name, "
                      f"not {shown(value if text is None else text)}")
    return text


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
    """qr-cli flags for checked render options, in the table's order:
    --NAME=VALUE, a flag that is on --NAME, a flag that is off nothing."""
    args: List[str] = []
    for option in OPTIONS:
        value = render.get(option.name)
        if value is None or value is False:
            continue
        args.append(f"--{option.flag}" if value is True else f"--{option.flag}={value}")
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
    with checking():
        data = check_text(text)
        render, timeout, qr_cli = split_call(options)
        render = merge_render({}, render)
    too_long = text_too_long(data)
    if too_long:
        raise QrCliError("QR_ENCODE", too_long, status=2)
    return data, render, timeout, qr_cli
