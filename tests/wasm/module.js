'use strict';
// build/wasm/qrpng.wasm (wasm/qrpng_wasm.h, docs/wasm.md) against qr-cli:
// no imports; every option over a few hundred texts byte for byte equal to
// qr-cli's worker (version 3 frames carry the same option lines), errors
// with qr-cli's status class and words, the next render fine after each;
// memory exhausted answered with a status, never a trap; 100,000 renders and 10,000 contexts with the memory flat; a second
// clean build byte-identical; no host header in the build. Prints TAP.
const assert = require('node:assert/strict');
const { spawn, execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const buildDir = process.env.BUILD_DIR || path.join(root, 'build');
const qrCli = process.env.QR_CLI || path.join(buildDir, 'qr-cli');
const modulePath = path.join(buildDir, 'wasm', 'qrpng.wasm');

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

// ---- the module through its ABI -------------------------------------

const ABI = ['qrpng_wasm_alloc', 'qrpng_wasm_free', 'qrpng_wasm_ctx_new',
  'qrpng_wasm_ctx_free', 'qrpng_wasm_render', 'qrpng_wasm_output',
  'qrpng_wasm_output_size', 'qrpng_wasm_message', 'qrpng_wasm_version'];
const STATUS = { OK: 0, EMPTY_INPUT: 1, TOO_LONG: 2, INVALID_OPTION: 3,
  NO_MEMORY: 4, DEPENDENCY: 5, NULL_ARGUMENT: 6 };
// qr-cli's status class of a qrpng_status (common/exit_codes.c).
const exitClass = (s) => (s === 0 ? 0 : s === 1 || s === 2 ? 2 : s === 3 ? 1 : 4);

const wasmBytes = fs.readFileSync(modulePath);
const wasmModule = new WebAssembly.Module(wasmBytes);

// Pointers and sizes are unsigned 32-bit: over 2 GiB, JavaScript sees an
// i32 result as negative, so every one is read through >>> 0.
function cString(e, p) {
  p >>>= 0;
  const mem = new Uint8Array(e.memory.buffer);
  let end = p;
  while (mem[end] !== 0) end++;
  return Buffer.from(mem.subarray(p, end)).toString('utf8');
}

// One instance, one context, buffers reused, as a host would.
function instance() {
  const e = new WebAssembly.Instance(wasmModule, {}).exports;
  const ctx = e.qrpng_wasm_ctx_new();
  assert.notEqual(ctx, 0);
  let cap = 0, buf = 0;
  function put(bytes) {
    if (bytes.length > cap) {
      if (buf) e.qrpng_wasm_free(buf);
      cap = Math.max(bytes.length, 16384);
      buf = e.qrpng_wasm_alloc(cap) >>> 0;
      assert.notEqual(buf, 0);
    }
    new Uint8Array(e.memory.buffer, buf, bytes.length).set(bytes);
    return buf;
  }
  // text and options: Buffers. { status, data } or { status, message }.
  function render(text, options) {
    const both = Buffer.concat([text, options]);
    const p = put(both);
    const status = e.qrpng_wasm_render(ctx, p, text.length,
      options.length ? p + text.length : 0, options.length);
    if (status !== 0)
      return { status, message: cString(e, e.qrpng_wasm_message(ctx)),
        size: e.qrpng_wasm_output_size(ctx) >>> 0 };
    const data = Buffer.from(new Uint8Array(e.memory.buffer,
      e.qrpng_wasm_output(ctx) >>> 0, e.qrpng_wasm_output_size(ctx) >>> 0));
    return { status, data, message: cString(e, e.qrpng_wasm_message(ctx)) };
  }
  return { e, ctx, render };
}

// ---- qr-cli's worker: version 3 frames, the same option lines ----------

function frame(text, options) {
  const h = Buffer.alloc(12);
  h.write('QW', 0, 'latin1');
  h[2] = 3;
  h.writeUInt16LE(options.length, 4);
  h.writeUInt32LE(text.length, 8);
  return Buffer.concat([h, options, text]);
}

// [{ text, options }] -> [{ status, payload }], in order, one worker.
function worker(requests) {
  return new Promise((resolve, reject) => {
    const child = spawn(qrCli, ['--worker', '--'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('worker timed out')); }, 60000);
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const out = Buffer.concat(chunks);
      const replies = [];
      for (let at = 0; at < out.length;) {
        const len = out.readUInt32LE(at + 4);
        replies.push({ status: out[at + 3], payload: out.subarray(at + 8, at + 8 + len) });
        at += 8 + len;
      }
      if (code !== 0 || replies.length !== requests.length)
        reject(new Error(`worker exit ${code}, ${replies.length} of ${requests.length} replies`));
      else resolve(replies);
    });
    child.stdin.end(Buffer.concat(requests.map((r) => frame(r.text, r.options))));
  });
}

