'use strict';
// Loader of the libqrpng N-API addon (qrpng_addon.c, built by
// `make node-addon` into build/node/qrpng.node).
//
//   render(text, opts)     -> Promise<Buffer>   rendered on libuv's thread pool
//   renderSync(text, opts) -> Buffer
//   available()            -> boolean           whether the addon loads
//   load()                 -> the addon itself (its errors QrCliErrors), or throws
//
// text: string, Buffer or Uint8Array; opts: every option of libqrpng's
// option table by the camel case of its identifier ({ level, size, scale,
// margin, fg, bg, type, symversion, micro, boostLevel, eightBit, dpi }) as
// in the qr-cli package (validated there first; the addon reads them by
// iterating the table and checks every value again). The addon reads every option first,
// then copies the text's bytes as they are at that moment. Every error is
// a QrCliError with .code and .status as in the package's table: an
// exception thrown by an option getter or Proxy trap, or a detached text
// buffer, is QR_INVALID_ARGUMENT (the exception is its .cause); when the
// addon is not built, .code is 'QR_NATIVE_UNAVAILABLE' and the message
// names the build command and every place tried.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { QrCliError, describeThrown } = require('../lib/errors.js');

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
  return new QrCliError('QR_NATIVE_UNAVAILABLE', message);
}

// The addon's errors: given to it at load (setErrorFactory), so that it
// makes QrCliErrors itself; when the caller's code threw (an option getter,
// a Proxy trap), that is the cause and its message is added to the
// addon's ("option fg could not be read: boom").
function makeError(code, message, status, cause, hasCause) {
  if (!hasCause)
    return new QrCliError(code, message, { status });
  return new QrCliError(code, `${message}: ${describeThrown(cause)}`, { status, cause });
}

// Anything else thrown on the way (an addon without setErrorFactory: plain
// Errors with .code and .status) as a QrCliError.
function asQrCliError(e) {
  if (e instanceof QrCliError)
    return e;
  if (e instanceof Error && typeof e.code === 'string' && e.code.startsWith('QR_'))
    return makeError(e.code, e.message, e.status ?? null, e.cause, Object.hasOwn(e, 'cause'));
  return new QrCliError('QR_INTERNAL', `the native addon failed: ${describeThrown(e)}`,
    { status: 4, cause: e });
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
      const opened = open(file);
      if (typeof opened.setErrorFactory === 'function')
        opened.setErrorFactory(makeError);
      addon = opened;
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

// The addon rejects with QrCliErrors (makeError) itself.
function render(text, opts) {
  try {
    return load().render(text, opts);
  } catch (err) {
    return Promise.reject(asQrCliError(err));
  }
}

function renderSync(text, opts) {
  try {
    return load().renderSync(text, opts);
  } catch (err) {
    throw asQrCliError(err);
  }
}

module.exports = { render, renderSync, available, load, asQrCliError, BUILD_COMMAND };
