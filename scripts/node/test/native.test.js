'use strict';
// createPool({ impl: 'native' }): libqrpng in-process through the addon
// (make node-addon). The same bytes as the worker pool, every error code the
// native path can give, and QR_NATIVE_UNAVAILABLE when the addon is missing.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { createPool, QrCliError } = require('../index.js');
const { QR_CLI, decode } = require('./helpers.js');

const CASES = [
  ['https://www.reddit.com/r/rustjerk/top/?t=all', {}],
  ['二维码 テスト 😀', { level: 'h', size: 333, margin: 0 }],
  [Buffer.from([0x01, 0xff, 0xfe, 0x80]), { scale: 3, fg: '#123', bg: 'transparent' }],
  [new Uint8Array(Buffer.from('HELLO WORLD 0123456789')), { level: 'Q', fg: '#1a4d8f', bg: '#FFEECC' }],
  ['x'.repeat(2953), { level: 'L', size: 1 }],
];

async function rejectsWith(promise, code, status, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof QrCliError, `not a QrCliError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status);
    if (pattern)
      assert.match(e.message, pattern);
    return true;
  });
}

describe("createPool({ impl: 'native' })", () => {
  let native;
  let worker;
  before(() => {
    native = createPool({ impl: 'native' });
    worker = createPool({ workers: 1, qrCli: QR_CLI });
  });
  after(async () => {
    await native.close();
    await worker.close();
  });

  it('renders the same bytes as the worker pool, and they decode', async () => {
    for (const [text, options] of CASES) {
      const [a, b] = await Promise.all([native.qrPng(text, options), worker.qrPng(text, options)]);
      assert.ok(Buffer.isBuffer(a));
      assert.ok(a.equals(b), `not the worker's bytes for ${JSON.stringify(options)}`);
    }
    const png = await native.qrPng(CASES[1][0], CASES[1][1]);
    assert.deepEqual(decode(png), Buffer.from(CASES[1][0]));
  });

  it('takes render defaults from createPool, a call overriding them', async () => {
    const pool = createPool({ impl: 'native', scale: 2, level: 'M' });
    try {
      const sized = await pool.qrPng('defaults', { size: 120 });
      assert.ok(sized.equals(await worker.qrPng('defaults', { size: 120, level: 'M' })));
      assert.ok((await pool.qrPng('defaults')).equals(await worker.qrPng('defaults', { scale: 2, level: 'M' })));
    } finally {
      await pool.close();
    }
  });

  it('answers many pending renders at once, each its own PNG', async () => {
    const texts = Array.from({ length: 500 }, (_, i) => `https://example.com/item/${i}`);
    const pngs = await Promise.all(texts.map((t) => native.qrPng(t)));
    const again = await Promise.all(texts.map((t) => worker.qrPng(t)));
    pngs.forEach((png, i) => assert.ok(png.equals(again[i]), `render ${i}`));
    assert.deepEqual(decode(pngs[499]), Buffer.from(texts[499]));
    assert.deepEqual(native.stats(), { workers: 0, inFlight: 0, queued: 0, restarts: 0 });
  });

  it('QR_INVALID_ARGUMENT before any C code for a bad text or option', async () => {
    for (const [text, options] of [[42, {}], [null, {}], ['a\0b', {}], ['x', { level: 'X' }],
      ['x', { size: 0 }], ['x', { scale: 1.5 }], ['x', { margin: 256 }], ['x', { fg: 'red' }],
      ['x', { bg: '#12' }], ['x', { size: 10, scale: 2 }], ['x', { fg: '#fff', bg: '#ffffff' }],
      ['x', { nope: 1 }], ['x', { impl: 'native' }], ['x', { qrCli: '/bin/true' }], ['x', 'options']])
      await rejectsWith(native.qrPng(text, options), 'QR_INVALID_ARGUMENT', null);
    for (const options of [{ impl: 'js' }, { impl: 'native', workers: 0 }, { impl: 'native', level: 'Z' },
      { impl: 'native', nope: true }])
      assert.throws(() => createPool(options), (e) => e instanceof QrCliError && e.code === 'QR_INVALID_ARGUMENT');
  });

  it('QR_ENCODE (status 2) for an empty text or one too long', async () => {
    await rejectsWith(native.qrPng(''), 'QR_ENCODE', 2, /empty/);
    await rejectsWith(native.qrPng('x'.repeat(7090)), 'QR_ENCODE', 2, /too long/);
    await rejectsWith(native.qrPng('x'.repeat(5000), { level: 'H' }), 'QR_ENCODE', 2, /too long/);
  });

  it('QR_USAGE (status 1) for a scale that makes the image over 8192 px, as qr-cli', async () => {
    await rejectsWith(native.qrPng('x', { scale: 8000 }), 'QR_USAGE', 1, /8192/);
    await rejectsWith(worker.qrPng('x', { scale: 8000 }), 'QR_USAGE', 1);
  });

  it('QR_POOL_BUSY beyond maxQueue renders pending, QR_POOL_CLOSED after close', async () => {
    const pool = createPool({ impl: 'native', maxQueue: 2 });
    const first = [pool.qrPng('a'), pool.qrPng('b')];
    await rejectsWith(pool.qrPng('c'), 'QR_POOL_BUSY', null);
    assert.equal(pool.stats().inFlight, 2);
    const closed = pool.close();
    await rejectsWith(pool.qrPng('d'), 'QR_POOL_CLOSED', null);
    // The renders in flight are answered, then close resolves.
    for (const png of await Promise.all(first))
      assert.ok(Buffer.isBuffer(png));
    await closed;
    assert.equal(pool.stats().inFlight, 0);
  });
});

