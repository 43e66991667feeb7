'use strict';
// server.js as a user runs it: a cluster on 127.0.0.1, one per QR_IMPL.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { QR_CLI, tempDir, decode, startServer, getQr } = require('./helpers.js');

const TEXTS = [
  'https://www.reddit.com/r/rustjerk/top/?t=all',
  '二维码 テスト 😀 https://example.com/?q=ß',
];

for (const impl of ['spawn', 'worker', 'js']) {
  describe(`server.js QR_IMPL=${impl}`, () => {
    let server;
    const dir = tempDir();
    before(async () => { server = await startServer({ QR_IMPL: impl }); });
    after(async () => {
      if (server)
        await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('answers a text with a PNG that decodes back exactly', async () => {
      for (const text of TEXTS) {
        const res = await getQr(server.url, text);
        assert.equal(res.status, 200);
        assert.equal(res.type, 'image/png');
        assert.deepEqual(decode(res.body), Buffer.from(text, 'utf8'));
      }
    });

    it('answers 400 without a text', async () => {
      for (const query of [undefined, '']) {
        const res = await getQr(server.url, query);
        assert.equal(res.status, 400);
        assert.equal(res.body.toString(), 'missing "text" query param');
      }
    });

    it('answers 400 over 512 UTF-8 bytes and 200 at 512', async () => {
      for (const text of ['a'.repeat(513), '中'.repeat(171)]) { // 513 bytes each
        const res = await getQr(server.url, text);
        assert.equal(res.status, 400);
        assert.equal(res.body.toString(), 'text must be <= 512 bytes');
      }
      const res = await getQr(server.url, 'b'.repeat(512));
      assert.equal(res.status, 200);
      assert.deepEqual(decode(res.body), Buffer.from('b'.repeat(512)));
    });

    it('encodes option-like and shell-like texts as text and writes no file', async () => {
      for (const text of [`-o${path.join(dir, 'x')}`, `--output=${path.join(dir, 'y')}`, '--help', '$(id)', '; rm -rf /']) {
        const res = await getQr(server.url, text);
        assert.equal(res.status, 200, text);
        assert.deepEqual(decode(res.body), Buffer.from(text), text);
      }
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  });
}

for (const impl of ['spawn', 'worker'])
describe(`server.js QR_IMPL=${impl} under load`, () => {
  let server;
  before(async () => { server = await startServer({ QR_IMPL: impl }); });
  after(async () => { if (server) await server.stop(); });

  it('answers 200 concurrent requests, each with its own PNG', { timeout: 60_000 }, async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `https://example.com/item/${i}?lang=中文`);
    const responses = await Promise.all(texts.map((t) => getQr(server.url, t)));
    responses.forEach((res, i) => {
      assert.equal(res.status, 200, `request ${i}`);
      assert.equal(res.type, 'image/png');
      // qr-cli is deterministic: the same text gives the same bytes.
      const expected = execFileSync(QR_CLI, ['--', texts[i]]);
      assert.ok(res.body.equals(expected), `request ${i}: not the PNG of its own text`);
    });
    assert.deepEqual(decode(responses[199].body), Buffer.from(texts[199]));
  });

  if (impl === 'spawn')
  it('answers 500 when the tool fails', async () => {
    const broken = await startServer({ QR_IMPL: 'spawn', WORKERS: '1', QR_CLI: '/nonexistent/qr-cli' });
    try {
      const res = await getQr(broken.url, 'hello');
      assert.equal(res.status, 500);
      assert.equal(res.body.toString(), 'failed generating QR code');
      // The worker logs before it answers, but the two pipes race here.
      const deadline = Date.now() + 5000;
      while (!/qr-cli not found/.test(broken.stderr()) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      assert.match(broken.stderr(), /qr-cli not found at \/nonexistent\/qr-cli/);
    } finally {
      await broken.stop();
    }
  });
});

describe('server.js QR_IMPL=worker shutdown', () => {
  it('leaves no qr-cli worker behind when the server stops', async () => {
    // A private path for qr-cli, so its processes are told apart from others.
    const dir = tempDir();
    const binary = path.join(dir, 'qr-cli');
    fs.symlinkSync(QR_CLI, binary);
    const server = await startServer({ QR_IMPL: 'worker', WORKERS: '2', QR_WORKERS: '2', QR_CLI: binary });
    const workersOf = () => fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
      try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith(`${binary}\0--worker`); }
      catch { return false; }
    });
    try {
      for (let i = 0; i < 8; i += 1)
        assert.equal((await getQr(server.url, `warm ${i}`)).status, 200);
      assert.ok(workersOf().length >= 1, 'the workers were started');
    } finally {
      await server.stop();
    }
    const deadline = Date.now() + 5000;
    while (workersOf().length > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(workersOf(), []);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('server.js configuration', () => {
  it('refuses an unknown QR_IMPL by name', async () => {
    await assert.rejects(startServer({ QR_IMPL: 'nope' }), /unknown QR_IMPL 'nope' \(known: js, spawn, worker/);
  });
});
