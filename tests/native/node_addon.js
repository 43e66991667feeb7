'use strict';
// The Node addon (scripts/node/native) through its loader: every option
// byte for byte against qr-cli, every error code, text types, exceptions
// from JavaScript, hostile buffers and options (node_addon_hostile.js, each
// case in a child process), many pending promises decoded by zbarimg,
// 100,000 renders with the RSS flat, and the error when the addon is missing.
// Prints TAP for prove (run by node.t). Needs QR_CLI (make test sets it).
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const zlib = require('node:zlib');
const os = require('node:os');
const path = require('node:path');

// node.t may preload a sanitizer runtime into node; not into the tools
// (but again into the node children of the hostile cases).
const nodePreload = process.env.LD_PRELOAD;
delete process.env.LD_PRELOAD;

const native = require('../../scripts/node/native');
const { QrCliError } = require('../../scripts/node/lib/errors.js');
const hostile = require('./node_addon_hostile.js');
const cases = require('./cases.json');

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

const qrCli = process.env.QR_CLI || path.resolve(__dirname, '../../build/qr-cli');
const cliPng = (text, argv) =>
  execFileSync(qrCli, ['--keep-newline', '-i', '-', ...argv], { input: Buffer.from(text, 'utf8') });

// Byte for byte, unless the addon was loaded without RTLD_DEEPBIND: then
// its libpng deflates with node's zlib, so the IDAT bytes differ; the
// other chunks and the inflated image data must still be the same.
function pngParts(png) {
  const chunks = [];
  const idat = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IDAT') idat.push(data);
    else chunks.push([type, data]);
    at += 12 + len;
  }
  return { signature: png.subarray(0, 8), chunks, image: zlib.inflateSync(Buffer.concat(idat)) };
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Without DEEPBIND libpng may deflate with node's zlib: PNGs are then compared
// chunk by chunk and pixel by pixel. The other types do not use zlib.
function assertSamePng(actual, expected, label) {
  if (process.env.QRPNG_NODE_DEEPBIND !== '0' || !expected.subarray(0, 8).equals(PNG_SIGNATURE))
    assert.deepEqual(actual, expected, label);
  else assert.deepEqual(pngParts(actual), pngParts(expected), label);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpng-node-'));
function zbar(png) {
  const file = path.join(tmp, 'code.png');
  fs.writeFileSync(file, png);
  // --raw: the text alone; -q: no statistics. Binary-safe enough for UTF-8 texts.
  return execFileSync('zbarimg', ['-q', '--raw', file], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString('utf8').replace(/\n$/, '');
}

async function expectError(promiseOrFn, code, status) {
  let err;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof Error, `expected an Error with code ${code}`);
  assert.equal(err.code, code, err.message);
  assert.equal(err.status, status);
  assert.equal(typeof err.message, 'string');
  assert.ok(err.message.length > 0);
  return err;
}

test('every option, async and sync, is byte for byte qr-cli', async () => {
  for (const text of cases.texts) {
    for (const { opts, argv } of cases.options) {
      const want = cliPng(text, argv);
      const label = JSON.stringify({ text, opts });
      assertSamePng(await native.render(text, opts), want, label);
      assertSamePng(native.renderSync(Buffer.from(text), opts), want, label);
    }
  }
});

// The options the addon reads by iterating libqrpng's option table (camel
// case of each identifier), with no list of its own.
test('the table\'s newer options (symversion, micro, boostLevel, eightBit, dpi): byte for byte qr-cli', async () => {
  const text = 'https://example.com/table?id=21';
  const cases = [
    ['12345', { symversion: 10 }, ['-v', '10']],
    ['12345', { micro: true, type: 'utf8' }, ['--micro', '-t', 'utf8']],
    ['12345', { micro: true, symversion: 4, level: 'Q' }, ['--micro', '-v', '4', '-l', 'Q']],
    ['HELLO', { boostLevel: true }, ['--boost-level']],
    ['12345', { eightBit: true }, ['--8bit']],
    [text, { dpi: 300 }, ['--dpi', '300']],
    [text, { dpi: 1, symversion: 40, eightBit: true, boostLevel: true, scale: 1 },
      ['--dpi', '1', '-v', '40', '-8', '--boost-level', '--scale', '1']],
    [text, { micro: false, boostLevel: false, eightBit: false }, []],
  ];
  for (const [t, opts, argv] of cases) {
    const want = cliPng(t, argv);
    assertSamePng(await native.render(t, opts), want, JSON.stringify(opts));
    assertSamePng(native.renderSync(t, opts), want, JSON.stringify(opts));
  }
  // snake_case identifiers are Python's, not JavaScript's: ignored as any unknown member.
  assert.deepEqual(native.renderSync('12345', { eight_bit: true, boost_level: true }), native.renderSync('12345'));
});

test('the newer options\' bad values and types are QR_INVALID_ARGUMENT from the addon itself', async () => {
  const bad = [
    [{ symversion: 0 }, /symversion/], [{ symversion: 41 }, /symversion/], [{ symversion: '10' }, /symversion must be a number/],
    [{ symversion: 2.5 }, /whole number/], [{ dpi: 0 }, /dpi/], [{ dpi: 65536 }, /dpi/], [{ dpi: NaN }, /dpi/],
    [{ micro: 1 }, /micro must be a boolean/], [{ boostLevel: 'true' }, /boostLevel must be a boolean/],
    [{ eightBit: {} }, /eightBit must be a boolean/], [{ micro: true, symversion: 5 }, /Micro QR/],
    [{ micro: true, level: 'H' }, /Micro QR/],
  ];
  for (const [opts, pattern] of bad) {
    const e = await expectError(native.render('12345', opts), 'QR_INVALID_ARGUMENT', null);
    assert.match(e.message, pattern, JSON.stringify(opts));
    await expectError(() => native.renderSync('12345', opts), 'QR_INVALID_ARGUMENT', null);
  }
  const boom = new Error('boom');
  await assert.rejects(native.render('x', { get boostLevel() { throw boom; } }),
    (e) => e.code === 'QR_INVALID_ARGUMENT' && e.cause === boom && /boostLevel/.test(e.message));
  await expectError(native.render('x'.repeat(40), { micro: true }), 'QR_ENCODE', 2);
});

test('rendered codes decode with zbarimg', async () => {
  for (const text of ['https://example.com/qr?id=42', 'Héllo wörld, 多言語']) {
    for (const level of ['L', 'M', 'Q', 'H']) {
      assert.equal(zbar(await native.render(text, { level })), text);
    }
  }
});

test('text: string, Buffer, Uint8Array, subarray views agree; other types refused', async () => {
  const want = native.renderSync('abc');
  assert.deepEqual(await native.render(Buffer.from('abc')), want);
  assert.deepEqual(await native.render(new Uint8Array([97, 98, 99])), want);
  const big = Buffer.from('xxabcxx');
  assert.deepEqual(await native.render(big.subarray(2, 5)), want);
  assert.deepEqual(native.renderSync(new Uint8Array(big.buffer, big.byteOffset + 2, 3)), want);
  for (const bad of [undefined, null, 42, {}, [97], new Uint16Array([97]), new ArrayBuffer(3),
    new DataView(new ArrayBuffer(3)), Symbol('s'), () => 1]) {
    await expectError(native.render(bad), 'QR_INVALID_ARGUMENT', null);
    await expectError(() => native.renderSync(bad), 'QR_INVALID_ARGUMENT', null);
  }
  await expectError(native.render(), 'QR_INVALID_ARGUMENT', null);
});

test('a buffer changed after render() was called does not change the code', async () => {
  const buf = Buffer.from('first text');
  const pending = native.render(buf);
  buf.write('other text');
  assert.deepEqual(await pending, native.renderSync('first text'));
});

test('every invalid option gives QR_INVALID_ARGUMENT, never a crash', async () => {
  for (const { opts } of cases.invalid) {
    await expectError(native.render('x', opts), 'QR_INVALID_ARGUMENT', null);
    await expectError(() => native.renderSync('x', opts), 'QR_INVALID_ARGUMENT', null);
  }
  for (const opts of [42, 'L', true, Symbol('o')]) {
    await expectError(native.render('x', opts), 'QR_INVALID_ARGUMENT', null);
  }
  for (const size of [NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 64), 8192.0001]) {
    await expectError(native.render('x', { size }), 'QR_INVALID_ARGUMENT', null);
  }
  // Unknown members are the package's to refuse; the addon ignores them.
  assert.deepEqual(native.renderSync('x', { timeoutMs: 5 }), native.renderSync('x'));
  assert.deepEqual(native.renderSync('x', { size: null, level: undefined }), native.renderSync('x'));
});