// ---- the cases ---------------------------------------------------------

// A few hundred texts: every encoding mode, UTF-8, NUL bytes, lengths from
// 1 byte to past every level's capacity; a fixed pseudo-random sequence.
function makeTexts() {
  let seed = 2026;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const pick = (alphabet, n) => Array.from({ length: n }, () => alphabet[rand(alphabet.length)]).join('');
  const lower = 'abcdefghijklmnopqrstuvwxyz ./:-?=&';
  const alnum = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
  const texts = [];
  for (let i = 0; i < 300; i++) {
    const len = [1, 2, 3, 5, 8, 13, 21, 40, 80, 150, 300][i % 11] + rand(4);
    switch (i % 6) {
      case 0: texts.push(Buffer.from(pick('0123456789', len))); break;
      case 1: texts.push(Buffer.from(pick(alnum, len))); break;
      case 2: texts.push(Buffer.from(pick(lower, len))); break;
      case 3: texts.push(Buffer.from(pick(['é', '多', '言', '✓', 'ü', 'a', ' ', '😀'], len))); break;
      case 4: texts.push(Buffer.from(Array.from({ length: len }, () => rand(256)))); break;
      default: texts.push(Buffer.from(`https://example.com/${pick(lower, len)}?id=${rand(1e6)}`));
    }
  }
  texts.push(Buffer.from('nul\0inside\nand newline\n'));
  texts.push(Buffer.from('1'.repeat(7089)));          // version 40-L's digits
  texts.push(Buffer.from('A'.repeat(2953)));
  texts.push(Buffer.from('a'.repeat(2954)));          // one byte too many at L
  return texts;
}

// Every row of the option table, each with a few values, every type, and
// mixes; the names both as the long name and as the identifier.
const OPTION_SETS = [
  '', 'level=L', 'level=m', 'level=Q', 'level=H',
  'size=1', 'size=57', 'size=300', 'size=1000',
  'scale=1', 'scale=3', 'scale=9',
  'margin=0', 'margin=2', 'margin=11',
  'fg=#123456', 'fg=#abc', 'bg=#fedcba', 'bg=transparent', 'fg=#ffffff\nbg=#000000',
  'fg=#000000\nbg=transparent', 'fg=#f00\nbg=transparent',
  'type=png', 'type=svg', 'type=EPS', 'type=utf8', 'type=ansiutf8', 'type=ascii',
  'type=utf8i', 'type=asciii',
  'symversion=1', 'symversion=7', 'symversion=40',
  'micro', 'micro\nlevel=M', 'micro=true\nlevel=Q', 'micro\nsymversion=2', 'micro=false',
  'boost-level', 'boost_level=yes\nlevel=M', '8bit', 'eight_bit=1\ntype=svg',
  'dpi=72', 'dpi=65535',
  'type=svg\nfg=#336699\nbg=transparent\nscale=4',
  'type=eps\nfg=#102030\nbg=#fff\nmargin=1',
  'type=utf8\nmicro\nmargin=0', 'level=h\nsize=640\ndpi=300\nbg=#eeeeee\n',
  'size=300\n\nsize=120', // the last one counts; empty lines skipped
];

test('the module imports nothing and exports the ABI and its memory', () => {
  assert.deepEqual(WebAssembly.Module.imports(wasmModule), []);
  const exports = WebAssembly.Module.exports(wasmModule);
  assert.deepEqual(exports.map((x) => x.name).sort(), [...ABI, 'memory'].sort());
  for (const x of exports)
    assert.equal(x.kind, x.name === 'memory' ? 'memory' : 'function');
  // An empty import object is enough to instantiate it.
  new WebAssembly.Instance(wasmModule, {});
});

