'use strict';
// The `type` option (qr-cli -t): every type through the pool (protocol
// version 2 frames) and spawnQrPng (-t TYPE), checked with real tools: SVG
// rasterized by rsvg-convert and EPS by Ghostscript, then decoded by
// zbarimg; text types byte-equal to `qr-cli -t TYPE -- TEXT`.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { createPool, spawnQrPng } = require('..');
const { encodeRequest, decodeResponses } = require('../lib/protocol.js');
const { QR_CLI, tempDir, decode } = require('./helpers.js');

const TEXT = 'https://example.com/types?q=ünï';
const TYPES = ['png', 'svg', 'eps', 'utf8', 'ansiutf8', 'ascii', 'utf8i', 'asciii'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// What a real decoder reads from an SVG or EPS file, through a PNG.
function rasterize(type, data) {
  const dir = tempDir();
  try {
    const input = path.join(dir, `in.${type}`);
    const output = path.join(dir, 'out.png');
    fs.writeFileSync(input, data);
    if (type === 'svg')
      execFileSync('rsvg-convert', ['-b', 'white', '-o', output, input]);
    else
      execFileSync('gs', ['-q', '-dSAFER', '-dBATCH', '-dNOPAUSE', '-sDEVICE=pnggray', '-r72',
        '-dEPSCrop', `-sOutputFile=${output}`, input], { stdio: 'ignore' });
    return decode(fs.readFileSync(output));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const cli = (type) => execFileSync(QR_CLI, ['-t', type, '--', TEXT]);

describe('type option', () => {
  let pool;
  before(() => { pool = createPool({ workers: 1, qrCli: QR_CLI }); });
  after(() => pool.close());
  const PATHS = {
    pool: (text, options) => pool.qrPng(text, options),
    spawn: (text, options) => spawnQrPng(text, { qrCli: QR_CLI, ...options }),
  };

  for (const [name, render] of Object.entries(PATHS)) {
    it(`${name}: png by default and with type 'PNG'`, async () => {
      for (const options of [{}, { type: 'PNG' }]) {
        const png = await render(TEXT, options);
        assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE));
        assert.equal(decode(png).toString('utf8'), TEXT);
      }
    });
    it(`${name}: svg and eps rasterize and decode`, async () => {
      const svg = await render(TEXT, { type: 'svg' });
      assert.match(svg.toString('utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.equal(rasterize('svg', svg).toString('utf8'), TEXT);
      const eps = await render(TEXT, { type: 'Eps', size: 300 });
      assert.match(eps.toString('latin1'), /^%!PS-Adobe-3\.0 EPSF-3\.0\n%%BoundingBox: 0 0 300 300\n/);
      assert.equal(rasterize('eps', eps).toString('utf8'), TEXT);
    });
    it(`${name}: every type is byte-identical to qr-cli -t TYPE`, async () => {
      for (const type of TYPES) {
        const got = await render(TEXT, { type: type.toUpperCase() });
        assert.ok(Buffer.isBuffer(got));
        assert.ok(got.equals(cli(type)), type);
      }
    });
    it(`${name}: a bad type is QR_INVALID_ARGUMENT`, async () => {
      for (const type of ['gif', '', 'png ', 7, null, ['svg']])
        await assert.rejects(render(TEXT, { type }), (e) => e.code === 'QR_INVALID_ARGUMENT', String(type));
    });
  }

  it('the pool and spawn give the same SVG bytes, other options too', async () => {
    const options = { type: 'svg', fg: '#1a4d8f', bg: 'transparent', scale: 3, margin: 2, level: 'h' };
    const a = await pool.qrPng(TEXT, options);
    const b = await spawnQrPng(TEXT, { qrCli: QR_CLI, ...options });
    assert.ok(a.equals(b));
  });

  it("a pool's default type applies to each request, a call's type wins", async () => {
    const p = createPool({ workers: 1, qrCli: QR_CLI, type: 'utf8' });
    try {
      assert.ok((await p.qrPng(TEXT)).equals(cli('utf8')));
      assert.ok((await p.qrPng(TEXT, { type: 'ascii' })).equals(cli('ascii')));
      assert.ok((await p.qrPng(TEXT, { type: 'png' })).equals(cli('png')));
    } finally {
      await p.close();
    }
  });
});

describe('protocol frames with a type', () => {
  const text = Buffer.from('hi');
  it('png stays a version 1 frame (20-byte header)', () => {
    for (const render of [{}, { type: 'png' }]) {
      const frame = encodeRequest(text, render);
      assert.equal(frame.length, 22);
      assert.equal(frame[2], 1);
    }
  });
  it('another type is a version 2 frame: flags2 bit 0, the type code, zeros', () => {
    TYPES.slice(1).forEach((type, i) => {
      const frame = encodeRequest(text, { type, level: 'M' });
      assert.equal(frame.length, 30);
      assert.equal(frame[2], 2);
      assert.equal(frame[3], 1);
      assert.equal(frame[4], 1);
      assert.equal(frame.readUInt32LE(16), 2);
      assert.deepEqual([...frame.subarray(20, 28)], [1, i + 1, 0, 0, 0, 0, 0, 0]);
      assert.equal(frame.subarray(28).toString(), 'hi');
    });
  });
  it('responses of version 1 and 2 are read; 3 is a broken stream', () => {
    const resp = (version, payload) => Buffer.concat([
      Buffer.from([0x51, 0x52, version, 0, payload.length, 0, 0, 0]), Buffer.from(payload)]);
    const { frames, bad } = decodeResponses(Buffer.concat([resp(1, 'a'), resp(2, 'bc')]));
    assert.equal(bad, null);
    assert.deepEqual(frames.map((f) => f.payload.toString()), ['a', 'bc']);
    assert.match(decodeResponses(resp(3, 'x')).bad, /version/);
  });
});