describe('the native addon missing', () => {
  it("createPool({ impl: 'native' }) throws QR_NATIVE_UNAVAILABLE naming make node-addon; the worker pool still works", () => {
    const script = `
      const { createPool, QrCliError } = require(${JSON.stringify(path.join(__dirname, '..'))});
      try { createPool({ impl: 'native' }); console.log('no error'); }
      catch (e) { console.log(JSON.stringify([e instanceof QrCliError, e.code, e.status, e.message])); }
      createPool({ workers: 1, qrCli: ${JSON.stringify(QR_CLI)} }).qrPng('still').then((png) => console.log(png.length > 0));`;
    const run = spawnSync(process.execPath, ['-e', script], {
      env: { ...process.env, QRPNG_NODE_ADDON: '/nonexistent/qrpng.node' }, encoding: 'utf8', timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    const [line, rendered] = run.stdout.trim().split('\n');
    const [isError, code, status, message] = JSON.parse(line);
    assert.deepEqual([isError, code, status], [true, 'QR_NATIVE_UNAVAILABLE', null]);
    assert.match(message, /make node-addon/);
    assert.match(message, /\/nonexistent\/qrpng\.node \(not found\)/);
    assert.equal(rendered, 'true');
  });
});

// Options and texts whose reading runs the caller's code: every path gives
// a QrCliError with a code (the exception as its cause), or the code of
// the bytes as they are once the options were read; never a TypeError.
describe('hostile options and texts through every path', () => {
  const { spawnQrPng } = require('../index.js');
  let pools;
  before(() => {
    pools = { worker: createPool({ workers: 1, qrCli: QR_CLI }), native: createPool({ impl: 'native' }) };
  });
  after(async () => {
    await pools.worker.close();
    await pools.native.close();
  });
  const paths = () => ({
    worker: (text, options) => pools.worker.qrPng(text, options),
    native: (text, options) => pools.native.qrPng(text, options),
    // No qrCli here: spreading the options would run their getters. The
    // checkout's qr-cli (or $QR_CLI) is found without it.
    spawn: (text, options) => spawnQrPng(text, options),
  });
  const wrapped = (cause) => (e) => {
    assert.ok(e instanceof QrCliError, `not a QrCliError: ${e && e.stack}`);
    assert.equal(e.code, 'QR_INVALID_ARGUMENT', e.message);
    if (cause !== undefined)
      assert.equal(e.cause, cause);
    return true;
  };

  it('a getter or Proxy trap that throws: QR_INVALID_ARGUMENT, the exception as cause', async () => {
    const boom = new Error('boom');
    for (const [name, render] of Object.entries(paths())) {
      await assert.rejects(render('x', { get level() { throw boom; } }), wrapped(boom), name);
      await assert.rejects(render('x', new Proxy({}, { ownKeys() { throw boom; } })), wrapped(boom), name);
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      await assert.rejects(render('x', proxy), wrapped(), name);
      await assert.rejects(render(new Proxy(new Uint8Array(3), { getPrototypeOf() { throw boom; } })),
        wrapped(boom), name);
    }
    for (const impl of ['worker', 'native'])
      assert.throws(() => createPool({ impl, get workers() { throw boom; } }), wrapped(boom));
  });

  it('getters run once, in createPool as in a call', async () => {
    let reads = 0;
    const pool = createPool({ workers: 1, qrCli: QR_CLI, get level() { reads += 1; return 'M'; } });
    await pool.close();
    assert.equal(reads, 1);
  });

  it('a detached text: QR_INVALID_ARGUMENT', async () => {
    for (const [name, render] of Object.entries(paths())) {
      const ab = new ArrayBuffer(8);
      const text = new Uint8Array(ab).fill(0x41);
      structuredClone(ab, { transfer: [ab] });
      await assert.rejects(render(text), wrapped(), name);
    }
  });

  it('a getter that shrinks, detaches or rewrites the text: the bytes after the options, or an error', async () => {
    const want = await pools.worker.qrPng('hello');
    const other = await pools.worker.qrPng('other text');
    for (const [name, render] of Object.entries(paths())) {
      const rab = new ArrayBuffer(11, { maxByteLength: 64 });
      new Uint8Array(rab).set(Buffer.from('hello world'));
      const png = await render(new Uint8Array(rab), { get margin() { rab.resize(5); return 4; } });
      assert.ok(png.equals(want), name);
      const ab = new ArrayBuffer(8);
      await assert.rejects(render(new Uint8Array(ab).fill(0x41),
        { get level() { structuredClone(ab, { transfer: [ab] }); return 'L'; } }), wrapped(), name);
      const shared = new Uint8Array(new SharedArrayBuffer(10));
      shared.set(Buffer.from('first text'));
      const rewritten = await render(shared, { get bg() { shared.set(Buffer.from('other text')); return '#fff'; } });
      assert.ok(rewritten.equals(other), name);
    }
  });
});
