'use strict';
// qr-cli/wasm and createPool({ impl: 'wasm' }): libqrpng as WebAssembly
// (build/wasm/qrpng.wasm, `make wasm`; $QRPNG_WASM names another). The
// same bytes as qr-cli over every option, the same errors as the other
// paths, every kind of source load() takes, a module with no imports,
// memory that stays flat, a trap survived, and the pool's rules (timeouts,
// a dead thread, busy, closed) with its threads.

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { describe, it, before, after } = require('node:test');
const { createPool, QrCliError } = require('../index.js');
const { WasmPool, wasmPlaces } = require('../lib/wasm_pool.js');
const { parseOptions, POOL_SETTINGS } = require('../lib/options.js');
const { prepare } = require('../wasm/prepare.js');
const { QR_CLI, tempDir, decode } = require('./helpers.js');

const WASM = wasmPlaces().find((file) => fs.existsSync(file));
const FAKE_THREAD = path.join(__dirname, 'wasm-fake-thread.mjs');

const TEXTS = [
  'https://www.reddit.com/r/rustjerk/top/?t=all',
  '二维码 テスト 😀',
  'HELLO WORLD 0123456789',
  '0123456789012345678901234567890123456789',
  'a & b # c % d + e f',
  'x'.repeat(1000),
  Buffer.from([0x01, 0xff, 0xfe, 0x80, 0x7f]),
  '12345',
  'Hi',
];
// Every option of the table, each value kind at least once.
const OPTIONS = [
  {}, { level: 'm' }, { level: 'Q', size: 333 }, { level: 'H', margin: 0 }, { scale: 3 },
  { margin: 255, size: 8192 }, { fg: '#123', bg: 'transparent' }, { fg: '#1a4d8f', bg: '#FFEECC' },
  { symversion: 12 }, { boostLevel: true }, { eightBit: true }, { dpi: 300 },
  { micro: true, symversion: 4, level: 'L' }, { micro: false, boostLevel: false, eightBit: false },
  ...['svg', 'eps', 'utf8', 'ansiutf8', 'ascii', 'utf8i', 'asciii', 'PNG'].map((type) => ({ type })),
  { type: 'svg', level: 'q', fg: '#abcdef', bg: 'transparent', margin: 2, scale: 5 },
  { type: 'eps', size: 120, dpi: 72 },
];

const loadWasm = () => import('../wasm/node.mjs');

