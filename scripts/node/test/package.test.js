'use strict';
// The qr-cli package (index.js, lib/) against the real qr-cli and against
// fake binaries: the three ways in, options, every error code through each
// path, binary lookup, timeouts that settle whatever holds the pipes.

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, after } = require('node:test');
const qr = require('..');
const { QR_CLI, withEnv, tempDir, decode, fakeBinary, fakeWorker, isAlive } = require('./helpers.js');

const { createPool, spawnQrPng, QrCliError } = qr;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngWidth = (png) => png.readUInt32BE(16); // IHDR width

// The two paths with the same signature: (text, options, settings) where
// settings are qrCli and timeoutMs (pool: pool options; spawn: call options).
const PATHS = {
  pool: async (text, options, settings = {}) => {
    const pool = createPool({ workers: 1, qrCli: QR_CLI, ...settings });
    try {
      return await pool.qrPng(text, options);
    } finally {
      await pool.close();
    }
  },
  spawn: (text, options, settings = {}) => spawnQrPng(text,
    options === undefined || (typeof options === 'object' && options !== null)
      ? { qrCli: QR_CLI, ...options, ...settings } : options),
};

async function rejection(promise) {
  return promise.then(() => assert.fail('resolved'), (e) => e);
}

describe('rendering with the real qr-cli', () => {
  const dir = tempDir();
  after(async () => {
    await qr.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, render] of Object.entries(PATHS)) {
    it(`${name}: a 200 px PNG that decodes back to the UTF-8 text`, async () => {
      const text = 'https://example.com/?q=二维码&emoji=😀';
      const png = await render(text);
      assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
      assert.equal(pngWidth(png), 200);
      assert.deepEqual(decode(png), Buffer.from(text, 'utf8'));
    });

    it(`${name}: options, Buffer and Uint8Array texts`, async () => {
      const png = await render(Buffer.from('options'), { level: 'h', size: 300, margin: 2, fg: '#123', bg: '#fedcba' });
      assert.equal(pngWidth(png), 300);
      assert.deepEqual(decode(png), Buffer.from('options'));
      const scaled = await render(new Uint8Array([0x61, 0x62]), { scale: 3, margin: 0, bg: 'transparent' });
      assert.equal(pngWidth(scaled), 21 * 3);
      assert.ok(scaled.includes('tRNS'));
    });

    it(`${name}: option-like and shell-like texts are texts; no file is written`, async () => {
      const target = path.join(dir, 'x');
      for (const text of [`-o${target}`, '--help', '--version', '-', '--worker', '$(id)', '; rm -rf /', '`id`']) {
        const png = await render(text);
        assert.deepEqual(decode(png), Buffer.from(text), text);
      }
      assert.deepEqual(fs.readdirSync(dir), []);
    });
  }

  it('qrPng, a pool and spawnQrPng give the same bytes as the command', async () => {
    const options = { level: 'Q', size: 250, fg: '#1a4d8f' };
    const expected = execFileSync(QR_CLI, ['--level', 'Q', '--size', '250', '--fg', '#1a4d8f', '--', 'same bytes']);
    await withEnv({ QR_CLI }, async () => {
      assert.ok((await qr.qrPng('same bytes', options)).equals(expected));
    });
    assert.ok((await PATHS.pool('same bytes', options)).equals(expected));
    assert.ok((await PATHS.spawn('same bytes', options)).equals(expected));
  });

  it('a pool applies its render options as defaults; a call overrides them', async () => {
    const pool = createPool({ workers: 1, qrCli: QR_CLI, scale: 2, margin: 1 });
    try {
      assert.equal(pngWidth(await pool.qrPng('a')), 23 * 2);
      assert.equal(pngWidth(await pool.qrPng('a', { size: 99 })), 99);
      assert.equal(pngWidth(await pool.qrPng('a', { scale: 3 })), 23 * 3);
    } finally {
      await pool.close();
    }
  });

  it('text bytes that are not UTF-8: the pool and spawn both encode them as they are', async () => {
    // spawn sends them on stdin; a trailing newline and an option-like
    // start stay text.
    for (const bytes of [Buffer.from([0x71, 0xff, 0xfe, 0x72]), Buffer.from([0x2d, 0x2d, 0xff, 0x0a])]) {
      assert.deepEqual(decode(await PATHS.pool(bytes)), bytes);
      assert.deepEqual(decode(await PATHS.spawn(bytes)), bytes);
    }
  });
});

