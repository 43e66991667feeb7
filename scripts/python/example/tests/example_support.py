"""Shared by the example-app suites: the servers started the way README.md
says (gunicorn, uvicorn, node), plain HTTP GETs and a real QR decoder."""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1]   # scripts/python/example
PYTHON_DIR = EXAMPLE.parent                     # scripts/python (the qr_cli package)
REPO = EXAMPLE.parents[2]
QR_CLI = os.environ.get("QR_CLI") or str(REPO / "build" / "qr-cli")
GUNICORN_CONF = EXAMPLE / "gunicorn.conf.py"

# The command lines of README.md beside the apps, by server name.
COMMANDS = {
    "flask": ["gunicorn", "-c", str(GUNICORN_CONF), "flask_app:app"],
    "fastapi": ["gunicorn", "-c", str(GUNICORN_CONF), "-k", "uvicorn.workers.UvicornWorker",
                "fastapi_app:app"],
    # One uvicorn process; it takes the port on its command line.
    "uvicorn": ["uvicorn", "--app-dir", str(EXAMPLE), "--host", "127.0.0.1",
                "--no-access-log", "fastapi_app:app", "--port"],
}


def server_env(extra):
    env = {**os.environ, "PORT": "0", "WORKERS": "1", "QR_CLI": QR_CLI, **extra}
    # The qr_cli package of this checkout first (an installed one also works).
    # extra's PYTHONPATH (a test's sitecustomize) next, then the caller's.
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in [str(PYTHON_DIR), extra.get("PYTHONPATH"), os.environ.get("PYTHONPATH")] if p)
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_to_exit(name, env, timeout=30):
    """Runs a server that is expected not to start: (exit status, stderr)."""
    argv = list(COMMANDS[name]) + ([str(free_port())] if name == "uvicorn" else [])
    done = subprocess.run(argv, env=server_env(env), stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=timeout, cwd=REPO)
    return done.returncode, done.stderr.decode("utf-8", "replace")


class Server:
    """A server started as a user starts it, ready once it answers HTTP;
    stop() sends SIGTERM to the process it started and waits for it."""

    def __init__(self, argv, env, port=None, start_timeout=30):
        self.port = port
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(argv, env=env, cwd=REPO, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self.log)
        try:
            self.url = self._wait_ready(start_timeout)
        except BaseException:
            self.stop()
            raise

    @classmethod
    def python(cls, name, env):
        port = free_port() if name == "uvicorn" else None
        argv = list(COMMANDS[name]) + ([str(port)] if port else [])
        return cls(argv, server_env(env), port)

    def _wait_ready(self, timeout):
        if self.port is None:  # the server prints its address (PORT=0)
            line = []
            reader = threading.Thread(target=lambda: line.append(self.proc.stdout.readline()),
                                      daemon=True)
            reader.start()
            reader.join(timeout)
            match = re.search(rb"listening on (http://127\.0\.0\.1:\d+)", line[0] if line else b"")
            if not match:
                raise RuntimeError(f"server did not start: {line!r} {self.stderr()}")
            url = match.group(1).decode()
        else:
            url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # every worker may still be booting
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.stderr()}")
            try:
                if get(url, "/qrcode", timeout=2)[0] == 400:
                    return url
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not answer in {timeout} s: {self.stderr()}")

    def stderr(self):
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


def qr_path(text):
    return "/qrcode?text=" + urllib.parse.quote(text, safe="")


def get(url, path, timeout=30):
    """(status, headers, body) of GET url+path, whatever the status."""
    try:
        with urllib.request.urlopen(url + path, timeout=timeout) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def decode(png_path):
    """The raw bytes zbarimg reads from a PNG file (b'' when none)."""
    done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", str(png_path)],
                          stdin=subprocess.DEVNULL, capture_output=True)
    return done.stdout


def decode_png(png):
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "code.png"
        path.write_bytes(png)
        return decode(path)


def fake_qr_cli(directory):
    """A qr-cli that runs the real one, except that its worker mode always
    fails and a text containing 'boom' fails: the start-up check passes,
    requests fail."""
    path = Path(directory) / "failing-qr-cli"
    path.write_text("#!/bin/sh\n"
                    "case \"$1\" in --worker) echo 'qr-cli: worker broken' >&2; exit 4;; esac\n"
                    "case \"$*\" in *boom*) echo 'qr-cli: boom' >&2; exit 4;; esac\n"
                    f"exec '{QR_CLI}' \"$@\"\n")
    path.chmod(0o755)
    return str(path)


def missing_commands(*names):
    return [n for n in names if shutil.which(n) is None]
