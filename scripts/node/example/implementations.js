'use strict';
// The QR implementations the example server can run, chosen by QR_IMPL. Each
// entry makes a qrPng(text bytes, a Buffer) -> Promise<Buffer>, and `check` renders one code
// the same way at start-up (null: nothing to check). Adding one is one entry
// here; the benchmark picks it up by name.

const { createPool, spawnQrPng } = require('qr-cli');

const CHECK_TEXT = 'example-server start-up check';

// Renders one code with a pool of these options, then closes it.
async function checkPool(options) {
  const pool = createPool(options);
  try {
    return await pool.qrPng(CHECK_TEXT);
  } finally {
    await pool.close();
  }
}

const IMPLEMENTATIONS = {
  // npm `qrcode` in-process (the article's tier 0)
  js: {
    make: () => require('./qr-js.js').qrPng,
    check: null,
  },
  // one qr-cli child per request. Node passes argv as UTF-8 strings, so the
  // package's spawnQrPng refuses a text that is not UTF-8 (QR_INVALID_ARGUMENT,
  // a 500 here); the other implementations take any bytes.
  spawn: {
    make: () => (text) => spawnQrPng(text),
    check: () => spawnQrPng(CHECK_TEXT),
  },
  // long-lived `qr-cli --worker` children, qrWorkers per server process
  worker: {
    make: ({ qrWorkers }) => {
      const pool = createPool({ workers: qrWorkers });
      return (text) => pool.qrPng(text);
    },
    check: () => checkPool({ workers: 1 }),
  },
  // libqrpng in-process through the package's N-API addon (make node-addon)
  native: {
    make: () => {
      const pool = createPool({ impl: 'native' });
      return (text) => pool.qrPng(text);
    },
    check: () => checkPool({ impl: 'native' }),
  },
  // libqrpng as WebAssembly (the package's qrpng.wasm, make wasm) in
  // worker threads, qrWorkers per server process
  wasm: {
    make: ({ qrWorkers }) => {
      const pool = createPool({ impl: 'wasm', workers: qrWorkers });
      return (text) => pool.qrPng(text);
    },
    check: () => checkPool({ impl: 'wasm', workers: 1 }),
  },
};

function loadImplementation(name, settings) {
  return IMPLEMENTATIONS[name].make(settings);
}

// Resolves if the implementation can render; rejects with qr-cli's error.
async function checkImplementation(name) {
  const { check } = IMPLEMENTATIONS[name];
  if (check)
    await check();
}

module.exports = { IMPLEMENTATIONS, loadImplementation, checkImplementation };
