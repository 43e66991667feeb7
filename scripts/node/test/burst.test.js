'use strict';
// A burst far beyond one worker's pipeline: every request's timeout starts
// when it is written to the worker, so requests that wait in the queue for
// longer than timeoutMs still succeed, and no healthy worker is killed.
// (The pool before this rule gave 12,032 successes, 249 timeouts and 7,719
// QR_WORKER_DIED here, and started worker after worker.)

const assert = require('node:assert/strict');
const { it } = require('node:test');
const { createPool } = require('..');
const { QR_CLI, decode } = require('./helpers.js');

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
