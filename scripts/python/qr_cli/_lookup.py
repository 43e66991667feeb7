"""Where the qr-cli binary is: find_qr_cli.

The same rule as the Node package's lib/binary.js: the qr_cli argument,
then $QR_CLI, then qr-cli on PATH, then the checkout's build/qr-cli, but
only when the package runs from a qr-cli checkout (an installed copy, in a
venv or site-packages, has no build/ of its own to look in)."""
import os
from pathlib import Path
from typing import List, Optional

from ._errors import not_found
from ._options import check_qr_cli


def checkout_root(package_dir: Path) -> Optional[Path]:
    """The root of the qr-cli checkout whose scripts/python is package_dir
    (the folder holding qr_cli/), or None: the folder must be
    <repo>/scripts/python and <repo>/lib/qrpng.h must exist."""
    if package_dir.name != "python" or package_dir.parent.name != "scripts":
        return None
    root = package_dir.parent.parent
    return root if (root / "lib" / "qrpng.h").is_file() else None


CHECKOUT_ROOT = checkout_root(Path(__file__).resolve().parent.parent)
# The checkout's build/qr-cli when running from a checkout, else None.
CHECKOUT_BINARY: Optional[Path] = None if CHECKOUT_ROOT is None else CHECKOUT_ROOT / "build" / "qr-cli"

INSTALL_HINT = ("install qr-cli on PATH (make && make install in a qr-cli checkout), "
                "or give its path in qr_cli= or $QR_CLI")


def _runnable(path: str) -> Optional[str]:
    """Why path cannot be run, or None when it can."""
    if not os.path.exists(path):
        return "not found"
    if os.path.isdir(path):
        return "a directory"
    if not os.access(path, os.X_OK):
        return "not executable"
    return None


def _place(path: str, where: str, problem: str) -> str:
    """One place tried, as the Node package writes it: `path (where)`,
    with the problem when the file is there but cannot run."""
    return f"{path} ({where})" if problem == "not found" else f"{path} ({where}: {problem})"


def _on_path(name: str, where: str, tried: List[str]) -> Optional[str]:
    """name in each folder of PATH (empty entries skipped, as Node does)."""
    for directory in os.environ.get("PATH", os.defpath).split(os.pathsep):
        if directory == "":
            continue
        path = os.path.abspath(os.path.join(directory, name))
        problem = _runnable(path)
        if problem is None:
            return path
        tried.append(_place(path, where, problem))
    return None


def _named(value: str, where: str, tried: List[str]) -> Optional[str]:
    """value as given: a path, or a command name looked up on PATH."""
    if os.sep in value:
        path = os.path.abspath(value)
        problem = _runnable(path)
        if problem is None:
            return path
        tried.append(_place(path, where, problem))
        return None
    return _on_path(value, f"{where} on PATH", tried)


def find_qr_cli(qr_cli: Optional[str] = None) -> str:
    """The qr-cli to run: qr_cli if given, else $QR_CLI if set, else qr-cli
    on PATH, else (running from a checkout) its build/qr-cli. A qr_cli or
    $QR_CLI that cannot run is an error, not a reason to look elsewhere.
    Raises QrCliError QR_NOT_FOUND whose .tried lists every place tried, in
    order, as its message does."""
    tried: List[str] = []
    given = check_qr_cli(qr_cli)
    if given is not None:
        found = _named(given, "qr_cli=", tried)
        hint = "fix the qr_cli argument"
    elif os.environ.get("QR_CLI"):
        found = _named(os.environ["QR_CLI"], "$QR_CLI", tried)
        hint = "fix or unset the QR_CLI environment variable"
    else:
        found = _on_path("qr-cli", "PATH", tried)
        hint = INSTALL_HINT
        if found is None and CHECKOUT_BINARY is not None:
            problem = _runnable(str(CHECKOUT_BINARY))
            if problem is None:
                found = str(CHECKOUT_BINARY)
            else:
                tried.append(_place(str(CHECKOUT_BINARY), "this checkout's build", problem))
                hint = f"build it (make), {INSTALL_HINT}"
    if found is None:
        raise not_found(tried, hint)
    return found
