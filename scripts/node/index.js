'use strict';
// qr-cli for Node: QR code PNGs from the qr-cli command (README.md).
//
//   const { qrPng } = require('qr-cli');
//   const png = await qrPng('https://example.com/', { level: 'M' });
//
// qrPng is served by a shared pool of `qr-cli --worker` processes, made on
// first use; close() ends it (with no qr-cli found, the pool is the native
// addon's or, failing that, libqrpng as WebAssembly in worker threads: see
// createPool in lib/pool.js). createPool() makes a pool of one's own;
// spawnQrPng() starts one qr-cli per request. libqrpng as WebAssembly for
// browsers and Node alike is the ES module qr-cli/wasm (wasm/).

const { QrCliError } = require('./lib/errors.js');
const { createPool } = require('./lib/pool.js');
const { spawnQrPng } = require('./lib/spawn.js');

let shared = null;

function qrPng(text, options) {
  if (!shared) {
    try {
      shared = createPool();
    } catch (e) {
      return Promise.reject(e);
    }
  }
  return shared.qrPng(text, options);
}

function close() {
  const pool = shared;
  shared = null;
  return pool ? pool.close() : Promise.resolve();
}

module.exports = { qrPng, close, createPool, spawnQrPng, QrCliError };
