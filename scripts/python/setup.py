"""Build of qr_cli's optional C extension, qr_cli._native (libqrpng
in-process). The package metadata lives in pyproject.toml; this file only
adds the extension.

The extension compiles libqrpng from the qr-cli source tree: the
directory two levels above this file (a checkout), or the one named by
$QRPNG_SRC. It needs a C compiler, Python's headers (Debian: python3-dev)
and pkg-config with libqrencode, libpng and zlib. When any of that is
missing the extension is left out (optional=True) and the package still
installs; qr_cli then only offers the worker and spawn implementations.

    python3 setup.py build_ext --inplace     # or: make python-ext
"""
import os
import shutil
import subprocess

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = os.path.dirname(os.path.abspath(__file__))


def source_root():
    for root in (os.environ.get("QRPNG_SRC"), os.path.join(HERE, "..", "..")):
        if root and os.path.isfile(os.path.join(root, "lib", "qrpng.h")):
            return os.path.abspath(root)
    return None


def pkg_config(*args):
    if shutil.which("pkg-config") is None:
        return None
    try:
        out = subprocess.run(["pkg-config", *args, "libqrencode", "libpng", "zlib"],
                             capture_output=True, text=True, check=True).stdout
    except subprocess.CalledProcessError:
        return None
    return out.split()


def checkout_sources(root):
    """The C files the extension compiles from the checkout, besides its
    own: libqrpng (its option table and policy), what it shares with
    qr-cli (common/: exit codes) and with the Node addon (the glue)."""
    lib_dir = os.path.join(root, "lib")
    sources = [os.path.join(root, "scripts", "native", "qrpng_glue.c"),
               os.path.join(root, "common", "exit_codes.c")]
    return sources + sorted(os.path.join(lib_dir, f) for f in os.listdir(lib_dir)
                            if f.endswith(".c"))


class BuildExt(build_ext):
    """Adds the checkout's C files at build time, as absolute paths: pip's
    metadata step refuses absolute paths in Extension.sources, and
    relative ones with '..' would put the objects outside the build
    directory."""

    def build_extension(self, ext):
        ext.sources = [os.path.join(HERE, s) for s in ext.sources] + checkout_sources(source_root())
        super().build_extension(ext)


def native_extension():
    root = source_root()
    cflags, libs = pkg_config("--cflags"), pkg_config("--libs")
    if root is None or cflags is None or libs is None:
        return []
    return [Extension(
        "qr_cli._native",
        sources=["qr_cli/_native.c"],
        include_dirs=[os.path.join(root, "lib"), os.path.join(root, "common"),
                      os.path.join(root, "scripts", "native")],
        extra_compile_args=["-std=c11", "-D_POSIX_C_SOURCE=200809L", "-Wall", "-Wextra",
                            "-fvisibility=hidden", *cflags],
        extra_link_args=libs,
        optional=True,
    )]


setup(ext_modules=native_extension(), cmdclass={"build_ext": BuildExt})
