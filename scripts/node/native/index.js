'use strict';
// Loader of the libqrpng N-API addon (qrpng_addon.c, built by
// `make node-addon` into build/node/qrpng.node).
//
//   render(text, opts)     -> Promise<Buffer>   rendered on libuv's thread pool
//   renderSync(text, opts) -> Buffer
//   available()            -> boolean           whether the addon loads
//   load()                 -> the addon itself, or throws
//
// text: string, Buffer or Uint8Array; opts: { level, size, scale, margin,
// fg, bg } as in the qr-cli package (validated there first; the addon
// checks every value again). Errors carry .code and .status as in the
// package's QrCliError table; when the addon is not built, .code is
// 'QR_NATIVE_UNAVAILABLE' and the message names the build command and
// every place tried.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BUILD_COMMAND = 'make node-addon';

// $QRPNG_NODE_ADDON alone when it is set (as $QR_CLI for qr-cli: a path
// given is the only one tried, never some other build); else a copy next
// to this file (a packed package), then the checkout's build directory.
function places() {
  if (process.env.QRPNG_NODE_ADDON) return [path.resolve(process.env.QRPNG_NODE_ADDON)];
  return [path.join(__dirname, 'qrpng.node'),
    path.resolve(__dirname, '..', '..', '..', 'build', 'node', 'qrpng.node')];
}

function unavailable(message) {
  const err = new Error(message);
  err.code = 'QR_NATIVE_UNAVAILABLE';
  err.status = null;
  err.stderr = '';
  err.signal = null;
  return err;
}

// RTLD_DEEPBIND: the addon's libpng must call the system zlib it was built
// against, not the zlib that node itself exports (another deflate, so
// other PNG bytes than qr-cli's). Where the flag does not exist, or with
// QRPNG_NODE_DEEPBIND=0 (sanitizer runtimes refuse it), a plain require.
function open(file) {
  const { RTLD_NOW, RTLD_DEEPBIND } = os.constants.dlopen;
  if (RTLD_DEEPBIND === undefined || process.env.QRPNG_NODE_DEEPBIND === '0') return require(file);
  const module = { exports: {} };
  process.dlopen(module, file, RTLD_NOW | RTLD_DEEPBIND);
  return module.exports;
}

let addon = null;
let failure = null;

function load() {
  if (addon) return addon;
  if (failure) throw failure;
  const tried = [];
  for (const file of places()) {
    if (!fs.existsSync(file)) {
      tried.push(`${file} (not found)`);
      continue;
    }
    try {
      addon = open(file);
      return addon;
    } catch (err) {
      // A file that would not load (wrong architecture, no libqrencode).
      tried.push(`${file} (${String(err.message).split('\n')[0]})`);
    }
  }
  failure = unavailable('the native addon is not built; run `' + BUILD_COMMAND +
    '` in the qr-cli checkout (or set QRPNG_NODE_ADDON). Tried: ' + tried.join(', '));
  throw failure;
}

function available() {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

function render(text, opts) {
  let native;
  try {
    native = load();
  } catch (err) {
    return Promise.reject(err);
  }
  return native.render(text, opts);
}

function renderSync(text, opts) {
  return load().renderSync(text, opts);
}

module.exports = { render, renderSync, available, load, BUILD_COMMAND };
