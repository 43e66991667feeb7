'use strict';
// The Node worker pool (createPool of scripts/node, the qr-cli package) against the real
// qr-cli: volume, options, failures, recovery, timeout, clean shutdown.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const { createPool } = require('../../scripts/node');

function decode(png) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qr-pool-')), 'code.png');
  fs.writeFileSync(file, png);
  try {
    return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file],
      { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true });
  }
}

// Live child processes of this process, from /proc (zombies count too).
function children() {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
    } catch { return false; }
  });
}

const texts = Array.from({ length: 10000 },
  (_, i) => `https://example.com/item/${i}?ref=pool&lang=${i % 2 ? 'ja' : 'zh'} 二维码 ${i}`);

test('10,000 requests, none fails, a sample decodes back', async () => {
  const pool = createPool({ workers: 2 });
  try {
    const pngs = await Promise.all(texts.map((t) => pool.qrPng(t)));
    assert.strictEqual(pngs.length, 10000);
    for (const png of pngs) assert.strictEqual(png.readUInt32BE(16), 200); // IHDR width
    for (const i of [0, 1, 4999, 9998, 9999]) assert.strictEqual(decode(pngs[i]), texts[i]);
  } finally { await pool.close(); }
});

test('options reach the worker; failures carry their code and status', async () => {
  const pool = createPool({ workers: 1 });
  try {
    const png = await pool.qrPng(Buffer.from('sized'), { size: 321, level: 'h', fg: '#1a4d8f', bg: 'transparent' });
    assert.strictEqual(png.readUInt32BE(16), 321);
    assert.ok(png.includes('tRNS'));
    await assert.rejects(pool.qrPng(''), { code: 'QR_ENCODE', status: 2, message: 'qr-cli: text is empty' });
    await assert.rejects(pool.qrPng('x'.repeat(3000)), { code: 'QR_ENCODE', status: 2 });
    await assert.rejects(pool.qrPng('x'.repeat(9000)), { code: 'QR_ENCODE', status: 2 });
    await assert.rejects(pool.qrPng('x', { size: 9000 }), { code: 'QR_INVALID_ARGUMENT', status: null });
    await assert.rejects(pool.qrPng('x', { level: 'Z' }), { code: 'QR_INVALID_ARGUMENT' });
    await assert.rejects(pool.qrPng('x', { colour: 'red' }), { code: 'QR_INVALID_ARGUMENT' });
    assert.strictEqual(decode(await pool.qrPng('--help')), '--help');
  } finally { await pool.close(); }
});

test('in-flight requests per worker stay within the bound', async () => {
  const pool = createPool({ workers: 1, maxInFlight: 4 });
  try {
    const all = Promise.all(texts.slice(0, 100).map((t) => pool.qrPng(t)));
    assert.deepStrictEqual(pool.stats(), { workers: 1, inFlight: 4, queued: 96, restarts: 0 });
    assert.strictEqual((await all).length, 100);
  } finally { await pool.close(); }
});

test('a worker killed mid-stream is replaced; only its in-flight requests fail', async () => {
  const pool = createPool({ workers: 2 });
  try {
    let answered = 0;
    let victim = null;
    const results = await Promise.allSettled(texts.slice(0, 4000).map((t) =>
      pool.qrPng(t).then((png) => {
        if (++answered === 500) {
          victim = Number(children()[0]);
          process.kill(victim, 'SIGKILL');
        }
        return png;
      })));
    const failed = results.filter((r) => r.status === 'rejected');
    assert.ok(victim !== null);
    assert.ok(failed.length > 0 && failed.length <= 32, `${failed.length} failed`);
    for (const r of failed) {
      assert.strictEqual(r.reason.code, 'QR_WORKER_DIED');
      assert.match(r.reason.message, /killed by SIGKILL/);
      assert.strictEqual(r.reason.signal, 'SIGKILL');
    }
    const after = await Promise.all(texts.slice(0, 1000).map((t) => pool.qrPng(t)));
    assert.strictEqual(after.length, 1000);
    assert.ok(!children().map(Number).includes(victim));
    assert.strictEqual(pool.stats().workers, 2);
    assert.strictEqual(pool.stats().restarts, 1);
  } finally { await pool.close(); }
});

test('a worker that never answers times out and is killed', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qr-pool-'));
  const silent = path.join(dir, 'silent');
  fs.writeFileSync(silent, '#!/bin/sh\nexec cat >/dev/null\n', { mode: 0o755 });
  const pool = createPool({ workers: 1, qrCli: silent, timeoutMs: 300 });
  try {
    await assert.rejects(pool.qrPng('x'), { code: 'QR_TIMEOUT' });
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true });
  }
  assert.deepStrictEqual(children(), []);
});

test('a missing binary gives a clear error', async () => {
  const pool = createPool({ workers: 1, qrCli: '/nonexistent/qr-cli' });
  try {
    await assert.rejects(pool.qrPng('x'), { code: 'QR_NOT_FOUND', message: /\/nonexistent\/qr-cli/ });
  } finally { await pool.close(); }
});

test('close() answers what is in flight and leaves no child process', async () => {
  const pool = createPool({ workers: 2 });
  const pending = texts.slice(0, 50).map((t) => pool.qrPng(t));
  const pids = children();
  assert.strictEqual(pids.length, 2);
  await pool.close();
  assert.strictEqual((await Promise.all(pending)).length, 50);
  assert.deepStrictEqual(children(), []);
  for (const pid of pids) assert.ok(!fs.existsSync(`/proc/${pid}`), `worker ${pid} still there`);
  await assert.rejects(pool.qrPng('late'), { code: 'QR_POOL_CLOSED' });
});
