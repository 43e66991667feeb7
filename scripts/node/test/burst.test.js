'use strict';
// A burst far beyond one worker's pipeline: every request's timeout starts
// when it is written to the worker, so requests that wait in the queue for
// longer than timeoutMs still succeed, and no healthy worker is killed.
// (The pool before this rule gave 12,032 successes, 249 timeouts and 7,719
// QR_WORKER_DIED here, and started worker after worker.)

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { it } = require('node:test');
const { createPool } = require('..');
const { QR_CLI, decode, fakeWorker, tempDir } = require('./helpers.js');

it('1 worker, timeoutMs 2000, 20,000 requests at once: 20,000 PNGs, 1 worker started', { timeout: 600_000 }, async () => {
  const pool = createPool({ workers: 1, timeoutMs: 2000, qrCli: QR_CLI });
  try {
    const texts = Array.from({ length: 20_000 }, (_, i) => `https://example.com/burst/${i}`);
    const results = await Promise.allSettled(texts.map((t) => pool.qrPng(t)));
    const failures = {};
    for (const r of results) {
      if (r.status === 'rejected')
        failures[r.reason.code] = (failures[r.reason.code] || 0) + 1;
    }
    assert.deepEqual(failures, {});
    assert.deepEqual(pool.stats(), { workers: 1, inFlight: 0, queued: 0, restarts: 0 });
    for (const i of [0, 9_999, 19_999])
      assert.deepEqual(decode(results[i].value), Buffer.from(texts[i]));
  } finally {
    await pool.close();
  }
});

it('a request made during a long synchronous stretch is timed from when it leaves, not by the stale loop clock', async () => {
  // Node's timers count from the loop's cached time, and the frame leaves at
  // the end of the tick. Under load, making 20,000 requests took over 2 s and
  // timed out the first ones written (1 QR_TIMEOUT, 31 QR_WORKER_DIED).
  const dir = tempDir();
  // A worker that answers each request 300 ms after it arrives.
  const pool = createPool({ workers: 1, timeoutMs: 3000, qrCli: fakeWorker(dir, 0, 'png', 'slow-worker', 300) });
  try {
    await pool.qrPng('start the worker', { timeoutMs: 60_000 }); // Node starts slowly under load
    const pending = pool.qrPng('made, then the loop is busy for 4 s');
    const until = Date.now() + 4000;
    while (Date.now() < until)
      ; // a synchronous stretch longer than timeoutMs
    assert.equal((await pending).toString(), 'png');
    assert.equal(pool.stats().restarts, 0);
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
