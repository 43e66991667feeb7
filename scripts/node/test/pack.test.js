'use strict';
// The package as a user gets it: `npm pack`, then an offline install of the
// tarball into a fresh project, require('qr-cli') with qr-cli found on PATH,
// a PNG that decodes; and index.d.ts checked by tsc --strict against a usage
// file (tsc and @types/node come from the example's devDependencies).

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

function npm(args, cwd, env = {}) {
  return execFileSync('npm', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
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

  it('ships only the client', () => {
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, ['LICENSE', 'README.md', 'index.d.ts', 'index.js', 'lib/binary.js', 'lib/deadline.js', 'lib/errors.js',
      'lib/native.js', 'lib/options.js', 'lib/pool.js', 'lib/protocol.js', 'lib/spawn.js', 'native/README.md', 'native/index.js',
      'package.json']);
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
