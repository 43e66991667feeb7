'use strict';
// The QR implementations the example server can run, chosen by QR_IMPL.
// Each module exports qrPng(text, options) -> Promise<Buffer>. Adding one is
// one line here; the benchmark picks it up by name.

const path = require('node:path');

const IMPLEMENTATIONS = {
  js: './qr-js.js',           // npm `qrcode` in-process (the article's tier 0)
  spawn: './qr-cli-client.js', // one qr-cli child per request
  worker: './qr-worker-pool.js', // long-lived `qr-cli --worker` children (QR_WORKERS per process)
};

function loadImplementation(name) {
  const file = IMPLEMENTATIONS[name];
  if (!file)
    throw new Error(`unknown QR_IMPL '${name}' (known: ${Object.keys(IMPLEMENTATIONS).join(', ')})`);
  return require(path.join(__dirname, file)).qrPng;
}

module.exports = { IMPLEMENTATIONS, loadImplementation };