async function rejectsWith(promise, code, status, pattern) {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof QrCliError, `not a QrCliError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.status, status, e.message);
    if (pattern)
      assert.match(e.message, pattern);
    return true;
  });
}

function throwsWith(fn, code, status, pattern) {
  return rejectsWith((async () => fn())(), code, status, pattern);
}

describe('qr-cli/wasm in Node', () => {
  let qr;
  let worker;
  before(async () => {
    assert.ok(WASM, `no qrpng.wasm (run make wasm); tried ${wasmPlaces().join(', ')}`);
    qr = await (await loadWasm()).load();
    worker = createPool({ workers: 1, qrCli: QR_CLI });
  });
  after(() => worker.close());

  it('the module imports nothing and exports the ABI', () => {
    const module = new WebAssembly.Module(fs.readFileSync(WASM));
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    for (const name of ['memory', 'qrpng_wasm_render', 'qrpng_wasm_output', 'qrpng_wasm_message'])
      assert.ok(names.includes(name), name);
    assert.match(qr.version(), /^\d+\.\d+\.\d+/);
  });

  it(`renders qr-cli's bytes for ${TEXTS.length} texts x ${OPTIONS.length} option sets, and they decode`, async () => {
    let compared = 0;
    for (const text of TEXTS) {
      for (const options of OPTIONS) {
        if (options.micro && (typeof text !== 'string' || text.length > 5))
          continue; // no Micro QR holds it
        const mine = qr.render(text, options);
        assert.ok(mine instanceof Uint8Array);
        const theirs = await worker.qrPng(text, options);
        assert.ok(theirs.equals(mine), `not qr-cli's bytes for ${JSON.stringify(options)} ${String(text).slice(0, 20)}`);
        compared += 1;
      }
    }
    assert.ok(compared > 150, `${compared} compared`);
    assert.deepEqual(decode(qr.render(TEXTS[1], { level: 'H' })), Buffer.from(TEXTS[1]));
  });

  it('QR_INVALID_ARGUMENT for a bad text or option, in the pools\' words', async () => {
    const pool = createPool({ impl: 'wasm', workers: 1 });
    try {
      for (const [text, options] of [[42, {}], [null, {}], ['a\0b', {}], ['x', { level: 'X' }],
        ['x', { size: 0 }], ['x', { scale: 1.5 }], ['x', { margin: 256 }], ['x', { fg: 'red' }],
        ['x', { bg: '#12' }], ['x', { size: 10, scale: 2 }], ['x', { fg: '#fff', bg: '#ffffff' }],
        ['x', { nope: 1 }], ['x', 'options'], ['x', { micro: true, level: 'H' }]]) {
        let expected;
        await worker.qrPng(text, options).catch((e) => { expected = e; });
        assert.equal(expected.code, 'QR_INVALID_ARGUMENT');
        if (!('nope' in Object(options)))
          await throwsWith(() => qr.render(text, options), 'QR_INVALID_ARGUMENT', null,
            new RegExp(`^${expected.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
        await rejectsWith(pool.qrPng(text, options), 'QR_INVALID_ARGUMENT', null, new RegExp(
          `^${expected.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
      }
      // load()'s render takes no pool settings, so it does not list them.
      await throwsWith(() => qr.render('x', { nope: 1 }), 'QR_INVALID_ARGUMENT', null,
        /^unknown option 'nope' \(known: level, size, scale, margin, fg, bg, type, symversion, micro, boostLevel, eightBit, dpi\)$/);
      await throwsWith(() => qr.render('x', { timeoutMs: 5 }), 'QR_INVALID_ARGUMENT', null, /unknown option 'timeoutMs'/);
    } finally {
      await pool.close();
    }
  });

  it('QR_ENCODE (2) and QR_USAGE (1) with the library\'s message; the next render works', async () => {
    await throwsWith(() => qr.render(''), 'QR_ENCODE', 2, /^text is empty$/);
    await throwsWith(() => qr.render('x'.repeat(5000), { level: 'H' }), 'QR_ENCODE', 2, /too long/);
    await throwsWith(() => qr.render('x'.repeat(7090)), 'QR_ENCODE', 2, /7090 bytes, too long for any QR code/);
    await throwsWith(() => qr.render('x', { scale: 8000 }), 'QR_USAGE', 1, /8192/);
    await throwsWith(() => qr.render('x'.repeat(40), { micro: true }), 'QR_ENCODE', 2, /Micro QR/);
    assert.ok(Buffer.from(qr.render('after')).equals(await worker.qrPng('after')));
  });

  it('its QrCliError is require("qr-cli").QrCliError', async () => {
    const wasm = await loadWasm();
    assert.equal(wasm.QrCliError, QrCliError);
  });

  it('takes bytes, a typed array, a Module, a file URL, a path, and http with or without the wasm type', async () => {
    const { load } = await loadWasm();
    const bytes = fs.readFileSync(WASM);
    const expected = Buffer.from(qr.render('source'));
    const server = http.createServer((req, res) => {
      if (req.url === '/missing.wasm') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': req.url === '/typed.wasm' ? 'application/wasm' : 'text/plain' });
      res.end(bytes);
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${server.address().port}`;
    try {
      const sources = [bytes, new Uint8Array(bytes), bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
        new WebAssembly.Module(bytes), qr.module, pathToFileURL(WASM), pathToFileURL(WASM).href, WASM,
        Promise.resolve(bytes), `${base}/typed.wasm`, new URL(`${base}/untyped.wasm`), await fetch(`${base}/typed.wasm`)];
      for (const [i, source] of sources.entries())
        assert.ok(Buffer.from((await load(source)).render('source')).equals(expected), `source ${i}`);
      await rejectsWith(load(`${base}/missing.wasm`), 'QR_WASM_UNAVAILABLE', null, /HTTP 404/);
      await rejectsWith(load(Buffer.from('not wasm at all')), 'QR_WASM_UNAVAILABLE', null);
      await rejectsWith(load('/nonexistent/qrpng.wasm'), 'QR_WASM_UNAVAILABLE', null, /nonexistent/);
      await rejectsWith(load(42), 'QR_INVALID_ARGUMENT', null);
      await rejectsWith(load({}), 'QR_INVALID_ARGUMENT', null);
    } finally {
      server.close();
    }
  });

  it('QR_WASM_UNAVAILABLE naming the place tried when $QRPNG_WASM is wrong (load() and createPool)', () => {
    const script = `
      const { createPool } = require(${JSON.stringify(path.join(__dirname, '..'))});
      try { createPool({ impl: 'wasm' }); } catch (e) { console.log(e.code, e.message); }
      import(${JSON.stringify(path.join(__dirname, '..', 'wasm', 'node.mjs'))}).then((w) => w.load())
        .catch((e) => console.log(e.code, e.message));`;
    const run = spawnSync(process.execPath, ['-e', script],
      { env: { ...process.env, QRPNG_WASM: '/nonexistent/qrpng.wasm' }, encoding: 'utf8', timeout: 30_000 });
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, 2, run.stdout + run.stderr);
    for (const line of lines)
      assert.match(line, /^QR_WASM_UNAVAILABLE .*make wasm.*Tried: .*\/nonexistent\/qrpng\.wasm.*not found/);
  });

  it('a trap (its memory overwritten) fails that render with QR_INTERNAL; the next one runs on a new instance', async () => {
    const { Engine } = await import('../wasm/engine.mjs');
    const engine = await Engine.create(qr.module, (code, message, status) => new QrCliError(code, message, { status }));
    const text = new TextEncoder().encode('trap');
    const before = Buffer.from(engine.render(text, ''));
    new Uint8Array(engine.x.memory.buffer).fill(0xff);
    await throwsWith(() => engine.render(text, ''), 'QR_INTERNAL', 4, /trapped .*instance was replaced/);
    assert.equal(engine.instances, 2);
    assert.ok(Buffer.from(engine.render(text, '')).equals(before));
  });

  it('where a new instance cannot be made at once (a browser\'s main thread), one is made in the background', async () => {
    const { Engine } = await import('../wasm/engine.mjs');
    const engine = await Engine.create(qr.module, (code, message, status) => new QrCliError(code, message, { status }));
    const text = new TextEncoder().encode('later');
    const expected = Buffer.from(engine.render(text, ''));
    const { Instance } = WebAssembly;
    // Chromium refuses `new WebAssembly.Instance` of a large module on its main thread.
    WebAssembly.Instance = function refused() { throw new RangeError('WebAssembly.Instance is disallowed on the main thread'); };
    try {
      new Uint8Array(engine.x.memory.buffer).fill(0xff);
      await throwsWith(() => engine.render(text, ''), 'QR_INTERNAL', 4, /trapped/);
      assert.ok(engine.pending, 'no instance on the way');
      await throwsWith(() => engine.render(text, ''), 'QR_INTERNAL', 4, /being instantiated again after a trap; try again/);
      await engine.pending;
    } finally {
      WebAssembly.Instance = Instance;
    }
    assert.ok(Buffer.from(engine.render(text, '')).equals(expected));
    assert.equal(engine.instances, 2);
  });

  it('memory stays flat over 10,000 renders', () => {
    for (let i = 0; i < 500; i += 1)
      qr.render(`warm-up ${i}`, { type: i % 2 ? 'svg' : 'png' });
    const before = process.memoryUsage().rss;
    const start = Date.now();
    let n = 0;
    for (; n < 10_000 && Date.now() - start < 30_000; n += 1)
      qr.render(`https://example.com/item/${n}?q=${'x'.repeat(n % 100)}`, { type: n % 2 ? 'svg' : 'png', level: 'LMQH'[n % 4] });
    assert.equal(n, 10_000, 'took more than 30 s');
    const grown = process.memoryUsage().rss - before;
    assert.ok(grown < 32 * 1048576, `RSS grew ${grown} bytes`);
  });

  it('index.mjs, the browser entry, gives the same bytes and the same errors from the same checks', async () => {
    prepare({ wasm: false });
    const browser = await import('../wasm/index.mjs');
    const other = await browser.load(fs.readFileSync(WASM));
    for (const options of OPTIONS.slice(0, 10))
      assert.ok(Buffer.from(other.render(TEXTS[0], options)).equals(Buffer.from(qr.render(TEXTS[0], options))));
    for (const [text, options] of [['x', { level: 'X' }], ['a\0b'], ['x'.repeat(7090)], [''], ['x', { scale: 8000 }]]) {
      let a;
      let b;
      try { qr.render(text, options); } catch (e) { a = e; }
      try { other.render(text, options); } catch (e) { b = e; }
      assert.ok(b instanceof browser.QrCliError);
      assert.deepEqual([b.name, b.code, b.status, b.message], [a.name, a.code, a.status, a.message]);
    }
  });
});

describe("createPool({ impl: 'wasm' })", () => {
  let pool;
  let worker;
  before(() => {
    pool = createPool({ impl: 'wasm', workers: 2 });
    worker = createPool({ workers: 1, qrCli: QR_CLI });
  });
  after(async () => {
    await pool.close();
    await worker.close();
  });

  it('answers 2,000 requests at once with the worker pool\'s bytes, on its threads', async () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `https://example.com/item/${i}`);
    const pngs = await Promise.all(texts.map((t) => pool.qrPng(t)));
    assert.equal(pool.stats().workers, 2);
    for (const i of [0, 999, 1999])
      assert.ok(pngs[i].equals(await worker.qrPng(texts[i])), `request ${i}`);
    assert.ok(Buffer.isBuffer(pngs[0]));
    assert.deepEqual(decode(pngs[1999]), Buffer.from(texts[1999]));
    assert.deepEqual(pool.stats(), { workers: 2, inFlight: 0, queued: 0, restarts: 0 });
  });

  it('takes render defaults from createPool, a call overriding them', async () => {
    const own = createPool({ impl: 'wasm', workers: 1, scale: 2, level: 'M', type: 'svg' });
    try {
      assert.ok((await own.qrPng('defaults', { size: 120 })).equals(
        await worker.qrPng('defaults', { size: 120, level: 'M', type: 'svg' })));
      assert.ok((await own.qrPng('defaults')).equals(await worker.qrPng('defaults', { scale: 2, level: 'M', type: 'svg' })));
    } finally {
      await own.close();
    }
  });

  it('errors as QrCliErrors with the library\'s codes; a Buffer text the caller changes later is not seen', async () => {
    await rejectsWith(pool.qrPng(''), 'QR_ENCODE', 2, /empty/);
    await rejectsWith(pool.qrPng('x'.repeat(5000), { level: 'H' }), 'QR_ENCODE', 2, /too long/);
    await rejectsWith(pool.qrPng('x', { scale: 8000 }), 'QR_USAGE', 1, /8192/);
    await rejectsWith(pool.qrPng('x', { workers: 2 }), 'QR_INVALID_ARGUMENT', null);
    const text = Buffer.from('before');
    const promise = pool.qrPng(text);
    text.write('AFTER!');
    assert.deepEqual(decode(await promise), Buffer.from('before'));
    for (const options of [{ impl: 'wasm', workers: 0 }, { impl: 'wasm', level: 'Z' }, { impl: 'js' }])
      assert.throws(() => createPool(options), (e) => e instanceof QrCliError && e.code === 'QR_INVALID_ARGUMENT');
  });

  it('a request that times out stops its thread (QR_TIMEOUT); the others it had are sent again and succeed', async () => {
    const own = new WasmPool({ workers: 1, timeoutMs: 1000 },
      parseOptions({ workers: 1, timeoutMs: 1000 }, POOL_SETTINGS), { script: FAKE_THREAD });
    try {
      // The thread up first, so that the timeouts below count renders alone.
      assert.deepEqual(decode(await own.qrPng('warm')), Buffer.from('warm'));
      const first = own.qrPng('first');
      const hang = own.qrPng('hang');
      const behind = own.qrPng('behind');
      const started = Date.now();
      await rejectsWith(hang, 'QR_TIMEOUT', null, /1000 ms/);
      assert.ok(Date.now() - started < 5000);
      assert.deepEqual(decode(await first), Buffer.from('first'));
      assert.deepEqual(decode(await behind), Buffer.from('behind'));
      assert.equal(own.stats().restarts, 1);
      // A longer timeout for one call.
      assert.deepEqual(decode(await own.qrPng('slow is fine', { timeoutMs: 5000 })), Buffer.from('slow is fine'));
    } finally {
      await own.close();
    }
  });

  it('a thread that dies: its requests are sent again; one that kills every thread fails after two tries', async () => {
    const own = new WasmPool({ workers: 2 }, parseOptions({ workers: 2 }, POOL_SETTINGS), { script: FAKE_THREAD });
    try {
      const texts = Array.from({ length: 40 }, (_, i) => `t${i}`);
      const all = texts.map((t) => own.qrPng(t));
      const exit = own.qrPng('exit');
      await rejectsWith(exit, 'QR_WORKER_DIED', null, /exited with code 7.*tried 2 times/);
      const pngs = await Promise.all(all);
      assert.deepEqual(decode(pngs[39]), Buffer.from('t39'));
      // Both slots start again for the next request.
      assert.deepEqual(decode(await own.qrPng('after')), Buffer.from('after'));
      assert.equal(own.stats().restarts, 2);
    } finally {
      await own.close();
    }
  });

  it('QR_POOL_BUSY beyond maxQueue; QR_POOL_CLOSED after close, whose requests in flight are answered', async () => {
    const own = createPool({ impl: 'wasm', workers: 1, maxInFlight: 1, maxQueue: 2 });
    const first = [own.qrPng('a'), own.qrPng('b'), own.qrPng('c')];
    await rejectsWith(own.qrPng('d'), 'QR_POOL_BUSY', null, /queue is full/);
    assert.deepEqual(own.stats(), { workers: 1, inFlight: 1, queued: 2, restarts: 0 });
    const closed = own.close();
    const [a, b, c] = await Promise.allSettled(first);
    await rejectsWith(own.qrPng('e'), 'QR_POOL_CLOSED', null);
    assert.deepEqual(decode(a.value), Buffer.from('a'));
    await rejectsWith(Promise.reject(b.reason), 'QR_POOL_CLOSED', null);
    await rejectsWith(Promise.reject(c.reason), 'QR_POOL_CLOSED', null);
    await closed;
    assert.deepEqual(own.stats(), { workers: 0, inFlight: 0, queued: 0, restarts: 0 });
  });

  it('works in a process started with --input-type (an option a thread started from a file refuses)', () => {
    const script = `import { createRequire } from 'node:module';
      const { createPool } = createRequire(import.meta.url)(${JSON.stringify(path.join(__dirname, '..', 'index.js'))});
      const pool = createPool({ impl: 'wasm', workers: 1 });
      process.stdout.write(await pool.qrPng('from an ES module given with -e'));
      await pool.close();`;
    for (const argv of [['--input-type=module', '-e', script], ['--input-type', 'module', '-e', script]]) {
      const run = spawnSync(process.execPath, argv, { timeout: 30_000 });
      assert.equal(run.status, 0, run.stderr.toString());
      assert.deepEqual(decode(run.stdout), Buffer.from('from an ES module given with -e'));
    }
  });

  it('idle threads do not keep the process alive; one thread per core by default', () => {
    const script = `
      const os = require('node:os');
      const pool = require(${JSON.stringify(path.join(__dirname, '..'))}).createPool({ impl: 'wasm' });
      Promise.all(Array.from({ length: 64 }, (_, i) => pool.qrPng('x' + i))).then(() => {
        const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
        console.log(pool.stats().workers === Math.max(1, cores));
      });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'true');
  });
});

// The package as a copy outside the checkout (so that no build/qr-cli
// is found next to it), with PATH holding no qr-cli.
describe('the default pool without qr-cli', () => {
  let dir;
  let pkg;
  before(() => {
    dir = tempDir();
    pkg = path.join(dir, 'a', 'b', 'qr-cli');
    for (const sub of ['lib', 'native', 'wasm'])
      fs.mkdirSync(path.join(pkg, sub), { recursive: true });
    fs.copyFileSync(path.join(__dirname, '..', 'index.js'), path.join(pkg, 'index.js'));
    for (const sub of ['lib', 'native', 'wasm']) {
      for (const file of fs.readdirSync(path.join(__dirname, '..', sub)))
        if (/\.(js|mjs)$/.test(file))
          fs.copyFileSync(path.join(__dirname, '..', sub, file), path.join(pkg, sub, file));
    }
    fs.copyFileSync(WASM, path.join(pkg, 'wasm', 'qrpng.wasm'));
    fs.mkdirSync(path.join(dir, 'empty'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(script, env = {}) {
    const full = { ...process.env, PATH: path.join(dir, 'empty'), QRPNG_NODE_ADDON: '/nonexistent/qrpng.node' };
    delete full.QR_CLI;
    delete full.QRPNG_WASM;
    Object.assign(full, env);
    return spawnSync(process.execPath, ['-e', script], { cwd: dir, env: full, timeout: 30_000 });
  }

  it('qrPng falls back to wasm, with one line on stderr naming every place it looked', () => {
    const script = `const { qrPng, createPool, close } = require(${JSON.stringify(pkg)});
      createPool().close();
      qrPng('no qr-cli here').then(async (png) => { await close(); process.stdout.write(png); });`;
    const result = run(script);
    assert.equal(result.status, 0, result.stderr.toString());
    assert.deepEqual(decode(result.stdout), Buffer.from('no qr-cli here'));
    const lines = result.stderr.toString().trim().split('\n');
    assert.equal(lines.length, 1, result.stderr.toString());
    assert.match(lines[0], /^qr-cli: no qr-cli found \(tried /);
    // Every place: the one folder of PATH (a copy outside a checkout has no build/ to look in).
    assert.ok(lines[0].startsWith(`qr-cli: no qr-cli found (tried ${path.join(dir, 'empty', 'qr-cli')} (PATH)); `), lines[0]);
    assert.match(lines[0], /native addon did not load .*nonexistent\/qrpng\.node/);
    assert.match(lines[0], /rendering with qrpng\.wasm/);
  });

  it('a qrCli option or $QR_CLI that is wrong is an error, not a fallback', () => {
    const script = `const { createPool } = require(${JSON.stringify(pkg)});
      createPool({ workers: 1, qrCli: '/nonexistent/qr-cli' }).qrPng('x').catch((e) => {
        console.log(e.code);
        return createPool({ workers: 1 }).qrPng('x');
      }).catch((e) => console.log(e.code));`;
    const result = run(script, { QR_CLI: '/nonexistent/qr-cli' });
    assert.equal(result.stdout.toString(), 'QR_NOT_FOUND\nQR_NOT_FOUND\n', result.stderr.toString());
    assert.equal(result.stderr.toString(), '');
  });

  it('with neither the addon nor the module, requests fail with QR_NOT_FOUND as before, and nothing is logged', () => {
    fs.renameSync(path.join(pkg, 'wasm', 'qrpng.wasm'), path.join(dir, 'away.wasm'));
    try {
      const result = run(`require(${JSON.stringify(pkg)}).qrPng('x').catch((e) => console.log(e.code))`);
      assert.equal(result.stdout.toString(), 'QR_NOT_FOUND\n');
      assert.equal(result.stderr.toString(), '');
    } finally {
      fs.renameSync(path.join(dir, 'away.wasm'), path.join(pkg, 'wasm', 'qrpng.wasm'));
    }
  });
});
