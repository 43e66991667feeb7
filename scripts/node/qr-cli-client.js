'use strict';
// Node client for qr-cli: one child process per QR code, no dependencies.
//
//   const { qrPng } = require('./qr-cli-client.js');
//   const png = await qrPng('https://example.com/', { level: 'M', size: 300 });
//
// The text goes to the tool as one argv element after `--`, never through a
// shell, so no text can become an option, a file name or a command.
// Children run at most `maxConcurrency` at a time (default: the env var
// QR_CLI_CONCURRENCY, else two per core); further calls wait in a FIFO
// queue, so a burst of requests cannot fork the machine to death. A child
// that outlives `timeoutMs` is killed.

const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const DEFAULT_BINARY = path.resolve(__dirname, '..', '..', 'build', 'qr-cli');
const DEFAULT_TIMEOUT_MS = 10_000;
// Two children per core keep every core busy while others start or exit.
const DEFAULT_CONCURRENCY_PER_CORE = 2;
// The largest image qr-cli writes (8192 px, 1 bit per pixel) is ~8 MiB raw.
const DEFAULT_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_STDERR_BYTES = 4096;

// Render options and the qr-cli flag each one becomes.
const FLAGS = {
  level: { flag: '--level', type: 'string' },
  size: { flag: '--size', type: 'integer' },
  scale: { flag: '--scale', type: 'integer' },
  margin: { flag: '--margin', type: 'integer' },
  fg: { flag: '--fg', type: 'string' },
  bg: { flag: '--bg', type: 'string' },
};

class QrCliError extends Error {
  // code: QR_CLI_EXIT (exitCode set), QR_CLI_TIMEOUT, QR_CLI_NOT_FOUND,
  // QR_CLI_SPAWN, QR_CLI_OUTPUT_TOO_LARGE or QR_CLI_SIGNAL.
  constructor(message, { code, exitCode = null, signal = null, stderr = '' }) {
    super(message);
    this.name = 'QrCliError';
    this.code = code;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderr = stderr;
  }
}

// os.availableParallelism() is Node >= 18.14; cpus() is the older answer.
function coreCount() {
  const cores = typeof os.availableParallelism === 'function'
    ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, cores);
}

// The argv after the binary: flags from options, then `--` and the text.
function buildArgs(text, options = {}) {
  if (typeof text !== 'string' && !Buffer.isBuffer(text))
    throw new TypeError('qrPng: text must be a string or a Buffer');
  const asString = Buffer.isBuffer(text) ? text.toString('utf8') : text;
  if (Buffer.isBuffer(text) && !Buffer.from(asString, 'utf8').equals(text))
    throw new TypeError('qrPng: a Buffer text must be valid UTF-8 (argv carries strings)');
  if (asString.includes('\0'))
    throw new TypeError('qrPng: text must not contain NUL (it cannot pass through argv)');

  const args = [];
  for (const [name, value] of Object.entries(options)) {
    const spec = FLAGS[name];
    if (!spec)
      throw new TypeError(`qrPng: unknown option '${name}' (known: ${Object.keys(FLAGS).join(', ')})`);
    if (value === undefined)
      continue;
    const ok = spec.type === 'integer' ? Number.isSafeInteger(value) : typeof value === 'string';
    if (!ok)
      throw new TypeError(`qrPng: option '${name}' must be ${spec.type === 'integer' ? 'an integer' : 'a string'}`);
    args.push(spec.flag, String(value));
  }
  args.push('--', asString);
  return args;
}

// The tool's one-line message, without trailing whitespace.
function stderrMessage(chunks) {
  return Buffer.concat(chunks).toString('utf8').trim();
}

function createQrCli({
  binary = process.env.QR_CLI || DEFAULT_BINARY,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxConcurrency = process.env.QR_CLI_CONCURRENCY
    ? Number(process.env.QR_CLI_CONCURRENCY) : coreCount() * DEFAULT_CONCURRENCY_PER_CORE,
  maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES,
} = {}) {
  if (!Number.isSafeInteger(maxConcurrency) || maxConcurrency < 1)
    throw new TypeError('createQrCli: maxConcurrency (or QR_CLI_CONCURRENCY) must be a positive integer');
  if (!(timeoutMs > 0))
    throw new TypeError('createQrCli: timeoutMs must be positive');

  const waiting = [];  // start functions of queued calls, oldest first
  let running = 0;

  function startNext() {
    while (running < maxConcurrency && waiting.length > 0) {
      running += 1;
      waiting.shift()();
    }
  }

  function runChild(args, resolve, reject) {
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    let failure = null;  // set when we killed the child or it failed to start
    let settled = false;

    const finish = (error, value) => {
      if (settled)
        return;
      settled = true;
      clearTimeout(timer);
      running -= 1;
      startNext();
      if (error)
        reject(error);
      else
        resolve(value);
    };

    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      failure = new QrCliError(`qr-cli timed out after ${timeoutMs} ms and was killed`,
        { code: 'QR_CLI_TIMEOUT' });
      child.kill('SIGKILL');
    }, timeoutMs);

    child.stdout.on('data', (chunk) => {
      outBytes += chunk.length;
      if (outBytes > maxOutputBytes) {
        if (!failure)
          failure = new QrCliError(`qr-cli wrote more than ${maxOutputBytes} bytes; killed`,
            { code: 'QR_CLI_OUTPUT_TOO_LARGE' });
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk) => {
      if (errBytes < MAX_STDERR_BYTES) {
        err.push(chunk.subarray(0, MAX_STDERR_BYTES - errBytes));
        errBytes += chunk.length;
      }
    });

    child.on('error', (e) => {
      if (e.code === 'ENOENT')
        failure = new QrCliError(`qr-cli not found at ${binary}: build it with \`make\`, `
          + 'or give its path in the QR_CLI environment variable or the binary option',
        { code: 'QR_CLI_NOT_FOUND' });
      else
        failure = new QrCliError(`cannot run qr-cli at ${binary}: ${e.message}`,
          { code: 'QR_CLI_SPAWN' });
      // A child that never started emits no 'close' on every Node version.
      if (child.pid === undefined)
        finish(failure);
    });

    child.on('close', (exitCode, signal) => {
      const stderr = stderrMessage(err);
      if (failure) {
        failure.stderr = stderr;
        finish(failure);
      } else if (exitCode !== 0) {
        const what = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
        finish(new QrCliError(`qr-cli ${what}${stderr ? `: ${stderr}` : ''}`,
          { code: signal ? 'QR_CLI_SIGNAL' : 'QR_CLI_EXIT', exitCode, signal, stderr }));
      } else {
        finish(null, Buffer.concat(out, outBytes));
      }
    });
  }

  function qrPng(text, options) {
    let args;
    try {
      args = buildArgs(text, options);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      waiting.push(() => runChild(args, resolve, reject));
      startNext();
    });
  }

  return {
    qrPng,
    // For monitoring and tests: children running now, calls waiting.
    stats: () => ({ running, queued: waiting.length, maxConcurrency }),
    binary,
  };
}

// The module-level qrPng uses one shared client, made on first use so that
// QR_CLI may be set after require().
let sharedClient = null;
function qrPng(text, options) {
  if (!sharedClient)
    sharedClient = createQrCli();
  return sharedClient.qrPng(text, options);
}

module.exports = { qrPng, createQrCli, buildArgs, coreCount, QrCliError, DEFAULT_BINARY };
