"""Where the qr-cli binary is: find_qr_cli."""
import os
import shutil
from pathlib import Path
from typing import List, Optional

from ._errors import not_found
from ._options import check_qr_cli



def checkout_binary(module: str = __file__) -> Path:
    """The checkout's build/qr-cli, for the package used from its source
    tree (scripts/python/qr_cli/ -> build/qr-cli). Never fails, wherever
    the package is (.parent stops at the root)."""
    return Path(module).resolve().parent.parent.parent.parent / "build" / "qr-cli"


CHECKOUT_BINARY = checkout_binary()


def _runnable(path: str) -> Optional[str]:
    """Why path cannot be run, or None when it can."""
    if not os.path.exists(path):
        return "not found"
    if os.path.isdir(path):
        return "a directory"
    if not os.access(path, os.X_OK):
        return "not executable"
    return None


def _named(value: str, where: str, tried: List[str]) -> Optional[str]:
    """value as given: a path, or a command name looked up on PATH."""
    if os.sep in value:
        problem = _runnable(value)
        if problem is None:
            return os.path.abspath(value)
        tried.append(f"{where}{value} ({problem})")
        return None
    found = shutil.which(value)
    if found:
        return os.path.abspath(found)
    tried.append(f"{where}{value} (not on PATH={os.environ.get('PATH', os.defpath)})")
    return None


def find_qr_cli(qr_cli: Optional[str] = None) -> str:
    """The qr-cli to run: qr_cli if given, else $QR_CLI if set, else qr-cli
    on PATH, else the checkout's build/qr-cli. A qr_cli or $QR_CLI that
    cannot run is an error, not a reason to look elsewhere. Raises
    QrCliError QR_NOT_FOUND naming every place tried."""
    tried: List[str] = []
    given = check_qr_cli(qr_cli)
    if given is not None:
        found = _named(given, "qr_cli=", tried)
    elif os.environ.get("QR_CLI"):
        found = _named(os.environ["QR_CLI"], "$QR_CLI=", tried)
    else:
        found = _named("qr-cli", "", tried)
        if found is None:
            problem = _runnable(str(CHECKOUT_BINARY))
            if problem is None:
                found = str(CHECKOUT_BINARY)
            else:
                tried.append(f"checkout build {CHECKOUT_BINARY} ({problem})")
    if found is None:
        raise not_found(", ".join(tried))
    return found