describe('every error code through each path', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const bad = [
    [42, undefined, /text must be a string, Buffer or Uint8Array/],
    [null, undefined, /text must be/],
    ['a\0b', undefined, /text must not contain NUL/],
    ['x', 'nope', /options must be an object/],
    ['x', { output: '/tmp/x' }, /unknown option 'output'/],
    ['x', { workers: 2 }, /unknown option 'workers'/],
    ['x', { size: '200' }, /^invalid size "200": expected a whole number of pixels, 1 to 8192$/],
    ['x', { size: 0 }, /^invalid size 0: /],
    ['x', { size: 8193 }, /^invalid size 8193: /],
    ['x', { scale: 8193 }, /^invalid scale 8193: /],
    ['x', { size: 100, scale: 2 }, /'size' or 'scale', not both/],
    ['x', { margin: 256 }, /^invalid margin 256: expected a whole number of modules, 0 to 255$/],
    ['x', { margin: 1.5 }, /^invalid margin 1\.5: /],
    ['x', { level: 'Z' }, /^invalid level "Z": expected L, M, Q or H$/],
    ['x', { level: 1 }, /^invalid level 1: /],
    ['x', { fg: 'red' }, /^invalid fg "red": expected a hex colour like #000000$/],
    ['x', { fg: '000000' }, /^invalid fg "000000": /],
    ['x', { bg: '#12345' }, /^invalid bg "#12345": expected a hex colour like #ffffff, or transparent$/],
    ['x', { fg: 'transparent' }, /^invalid fg "transparent": /],
    ['x', { fg: '#FFF', bg: '#ffffff' }, /same colour/],
    ['x', { timeoutMs: 0 }, /'timeoutMs'/],
  ];

  for (const name of Object.keys(PATHS)) {
    it(`${name}: QR_INVALID_ARGUMENT before any process, for every bad text or option`, async () => {
      for (const [text, options, message] of bad) {
        const err = await rejection(PATHS[name](text, options, { qrCli: '/nonexistent/qr-cli' }));
        assert.ok(err instanceof QrCliError, `${message}: ${err}`);
        assert.equal(err.code, 'QR_INVALID_ARGUMENT', `${message}: ${err.message}`);
        assert.match(err.message, message);
        assert.equal(err.status, null);
      }
    });

    it(`${name}: QR_ENCODE (status 2) for an empty or too long text`, async () => {
      let err = await rejection(PATHS[name](''));
      assert.deepEqual([err.code, err.status, err.message], ['QR_ENCODE', 2, 'qr-cli: text is empty']);
      err = await rejection(PATHS[name]('x'.repeat(3000)));
      assert.deepEqual([err.code, err.status], ['QR_ENCODE', 2]);
      assert.match(err.message, /^qr-cli: text is 3000 bytes, too long/);
      err = await rejection(PATHS[name]('x'.repeat(7090)));
      assert.deepEqual([err.code, err.status], ['QR_ENCODE', 2]);
      assert.match(err.message, /text is 7090 bytes, too long for any QR code/);
    });

    it(`${name}: QR_NOT_FOUND names the place it tried`, async () => {
      const err = await rejection(PATHS[name]('x', {}, { qrCli: path.join(dir, 'missing') }));
      assert.equal(err.code, 'QR_NOT_FOUND');
      assert.ok(err.message.includes(path.join(dir, 'missing')), err.message);
      await withEnv({ QR_CLI: path.join(dir, 'from-env') }, async () => {
        const e = await rejection(name === 'pool' ? createPool({ workers: 1 }).qrPng('x') : spawnQrPng('x'));
        assert.equal(e.code, 'QR_NOT_FOUND');
        assert.match(e.message, /from-env \(\$QR_CLI\)/);
      });
    });

    it(`${name}: QR_SPAWN when the OS cannot start the file`, async () => {
      const binary = fakeBinary(dir, 'exit 0', 'no-interpreter');
      fs.writeFileSync(binary, '#!/nonexistent/interpreter\n', { mode: 0o755 });
      const err = await rejection(PATHS[name]('x', {}, { qrCli: binary }));
      assert.equal(err.code, 'QR_SPAWN');
      assert.match(err.message, /cannot start .*no-interpreter: .*ENOENT/);
    });
  }

  // Status failures: spawn through a fake command's exit status, the pool
  // through a fake worker's answer.
  for (const [status, code] of [[1, 'QR_USAGE'], [2, 'QR_ENCODE'], [3, 'QR_IO'], [4, 'QR_INTERNAL']]) {
    it(`spawn: exit status ${status} is ${code} with qr-cli's stderr line`, async () => {
      const binary = fakeBinary(dir, `echo 'qr-cli: failure ${status}' >&2\nexit ${status}`, `exit-${status}`);
      const err = await rejection(PATHS.spawn('x', {}, { qrCli: binary }));
      assert.deepEqual([err.code, err.status, err.stderr, err.message],
        [code, status, `qr-cli: failure ${status}`, `qr-cli: failure ${status}`]);
    });

    it(`pool: worker status ${status} is ${code} with the worker's message`, async () => {
      const binary = fakeWorker(dir, status, `failure ${status}`, `worker-${status}`);
      const err = await rejection(PATHS.pool('x', {}, { qrCli: binary }));
      assert.deepEqual([err.code, err.status, err.message], [code, status, `qr-cli: failure ${status}`]);
    });
  }

  it('spawn: QR_SIGNAL when qr-cli dies of a signal', async () => {
    const binary = fakeBinary(dir, 'kill -SEGV $$', 'segv');
    const err = await rejection(PATHS.spawn('x', {}, { qrCli: binary }));
    assert.deepEqual([err.code, err.signal, err.status], ['QR_SIGNAL', 'SIGSEGV', null]);
  });

  it('spawn: QR_PROTOCOL for an unknown exit status or output that is not a PNG', async () => {
    let err = await rejection(PATHS.spawn('x', {}, { qrCli: fakeBinary(dir, 'exit 9', 'exit-9') }));
    assert.deepEqual([err.code, err.status], ['QR_PROTOCOL', 9]);
    err = await rejection(PATHS.spawn('x', {}, { qrCli: fakeBinary(dir, 'printf "not a png"', 'not-png') }));
    assert.equal(err.code, 'QR_PROTOCOL');
  });

  it('pool: QR_PROTOCOL for a bad answer; the worker is replaced', async () => {
    const pool = createPool({ workers: 1, qrCli: fakeWorker(dir, 'garbage', '', 'garbage') });
    try {
      assert.equal((await rejection(pool.qrPng('x'))).code, 'QR_PROTOCOL');
      assert.equal((await rejection(pool.qrPng('y'))).code, 'QR_PROTOCOL');
      assert.equal(pool.stats().restarts, 1);
    } finally {
      await pool.close();
    }
  });

  it('pool: QR_WORKER_DIED for the requests in flight when a worker exits', async () => {
    const binary = fakeBinary(dir, "head -c 1 >/dev/null\necho 'qr-cli: gone' >&2\nexit 7", 'dies');
    const pool = createPool({ workers: 1, qrCli: binary });
    try {
      const errs = await Promise.all(['a', 'b', 'c'].map((t) => rejection(pool.qrPng(t))));
      for (const err of errs) {
        assert.equal(err.code, 'QR_WORKER_DIED');
        assert.match(err.message, /exited with status 7 while this request was in flight: qr-cli: gone/);
      }
    } finally {
      await pool.close();
    }
  });

  it('pool: QR_POOL_BUSY at once beyond maxQueue; QR_POOL_CLOSED for queued and later calls', async () => {
    const binary = fakeBinary(dir, 'exec cat >/dev/null', 'silent');
    const pool = createPool({ workers: 1, maxInFlight: 1, maxQueue: 2, qrCli: binary, timeoutMs: 60_000 });
    const inFlight = rejection(pool.qrPng('1'));
    const queued = [rejection(pool.qrPng('2')), rejection(pool.qrPng('3'))];
    const busy = await rejection(pool.qrPng('4'));
    assert.equal(busy.code, 'QR_POOL_BUSY');
    assert.match(busy.message, /queue is full \(2 waiting\)/);
    assert.deepEqual(pool.stats(), { workers: 1, inFlight: 1, queued: 2, restarts: 0 });
    const closing = pool.close();
    for (const err of await Promise.all(queued))
      assert.equal(err.code, 'QR_POOL_CLOSED');
    // The silent worker exits at the end of its input: the request it had dies.
    assert.equal((await inFlight).code, 'QR_WORKER_DIED');
    await closing;
    assert.equal((await rejection(pool.qrPng('5'))).code, 'QR_POOL_CLOSED');
  });

  it('createPool refuses bad pool options with QR_INVALID_ARGUMENT', () => {
    for (const options of [{ workers: 0 }, { maxInFlight: 0 }, { maxQueue: -1 }, { timeoutMs: 'x' },
      { qrCli: '' }, { size: 10, scale: 2 }, { colour: 'red' }, { fg: '#000', bg: '#000' }]) {
      assert.throws(() => createPool(options), { name: 'QrCliError', code: 'QR_INVALID_ARGUMENT' },
        JSON.stringify(options));
    }
  });
});

describe('timeouts settle, whatever holds the pipes', () => {
  const dir = tempDir();
  const sleepers = [];
  after(() => {
    for (const pid of sleepers) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // A wrapper script whose background sleep inherits stdout and stderr.
  function wrapper(name, tail) {
    const pidFile = path.join(dir, `${name}.pid`);
    return { pidFile, binary: fakeBinary(dir, `sleep 30 &\necho $! > '${pidFile}'\n${tail}`, name) };
  }
  const remember = (pidFile) => sleepers.push(Number(fs.readFileSync(pidFile, 'utf8')));

  it('spawn: a child that outlives the timeout is killed (QR_TIMEOUT)', async () => {
    const pidFile = path.join(dir, 'slow.pid');
    const binary = fakeBinary(dir, `echo $$ > '${pidFile}'\nexec sleep 30`, 'slow');
    const started = Date.now();
    const err = await rejection(spawnQrPng('x', { qrCli: binary, timeoutMs: 300 }));
    assert.equal(err.code, 'QR_TIMEOUT');
    assert.match(err.message, /no answer within 300 ms and was killed/);
    assert.ok(Date.now() - started < 20_000);
    assert.equal(isAlive(Number(fs.readFileSync(pidFile, 'utf8'))), false);
  });

  it('spawn: settles on the wrapper\'s exit while its grandchild holds the pipes', async () => {
    const { pidFile, binary } = wrapper('wrapper-waits', 'wait');
    const started = Date.now();
    const err = await rejection(spawnQrPng('x', { qrCli: binary, timeoutMs: 300 }));
    remember(pidFile);
    assert.equal(err.code, 'QR_TIMEOUT');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('spawn: settles when the wrapper exited 0 but its grandchild holds stdout', async () => {
    const { pidFile, binary } = wrapper('wrapper-exits', 'exit 0');
    const started = Date.now();
    const err = await rejection(spawnQrPng('x', { qrCli: binary, timeoutMs: 300 }));
    remember(pidFile);
    assert.equal(err.code, 'QR_TIMEOUT');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('pool: a wrapped worker that never answers times out; close() still ends', async () => {
    const { pidFile, binary } = wrapper('wrapper-worker', 'exec cat >/dev/null');
    const pool = createPool({ workers: 1, qrCli: binary, timeoutMs: 300 });
    const started = Date.now();
    const err = await rejection(pool.qrPng('x'));
    remember(pidFile);
    assert.equal(err.code, 'QR_TIMEOUT');
    await pool.close();
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
    assert.equal(pool.stats().workers, 0);
  });
});

describe('binary lookup', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds qr-cli on PATH with QR_CLI unset, before the checkout', async () => {
    // A logging wrapper named qr-cli, first on PATH.
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const log = path.join(dir, 'log');
    const wrapped = fakeBinary(dir, `echo "$1" >> '${log}'\nexec '${QR_CLI}' "$@"`, 'logging-qr-cli');
    fs.symlinkSync(wrapped, path.join(bin, 'qr-cli'));
    await withEnv({ QR_CLI: undefined, PATH: `${bin}:${process.env.PATH}` }, async () => {
      assert.deepEqual(decode(await spawnQrPng('on PATH')), Buffer.from('on PATH'));
      const pool = createPool({ workers: 1 });
      try {
        assert.deepEqual(decode(await pool.qrPng('on PATH too')), Buffer.from('on PATH too'));
      } finally {
        await pool.close();
      }
    });
    assert.deepEqual(fs.readFileSync(log, 'utf8').split('\n'), ['--', '--worker', '']);
  });

  it('falls back to the checkout\'s build/qr-cli', async () => {
    const png = await withEnv({ QR_CLI: undefined, PATH: path.join(dir, 'empty') }, () => spawnQrPng('checkout'));
    assert.deepEqual(decode(png), Buffer.from('checkout'));
  });

  it('QR_CLI comes before PATH; the qrCli option before QR_CLI', async () => {
    const env = path.join(dir, 'env-qr-cli');
    fs.symlinkSync(QR_CLI, env);
    await withEnv({ QR_CLI: env, PATH: '/nonexistent' }, async () => {
      assert.ok((await spawnQrPng('env')).length > 0);
      const err = await rejection(spawnQrPng('opt', { qrCli: path.join(dir, 'nope') }));
      assert.match(err.message, /nope \(option qrCli\)/);
    });
  });
});

describe('the shared pool of qrPng', () => {
  it('lets a script exit by itself, without close()', () => {
    const script = "require(process.argv[1]).qrPng('exit by itself').then((png) => console.log(png.length))";
    // Without unref'd workers it would never exit: execFileSync's timeout kills it and throws.
    const out = execFileSync(process.execPath, ['-e', script, path.join(__dirname, '..')],
      { env: { ...process.env, QR_CLI }, timeout: 60_000 }).toString();
    assert.match(out, /^\d+\n$/);
  });

  it('close() ends it; the next call makes a new one', async () => {
    await withEnv({ QR_CLI }, async () => {
      assert.ok((await qr.qrPng('one')).length > 0);
      await qr.close();
      assert.ok((await qr.qrPng('two')).length > 0);
      await qr.close();
    });
  });
});
