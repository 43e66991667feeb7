'use strict';
// The package as a user gets it: `npm pack` (whose prepack builds the
// addon and the WebAssembly module into the tarball), then an offline
// install of the tarball into a fresh project, require('qr-cli') with
// qr-cli found on PATH, a PNG that decodes; impl 'native' from the
// tarball's addon, and a QR_NATIVE_UNAVAILABLE that says why when the
// addon will not load; the lookup of an installed copy (never a build/ next
// to the project); with no qr-cli anywhere, qrPng through the addon, then
// through the bundled qrpng.wasm, and qr-cli/wasm imported; and index.d.ts
// and wasm/index.d.mts checked by tsc --strict against usage files (tsc
// and @types/node come from the example's devDependencies).

const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { QR_CLI, EXAMPLE, tempDir, decode } = require('./helpers.js');
const { missing, startServer, screenshot, wanted } = require('./browser-support.js');

const PACKAGE = path.join(__dirname, '..');
const TSC = path.join(EXAMPLE, 'node_modules', 'typescript', 'bin', 'tsc');

const USAGE_TS = `import { qrPng, close, createPool, spawnQrPng, QrCliError } from 'qr-cli';
import type { Pool, PoolStats, PoolOptions, QrCliErrorCode, QrType } from 'qr-cli';

async function main(): Promise<void> {
  const png: Buffer = await qrPng('hello', { level: 'M', size: 300, timeoutMs: 5000 });
  const options: PoolOptions = { workers: 2, maxInFlight: 8, maxQueue: 100, timeoutMs: 2000, bg: 'transparent' };
  const pool: Pool = createPool(options);
  const inProcess: PoolOptions = { impl: 'native', level: 'H' };
  const unavailable: QrCliErrorCode = 'QR_NATIVE_UNAVAILABLE';
  const threads: Pool = createPool({ impl: 'wasm', workers: 2, timeoutMs: 1000 });
  const noModule: QrCliErrorCode = 'QR_WASM_UNAVAILABLE';
  console.log(inProcess, unavailable, noModule, threads.stats().workers);
  const stats: PoolStats = pool.stats();
  const sum: number = stats.workers + stats.inFlight + stats.queued + stats.restarts;
  await pool.qrPng(new Uint8Array([0x61]), { scale: 4, fg: '#123' });
  const type: QrType = 'utf8';
  const text: Buffer = await pool.qrPng('t', { type, level: 'q' });
  await spawnQrPng('s', { type: 'SVG' });
  await spawnQrPng('12345', { micro: true, symversion: 2, boostLevel: false, eightBit: true, dpi: 300 });
  const symbol: PoolOptions = { symversion: 10, micro: false, boostLevel: true, eightBit: false, dpi: 72 };
  console.log(symbol);
  console.log(text.length);
  try {
    await spawnQrPng(Buffer.from('x'), { qrCli: '/usr/local/bin/qr-cli', margin: 0 });
  } catch (e) {
    if (e instanceof QrCliError) {
      const code: QrCliErrorCode = e.code;
      const status: number | null = e.status;
      const detail: string = e.stderr + e.message + String(e.signal);
      console.log(code, status, detail);
    }
  }
  await pool.close();
  await close();
  console.log(png.length, sum);
}
main();
`;

const WASM_USAGE_MTS = `import { load, QrCliError } from 'qr-cli/wasm';
import type { QrWasm, WasmSource, RenderOptions, QrCliErrorCode } from 'qr-cli/wasm';
import { readFile } from 'node:fs/promises';

const qr: QrWasm = await load();
const png: Uint8Array = qr.render('hello', { level: 'M', size: 300 });
const svg: Uint8Array = qr.render(new Uint8Array([0x61]), { type: 'svg', bg: 'transparent' });
const version: string = qr.version();
const again: QrWasm = await load(qr.module);
const sources: WasmSource[] = [new URL('https://example.com/qrpng.wasm'), 'qrpng.wasm', await readFile('x.wasm'),
  new ArrayBuffer(8), qr.module, Promise.resolve(new Uint8Array(8))];
const options: RenderOptions = { micro: true, symversion: 2 };
try {
  again.render('', options);
} catch (e) {
  if (e instanceof QrCliError) {
    const code: QrCliErrorCode = e.code;
    const status: number | null = e.status;
    console.log(code, status);
  }
}
console.log(png.length, svg.length, version, sources.length);
`;

