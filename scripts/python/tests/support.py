"""Shared by the Python suites: the binary under test, a PNG decoder, fake
qr-cli scripts, and the example server started on a free port."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import qr_cli_client  # noqa: E402

QR_CLI = os.environ.get("QR_CLI") or qr_cli_client.DEFAULT_BINARY
SERVER = HERE.parent / "server.py"


def decode(png):
    """The raw bytes a real decoder (zbarimg) reads from a PNG."""
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "code.png"
        path.write_bytes(png)
        return subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(path)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, check=True).stdout


def fake_binary(directory, body):
    """An executable shell script standing in for qr-cli."""
    path = Path(directory) / "fake-qr-cli"
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return str(path)


def is_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


class RunningServer:
    """server.py on PORT=0; stop() sends SIGTERM to its PID and waits."""

    def __init__(self, env, start_timeout=15):
        full_env = {**os.environ, "PORT": "0", "WORKERS": "2", "QR_CLI": QR_CLI, **env}
        self.proc = subprocess.Popen([sys.executable, str(SERVER)], env=full_env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.stderr_lines = []
        self.stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.stderr_reader.start()
        line = self._first_line(start_timeout)
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            self.stderr_reader.join(5)  # all of stderr, up to its EOF
            raise RuntimeError(f"server did not start: {line!r} {self.stderr()}")
        self.url = match.group(1)

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr_lines.append(line.decode("utf-8", "replace"))

    def _first_line(self, timeout):
        result = []
        reader = threading.Thread(target=lambda: result.append(self.proc.stdout.readline()),
                                  daemon=True)
        reader.start()
        reader.join(timeout)
        return result[0].decode() if result else ""

    def stderr(self):
        return "".join(self.stderr_lines)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


def get_qr(url, text=None, timeout=30):
    """GET url/qrcode?text=...; (status, content type, body bytes)."""
    query = "" if text is None else "?text=" + urllib.parse.quote(text, safe="")
    try:
        with urllib.request.urlopen(f"{url}/qrcode{query}", timeout=timeout) as res:
            return res.status, res.headers.get("Content-Type"), res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


def wait_until(predicate, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)
    return predicate()
