'use strict';
// Where qr-cli is: the qrCli option, then $QR_CLI, then `qr-cli` on PATH,
// then the checkout's build/qr-cli, but only when this package is running
// from a qr-cli checkout (an installed copy has no build/ of its own to look
// in). A path given by the option or $QR_CLI is the only place tried (a
// wrong setting is an error, not a reason to run some other qr-cli);
// otherwise PATH and the checkout are searched in order. Nothing found is a
// QR_NOT_FOUND QrCliError whose `tried` lists every place, in order.

const fs = require('node:fs');
const path = require('node:path');
const { QrCliError } = require('./errors.js');

// This package's folder (scripts/node in a checkout).
const PACKAGE_DIR = path.resolve(__dirname, '..');

// The root of the qr-cli checkout this package runs from, or null. The
// package must be the checkout's scripts/node itself (not a copy installed
// somewhere else, whatever lies around it) and the folder two levels up
// must hold libqrpng's header: <repo>/scripts/node and <repo>/lib/qrpng.h.
// node resolves symlinks, so a package linked in from a checkout counts.
function checkoutRoot(packageDir = PACKAGE_DIR) {
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

const CHECKOUT = checkoutRoot();
// The checkout's build/qr-cli when running from a checkout, else null.
const CHECKOUT_BINARY = CHECKOUT === null ? null : path.join(CHECKOUT, 'build', 'qr-cli');

// Why file cannot be run ('not found', 'a directory', 'not executable'),
// or null when it can.
function problem(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'not found';
  }
  if (stat.isDirectory())
    return 'a directory';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'not executable';
  }
  return stat.isFile() ? null : 'not a file';
}

// One place tried, as the Python package writes it: `<path> (<where>)`,
// with the problem when the file is there but cannot run.
function place(file, where, why) {
  return why === 'not found' ? `${file} (${where})` : `${file} (${where}: ${why})`;
}

// tried: the places, each as place() writes it.
function notFound(tried, hint) {
  const err = new QrCliError('QR_NOT_FOUND', `no runnable qr-cli: tried ${tried.length ? tried.join(', ') : 'nothing (PATH is empty)'}; ${hint}`);
  err.tried = tried;
  return err;
}

const INSTALL_HINT = 'install qr-cli on PATH (make && make install in a qr-cli checkout), '
  + 'or give its path in the qrCli option or $QR_CLI';

// The absolute path of the qr-cli to run, or a QR_NOT_FOUND QrCliError.
// checkoutBinary: for the tests (null: not running from a checkout).
function findQrCli(qrCli, env = process.env, checkoutBinary = CHECKOUT_BINARY) {
  if (qrCli !== undefined) {
    const file = path.resolve(qrCli);
    const why = problem(file);
    if (why === null)
      return file;
    throw notFound([place(file, 'option qrCli', why)], 'fix the qrCli option');
  }
  if (env.QR_CLI) {
    const file = path.resolve(env.QR_CLI);
    const why = problem(file);
    if (why === null)
      return file;
    throw notFound([place(file, '$QR_CLI', why)], 'fix or unset the QR_CLI environment variable');
  }
  const tried = [];
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (dir === '')
      continue;
    const file = path.resolve(dir, 'qr-cli');
    const why = problem(file);
    if (why === null)
      return file;
    tried.push(place(file, 'PATH', why));
  }
  if (checkoutBinary !== null) {
    const why = problem(checkoutBinary);
    if (why === null)
      return checkoutBinary;
    tried.push(place(checkoutBinary, 'this checkout\'s build', why));
    throw notFound(tried, `build it (make), ${INSTALL_HINT}`);
  }
  throw notFound(tried, INSTALL_HINT);
}

module.exports = { findQrCli, checkoutRoot, CHECKOUT, CHECKOUT_BINARY };
