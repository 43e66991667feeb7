"""QrCliError: the one exception of the package, with a stable code."""
from typing import Optional, Sequence, Tuple

# code -> (qr-cli exit status or worker protocol status, or None)
CODES = {
    "QR_INVALID_ARGUMENT": None,
    "QR_USAGE": 1,
    "QR_ENCODE": 2,
    "QR_IO": 3,
    "QR_INTERNAL": 4,
    "QR_NOT_FOUND": None,
    "QR_SPAWN": None,
    "QR_TIMEOUT": None,
    "QR_SIGNAL": None,
    "QR_WORKER_DIED": None,
    "QR_PROTOCOL": None,
    "QR_POOL_BUSY": None,
    "QR_POOL_CLOSED": None,
    "QR_NATIVE_UNAVAILABLE": None,  # impl="native" without qr_cli._native
}
CODE_BY_STATUS = {status: code for code, status in CODES.items() if status is not None}


class QrCliError(Exception):
    """Every failure of qr_cli.

    code: a stable string (README, "Errors"); status: the qr-cli exit status
    or the worker's protocol status where there is one, else None; stderr:
    the one line qr-cli wrote to standard error, else ""; signal: the signal
    that killed a spawned qr-cli (QR_SIGNAL), else None; tried: for
    QR_NOT_FOUND, every place tried, in order (as in the message), else ()."""

    def __init__(self, code: str, message: str, *, status: Optional[int] = None,
                 stderr: str = "", signal: Optional[int] = None,
                 tried: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.stderr = stderr
        self.signal = signal
        self.tried: Tuple[str, ...] = tuple(tried)

    def __repr__(self) -> str:
        return f"QrCliError({self.code!r}, {self.message!r}, status={self.status!r})"


def invalid(message: str) -> QrCliError:
    return QrCliError("QR_INVALID_ARGUMENT", message)


def from_status(status: int, detail: str, stderr: str = "",
                unknown: str = "QR_INTERNAL") -> QrCliError:
    """The error for a qr-cli exit status or worker status other than 0;
    a status qr-cli does not document gets the code `unknown`."""
    code = CODE_BY_STATUS.get(status, unknown)
    return QrCliError(code, detail, status=status, stderr=stderr)


def not_found(tried: Sequence[str], hint: str) -> QrCliError:
    """QR_NOT_FOUND listing the places tried (as the Node package words it)."""
    places = ", ".join(tried) if tried else "nothing (PATH is empty)"
    return QrCliError("QR_NOT_FOUND", f"no runnable qr-cli: tried {places}; {hint}", tried=tried)


def timed_out(timeout: float) -> QrCliError:
    return QrCliError("QR_TIMEOUT", f"qr-cli gave no answer within {timeout:g} s and was killed")


def pool_closed() -> QrCliError:
    return QrCliError("QR_POOL_CLOSED", "the worker pool was closed before this request was answered")


def pool_busy(max_queue: int) -> QrCliError:
    return QrCliError("QR_POOL_BUSY",
                      f"the worker pool's queue is full ({max_queue} waiting); try again later")
