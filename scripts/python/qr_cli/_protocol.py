"""Frames of qr-cli's worker protocol (docs/worker-protocol.md;
cli/worker/worker_protocol.h). A request is version 1 unless it needs a
version 2 field (a type other than png, symversion, micro, boost_level,
eight_bit, dpi), so a PNG request with the version 1 options stays readable
by a qr-cli that knows only version 1, and every option of the table fits
version 2, which any qr-cli since the symbol options reads (version 3, text
options by name, is not needed yet); the worker answers in the request's
version."""
import struct
from typing import Tuple

from ._errors import QrCliError
from ._options import TYPES, Render

REQUEST_HEADER = struct.Struct("<2sBBBBHH3s3sI")
# Version 2's extra 8 bytes: flags2, type, symbol version, symbol bits, dpi,
# reserved (0).
REQUEST_V2_FIELDS = struct.Struct("<BBBBHH")
RESPONSE_HEADER = struct.Struct("<2sBBI")
VERSIONS = (1, 2)
_FLAG2_TYPE = 1
_FLAG2_SYMVERSION = 2
_FLAG2_SYMBOL_BITS = 4
_FLAG2_DPI = 8
# The symbol bits byte: sent together (flags2 bit 2) when any is given.
_SYMBOL_BITS = {"micro": 1, "boost_level": 2, "eight_bit": 4}
MAX_FRAME_TEXT = 8192
# No answer is near this (an 8192-pixel PNG of a QR code is a few MiB at
# most): a longer declared length is a broken stream, not a PNG to buffer.
MAX_PAYLOAD = 256 << 20
_FLAGS = {"level": 1, "size": 2, "scale": 4, "margin": 8, "fg": 16, "bg": 32}
_TRANSPARENT = 64
_LEVELS = {"L": 0, "M": 1, "Q": 2, "H": 3}


def _rgb(colour: str) -> bytes:
    return bytes.fromhex(colour[1:])


def encode_request(data: bytes, render: Render) -> bytes:
    """One request frame: the text bytes with checked render options."""
    flags = 0
    for name, bit in _FLAGS.items():
        if name in render and not (name == "bg" and render[name] == "transparent"):
            flags |= bit
    if render.get("bg") == "transparent":
        flags |= _TRANSPARENT
    fg = _rgb(render["fg"]) if "fg" in render else b"\0\0\0"
    bg = _rgb(render["bg"]) if flags & _FLAGS["bg"] else b"\0\0\0"
    flags2 = 0
    if render.get("type", "png") != "png":
        flags2 |= _FLAG2_TYPE
    if "symversion" in render:
        flags2 |= _FLAG2_SYMVERSION
    if any(name in render for name in _SYMBOL_BITS):
        flags2 |= _FLAG2_SYMBOL_BITS
    if "dpi" in render:
        flags2 |= _FLAG2_DPI
    bits = sum(bit for name, bit in _SYMBOL_BITS.items() if render.get(name))
    v2 = flags2 != 0
    header = REQUEST_HEADER.pack(b"QW", 2 if v2 else 1, flags,
                                 _LEVELS.get(render.get("level", "L"), 0),
                                 render.get("margin", 0), render.get("size", 0),
                                 render.get("scale", 0), fg, bg, len(data))
    if v2:
        header += REQUEST_V2_FIELDS.pack(flags2, TYPES.index(render.get("type", "png")),
                                         render.get("symversion", 0), bits,
                                         render.get("dpi", 0), 0)
    return header + data


def decode_response_header(header: bytes) -> Tuple[int, int]:
    """(status, payload length) of a response header."""
    magic, version, status, length = RESPONSE_HEADER.unpack(header)
    if magic != b"QR" or version not in VERSIONS:
        raise QrCliError("QR_PROTOCOL",
                         f"qr-cli worker sent a bad response header {header!r}")
    if length > MAX_PAYLOAD:
        raise QrCliError("QR_PROTOCOL", f"qr-cli worker announced a {length}-byte answer")
    return status, length
