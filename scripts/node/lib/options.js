'use strict';
// The one validation module: texts, render options and pool options are
// checked here, the same way for the pool and for spawnQrPng, before any
// process is used. Limits are qr-cli's (cli/args.c, cli/render_options.c,
// lib/qrpng.h).

const { QrCliError, invalid, unreadable } = require('./errors.js');

const MAX_TEXT = 7089;        // QRPNG_MAX_TEXT: a longer text never fits a QR code
const MAX_IMAGE_SIZE = 8192;  // QRPNG_MAX_IMAGE_SIZE: size and scale, pixels
const MAX_MARGIN = 255;       // QRPNG_MAX_MARGIN, modules
const MAX_SYMVERSION = 40;    // the largest QR code symbol version
const MAX_MICRO_SYMVERSION = 4; // Micro QR: versions M1 to M4
const MAX_DPI = 65535;        // a PNG pHYs chunk's resolution, dots per inch
const MAX_TIMER_MS = 2 ** 31 - 1; // the longest setTimeout

const LEVELS = ['L', 'M', 'Q', 'H'];
// qr-cli's output types (-t), in the worker protocol's order (type codes 0..7).
const TYPES = ['png', 'svg', 'eps', 'utf8', 'ansiutf8', 'ascii', 'utf8i', 'asciii'];
// createPool's implementations: qr-cli worker processes, libqrpng in-process
// (the N-API addon), or libqrpng as WebAssembly in worker threads.
const IMPLS = ['worker', 'native', 'wasm'];

// A value as a message shows it: short, and without running any of the
// caller's code (no toString, toJSON, getter or Proxy trap).
const SHOWN_CHARS = 40;
function showValue(value) {
  switch (typeof value) {
  case 'string':
    return value.length > SHOWN_CHARS
      ? `${JSON.stringify(value.slice(0, SHOWN_CHARS))}...` : JSON.stringify(value);
  case 'number':
    return Object.is(value, -0) ? '-0' : String(value);
  case 'bigint':
    return `${value}n`;
  case 'boolean':
  case 'undefined':
    return String(value);
  case 'symbol':
    return '<symbol>';
  case 'function':
    return '<function>';
  default:
    if (value === null)
      return 'null';
    try {
      return Array.isArray(value) ? '[...]' : '{...}';
    } catch {
      return '{...}'; // a revoked Proxy
    }
  }
}

// A bad value of a render option: `invalid NAME VALUE: EXPECTS`, EXPECTS
// being the option table's words for what it takes (qrpng_option_expects).
function badValue(name, value) {
  return invalid(`invalid ${name} ${showValue(value)}: ${RENDER[name].expects}`);
}

// A non-render setting's range check (timeoutMs, workers, ...).
function integer(min, max) {
  return (name, value) => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw invalid(`option '${name}' must be a whole number ${min} to ${max}`);
    return value;
  };
}

function wholeNumber(min, max) {
  return (name, value) => {
    if (!Number.isSafeInteger(value) || value < min || value > max)
      throw badValue(name, value);
    return value;
  };
}

function colour(allowTransparent) {
  return (name, value) => {
    if (allowTransparent && value === 'transparent')
      return value;
    const m = typeof value === 'string' ? /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value) : null;
    if (!m)
      throw badValue(name, value);
    const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
    return `#${hex.toLowerCase()}`;
  };
}

function flag(name, value) {
  if (typeof value !== 'boolean')
    throw badValue(name, value);
  return value;
}

