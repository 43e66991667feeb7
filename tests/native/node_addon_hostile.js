'use strict';
// One hostile case against the Node addon, run by node_addon.js in a child
// process of its own (node node_addon_hostile.js CASE), so that a crash is
// that case's failure, not the end of the suite. Each case runs through
// renderSync and render; exit status 0 when every check holds.
//
// The rule checked: the addon reads and checks every option first, then
// takes the text's bytes as they are at that moment (a copy), so option
// getters that resize, detach or rewrite the text's buffer give the code
// of the bytes left after them, or a QrCliError; a getter's exception, a
// Proxy trap's or a detached buffer is a QrCliError QR_INVALID_ARGUMENT
// with the original as `cause`.
const assert = require('node:assert/strict');
const path = require('node:path');

const native = require('../../scripts/node/native');
const { QrCliError } = require('../../scripts/node/lib/errors.js');

// The PNG of these bytes, rendered from a plain copy.
const pngOf = (bytes, opts) => native.renderSync(Buffer.from(bytes), opts);

async function both(make, check) {
  // make() gives a fresh [text, opts] for each call: getters act once.
  let [text, opts] = make();
  let sync, syncErr;
  try { sync = native.renderSync(text, opts); } catch (e) { syncErr = e; }
  check(syncErr, sync, 'renderSync');
  [text, opts] = make();
  let async, asyncErr;
  try { async = await native.render(text, opts); } catch (e) { asyncErr = e; }
  check(asyncErr, async, 'render');
}

function isQrCliError(err, code, label) {
  assert.ok(err instanceof QrCliError, `${label}: not a QrCliError: ${err && err.stack}`);
  assert.equal(err.code, code, `${label}: ${err.message}`);
}

const resizable = (bytes, max) => {
  const ab = new ArrayBuffer(bytes.length, { maxByteLength: max });
  new Uint8Array(ab).set(bytes);
  return ab;
};

const CASES = {
  // A getter shrinks the text's buffer to nothing: the view is then empty.
  'resize-to-zero': () => both(() => {
    const ab = resizable(Buffer.alloc(4000, 'A'), 1 << 20);
    return [new Uint8Array(ab), { get level() { ab.resize(0); return 'L'; } }];
  }, (err, png, label) => {
    isQrCliError(err, 'QR_ENCODE', label);
    assert.match(err.message, /empty/, label);
  }),

  // Shrunk to 5 bytes, a length-tracking view and a fixed one: the code of
  // those 5 (the fixed view is out of bounds, so empty).
  'resize-shrink': () => {
    const want = pngOf('hello');
    return both(() => {
      const ab = resizable(Buffer.from('hello world, a longer text'), 4096);
      return [new Uint8Array(ab), { get margin() { ab.resize(5); return 4; } }];
    }, (err, png, label) => {
      assert.ifError(err);
      assert.deepEqual(png, want, label);
    }).then(() => both(() => {
      const ab = resizable(Buffer.from('hello world'), 4096);
      return [new Uint8Array(ab, 0, 11), { get margin() { ab.resize(5); return 4; } }];
    }, (err, png, label) => {
      isQrCliError(err, 'QR_ENCODE', label);
    }));
  },

  // Grown with new bytes: the code of all of them.
  'resize-grow': () => {
    const want = pngOf('short, and then some more');
    return both(() => {
      const ab = resizable(Buffer.from('short'), 4096);
      return [new Uint8Array(ab), { get level() {
        ab.resize(25);
        new Uint8Array(ab).set(Buffer.from(', and then some more'), 5);
        return 'L';
      } }];
    }, (err, png, label) => {
      assert.ifError(err);
      assert.deepEqual(png, want, label);
    });
  },

  // A getter transfers the text's buffer away (detaching it), and the
  // engine is given garbage to reuse the memory with.
  detach: () => both(() => {
    const ab = new ArrayBuffer(1000);
    new Uint8Array(ab).fill(0x41);
    return [new Uint8Array(ab), { get level() {
      structuredClone(ab, { transfer: [ab] });
      for (let i = 0; i < 50; i++) new Uint8Array(1000).fill(0x5a);
      return 'L';
    } }];
  }, (err, png, label) => {
    isQrCliError(err, 'QR_INVALID_ARGUMENT', label);
    assert.match(err.message, /detached/, label);
  }),

  // A getter that throws: QR_INVALID_ARGUMENT naming the option, cause kept.
  throws: () => {
    const boom = new Error('boom');
    return both(() => ['x', { get fg() { throw boom; } }], (err, png, label) => {
      isQrCliError(err, 'QR_INVALID_ARGUMENT', label);
      assert.equal(err.cause, boom, label);
      assert.match(err.message, /fg/, label);
      assert.match(err.message, /boom/, label);
    }).then(() => both(() => ['x', { get size() { throw 42; } }], (err, png, label) => {
      isQrCliError(err, 'QR_INVALID_ARGUMENT', label);
      assert.equal(err.cause, 42, label);
    }));
  },

  // A Proxy as options: its get trap answers every read; a trap that
  // throws, and a revoked Proxy, are QR_INVALID_ARGUMENT.
  proxy: async () => {
    const want = pngOf('proxied', { level: 'H', size: 120 });
    const values = { level: 'H', size: 120 };
    await both(() => ['proxied', new Proxy({}, { get: (t, name) => values[name] })],
      (err, png, label) => {
        assert.ifError(err);
        assert.deepEqual(png, want, label);
      });
    const trap = new Error('trap');
    await both(() => ['x', new Proxy({}, { get() { throw trap; } })], (err, png, label) => {
      isQrCliError(err, 'QR_INVALID_ARGUMENT', label);
      assert.equal(err.cause, trap, label);
    });
    await both(() => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return ['x', proxy];
    }, (err, png, label) => {
      isQrCliError(err, 'QR_INVALID_ARGUMENT', label);
      assert.ok(err.cause instanceof TypeError, label);
    });
  },

  // A SharedArrayBuffer rewritten by a getter: the code of the new bytes.
  'shared-buffer': () => {
    const want = pngOf('other text');
    return both(() => {
      const u8 = new Uint8Array(new SharedArrayBuffer(10));
      u8.set(Buffer.from('first text'));
      return [u8, { get bg() { u8.set(Buffer.from('other text')); return '#ffffff'; } }];
    }, (err, png, label) => {
      assert.ifError(err);
      assert.deepEqual(png, want, label);
    });
  },

  // Every kind at once, repeated: the addon still answers afterwards.
  after: async () => {
    for (let i = 0; i < 200; i++) {
      const ab = resizable(Buffer.from(`round ${i}`), 64);
      const opts = { get size() { ab.resize(i % 8); return 100; } };
      try { native.renderSync(new Uint8Array(ab), opts); } catch (e) { isQrCliError(e, 'QR_ENCODE', 'round'); }
    }
    const png = await native.render('still fine');
    assert.deepEqual(png, pngOf('still fine'));
  },
};

module.exports = { CASES: Object.keys(CASES), SCRIPT: path.resolve(__filename) };

if (require.main === module) {
  const name = process.argv[2];
  if (!CASES[name]) {
    console.error(`unknown case ${name}`);
    process.exit(2);
  }
  CASES[name]().then(() => process.stdout.write('ok\n'), (e) => {
    console.error(e && e.stack || e);
    process.exitCode = 1;
  });
}