test('library failures carry the HOST-API code and status', async () => {
  for (const c of cases.render_errors) {
    const text = c.text_repeat ? c.text_repeat[0].repeat(c.text_repeat[1]) : c.text;
    await expectError(native.render(text, c.opts), c.code, c.status);
    await expectError(() => native.renderSync(text, c.opts), c.code, c.status);
  }
  const err = await expectError(native.render(''), 'QR_ENCODE', 2);
  assert.match(err.message, /empty/);
});

test('an exception thrown by an option getter is QR_INVALID_ARGUMENT with it as cause', async () => {
  const boom = new Error('boom');
  const opts = { get level() { throw boom; } };
  const isWrapped = (e) => e instanceof QrCliError && e.code === 'QR_INVALID_ARGUMENT'
    && e.status === null && e.cause === boom && /level/.test(e.message);
  await assert.rejects(native.render('x', opts), isWrapped);
  assert.throws(() => native.renderSync('x', opts), isWrapped);
  const proxy = new Proxy({}, { get() { throw boom; } });
  await assert.rejects(native.render('x', proxy), (e) => e instanceof QrCliError && e.cause === boom);
  // The addon still works afterwards.
  assert.equal(zbar(await native.render('after')), 'after');
});

// Each case in a child process of its own: a crash fails that case only.
test(`hostile buffers and options (${hostile.CASES.join(', ')}): no crash, the bytes after the options, or QrCliError`, () => {
  const env = { ...process.env };
  if (nodePreload) env.LD_PRELOAD = nodePreload;
  const failures = [];
  for (const name of hostile.CASES) {
    const r = spawnSync(process.execPath, [hostile.SCRIPT, name], { env, encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0 || r.stdout !== 'ok\n')
      failures.push(`${name}: status ${r.status}, signal ${r.signal}: ${r.stderr.trim().split('\n').slice(0, 4).join(' | ')}`);
  }
  assert.deepEqual(failures, []);
});

test('500 pending promises all resolve; a sample decodes', async () => {
  const texts = Array.from({ length: 500 }, (_, i) => `pending ${i} ${'z'.repeat(i % 97)}`);
  const pngs = await Promise.all(texts.map((t, i) => native.render(t, { level: 'LMQH'[i % 4] })));
  for (let i = 0; i < texts.length; i += 50) assert.equal(zbar(pngs[i]), texts[i]);
  for (let i = 0; i < texts.length; i++) {
    assert.deepEqual(pngs[i], native.renderSync(texts[i], { level: 'LMQH'[i % 4] }), texts[i]);
  }
});

test('worker threads ended with renders in flight: no crash, main thread unaffected', async () => {
  const { Worker } = require('node:worker_threads');
  const code = `
    const native = require(${JSON.stringify(path.resolve(__dirname, '../../scripts/node/native'))});
    const { parentPort } = require('node:worker_threads');
    for (let i = 0; i < 300; i++) native.render('worker ' + i).catch(() => {});
    native.render('first').then((b) => parentPort.postMessage(b.length));`;
  for (let round = 0; round < 10; round++) {
    const w = new Worker(code, { eval: true });
    await new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    await w.terminate();
  }
  assert.equal(zbar(await native.render('main thread')), 'main thread');
});

// RSS outside V8's heap (rss - heapTotal) is what the addon's memory can
// move: V8 grows its own heap in steps of megabytes whatever the work
// (measured: 7.5 -> 11.5 MB heapTotal near 50,000 renders, the same with
// no addon call at all). A leak of 50 bytes a render would add 3 MB over
// the 70,000 renders after warm-up; measured growth is under 0.5 MB.
test('100,000 renders (errors mixed in): RSS flat after warm-up', async () => {
  // ASan keeps freed memory in quarantine (256 MB), and is slow. The
  // returned text becomes TAP's "# SKIP" directive (the runner below),
  // which prove counts as skipped, not passed.
  if (process.env.QRPNG_NODE_PRELOAD) return 'SKIP under the sanitizer runtime';
  const opts = { scale: 2, margin: 1 };
  const batch = async (from, to) => {
    const pending = [];
    for (let i = from; i < to; i++) {
      if (i % 10 === 0) pending.push(native.render('', opts).then(() => { throw new Error('no'); }, () => null));
      else if (i % 10 === 1) pending.push(Promise.resolve().then(() => native.renderSync(`sync ${i}`, opts)));
      else if (i % 10 === 2) pending.push(native.render(`bad ${i}`, { size: -i }).catch(() => null));
      else pending.push(native.render(`loop ${i}`, opts));
    }
    const out = await Promise.all(pending);
    assert.ok(out[3].length > 0);
  };
  const sample = () => {
    global.gc?.();
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapTotal, native: m.rss - m.heapTotal };
  };
  const total = 100000, warmup = 30000, step = 250;
  const samples = [];
  for (let i = 0; i < total; i += step) {
    await batch(i, i + step);
    if ((i + step) % 10000 === 0) samples.push(sample());
  }
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(`# every 10,000 renders, rss/heapTotal MB: ${samples.map((x) => `${mb(x.rss)}/${mb(x.heap)}`).join(' ')}`);
  const warm = samples[warmup / 10000 - 1], end = samples[samples.length - 1];
  const grown = Math.max(...samples.slice(warmup / 10000).map((x) => x.native)) - warm.native;
  assert.ok(grown < 2 * 1048576, `RSS outside the V8 heap grew ${mb(grown)} MB after warm-up`);
  assert.ok(end.rss - warm.rss < 8 * 1048576, `RSS grew from ${mb(warm.rss)} to ${mb(end.rss)} MB`);
});

