'use strict';
// The package as a user gets it: `npm pack` (whose prepack builds the
// addon into the tarball), then an offline install of the tarball into a
// fresh project, require('qr-cli') with qr-cli found on PATH, a PNG that
// decodes; impl 'native' from the tarball's addon, and a QR_NATIVE_UNAVAILABLE
// that says why when the addon will not load; the lookup of an installed
// copy (never a build/ next to the project); and index.d.ts checked by tsc
// --strict against a usage file (tsc and @types/node come from the
// example's devDependencies).

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { QR_CLI, EXAMPLE, tempDir, decode } = require('./helpers.js');

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
  console.log(inProcess, unavailable);
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
    assert.deepEqual(files, ['LICENSE', 'README.md', 'index.d.ts', 'index.js', 'lib/binary.js', 'lib/deadline.js', 'lib/errors.js',
      'lib/native.js', 'lib/options.js', 'lib/pool.js', 'lib/protocol.js', 'lib/spawn.js', 'native/README.md', 'native/index.js',
      'native/qrpng.node', 'package.json']);
    // postpack took the copy away again: in the checkout the loader uses build/.
    assert.equal(fs.existsSync(path.join(PACKAGE, 'native', 'qrpng.node')), false);
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

  it('index.d.ts passes tsc --strict against a usage file, and catches misuse', () => {
    const tsc = (file) => execFileSync(process.execPath, [TSC, '--noEmit', '--strict', '--module', 'node16',
      '--moduleResolution', 'node16', '--typeRoots', path.join(EXAMPLE, 'node_modules', '@types'), file],
    { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
    fs.writeFileSync(path.join(project, 'usage.ts'), USAGE_TS);
    assert.equal(tsc('usage.ts'), '');
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
