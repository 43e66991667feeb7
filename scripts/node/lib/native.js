'use strict';
// createPool({ impl: 'native' }): libqrpng in-process through the N-API
// addon (../native/index.js loads it; `make node-addon` builds it). Each
// render runs on libuv's thread pool, off the event loop. The options are
// the worker pool's, checked by options.js the same way; timeoutMs, qrCli,
// workers and maxInFlight are checked but do not apply in-process. maxQueue
// bounds the renders pending at once (beyond it QR_POOL_BUSY at once).
// Errors are QrCliErrors with the same codes and statuses; an addon that is
// not built is QR_NATIVE_UNAVAILABLE, thrown by createPool.

const { QrCliError } = require('./errors.js');
const { POOL_SETTINGS, CALL_SETTINGS, parseOptions, mergeRender, textBytes } = require('./options.js');
const { DEFAULT_MAX_QUEUE } = require('./pool.js');
const loader = require('../native/index.js');

// Every error as a QrCliError (the addon's already are: the loader gives
// it the factory).
const nativeError = loader.asQrCliError;

class NativePool {
  // parsed: parseOptions(options, POOL_SETTINGS) when createPool did it
  // already (so that getters on options run once).
  constructor(options, parsed = parseOptions(options, POOL_SETTINGS)) {
    const { render, settings } = parsed;
    this.defaults = mergeRender({}, render);
    this.maxQueue = settings.maxQueue === undefined ? DEFAULT_MAX_QUEUE : settings.maxQueue;
    try {
      this.addon = loader.load();
    } catch (e) {
      throw nativeError(e);
    }
    this.inFlight = 0;
    this.closed = false;
    this.idle = null; // resolves close() once nothing is in flight
  }

  qrPng(text, options) {
    let png;
    try {
      if (this.closed)
        throw new QrCliError('QR_POOL_CLOSED', 'the native qr-cli pool is closed');
      const { render } = parseOptions(options, CALL_SETTINGS);
      const bytes = textBytes(text);
      const merged = mergeRender(this.defaults, render);
      if (this.inFlight >= Math.max(1, this.maxQueue))
        throw new QrCliError('QR_POOL_BUSY',
          `the native pool has ${this.inFlight} renders pending (maxQueue); try again later`);
      png = this.addon.render(bytes, merged);
    } catch (e) {
      return Promise.reject(nativeError(e));
    }
    this.inFlight += 1;
    const done = () => {
      this.inFlight -= 1;
      if (this.inFlight === 0 && this.idle)
        this.idle();
    };
    return png.then((buffer) => { done(); return buffer; },
      (e) => { done(); throw nativeError(e); });
  }

  stats() {
    return { workers: 0, inFlight: this.inFlight, queued: 0, restarts: 0 };
  }

  // Refuses later calls (QR_POOL_CLOSED); resolves once the renders in
  // flight are done (they are answered, never cut short).
  close() {
    this.closed = true;
    if (!this.closing)
      this.closing = this.inFlight === 0 ? Promise.resolve()
        : new Promise((resolve) => { this.idle = resolve; });
    return this.closing;
  }
}

module.exports = { NativePool, nativeError };
