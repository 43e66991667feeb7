'use strict';
// The browser example (example/browser/: a text box and a live code drawn by
// qr-cli/wasm) in two engines, headless Chromium and headless Firefox ESR,
// served by a static server here on 127.0.0.1 (the package's folders, the
// ES module prepare.js makes, and build/wasm/qrpng.wasm, once with the
// application/wasm type and once with a type that is not, so both of
// load()'s ways in are taken). Each run takes a screenshot, which zbarimg
// must decode to the text: one from the URL's hash, drawn as a PNG; one
// typed into the box (an input event, as a keystroke gives) with SVG chosen.
// How the screenshot waits for the code: test/browser-support.js.

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { wasmPlaces } = require('../lib/wasm_pool.js');
const { tempDir, decode } = require('./helpers.js');
const { BROWSERS, HOLD_MS, missing, startServer, screenshot, wanted } = require('./browser-support.js');

const CASES = [
  { name: 'a text from the hash, as a PNG, with the wasm type', hash: 'https://例え.jp/パス?q=値&emoji=🚀', wasmType: 'application/wasm' },
  { name: 'a typed text, as an SVG, the module served as octet-stream', hash: 'first', typed: 'typed: 二维码 😀 a&b#c%d', svg: true,
    wasmType: 'application/octet-stream' },
];

describe('the browser example, in two engines', () => {
  let server;
  let dir;
  before(async () => {
    const wasm = wasmPlaces().find((file) => fs.existsSync(file));
    assert.ok(wasm, 'no qrpng.wasm: run make wasm');
    server = await startServer(path.join(__dirname, '..'), wasm);
    dir = tempDir();
  });
  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const browser of Object.keys(BROWSERS)) {
    const binary = BROWSERS[browser]('', '', '')[0][0];
    for (const [i, c] of CASES.entries()) {
      it(`${browser}: ${c.name}`, { skip: missing(binary) && `${binary} is not installed` }, async () => {
        const { status, stderr, shot, ms } = await screenshot(server, browser, `${browser}${i}`, c, dir);
        assert.equal(status, 0, stderr);
        assert.ok(ms < HOLD_MS, 'the page never marked its code drawn');
        assert.deepEqual(decode(fs.readFileSync(shot)), Buffer.from(wanted(c)));
        assert.ok(server.served.includes('/wasm/qrpng.wasm'));
      });
    }
  }
});