// Render options: every row of libqrpng's option table (lib/qrpng.h,
// "Options by name"; `build/tests/option_table` prints it), in its order,
// by the camel case of its identifier. cli: qr-cli's long name (--cli=VALUE
// on argv, `--cli` alone for a flag set true); kind: 'number' (a whole
// number from min to max), 'flag' (a boolean; false is off, qr-cli's
// default, and is not passed) or 'string'; def: the default qr-cli states,
// where it has one; expects: what it takes, in the table's words (its
// EXPECTS column, libqrpng's qrpng_option_expects), the end of every
// message refusing a value. test/options.test.js compares this list with
// the table, so that they cannot drift apart.
const RENDER_OPTIONS = [
  {
    name: 'level', cli: 'level', kind: 'string', def: 'L',
    expects: 'expected L, M, Q or H',
    check: (name, value) => {
      const level = typeof value === 'string' ? value.toUpperCase() : '';
      if (!LEVELS.includes(level))
        throw badValue(name, value);
      return level;
    },
  },
  {
    name: 'size', cli: 'size', kind: 'number', min: 1, max: MAX_IMAGE_SIZE, def: 200,
    expects: 'expected a whole number of pixels, 1 to 8192',
  },
  {
    name: 'scale', cli: 'scale', kind: 'number', min: 1, max: MAX_IMAGE_SIZE,
    expects: 'expected a whole number of pixels per module, 1 to 8192',
  },
  {
    name: 'margin', cli: 'margin', kind: 'number', min: 0, max: MAX_MARGIN, def: 4,
    expects: 'expected a whole number of modules, 0 to 255',
  },
  {
    name: 'fg', cli: 'fg', kind: 'string', def: '#000000', check: colour(false),
    expects: 'expected a hex colour like #000000',
  },
  {
    name: 'bg', cli: 'bg', kind: 'string', def: '#ffffff', check: colour(true),
    expects: 'expected a hex colour like #ffffff, or transparent',
  },
  {
    name: 'type', cli: 'type', kind: 'string',
    expects: 'expected png, svg, eps, utf8, ansiutf8, ascii, utf8i or asciii',
    check: (name, value) => {
      const type = typeof value === 'string' ? value.toLowerCase() : '';
      if (!TYPES.includes(type))
        throw badValue(name, value);
      return type;
    },
  },
  // The smallest symbol version (1..4 with micro: qr-cli refuses more).
  {
    name: 'symversion', cli: 'symversion', kind: 'number', min: 1, max: MAX_SYMVERSION,
    expects: 'expected a version, 1 to 40 (1 to 4 for Micro QR)',
  },
  { name: 'micro', cli: 'micro', kind: 'flag', expects: 'expected true or false' },
  { name: 'boostLevel', cli: 'boost-level', kind: 'flag', expects: 'expected true or false' },
  { name: 'eightBit', cli: '8bit', kind: 'flag', expects: 'expected true or false' },
  {
    name: 'dpi', cli: 'dpi', kind: 'number', min: 1, max: MAX_DPI,
    expects: 'expected dots per inch, 1 to 65535',
  },
];
for (const option of RENDER_OPTIONS) {
  if (option.kind === 'number')
    option.check = wholeNumber(option.min, option.max);
  else if (option.kind === 'flag')
    option.check = flag;
}
const RENDER = Object.fromEntries(RENDER_OPTIONS.map((option) => [option.name, option]));

// Options that are not render options, and where each is allowed.
const SETTINGS = {
  timeoutMs: integer(1, MAX_TIMER_MS),
  qrCli: (name, value) => {
    if (typeof value !== 'string' || value === '' || value.includes('\0'))
      throw invalid(`option '${name}' must be a non-empty path`);
    return value;
  },
  workers: integer(1, 1024),
  maxInFlight: integer(1, 4096),
  maxQueue: integer(0, 10_000_000),
  impl: (name, value) => {
    if (!IMPLS.includes(value))
      throw invalid(`option '${name}' must be one of ${IMPLS.map((i) => `'${i}'`).join(', ')}`);
    return value;
  },
};

const CALL_SETTINGS = ['timeoutMs'];              // pool.qrPng, qrPng
const SPAWN_SETTINGS = ['timeoutMs', 'qrCli'];    // spawnQrPng
const POOL_SETTINGS = ['timeoutMs', 'qrCli', 'workers', 'maxInFlight', 'maxQueue', 'impl'];

