'use strict';
// Every render option of libqrpng's option table: the package's list
// (lib/options.js RENDER_OPTIONS) against the table itself ($OPTION_TABLE,
// else the checkout's build/tests/option_table), index.d.ts and README.md;
// then the options the package learned from it (symversion, micro,
// boostLevel, eightBit, dpi) through the worker pool, spawnQrPng and the
// native pool, each byte for byte `qr-cli` with the same options on its
// command line, and their bad values refused as QR_INVALID_ARGUMENT.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');
const { createPool, spawnQrPng, QrCliError } = require('..');
const { RENDER_OPTIONS, TYPES } = require('../lib/options.js');
const { encodeRequest } = require('../lib/protocol.js');
const { QR_CLI, decode } = require('./helpers.js');

const PACKAGE = path.resolve(__dirname, '..');
const OPTION_TABLE = process.env.OPTION_TABLE
  || path.resolve(PACKAGE, '../../build/tests/option_table');

const camelCase = (identifier) => identifier.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

// The table's rows: { name, identifier, short, value, def, min, max,
// expects }, '-' as null; expects is what the option takes, in the words
// of its error message (qrpng_option_expects).
function tableRows() {
  const tsv = execFileSync(OPTION_TABLE, { encoding: 'utf8' });
  return tsv.trim().split('\n').map((line) => {
    const cols = line.split('\t').map((c) => (c === '-' ? null : c));
    assert.equal(cols.length, 8, `a row of 8 columns: ${line}`);
    const [name, identifier, short, value, def, min, max, expects] = cols;
    return { name, identifier, short, value, def, min, max, expects };
  });
}

// The kind of a row, by the table's rule: a range takes a whole number,
// no value name is a flag, anything else a string.
const kindOf = (row) => (row.min !== null ? 'number' : row.value === null ? 'flag' : 'string');

