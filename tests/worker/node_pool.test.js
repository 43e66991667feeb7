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

test('400 pipelined requests mixing version 1 and 2 frames (every option of the table) are each answered with their own bytes', async () => {
  const qrCli = process.env.QR_CLI || path.resolve(__dirname, '../../build/qr-cli');
  const sets = [
    [{}, []],
    [{ symversion: 7, level: 'q' }, ['-v', '7', '-l', 'Q']],
    [{ micro: true, type: 'ascii' }, ['--micro', '-t', 'ascii']],
    [{ boostLevel: true, eightBit: true }, ['--boost-level', '--8bit']],
    [{ dpi: 600, scale: 2 }, ['--dpi', '600', '--scale', '2']],
    [{ size: 150, fg: '#246' }, ['--size', '150', '--fg', '#246']],
  ];
  const words = Array.from({ length: 8 }, (_, i) => `${1000 + i * 7}`);
  const want = sets.map(([, argv]) => words.map((w) => execFileSync(qrCli, [...argv, '--', w])));
  const pool = createPool({ workers: 2, maxInFlight: 64 });
  try {
    const jobs = Array.from({ length: 400 }, (_, i) => [i % sets.length, (i * 5) % words.length]);
    const got = await Promise.all(jobs.map(([s, w]) => pool.qrPng(words[w], sets[s][0])));
    jobs.forEach(([s, w], i) => assert.ok(got[i].equals(want[s][w]), `request ${i}: ${JSON.stringify(sets[s][0])} ${words[w]}`));
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

test('a worker killed mid-stream is replaced; its in-flight requests are sent again and succeed', async () => {
  const pool = createPool({ workers: 2 });
  try {
    let answered = 0;
    let victim = null;
    let inFlightOnVictim = 0;
    const results = await Promise.allSettled(texts.slice(0, 4000).map((t) =>
      pool.qrPng(t).then((png) => {
        if (++answered === 500) {
          victim = Number(children()[0]);
          inFlightOnVictim = pool.stats().inFlight;
          process.kill(victim, 'SIGKILL');
        }
        return png;
      })));
    const failed = results.filter((r) => r.status === 'rejected');
    assert.ok(victim !== null);
    assert.ok(inFlightOnVictim > 0);
    assert.deepStrictEqual(failed.map((r) => r.reason.message), []);
    for (const i of [0, 499, 500, 531, 1000, 3999])
      assert.strictEqual(decode(results[i].value), texts[i]);
    assert.ok(!children().map(Number).includes(victim));
    assert.strictEqual(pool.stats().workers, 2);
    assert.strictEqual(pool.stats().restarts, 1);
  } finally { await pool.close(); }
});

test('one short timeout fails only its own request; the 31 behind it are sent again', async () => {
  // A render of ~40 ms against a 1 ms timeout: it times out unless the
  // machine stalls the event loop past the answer (then the round is tried
  // again, at most 5 rounds).
  const slow = 'x'.repeat(1200);
  for (let round = 0; ; round++) {
    const pool = createPool({ workers: 1, maxInFlight: 32 });
    try {
      const first = pool.qrPng(slow, { size: 8192, level: 'H', timeoutMs: 1 });
      const rest = texts.slice(0, 31).map((t) => pool.qrPng(t));
      const [short, ...others] = await Promise.allSettled([first, ...rest]);
      if (short.status === 'fulfilled' && round < 4)
        continue;
      assert.strictEqual(short.status, 'rejected', 'the 1 ms request never timed out in 5 rounds');
      assert.strictEqual(short.reason.code, 'QR_TIMEOUT');
      const failed = others.filter((r) => r.status === 'rejected');
      assert.deepStrictEqual(failed.map((r) => `${r.reason.code}: ${r.reason.message}`), [],
        `${failed.length} of 31 failed`);
      for (const i of [0, 15, 30])
        assert.strictEqual(decode(others[i].value), texts[i]);
      assert.strictEqual(pool.stats().restarts, 1);
      return;
    } finally { await pool.close(); }
  }
});

test('a worker that dies on every request: QR_WORKER_DIED after two tries', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qr-pool-'));
  const starts = path.join(dir, 'starts');
  const crash = path.join(dir, 'crash');
  // Reads one request header, then is killed by SIGKILL (as OOM would).
  fs.writeFileSync(crash, `#!/bin/sh\necho start >>'${starts}'\nhead -c 20 >/dev/null\nkill -KILL $$\n`,
    { mode: 0o755 });
  const pool = createPool({ workers: 1, qrCli: crash, timeoutMs: 5000 });
  try {
    const results = await Promise.allSettled([pool.qrPng('a'), pool.qrPng('b'), pool.qrPng('c')]);
    for (const r of results) {
      assert.strictEqual(r.status, 'rejected');
      assert.strictEqual(r.reason.code, 'QR_WORKER_DIED');
      assert.strictEqual(r.reason.signal, 'SIGKILL');
      assert.match(r.reason.message, /killed by SIGKILL.*tried 2 times/);
    }
    // Each of the three written twice, two or three to a worker: at most 6 workers.
    const started = fs.readFileSync(starts, 'utf8').trim().split('\n').length;
    assert.ok(started >= 2 && started <= 6, `${started} workers started`);
  } finally {
    await pool.close();
    fs.rmSync(dir, { recursive: true });
  }
  assert.deepStrictEqual(children(), []);
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