test('a missing addon is a QR_NATIVE_UNAVAILABLE error naming the build command', () => {
  // The loader with the one module it needs (lib/errors.js), as packed.
  const root = fs.mkdtempSync(path.join(tmp, 'loader-'));
  const dir = path.join(root, 'native');
  for (const file of ['native/index.js', 'lib/errors.js']) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.resolve(__dirname, '../../scripts/node', file), path.join(root, file));
  }
  const script = `
    const n = require(${JSON.stringify(dir)});
    const out = { available: n.available() };
    try { n.renderSync('x'); } catch (e) { out.sync = [e.code, e.status, e.message]; }
    n.render('x').then(() => {}, (e) => { out.async = [e.code, e.status];
      process.stdout.write(JSON.stringify(out)); });`;
  const env = { ...process.env, QRPNG_NODE_ADDON: path.join(dir, 'missing.node') };
  const r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.available, false);
  assert.deepEqual(out.async, ['QR_NATIVE_UNAVAILABLE', null]);
  assert.equal(out.sync[0], 'QR_NATIVE_UNAVAILABLE');
  assert.match(out.sync[2], /make node-addon/);
  assert.match(out.sync[2], /missing\.node \(not found\)/);
});

// The addon's own refusals (reached by callers of the addon itself; the
// package checks first) are in the option table's words, as qr-cli's.
test("a bad value is refused in the option table's words", () => {
  const table = process.env.OPTION_TABLE || path.resolve(__dirname, '../../build/tests/option_table');
  const expects = Object.fromEntries(execFileSync(table, { encoding: 'utf8' }).trim().split('\n')
    .map((line) => line.split('\t')).map((c) => [c[1], c[7]]));
  const bad = [[{ size: 0 }, 'invalid size 0: '], [{ dpi: 70000 }, 'invalid dpi 70000: '],
    [{ level: 'Z' }, "invalid level 'Z': "], [{ type: 'bmp' }, "invalid type 'bmp': "],
    [{ fg: 'red' }, "invalid fg 'red': "], [{ bg: 'x\n' }, 'invalid bg: ']];
  for (const [opts, start] of bad) {
    const name = Object.keys(opts)[0];
    assert.throws(() => native.renderSync('x', opts),
      (e) => e.code === 'QR_INVALID_ARGUMENT' && e.message === start + expects[name], JSON.stringify(opts));
  }
});

(async () => {
  console.log(`1..${tests.length}`);
  let failed = 0;
  for (const [n, t] of tests.entries()) {
    try {
      const skip = await t.fn();
      console.log(`ok ${n + 1} - ${t.name}${skip ? ` # ${skip}` : ''}`);
    } catch (err) {
      failed++;
      console.log(`not ok ${n + 1} - ${t.name}`);
      for (const line of String(err && err.stack || err).split('\n')) console.log(`#   ${line}`);
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
})();