// npm as a user runs it: not with the settings a make run (check-sanitize's
// BUILD, CC, CFLAGS, ...) exports to the suites, which prepack's make would take.
const MAKE_SETTINGS = ['BUILD', 'SANITIZE', 'CC', 'CFLAGS', 'LDFLAGS', 'CPPFLAGS', 'MAKEFLAGS', 'MAKELEVEL', 'MFLAGS'];

function npm(args, cwd, env = {}) {
  const base = { ...process.env };
  for (const name of MAKE_SETTINGS)
    delete base[name];
  return execFileSync('npm', args, { cwd, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    .toString();
}

describe('the packed package, installed offline', () => {
  const dir = tempDir();
  const project = path.join(dir, 'project');
  let packed;
  before(() => {
    packed = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], PACKAGE))[0];
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), '{ "name": "fresh", "version": "1.0.0", "private": true }\n');
    // A cache of its own: nothing can come from an earlier download.
    npm(['install', '--offline', '--no-audit', '--no-fund', '--cache', path.join(dir, 'cache'),
      path.join(dir, packed.filename)], project);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships the client and the addon prepack built', () => {
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'example/browser/app.mjs', 'example/browser/index.html', 'index.d.ts',
      'index.js', 'lib/binary.js', 'lib/deadline.js', 'lib/errors.js',
      'lib/native.js', 'lib/options.js', 'lib/pool.js', 'lib/pool_parts.js', 'lib/protocol.js', 'lib/spawn.js',
      'lib/wasm_pool.js', 'native/README.md', 'native/index.js', 'native/qrpng.node', 'package.json', 'wasm/engine.mjs',
      'wasm/index.d.mts', 'wasm/index.mjs', 'wasm/loader.mjs', 'wasm/node.mjs', 'wasm/options.mjs', 'wasm/qrpng.wasm',
      'wasm/thread.mjs']);
    // postpack took the copies away again: in the checkout the loaders use build/.
    for (const made of ['native/qrpng.node', 'wasm/qrpng.wasm', 'wasm/options.mjs'])
      assert.equal(fs.existsSync(path.join(PACKAGE, made)), false, made);
    assert.deepEqual(fs.readFileSync(path.join(project, 'node_modules', 'qr-cli', 'wasm', 'qrpng.wasm')),
      fs.readFileSync(path.join(PACKAGE, '..', '..', 'build', 'wasm', 'qrpng.wasm')));
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'node_modules', 'qr-cli', 'package.json'), 'utf8'));
    assert.equal(manifest.license, 'MIT');
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(fs.readFileSync(path.join(PACKAGE, 'LICENSE')),
      fs.readFileSync(path.join(PACKAGE, '..', '..', 'LICENSE')), 'scripts/node/LICENSE is a copy of LICENSE');
  });

  it('require("qr-cli") renders with qr-cli found on PATH and exits by itself', () => {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(QR_CLI, path.join(bin, 'qr-cli'));
    const script = `const { qrPng } = require('qr-cli');
      if (!require.resolve('qr-cli').startsWith(${JSON.stringify(project)})) throw new Error('not the installed copy');
      qrPng('installed from the tarball').then((png) => process.stdout.write(png));`;
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    delete env.QR_CLI;
    const png = execFileSync(process.execPath, ['-e', script], { cwd: project, env, timeout: 60_000 });
    assert.deepEqual(decode(png), Buffer.from('installed from the tarball'));
  });

  it('with no qr-cli on PATH or beside it, qrPng renders with the bundled qrpng.wasm; qr-cli/wasm imports', () => {
    const empty = path.join(dir, 'no-qr-cli');
    fs.mkdirSync(empty);
    const env = { ...process.env, PATH: `${empty}:${path.dirname(process.execPath)}` };
    for (const name of ['QR_CLI', 'QRPNG_WASM', 'QRPNG_NODE_ADDON'])
      delete env[name];
    const script = `const { qrPng } = require('qr-cli');
      if (!require.resolve('qr-cli').startsWith(${JSON.stringify(project)})) throw new Error('not the installed copy');
      qrPng('hi').then((png) => process.stdout.write(png));`;
    // As installed (the addon, where it loads, serves first), then with an
    // addon that cannot load: the module serves.
    for (const [extra, serves] of [[{}, /rendering with (the native addon|qrpng\.wasm)/],
      [{ QRPNG_NODE_ADDON: path.join(empty, 'qrpng.node') }, /native addon did not load .*rendering with qrpng\.wasm/]]) {
      const run = spawnSync(process.execPath, ['-e', script], { cwd: project, env: { ...env, ...extra }, timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr.toString());
      assert.deepEqual(decode(run.stdout), Buffer.from('hi'));
      // One line naming where qr-cli was looked for, and what serves instead.
      const lines = run.stderr.toString().trim().split('\n');
      assert.equal(lines.length, 1, run.stderr.toString());
      assert.match(lines[0], /^qr-cli: no qr-cli found \(tried .*no-qr-cli\/qr-cli/);
      assert.match(lines[0], serves);
    }
    const esm = `import { load } from 'qr-cli/wasm';
      const qr = await load();
      process.stdout.write(qr.render('imported', { type: 'svg' }));`;
    const svg = execFileSync(process.execPath, ['--input-type=module', '-e', esm], { cwd: project, env, timeout: 60_000 });
    assert.match(svg.toString(), /^<svg /);
    const loaded = spawnSync(process.execPath, ['-e',
      "import('qr-cli/wasm').then(async (w) => process.stdout.write((await w.load()).render('from commonjs')))"],
    { cwd: project, env, timeout: 60_000 });
    assert.deepEqual(decode(loaded.stdout), Buffer.from('from commonjs'));
  });

  // Runs script in the project with the environment of a user who has set
  // nothing of the checkout's: PATH is bin (no qr-cli unless linked there).
  function inProject(script, bin) {
    const env = { ...process.env, PATH: `${bin}:/nonexistent-dir` };
    for (const name of ['QR_CLI', 'QRPNG_NODE_ADDON', 'QRPNG_NODE_DEEPBIND'])
      delete env[name];
    return execFileSync(process.execPath, ['-e', script], { cwd: project, env, timeout: 60_000 });
  }

  it("impl: 'native' renders with the addon the tarball carries", () => {
    const addon = path.join(project, 'node_modules', 'qr-cli', 'native', 'qrpng.node');
    const script = `const { createPool } = require('qr-cli');
      const pool = createPool({ impl: 'native' });
      const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
      if (!maps.includes(${JSON.stringify(addon)})) throw new Error('not the installed addon');
      pool.qrPng('native from the tarball').then((png) => process.stdout.write(png));`;
    assert.deepEqual(decode(inProject(script, path.join(dir, 'empty-bin'))), Buffer.from('native from the tarball'));
  });

  it('with no qr-cli on PATH, QR_NOT_FOUND lists exactly the PATH entries, no build folder', () => {
    const bin = path.join(dir, 'empty-bin');
    fs.mkdirSync(bin, { recursive: true });
    const script = `require('qr-cli').spawnQrPng('x').then(() => console.log('rendered'),
      (e) => console.log(JSON.stringify({ code: e.code, tried: e.tried, message: e.message })));`;
    const { code, tried, message } = JSON.parse(inProject(script, bin).toString());
    assert.equal(code, 'QR_NOT_FOUND');
    assert.deepEqual(tried, [`${bin}/qr-cli (PATH)`, '/nonexistent-dir/qr-cli (PATH)']);
    assert.ok(!message.includes(project) && !message.includes('build/qr-cli'), message);
    assert.match(message, /install qr-cli on PATH .* or give its path in the qrCli option or \$QR_CLI$/);
  });

  it("an addon that will not load: impl 'native' says why, the default pool still renders", () => {
    const addon = path.join(project, 'node_modules', 'qr-cli', 'native', 'qrpng.node');
    const good = fs.readFileSync(addon);
    const bin = path.join(dir, 'bin-with-qr-cli');
    fs.mkdirSync(bin, { recursive: true });
    if (!fs.existsSync(path.join(bin, 'qr-cli')))
      fs.symlinkSync(QR_CLI, path.join(bin, 'qr-cli'));
    // The same bytes but for the name of a library it needs (DT_NEEDED in
    // .dynstr): the loader cannot find libqrencodX.so.4, as on a machine
    // without libqrencode. And a truncated file, as a damaged download.
    const needed = Buffer.from('libqrencode.so.4\0');
    const at = good.indexOf(needed);
    assert.ok(at > 0, 'the addon names libqrencode.so.4: it links it dynamically');
    const missingLib = Buffer.from(good);
    missingLib.write('X', at + 'libqrencod'.length, 'latin1');
    const cases = [
      [missingLib, /qrpng\.node \(libqrencodX\.so\.4: cannot open shared object file: No such file or directory\)$/],
      [good.subarray(0, 512), /qrpng\.node \([^)]*(cannot read file data|file too short|invalid ELF header)[^)]*\)$/],
    ];
    const script = `const { createPool, qrPng, QrCliError } = require('qr-cli');
      let out;
      try { createPool({ impl: 'native' }); out = 'created'; }
      catch (e) { out = [e instanceof QrCliError, e.code, e.message]; }
      qrPng('default path').then((png) => console.log(JSON.stringify([out, png.toString('base64')])));`;
    try {
      for (const [bytes, why] of cases) {
        fs.writeFileSync(addon, bytes);
        const [[isError, code, message], png] = JSON.parse(inProject(script, bin).toString());
        assert.deepEqual([isError, code], [true, 'QR_NATIVE_UNAVAILABLE']);
        assert.match(message, /^the native addon cannot be loaded here \(built for another platform/);
        assert.match(message, why);
        assert.deepEqual(decode(Buffer.from(png, 'base64')), Buffer.from('default path'));
      }
    } finally {
      fs.writeFileSync(addon, good);
    }
  });

  it('the browser example works from a static server over the installed package (Chromium)',
    { skip: missing('chromium') && 'chromium is not installed' }, async () => {
      const installed = path.join(project, 'node_modules', 'qr-cli');
      const server = await startServer(installed);
      try {
        const c = { hash: 'from the tarball: 二维码', wasmType: 'application/wasm' };
        const { status, stderr, shot } = await screenshot(server, 'chromium', 'packed', c, dir);
        assert.equal(status, 0, stderr);
        assert.deepEqual(decode(fs.readFileSync(shot)), Buffer.from(wanted(c)));
      } finally {
        server.close();
      }
    });

  it('index.d.ts passes tsc --strict against a usage file, and catches misuse', () => {
    const tsc = (file) => execFileSync(process.execPath, [TSC, '--noEmit', '--strict', '--module', 'node16',
      '--moduleResolution', 'node16', '--typeRoots', path.join(EXAMPLE, 'node_modules', '@types'), file],
    { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    fs.writeFileSync(path.join(project, 'usage.ts'), USAGE_TS);
    assert.equal(tsc('usage.ts'), '');
    fs.writeFileSync(path.join(project, 'wasm-usage.mts'), WASM_USAGE_MTS);
    assert.equal(tsc('wasm-usage.mts'), '');
    fs.writeFileSync(path.join(project, 'wasm-misuse.mts'),
      "import { load } from 'qr-cli/wasm';\nconst qr = await load();\nqr.render(42);\nconst s: string = qr.render('x', { size: '1' });\n");
    assert.throws(() => tsc('wasm-misuse.mts'), (e) => /\(3,\d+\): error TS2345[\s\S]*\(4,\d+\): error TS2322/.test(e.stdout.toString()));
    fs.writeFileSync(path.join(project, 'misuse.ts'),
      "import { qrPng } from 'qr-cli';\nqrPng(42, { colour: 'red' });\n");
    assert.throws(() => tsc('misuse.ts'), (e) => /TS2345|TS2353/.test(e.stdout.toString()));
    fs.writeFileSync(path.join(project, 'bad-type.ts'),
      "import { qrPng } from 'qr-cli';\nqrPng('x', { type: 'gif' });\n");
    assert.throws(() => tsc('bad-type.ts'), (e) => /TS2322/.test(e.stdout.toString()));
    fs.writeFileSync(path.join(project, 'bad-flag.ts'),
      "import { qrPng } from 'qr-cli';\nqrPng('x', { micro: 'yes', dpi: '300' });\n");
    assert.throws(() => tsc('bad-flag.ts'), (e) => /TS2322/.test(e.stdout.toString()));
  });
});
