'use strict';
// The QR implementations the example server can run, chosen by QR_IMPL. Each
// entry makes a qrPng(text) -> Promise<Buffer>, and `check` renders one code
// the same way at start-up (null: nothing to check). Adding one is one entry
// here; the benchmark picks it up by name.

const { createPool, spawnQrPng } = require('qr-cli');

const CHECK_TEXT = 'qr-server start-up check';

const IMPLEMENTATIONS = {
  // npm `qrcode` in-process (the article's tier 0)
  js: {
    make: () => require('./qr-js.js').qrPng,
    check: null,
  },
  // one qr-cli child per request
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
    check: async () => {
      const pool = createPool({ workers: 1 });
      try {
        return await pool.qrPng(CHECK_TEXT);
      } finally {
        await pool.close();
      }
    },
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
