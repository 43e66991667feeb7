'use strict';
// A timeout measured on the real clock from when it is made. Node's timers
// count from the event loop's cached time, which lags behind the clock while
// synchronous code runs (say, 20,000 requests made in one go), so a timer can
// fire early: then it is set again for what is left. When it is due, the
// check waits for setImmediate, which runs after the loop has read pending
// I/O, so an answer already in a pipe wins over its timeout.

const { performance } = require('node:perf_hooks');

class Deadline {
  constructor(ms, onExpired) {
    this.ms = ms;
    this.onExpired = onExpired;
    this.start = performance.now();
    this.timer = null;
    this.immediate = null;
    this.arm(ms);
  }

  arm(ms) {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.immediate = setImmediate(() => this.check());
    }, ms);
  }

  check() {
    this.immediate = null;
    const left = this.ms - (performance.now() - this.start);
    if (left > 0)
      this.arm(Math.ceil(left));
    else
      this.onExpired();
  }

  cancel() {
    clearTimeout(this.timer);
    clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}

module.exports = { Deadline };