// Splits and checks an options object: { render, settings }. `allowed` names
// the settings (non-render options) this call takes; anything else is an
// unknown option. An option whose value is undefined counts as not given.
// Each option is read once (getters and Proxy traps run once, here); an
// exception they throw is QR_INVALID_ARGUMENT with it as `cause`.
function parseOptions(options, allowed) {
  if (options === undefined)
    return { render: {}, settings: {} };
  if (options === null || typeof options !== 'object')
    throw invalid('options must be an object');
  let entries;
  try {
    if (Array.isArray(options))
      throw invalid('options must be an object');
    entries = Object.entries(options);
  } catch (e) {
    if (e instanceof QrCliError)
      throw e;
    throw unreadable('options', e);
  }
  const render = {};
  const settings = {};
  for (const [name, value] of entries) {
    if (value === undefined)
      continue;
    if (Object.hasOwn(RENDER, name))
      render[name] = RENDER[name].check(name, value);
    else if (allowed.includes(name))
      settings[name] = SETTINGS[name](name, value);
    else
      throw invalid(`unknown option '${name}' (known: ${[...Object.keys(RENDER), ...allowed].join(', ')})`);
  }
  if (render.size !== undefined && render.scale !== undefined)
    throw invalid("give option 'size' or 'scale', not both");
  return { render, settings };
}

// A call's render options over a pool's defaults (spawnQrPng: over none): a
// call's size replaces a default scale and the other way round, as in
// qr-cli's worker mode. Refuses what qr-cli would refuse.
function mergeRender(defaults, call) {
  const merged = { ...defaults, ...call };
  if (call.size !== undefined)
    delete merged.scale;
  if (call.scale !== undefined)
    delete merged.size;
  const bg = merged.bg || '#ffffff';
  if (bg !== 'transparent' && (merged.fg || '#000000') === bg)
    throw invalid(`options 'fg' and 'bg' are the same colour (${bg}): the code could not be read`);
  // Micro QR (libqrpng's qrpng_check_options): here too, so that every path
  // refuses these as QR_INVALID_ARGUMENT before any process is used, in
  // the library's words (qr-cli -M -v 5, qr-cli -M -l H say the same).
  if (merged.micro === true) {
    if (merged.symversion > MAX_MICRO_SYMVERSION)
      throw invalid(`version must be 1..${MAX_MICRO_SYMVERSION} for Micro QR (got ${merged.symversion})`);
    if (merged.level === 'H')
      throw invalid('Micro QR has levels L, M and Q, not H');
  }
  return merged;
}

// qr-cli's arguments for checked render options, in the table's order:
// `--NAME=VALUE`, `--NAME` for a flag set true (false is qr-cli's default:
// nothing to pass).
function renderArgs(render) {
  const args = [];
  for (const { name, cli, kind } of RENDER_OPTIONS) {
    const value = render[name];
    if (value === undefined || value === false)
      continue;
    args.push(kind === 'flag' ? `--${cli}` : `--${cli}=${value}`);
  }
  return args;
}

// The bytes to encode: a string as UTF-8, a Buffer or Uint8Array as is (a
// view of the same memory: callers use it at once, before any other code
// runs). A detached buffer, or a Proxy whose trap throws, is
// QR_INVALID_ARGUMENT.
function textBytes(text) {
  let bytes;
  try {
    if (typeof text === 'string')
      bytes = Buffer.from(text, 'utf8');
    else if (text instanceof Uint8Array)
      bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
    else
      throw invalid('text must be a string, Buffer or Uint8Array');
  } catch (e) {
    if (e instanceof QrCliError)
      throw e;
    throw unreadable('text', e);
  }
  // argv cannot carry a NUL, so no path takes one: the same answer everywhere.
  if (bytes.includes(0))
    throw invalid('text must not contain NUL');
  if (bytes.length > MAX_TEXT)
    throw new QrCliError('QR_ENCODE',
      `qr-cli: text is ${bytes.length} bytes, too long for any QR code (at most ${MAX_TEXT})`,
      { status: 2 });
  return bytes;
}

module.exports = {
  TYPES,
  showValue,
  RENDER_OPTIONS,
  MAX_TEXT,
  MAX_IMAGE_SIZE,
  MAX_MARGIN,
  CALL_SETTINGS,
  SPAWN_SETTINGS,
  POOL_SETTINGS,
  parseOptions,
  mergeRender,
  renderArgs,
  textBytes,
};
