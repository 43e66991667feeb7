"""Shared by the Python suites: the package from this checkout, the binary
under test, a PNG decoder, fake qr-cli scripts, child processes, and the
example server started on a free port."""
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent  # scripts/python: pyproject.toml, qr_cli/, example/
sys.path.insert(0, str(PACKAGE_ROOT))

import qr_cli  # noqa: E402
from qr_cli import _lookup  # noqa: E402

QR_CLI = os.environ.get("QR_CLI") or str(_lookup.CHECKOUT_BINARY or "qr-cli")
SERVER = PACKAGE_ROOT / "example" / "server.py"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def decode(png: bytes) -> bytes:
    """The raw bytes a real decoder (zbarimg) reads from a PNG."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "code.png"
        path.write_bytes(png)
        return subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(path)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout


def png_width(png: bytes) -> int:
    return int.from_bytes(png[16:20], "big")  # IHDR width


def fake_binary(directory: str, body: str, name: str = "fake-qr-cli") -> str:
    """An executable shell script standing in for qr-cli."""
    path = Path(directory) / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def fake_worker(directory: str, answer: str, after: str = "exec cat >/dev/null") -> str:
    """A fake `qr-cli --worker`: reads a request header, writes `answer`
    (printf format), then runs `after`."""
    return fake_binary(directory, f"head -c 20 >/dev/null\nprintf '{answer}'\n{after}",
                       name="fake-worker")


SILENT_WORKER = "exec cat >/dev/null"


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def children() -> List[int]:
    """Child processes of this process (zombies too), from /proc."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat[stat.rindex(")") + 2:].split()[1]) == os.getpid():
            found.append(int(pid))
    return found


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)
    return predicate()


# Every way to get a PNG, by name: (text, options, pool settings) -> PNG.
def _sync_pool(text: Any, options: Dict[str, Any], settings: Dict[str, Any]) -> bytes:
    with qr_cli.WorkerPool(**settings) as pool:
        return pool.qr_png(text, **options)


def _async_pool(text: Any, options: Dict[str, Any], settings: Dict[str, Any]) -> bytes:
    async def main() -> bytes:
        async with qr_cli.AsyncWorkerPool(**settings) as pool:
            return await pool.qr_png(text, **options)
    return asyncio.run(main())


def _spawn(text: Any, options: Dict[str, Any], settings: Dict[str, Any]) -> bytes:
    return qr_cli.spawn_qr_png(text, **options, **settings)


def _spawn_async(text: Any, options: Dict[str, Any], settings: Dict[str, Any]) -> bytes:
    return asyncio.run(qr_cli.spawn_qr_png_async(text, **options, **settings))


POOL_PATHS = {"WorkerPool": _sync_pool, "AsyncWorkerPool": _async_pool}
SPAWN_PATHS = {"spawn_qr_png": _spawn, "spawn_qr_png_async": _spawn_async}
PATHS = {**POOL_PATHS, **SPAWN_PATHS}


class RunningServer:
    """example/server.py on PORT=0; stop() sends SIGTERM and waits."""

    def __init__(self, env: Dict[str, str], start_timeout: float = 15) -> None:
        full_env = {**os.environ, "PORT": "0", "WORKERS": "2", "QR_CLI": QR_CLI, **env}
        self.proc = subprocess.Popen([sys.executable, str(SERVER)], env=full_env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.stderr_lines: List[str] = []
        self.stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.stderr_reader.start()
        line = self._first_line(start_timeout)
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            self.stderr_reader.join(5)  # all of stderr, up to its EOF
            raise RuntimeError(f"server did not start: {line!r} {self.stderr()}")
        self.url = match.group(1)

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def _first_line(self, timeout: float) -> str:
        result: List[bytes] = []
        assert self.proc.stdout is not None
        stdout = self.proc.stdout
        reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0].decode() if result else ""

    def stderr(self) -> str:
        return "".join(self.stderr_lines)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self.stderr_reader.join(5)
        assert self.proc.stderr is not None
        self.proc.stderr.close()


def get_raw(url: str, query: str, timeout: float = 30) -> Tuple[int, Optional[str], bytes]:
    """GET url/qrcode?query (query already percent-encoded)."""
    try:
        with urllib.request.urlopen(f"{url}/qrcode{query}", timeout=timeout) as res:
            return res.status, res.headers.get("Content-Type"), res.read()
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers.get("Content-Type"), e.read()


def get_qr(url: str, text: Optional[str] = None, timeout: float = 30) -> Tuple[int, Optional[str], bytes]:
    """GET url/qrcode?text=...; (status, content type, body bytes)."""
    import urllib.parse
    query = "" if text is None else "?text=" + urllib.parse.quote(text, safe="")
    return get_raw(url, query, timeout)
