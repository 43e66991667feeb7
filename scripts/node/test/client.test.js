'use strict';
// qr-cli-client.js against the real qr-cli and against fake binaries.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, after } = require('node:test');
const { createQrCli, buildArgs, QrCliError } = require('../qr-cli-client.js');
const { QR_CLI, tempDir, decode, fakeBinary, isAlive } = require('./helpers.js');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngWidth(png) {
  return png.readUInt32BE(16); // IHDR width follows signature, length, type
}

describe('qrPng with the real qr-cli', () => {
  const client = createQrCli({ binary: QR_CLI });
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns a 200 px PNG that decodes back to the UTF-8 text', async () => {
    const text = 'https://example.com/?q=二维码&emoji=😀';
    const png = await client.qrPng(text);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(pngWidth(png), 200);
    assert.deepEqual(decode(png), Buffer.from(text, 'utf8'));
  });

  it('passes options as flags', async () => {
    const png = await client.qrPng('options', { level: 'H', size: 300, margin: 2, fg: '#123456', bg: '#fedcba' });
    assert.equal(pngWidth(png), 300);
    assert.deepEqual(decode(png), Buffer.from('options'));
  });

  it('encodes option-like and shell-like texts as text and writes no file', async () => {
    const target = path.join(dir, 'x');
    for (const text of [`-o${target}`, '--help', '--version', '-', '$(id)', '; rm -rf /', '`id`']) {
      const png = await client.qrPng(text);
      assert.deepEqual(decode(png), Buffer.from(text), text);
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('rejects a text too long for a QR code with exit code 2 and the tool message', async () => {
    const err = await client.qrPng('x'.repeat(3000)).then(() => null, (e) => e);
    assert.ok(err instanceof QrCliError);
    assert.equal(err.code, 'QR_CLI_EXIT');
    assert.equal(err.exitCode, 2);
    assert.match(err.stderr, /^qr-cli: text is 3000 bytes, too long/);
    assert.match(err.message, /exited with code 2: qr-cli: text is 3000 bytes/);
  });

  it('rejects an empty text with exit code 2', async () => {
    await assert.rejects(client.qrPng(''), { exitCode: 2, stderr: 'qr-cli: text is empty' });
  });

  it('rejects a bad option value with exit code 1', async () => {
    await assert.rejects(client.qrPng('x', { level: 'Z' }), { exitCode: 1, stderr: /invalid -l\/--level 'Z'/ });
  });

  it('refuses unknown options, wrong types and NUL before spawning', () => {
    assert.throws(() => buildArgs('x', { output: '/tmp/x' }), /unknown option 'output'/);
    assert.throws(() => buildArgs('x', { size: '200' }), /'size' must be an integer/);
    assert.throws(() => buildArgs('a\0b'), /NUL/);
    assert.throws(() => buildArgs(42), /string or a Buffer/);
    assert.deepEqual(buildArgs('-x', { level: 'M', scale: 4 }), ['--level', 'M', '--scale', '4', '--', '-x']);
  });
});

describe('qrPng failure handling', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('kills a child that outlives the timeout', async () => {
    const pidFile = path.join(dir, 'pid');
    const binary = fakeBinary(dir, `echo $$ > '${pidFile}'\nexec sleep 30`);
    const client = createQrCli({ binary, timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(client.qrPng('slow'), { code: 'QR_CLI_TIMEOUT', message: /timed out after 300 ms and was killed/ });
    assert.ok(Date.now() - started < 5000);
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0);
    assert.equal(isAlive(pid), false);
    assert.equal(client.stats().running, 0);
  });

  it('kills a child whose output passes maxOutputBytes', async () => {
    const binary = fakeBinary(dir, 'exec head -c 10000000 /dev/zero');
    const client = createQrCli({ binary, maxOutputBytes: 1000 });
    await assert.rejects(client.qrPng('big'), { code: 'QR_CLI_OUTPUT_TOO_LARGE' });
    assert.equal(client.stats().running, 0);
  });

  it('names the missing binary and QR_CLI', async () => {
    const binary = path.join(dir, 'no-such-qr-cli');
    const client = createQrCli({ binary });
    await assert.rejects(client.qrPng('x'), (err) => {
      assert.equal(err.code, 'QR_CLI_NOT_FOUND');
      assert.ok(err.message.includes(binary), err.message);
      assert.match(err.message, /QR_CLI/);
      return true;
    });
    assert.equal(client.stats().running, 0);
  });

  function withEnv(name, value, body) {
    const saved = process.env[name];
    if (value === undefined)
      delete process.env[name];
    else
      process.env[name] = value;
    try {
      body();
    } finally {
      if (saved === undefined)
        delete process.env[name];
      else
        process.env[name] = saved;
    }
  }

  it('finds the binary through QR_CLI', () => {
    withEnv('QR_CLI', '/from/env/qr-cli', () => assert.equal(createQrCli().binary, '/from/env/qr-cli'));
  });

  it('takes the bound from QR_CLI_CONCURRENCY and refuses a bad one', () => {
    withEnv('QR_CLI_CONCURRENCY', '7', () => assert.equal(createQrCli().stats().maxConcurrency, 7));
    withEnv('QR_CLI_CONCURRENCY', 'lots', () => assert.throws(() => createQrCli(), /QR_CLI_CONCURRENCY/));
  });

  it('never runs more children than maxConcurrency', async () => {
    // Each fake child logs its start and end; O_APPEND keeps lines whole.
    const log = path.join(dir, 'log');
    const binary = fakeBinary(dir, `echo start >> '${log}'\nsleep 0.1\necho end >> '${log}'\nprintf png`);
    const bound = 3;
    const client = createQrCli({ binary, maxConcurrency: bound });
    const calls = Array.from({ length: 12 }, (_, i) => client.qrPng(`t${i}`));
    assert.deepEqual(client.stats(), { running: bound, queued: 12 - bound, maxConcurrency: bound });
    const results = await Promise.all(calls);
    assert.ok(results.every((r) => r.toString() === 'png'));

    let now = 0;
    let peak = 0;
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n');
    assert.equal(lines.length, 24);
    for (const line of lines) {
      now += line === 'start' ? 1 : -1;
      peak = Math.max(peak, now);
    }
    assert.ok(peak <= bound, `peak ${peak} > ${bound}`);
    assert.ok(peak >= 2, `peak ${peak}: the calls did not overlap`);
    assert.deepEqual(client.stats(), { running: 0, queued: 0, maxConcurrency: bound });
  });

  it('defaults to two children per core', () => {
    const cores = require('node:os').availableParallelism();
    withEnv('QR_CLI_CONCURRENCY', undefined, () => assert.equal(createQrCli().stats().maxConcurrency, 2 * cores));
  });
});
