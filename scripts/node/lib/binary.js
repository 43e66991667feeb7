'use strict';
// Where qr-cli is: the qrCli option, then $QR_CLI, then `qr-cli` on PATH,
// then this checkout's build/qr-cli. A path given by the option or $QR_CLI
// is the only place tried (a wrong setting is an error, not a reason to run
// some other qr-cli); otherwise PATH and the checkout are searched in order.

const fs = require('node:fs');
const path = require('node:path');
const { QrCliError } = require('./errors.js');

// scripts/node/lib -> the repository's build/qr-cli.
const CHECKOUT_BINARY = path.resolve(__dirname, '..', '..', '..', 'build', 'qr-cli');

function runnable(file) {
  try {
    if (!fs.statSync(file).isFile())
      return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function notFound(tried, hint) {
  return new QrCliError('QR_NOT_FOUND',
    `no runnable qr-cli: tried ${tried.join(', ')}; ${hint}`);
}

// The absolute path of the qr-cli to run, or a QR_NOT_FOUND QrCliError.
function findQrCli(qrCli, env = process.env) {
  if (qrCli !== undefined) {
    const file = path.resolve(qrCli);
    if (runnable(file))
      return file;
    throw notFound([`${file} (option qrCli)`], 'fix the qrCli option');
  }
  if (env.QR_CLI) {
    const file = path.resolve(env.QR_CLI);
    if (runnable(file))
      return file;
    throw notFound([`${file} ($QR_CLI)`], 'fix or unset the QR_CLI environment variable');
  }
  const tried = [];
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (dir === '')
      continue;
    const file = path.resolve(dir, 'qr-cli');
    if (runnable(file))
      return file;
    tried.push(file);
  }
  if (runnable(CHECKOUT_BINARY))
    return CHECKOUT_BINARY;
  tried.push(CHECKOUT_BINARY);
  throw notFound(tried,
    'install qr-cli (make install), build it (make), or set QR_CLI or the qrCli option');
}

module.exports = { findQrCli, CHECKOUT_BINARY };
