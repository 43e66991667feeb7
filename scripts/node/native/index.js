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
// addon is not built or will not load, .code is 'QR_NATIVE_UNAVAILABLE',
// .tried lists every place tried (with the dynamic loader's own words for
// a file it refused) and the message says why and names the build command.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { QrCliError, describeThrown } = require('../lib/errors.js');

const BUILD_COMMAND = 'make node-addon';

// The root of the qr-cli checkout this package runs from, or null: the
// package is <repo>/scripts/node and <repo>/lib/qrpng.h exists. The same
// rule as checkoutRoot in ../lib/binary.js, repeated here so that the
// loader needs nothing but ../lib/errors.js.
function checkoutRoot() {
  const packageDir = path.resolve(__dirname, '..');
  const scripts = path.dirname(packageDir);
  if (path.basename(packageDir) !== 'node' || path.basename(scripts) !== 'scripts')
    return null;
  const root = path.dirname(scripts);
  try {
    return fs.statSync(path.join(root, 'lib', 'qrpng.h')).isFile() ? root : null;
  } catch {
    return null;
  }
}

// $QRPNG_NODE_ADDON alone when it is set (as $QR_CLI for qr-cli: a path
// given is the only one tried, never some other build). Else, running from
// a checkout, its build (fresh from `make node-addon`) before a copy next
// to this file; an installed package has only the copy its tarball
// carries (npm pack's prepack puts it there).
function places() {
  if (process.env.QRPNG_NODE_ADDON) return [path.resolve(process.env.QRPNG_NODE_ADDON)];
  const packed = path.join(__dirname, 'qrpng.node');
  const root = checkoutRoot();
  return root === null ? [packed] : [path.join(root, 'build', 'node', 'qrpng.node'), packed];
}

// Why nothing loaded, and what to do: none of the places had a file, or a
// file was there but the dynamic loader refused it (built for another
// platform, a library it needs missing, a damaged file).
function unavailable(tried, refused) {
  const what = refused
    ? 'the native addon cannot be loaded here (built for another platform or architecture, '
      + 'or a library it links, libqrencode, libpng or zlib, is missing): rebuild it on this machine '
      + `with \`${BUILD_COMMAND}\` in a qr-cli checkout and pack again, or use the worker pool`
    : `the native addon is not built; run \`${BUILD_COMMAND}\` in a qr-cli checkout (npm pack there `
      + 'puts it in the tarball), or set QRPNG_NODE_ADDON to a built qrpng.node';
  const err = new QrCliError('QR_NATIVE_UNAVAILABLE', `${what}. Tried: ${tried.join(', ')}`);
  err.tried = tried;
  return err;
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
  let refused = false;
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
      // A file that would not load (wrong architecture, no libqrencode):
      // the loader's own words say which.
      refused = true;
      const why = String(err.message).split('\n')[0];
      tried.push(`${file} (${why.startsWith(`${file}: `) ? why.slice(file.length + 2) : why})`);
    }
  }
  failure = unavailable(tried, refused);
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