test('qrpng_wasm_version is libqrpng\'s version', () => {
  const { e } = instance();
  const header = fs.readFileSync(path.join(root, 'lib/qrpng.h'), 'utf8');
  const version = header.match(/#define QRPNG_VERSION_STRING "([^"]+)"/)[1];
  assert.equal(cString(e, e.qrpng_wasm_version()), version);
});

const texts = makeTexts();

test(`${texts.length} texts x ${OPTION_SETS.length} option sets: the bytes of qr-cli's worker`, async () => {
  const w = instance();
  let compared = 0, failures = 0;
  for (const set of OPTION_SETS) {
    const options = Buffer.from(set);
    const replies = await worker(texts.map((text) => ({ text, options })));
    texts.forEach((text, i) => {
      const r = w.render(text, options);
      const label = `options ${JSON.stringify(set)}, text ${i} (${text.length} bytes)`;
      assert.equal(exitClass(r.status), replies[i].status, label);
      if (r.status === 0) {
        assert.ok(r.data.equals(replies[i].payload), `${label}: bytes differ`);
        assert.equal(r.message, '', label);
      } else {
        assert.equal(r.message, replies[i].payload.toString('utf8'), label);
        assert.equal(r.size, 0, label);
        failures++;
      }
      compared++;
    });
  }
  // Micro QR and the long texts must have failed somewhere, the rest not.
  assert.ok(failures > 0 && failures < compared / 4, `${failures} failures of ${compared}`);
});

test('a PNG, an SVG and the one-shot qr-cli agree for a text with options', () => {
  const w = instance();
  const text = Buffer.from('Héllo wörld, 多言語 https://example.com/?q=1');
  for (const [set, argv] of [['', []], ['level=Q\nsize=333\nfg=#102030', ['-l', 'Q', '-s', '333', '--fg', '#102030']],
    ['type=svg\nmicro=0\nmargin=1', ['-t', 'svg', '-m', '1']], ['type=eps\nscale=5', ['-t', 'eps', '--scale', '5']],
    ['type=utf8\n8bit', ['-t', 'utf8', '-8']]]) {
    const cli = execFileSync(qrCli, ['--keep-newline', '-i', '-', ...argv], { input: text });
    const r = w.render(text, Buffer.from(set));
    assert.equal(r.status, 0);
    assert.ok(r.data.equals(cli), `options ${JSON.stringify(set)}`);
  }
});

// Options the table refuses: the worker's words for the same lines, and
// for the ones the command line spells alike, qr-cli's stderr line.
const BAD_OPTIONS = [
  'size=0', 'size=abc', 'size=8193', 'size=-1', 'size= 3', 'level=X', 'level=',
  'level', 'type=gif', 'colour=red', 'micro=maybe', 'fg=red', 'bg=#12',
  'fg=#000\nbg=#000000', 'size=300\nscale=2', 'scale=0', 'symversion=41',
  'micro\nlevel=H', 'micro\nsymversion=5', 'dpi=65536', 'margin=256',
  'size=3\u202e00', 'type=\u001b[31m', 'size=300\x00', '=1', 'unknown option line',
  'x'.repeat(1000), 'size=300\r', ' size=300', 'level=\u00e9', 'type=svg\nmicro\nlevel=H',
];

test(`${BAD_OPTIONS.length} bad options: status 3, qr-cli's words, the next render fine`, async () => {
  const w = instance();
  const text = Buffer.from('hello');
  const good = w.render(text, Buffer.alloc(0));
  assert.equal(good.status, 0);
  const replies = await worker(BAD_OPTIONS.map((set) => ({ text, options: Buffer.from(set) })));
  BAD_OPTIONS.forEach((set, i) => {
    const r = w.render(text, Buffer.from(set));
    assert.equal(r.status, STATUS.INVALID_OPTION, set);
    assert.equal(replies[i].status, 1, set);
    assert.equal(r.message, replies[i].payload.toString('utf8'), set);
    assert.ok(!r.message.includes('\n') && r.message.length > 0, set);
    assert.equal(r.size, 0);
    const next = w.render(text, Buffer.alloc(0));
    assert.equal(next.status, 0, `after ${set}`);
    assert.ok(next.data.equals(good.data), `after ${set}`);
  });
  // The ones the command line names alike: its stderr line, less "qr-cli: ".
  for (const [set, argv] of [['micro\nlevel=H', ['--micro', '-l', 'H']],
    ['size=300\nscale=2', ['-s', '300', '--scale', '2']], ['fg=#000\nbg=#000000', ['--fg', '#000', '--bg', '#000000']]]) {
    const cli = spawnSync(qrCli, [...argv, '-o', '/dev/null', 'hello'], { encoding: 'utf8' });
    assert.equal(cli.status, 1);
    assert.equal(cli.stderr, `qr-cli: ${w.render(text, Buffer.from(set)).message}\n`, set);
  }
});

test('an options line over 1024 bytes is refused (the worker never sees one)', () => {
  const w = instance();
  const r = w.render(Buffer.from('hi'), Buffer.from(`size=${'1'.repeat(1100)}`));
  assert.equal(r.status, STATUS.INVALID_OPTION);
  assert.equal(r.message, 'an option line is over 1024 bytes');
  assert.equal(w.render(Buffer.from('hi'), Buffer.alloc(0)).status, 0);
});

test('a text too long, and an empty one: qr-cli\'s stderr line, the next render fine', () => {
  const w = instance();
  for (const [text, set, argv, status] of [
    [Buffer.from('a'.repeat(3000)), 'level=H', ['-l', 'H'], STATUS.TOO_LONG],
    [Buffer.from('a'.repeat(7090)), '', [], STATUS.TOO_LONG],
    [Buffer.alloc(100000, '7'), 'level=Q', ['-l', 'Q'], STATUS.TOO_LONG], // refused before any work
    [Buffer.from('1'.repeat(36)), 'micro', ['--micro'], STATUS.TOO_LONG],
    [Buffer.from('x'.repeat(100)), 'symversion=40\nlevel=H', ['-v', '40', '-l', 'H'], STATUS.OK],
    [Buffer.alloc(0), '', [], STATUS.EMPTY_INPUT],
  ]) {
    const r = w.render(text, Buffer.from(set));
    assert.equal(r.status, status, set);
    const cli = spawnSync(qrCli, ['--keep-newline', '-i', '-', '-o', '/dev/null', ...argv], { input: text, encoding: 'utf8' });
    assert.equal(cli.status, exitClass(status));
    assert.equal(cli.stderr, status === 0 ? '' : `qr-cli: ${r.message}\n`);
    assert.equal(w.render(Buffer.from('next'), Buffer.alloc(0)).status, 0);
  }
});

test('NULL arguments: a status, no trap; a pointer outside memory traps', () => {
  const { e, ctx } = instance();
  assert.equal(e.qrpng_wasm_render(0, 0, 0, 0, 0), STATUS.NULL_ARGUMENT);
  assert.equal(e.qrpng_wasm_output(0), 0);
  assert.equal(e.qrpng_wasm_output_size(0), 0);
  assert.ok(cString(e, e.qrpng_wasm_message(0)).length > 0);
  const t = e.qrpng_wasm_alloc(2);
  new Uint8Array(e.memory.buffer, t, 2).set([104, 105]);
  assert.equal(e.qrpng_wasm_render(ctx, t, 2, 0, 5), STATUS.NULL_ARGUMENT);
  assert.equal(cString(e, e.qrpng_wasm_message(ctx)), 'options is NULL with a length');
  assert.equal(e.qrpng_wasm_render(ctx, 0, 2, 0, 0), STATUS.NULL_ARGUMENT);
  assert.equal(e.qrpng_wasm_render(ctx, t, 2, 0, 0), STATUS.OK);
  assert.notEqual(e.qrpng_wasm_alloc(0), 0);
  e.qrpng_wasm_free(0);
  e.qrpng_wasm_ctx_free(0);
  // A pointer past the memory (a host's bug) traps: the sandbox holds.
  assert.throws(() => e.qrpng_wasm_render(ctx, 0xffffff00 | 0, 1000, 0, 0), WebAssembly.RuntimeError);
  assert.throws(() => e.qrpng_wasm_render(ctx, t, 2, 0xfffffff0 | 0, 100), WebAssembly.RuntimeError);
  // After a trap the host instantiates again, from the same compiled module.
  const again = instance();
  assert.equal(again.render(Buffer.from('hi'), Buffer.alloc(0)).status, 0);
});

test('each context keeps its own output while others render and memory grows', () => {
  const { e } = instance();
  const ctxs = [e.qrpng_wasm_ctx_new(), e.qrpng_wasm_ctx_new(), e.qrpng_wasm_ctx_new()];
  const jobs = [['first', 'type=svg'], ['second', ''], ['1'.repeat(7089), 'size=8192']];
  const before = e.memory.buffer.byteLength;
  jobs.forEach(([text, set], i) => {
    const both = Buffer.from(text + set);
    const p = e.qrpng_wasm_alloc(both.length) >>> 0;
    new Uint8Array(e.memory.buffer, p, both.length).set(both);
    assert.equal(e.qrpng_wasm_render(ctxs[i], p, text.length, p + text.length, set.length), 0);
    e.qrpng_wasm_free(p);
  });
  assert.ok(e.memory.buffer.byteLength > before, 'the large render grew the memory');
  jobs.forEach(([text, set], i) => {
    const out = Buffer.from(new Uint8Array(e.memory.buffer, e.qrpng_wasm_output(ctxs[i]) >>> 0,
      e.qrpng_wasm_output_size(ctxs[i]) >>> 0));
    const fresh = instance().render(Buffer.from(text), Buffer.from(set));
    assert.ok(out.equals(fresh.data), `context ${i}`);
  });
  ctxs.forEach((c) => e.qrpng_wasm_ctx_free(c));
});

// Every block the module's memory can still give (up to 4 GiB of address
// space, untouched, so nearly nothing is resident), smallest last.
function exhaust(e) {
  const blocks = [];
  for (const size of [1 << 28, 1 << 24, 1 << 20, 1 << 16, 1 << 12, 1 << 8, 16])
    for (let p; (p = e.qrpng_wasm_alloc(size) >>> 0) !== 0;) blocks.push([p, size]);
  return blocks;
}

test('memory exhausted: out of memory (status 4), never a trap; freed, the same instance renders', () => {
  // The largest PNG (version 40, 8192 px): libpng's allocations fail as
  // memory runs out, where a longjmp would trap (wasm/sysroot/include/setjmp.h).
  const text = Buffer.from('1'.repeat(7089));
  const options = Buffer.from('size=8192');
  const expected = instance().render(text, options);
  assert.equal(expected.status, 0);
  const w = instance();
  const blocks = exhaust(w.e);
  assert.ok(w.e.memory.buffer.byteLength >= 2 ** 31, `memory stopped at ${w.e.memory.buffer.byteLength}`);
  const statuses = new Map();
  let freed = 0;
  for (let i = blocks.length - 1; i >= 0; i--) {
    w.e.qrpng_wasm_free(blocks[i][0]);
    freed += blocks[i][1];
    if (blocks[i][1] < 16384 && i > 0 && blocks[i - 1][1] < 16384 && freed % 16384 !== 0) continue;
    let r;
    try {
      r = w.render(text, options);
    } catch (e) {
      assert.fail(`a trap with ${freed} bytes free: ${e}`);
    }
    statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
    if (r.status === 0) {
      assert.ok(r.data.equals(expected.data));
      break;
    }
    assert.equal(r.status, STATUS.NO_MEMORY, `${freed} bytes free`);
    assert.match(r.message, /^out of memory/);
  }
  assert.ok(statuses.get(STATUS.NO_MEMORY) > 10 && statuses.get(0) === 1,
    `statuses ${JSON.stringify([...statuses])}, ${freed} bytes freed`);
  // A small render too, with memory exhausted again: a status, no trap.
  exhaust(w.e);
  assert.equal(w.render(Buffer.from('hello'), Buffer.alloc(0)).status, STATUS.NO_MEMORY);
});

test('100,000 renders: the memory flat after warm-up', () => {
  const w = instance();
  const sets = ['', 'type=svg', 'level=H\nsize=400', 'micro', 'type=utf8', 'size=0', 'type=eps\nbg=transparent'].map((s) => Buffer.from(s));
  const short = texts.filter((t) => t.length < 120);
  let after = 0, ok = 0;
  const deadline = Date.now() + 120000;
  for (let i = 0; i < 100000; i++) {
    const r = w.render(short[i % short.length], sets[i % sets.length]);
    if (r.status === 0) ok++;
    if (i === 9999) after = w.e.memory.buffer.byteLength;
    if (i % 1000 === 0) assert.ok(Date.now() < deadline, `only ${i} renders in 120 s`);
  }
  assert.ok(ok > 50000, `${ok} renders succeeded`);
  assert.equal(w.e.memory.buffer.byteLength, after, 'memory grew after 10,000 renders');
});

test('10,000 contexts and allocations made and freed: the memory flat', () => {
  const e = new WebAssembly.Instance(wasmModule, {}).exports;
  const text = e.qrpng_wasm_alloc(5);
  new Uint8Array(e.memory.buffer, text, 5).set(Buffer.from('hello'));
  let after = 0;
  for (let i = 0; i < 10000; i++) {
    const ctx = e.qrpng_wasm_ctx_new();
    const p = e.qrpng_wasm_alloc(1 + (i % 5000));
    assert.equal(e.qrpng_wasm_render(ctx, text, 5, 0, 0), 0);
    e.qrpng_wasm_free(p);
    e.qrpng_wasm_ctx_free(ctx);
    if (i === 999) after = e.memory.buffer.byteLength;
  }
  assert.equal(e.memory.buffer.byteLength, after);
});

test('two clean builds into two folders are byte-identical, and equal this one', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpng-wasm-'));
  try {
    const cache = path.join(buildDir, 'wasm');
    for (const dir of ['a', 'b'])
      execFileSync('make', ['-s', '-C', root, 'wasm', `BUILD=${path.join(tmp, dir)}`, `WASM_CACHE=${cache}`],
        { stdio: ['ignore', 'ignore', 'inherit'], timeout: 300000 });
    const a = fs.readFileSync(path.join(tmp, 'a/wasm/qrpng.wasm'));
    const b = fs.readFileSync(path.join(tmp, 'b/wasm/qrpng.wasm'));
    assert.ok(a.equals(b), 'the two builds differ');
    assert.ok(a.equals(wasmBytes), `differs from ${modulePath}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('make runs the sources script once for all three trees (make -j)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpng-wasm-j-'));
  try {
    const out = execFileSync('make', ['-n', '-j3', '-C', root, 'wasm-sources', `WASM_CACHE=${tmp}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    assert.equal(out.split('\n').filter((l) => l.includes('scripts/wasm-sources.sh')).length, 1, out);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('the sources unpack again from the downloads alone: no apt-get run', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qrpng-wasm-src-'));
  try {
    fs.cpSync(path.join(buildDir, 'wasm', 'download'), path.join(tmp, 'download'), { recursive: true });
    execFileSync('sh', [path.join(root, 'scripts/wasm-sources.sh'), tmp],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 });
    // apt-get update would have left the suites' index files here.
    const lists = path.join(tmp, 'apt/state/lists');
    assert.deepEqual(fs.readdirSync(lists).filter((f) => f !== 'partial' && f !== 'lock'), []);
    for (const tree of ['zlib/deflate.c', 'libpng1.6/pngwrite.c', 'qrencode/qrencode.c'])
      assert.ok(fs.existsSync(path.join(tmp, 'src', tree)), tree);
    assert.ok(fs.readFileSync(path.join(tmp, 'src/sources.sha256'))
      .equals(fs.readFileSync(path.join(root, 'wasm/sources.sha256'))));
    // A second run finds everything done.
    const again = spawnSync('sh', [path.join(root, 'scripts/wasm-sources.sh'), tmp], { encoding: 'utf8' });
    assert.equal(again.status, 0);
    assert.equal(again.stderr, '');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('no host header in the build: every include is wasi-libc\'s, clang\'s or ours', () => {
  const out = execFileSync('make', ['-s', '-C', root, 'wasm-check-headers', `BUILD=${buildDir}`],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300000 });
  assert.match(out, /^wasm-check-headers: \d+ files, \d+ headers, none from the host$/m);
});

(async () => {
  console.log(`1..${tests.length}`);
  let failed = 0;
  for (const [i, t] of tests.entries()) {
    try {
      await t.fn();
      console.log(`ok ${i + 1} - ${t.name}`);
    } catch (e) {
      failed++;
      console.log(`not ok ${i + 1} - ${t.name}`);
      console.log(String(e && e.stack || e).split('\n').map((l) => `# ${l}`).join('\n'));
    }
  }
  process.exitCode = failed ? 1 : 0;
})();