describe("the package's render options are libqrpng's option table", () => {
  let rows;
  before(() => { rows = tableRows(); });

  it('the same options in the same order, by camel-cased identifier and qr-cli name', () => {
    assert.ok(rows.length >= 12, `${rows.length} rows in ${OPTION_TABLE}`);
    assert.deepEqual(RENDER_OPTIONS.map((o) => [o.name, o.cli]),
      rows.map((r) => [camelCase(r.identifier), r.name]));
  });

  it("the same output types, in the worker protocol's order: the library's format table", () => {
    const types = execFileSync(OPTION_TABLE, ['--types'], { encoding: 'utf8' })
      .trim().split('\n').map((line) => line.split('\t')[0]);
    assert.deepEqual(TYPES, types);
  });

  it('the same kinds, ranges and defaults', () => {
    for (const row of rows) {
      const option = RENDER_OPTIONS.find((o) => o.name === camelCase(row.identifier));
      assert.ok(option, `the package lacks option ${row.identifier}`);
      assert.equal(option.kind, kindOf(row), row.name);
      if (option.kind === 'number')
        assert.deepEqual([option.min, option.max], [Number(row.min), Number(row.max)], row.name);
      else
        assert.deepEqual([option.min, option.max], [undefined, undefined], row.name);
      // Where the package states a default it is the table's, and the
      // package states every default the table has.
      assert.equal(option.def === undefined ? null : String(option.def), row.def, row.name);
    }
  });

  it("each option's refusal ends in the table's words for what it takes", () => {
    for (const row of rows) {
      const option = RENDER_OPTIONS.find((o) => o.name === camelCase(row.identifier));
      assert.ok(option, `the package lacks option ${row.identifier}`);
      assert.equal(option.expects, row.expects, `option ${option.name}: the package's words, then the table's`);
    }
  });

  it('index.d.ts types every option by its kind; README.md documents each', () => {
    const dts = fs.readFileSync(path.join(PACKAGE, 'index.d.ts'), 'utf8');
    const body = /export interface RenderOptions \{([\s\S]*?)\n\}/.exec(dts)[1];
    const fields = Object.fromEntries([...body.matchAll(/^ {2}(\w+)\?: ([^;]+);/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(fields).sort(), RENDER_OPTIONS.map((o) => o.name).sort());
    for (const o of RENDER_OPTIONS) {
      if (o.kind === 'number')
        assert.equal(fields[o.name], 'number', o.name);
      else if (o.kind === 'flag')
        assert.equal(fields[o.name], 'boolean', o.name);
    }
    const readme = fs.readFileSync(path.join(PACKAGE, 'README.md'), 'utf8');
    for (const o of RENDER_OPTIONS)
      assert.match(readme, new RegExp(`^\\| \`${o.name}\` \\|`, 'm'), `README.md's options table lacks ${o.name}`);
  });
});

// The new options, each with what qr-cli takes on its command line for it.
const TEXT = 'https://example.com/options?id=21';
const CASES = [
  { text: TEXT, options: { symversion: 10 }, argv: ['-v', '10'] },
  { text: TEXT, options: { symversion: 1 }, argv: ['--symversion', '1'], same: true },
  { text: '12345', options: { micro: true, type: 'utf8' }, argv: ['--micro', '-t', 'utf8'] },
  { text: '12345', options: { micro: true, symversion: 3, level: 'q' }, argv: ['-M', '-v', '3', '-l', 'Q'] },
  { text: 'HELLO', options: { boostLevel: true }, argv: ['--boost-level'] },
  { text: '12345', options: { eightBit: true }, argv: ['-8'] },
  { text: TEXT, options: { dpi: 300 }, argv: ['--dpi', '300'] },
  { text: TEXT, options: { dpi: 65535, type: 'png' }, argv: ['--dpi=65535'] },
  { text: TEXT, options: { micro: false, boostLevel: false, eightBit: false }, argv: [], same: true },
  {
    text: TEXT,
    options: { symversion: 12, boostLevel: true, eightBit: true, dpi: 96, level: 'm', scale: 3, fg: '#123', bg: 'transparent' },
    argv: ['-v', '12', '--boost-level', '--8bit', '-d', '96', '-l', 'M', '--scale', '3', '--fg', '#123', '--bg', 'transparent'],
  },
];
const cli = (text, argv) => execFileSync(QR_CLI, [...argv, '--', text]);

// A PNG's chunk of this type, or null.
function chunk(png, type) {
  for (let at = 8; at + 8 <= png.length;) {
    const len = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === type)
      return png.subarray(at + 8, at + 8 + len);
    at += 12 + len;
  }
  return null;
}

// Bad values of each new option, all QR_INVALID_ARGUMENT before any process.
const BAD = [
  ...[0, 41, -1, 1.5, NaN, Infinity, '10', null, true, [10]].map((symversion) => ({ symversion })),
  ...[0, 65536, -300, 299.5, '300', null, false, 2 ** 53].map((dpi) => ({ dpi })),
  ...['micro', 'boostLevel', 'eightBit'].flatMap((name) =>
    [1, 0, 'true', 'yes', null, {}, [true]].map((value) => ({ [name]: value }))),
];

// Micro QR's own limits, refused in the library's words (what
// `qr-cli -M -v 5 x` and `qr-cli -M -l H x` say after 'qr-cli: ').
const MICRO_BAD = [
  [{ micro: true, symversion: 5 }, 'version must be 1..4 for Micro QR (got 5)'],
  [{ micro: true, level: 'h' }, 'Micro QR has levels L, M and Q, not H'],
  [{ symversion: 40, micro: true }, 'version must be 1..4 for Micro QR (got 40)'],
];

// One bad value of every render option, with how the message shows it.
const ONE_BAD = {
  level: ['Z', '"Z"'],
  size: [0, '0'],
  scale: [8193, '8193'],
  margin: [1.5, '1.5'],
  fg: ['red', '"red"'],
  bg: ['#12345', '"#12345"'],
  type: ['gif', '"gif"'],
  symversion: [41, '41'],
  micro: [1, '1'],
  boostLevel: ['true', '"true"'],
  eightBit: [null, 'null'],
  dpi: [65536, '65536'],
};

describe('the new options through every path, byte for byte qr-cli', () => {
  let pool;
  let native;
  before(() => {
    pool = createPool({ workers: 1, qrCli: QR_CLI });
    native = createPool({ impl: 'native' });
  });
  after(() => Promise.all([pool.close(), native.close()]));

  const PATHS = {
    pool: (text, options) => pool.qrPng(text, options),
    spawn: (text, options) => spawnQrPng(text, { qrCli: QR_CLI, ...options }),
    native: (text, options) => native.qrPng(text, options),
  };

  it('each case changes the output (or is meant not to): the cases test something', () => {
    for (const c of CASES) {
      const plain = cli(c.text, c.options.type ? ['-t', c.options.type] : []);
      assert.equal(cli(c.text, c.argv).equals(plain), Boolean(c.same), JSON.stringify(c.options));
    }
  });

  for (const [name, render] of Object.entries(PATHS)) {
    it(`${name}: every case is the same bytes as qr-cli`, async () => {
      for (const c of CASES)
        assert.ok((await render(c.text, c.options)).equals(cli(c.text, c.argv)), JSON.stringify(c.options));
    });

    it(`${name}: the codes decode; dpi=300 is a pHYs chunk of 11811 dots per metre`, async () => {
      for (const options of [{ symversion: 10 }, { boostLevel: true }, { eightBit: true }, { dpi: 300 }])
        assert.equal(decode(await render(TEXT, options)).toString('utf8'), TEXT, JSON.stringify(options));
      const phys = chunk(await render(TEXT, { dpi: 300 }), 'pHYs');
      assert.ok(phys, 'a pHYs chunk');
      assert.deepEqual([phys.readUInt32BE(0), phys.readUInt32BE(4), phys[8]], [11811, 11811, 1]);
      assert.equal(chunk(await render(TEXT), 'pHYs'), null);
      const small = await render('12345', { symversion: 10 });
      assert.equal(small.readUInt32BE(16), 200); // still 200 px, a larger symbol in it
    });

    it(`${name}: bad values of the new options are QR_INVALID_ARGUMENT`, async () => {
      for (const options of BAD) {
        await assert.rejects(render(TEXT.slice(0, 5), options), (e) => {
          assert.ok(e instanceof QrCliError, String(e));
          assert.equal(e.code, 'QR_INVALID_ARGUMENT', `${JSON.stringify(options)}: ${e.message}`);
          assert.equal(e.status, null);
          const [first] = Object.keys(options);
          const { expects } = RENDER_OPTIONS.find((o) => o.name === first);
          assert.ok(e.message.startsWith(`invalid ${first} `), e.message);
          assert.ok(e.message.endsWith(`: ${expects}`), e.message);
          return true;
        }, JSON.stringify(options));
      }
    });

    it(`${name}: Micro QR's limits in the library's words`, async () => {
      for (const [options, message] of MICRO_BAD) {
        await assert.rejects(render('12345', options),
          { name: 'QrCliError', code: 'QR_INVALID_ARGUMENT', status: null, message }, JSON.stringify(options));
      }
    });

    it(`${name}: a bad value of every option is "invalid NAME VALUE: " and the table's words`, async () => {
      const rows = tableRows();
      assert.deepEqual(Object.keys(ONE_BAD), rows.map((r) => camelCase(r.identifier)));
      for (const row of rows) {
        const option = camelCase(row.identifier);
        const [value, shown] = ONE_BAD[option];
        await assert.rejects(render('12345', { [option]: value }), (e) => {
          assert.ok(e instanceof QrCliError, String(e));
          assert.equal(e.code, 'QR_INVALID_ARGUMENT', e.message);
          assert.equal(e.status, null);
          assert.ok(e.message.endsWith(`: ${row.expects}`), `${e.message} should end with ': ${row.expects}'`);
          assert.equal(e.message, `invalid ${option} ${shown}: ${row.expects}`);
          return true;
        }, option);
      }
    });

    it(`${name}: a text too long for Micro QR is QR_ENCODE, status 2`, async () => {
      await assert.rejects(render('x'.repeat(40), { micro: true }),
        (e) => e.code === 'QR_ENCODE' && e.status === 2 && /Micro QR/.test(e.message));
    });
  }

  it('a pool\'s defaults carry the new options; a call turns a flag off with false', async () => {
    for (const impl of ['worker', 'native']) {
      const p = createPool({ impl, workers: 1, qrCli: QR_CLI, micro: true, type: 'utf8', dpi: 72 });
      try {
        assert.ok((await p.qrPng('12345')).equals(cli('12345', ['--micro', '-t', 'utf8'])), impl);
        assert.ok((await p.qrPng('12345', { micro: false })).equals(cli('12345', ['-t', 'utf8'])), impl);
        assert.ok((await p.qrPng('12345', { type: 'png' })).equals(cli('12345', ['--micro', '--dpi', '72'])), impl);
      } finally {
        await p.close();
      }
    }
    assert.throws(() => createPool({ impl: 'native', symversion: 0 }), { code: 'QR_INVALID_ARGUMENT' });
    assert.throws(() => createPool({ workers: 1, micro: 'yes' }), { code: 'QR_INVALID_ARGUMENT' });
  });
});

describe("a bad value as a message shows it: short, running none of the caller's code", () => {
  const { parseOptions } = require('../lib/options.js');
  const message = (value) => {
    try {
      parseOptions({ fg: value }, []);
    } catch (e) {
      assert.equal(e.code, 'QR_INVALID_ARGUMENT');
      return e.message;
    }
    assert.fail(`fg ${String(value)} was taken`);
  };
  const expects = ': expected a hex colour like #000000';
  it('strings quoted and cut at 40 characters; numbers, null and booleans as they are', () => {
    assert.equal(message('x'.repeat(10_000)), `invalid fg "${'x'.repeat(40)}"...${expects}`);
    assert.equal(message('a"\n\u0007'), `invalid fg "a\\"\\n\\u0007"${expects}`);
    assert.equal(message(-0), `invalid fg -0${expects}`);
    assert.equal(message(NaN), `invalid fg NaN${expects}`);
    assert.equal(message(10n), `invalid fg 10n${expects}`);
    assert.equal(message(null), `invalid fg null${expects}`);
    assert.equal(message(true), `invalid fg true${expects}`);
  });
  it('objects, arrays, functions, symbols and Proxies by their kind alone', () => {
    const trap = () => { throw new Error('the caller\'s code ran'); };
    const hostile = { toString: trap, toJSON: trap, get length() { return trap(); } };
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    assert.equal(message(hostile), `invalid fg {...}${expects}`);
    assert.equal(message(new Proxy({}, { get: trap, ownKeys: trap, getPrototypeOf: trap })), `invalid fg {...}${expects}`);
    assert.equal(message(revocable.proxy), `invalid fg {...}${expects}`);
    assert.equal(message(['#000000']), `invalid fg [...]${expects}`);
    assert.equal(message(trap), `invalid fg <function>${expects}`);
    assert.equal(message(Symbol('#000')), `invalid fg <symbol>${expects}`);
  });
});

describe('request frames for the new options', () => {
  const text = Buffer.from('hi');
  it('no render options (or only flags set false): the same version 1 frame as before', () => {
    const before = Buffer.from('515701000000000000000000000000000200000068 69'.replace(/ /g, ''), 'hex');
    for (const render of [{}, { type: 'png' }, { micro: false, boostLevel: false, eightBit: false }])
      assert.deepEqual(encodeRequest(text, render), before);
  });
  it('each new option is a version 2 field', () => {
    const v2 = (render) => {
      const frame = encodeRequest(text, render);
      assert.equal(frame.length, 30);
      assert.equal(frame[2], 2);
      assert.equal(frame.subarray(28).toString(), 'hi');
      return [...frame.subarray(20, 28)];
    };
    assert.deepEqual(v2({ symversion: 40 }), [2, 0, 40, 0, 0, 0, 0, 0]);
    assert.deepEqual(v2({ micro: true }), [4, 0, 0, 1, 0, 0, 0, 0]);
    assert.deepEqual(v2({ boostLevel: true, micro: false }), [4, 0, 0, 2, 0, 0, 0, 0]);
    assert.deepEqual(v2({ eightBit: true }), [4, 0, 0, 4, 0, 0, 0, 0]);
    assert.deepEqual(v2({ dpi: 65535 }), [8, 0, 0, 0, 0xff, 0xff, 0, 0]);
    assert.deepEqual(v2({ type: 'utf8', symversion: 3, micro: true, boostLevel: true, eightBit: true, dpi: 300 }),
      [15, 3, 3, 7, 300 & 0xff, 300 >> 8, 0, 0]);
  });
});
