'use strict';
// spawnQrPng: one qr-cli process per request, argv [options..., '--', text],
// no shell. argv carries strings, so a text that is not UTF-8 goes on the
// child's standard input instead ([options..., '--keep-newline', '-i', '-']),
// byte for byte, as the worker pool and the addon take it. At most QR_CLI_CONCURRENCY children run at once in this process
// (default two per core); further calls wait in FIFO order, so a burst of
// requests cannot fork the machine to death. A request's timeout starts when
// its child starts.

const { spawn } = require('node:child_process');
const { isUtf8 } = require('node:buffer');
const os = require('node:os');
const { QrCliError, STATUS_CODES, invalid } = require('./errors.js');
const { SPAWN_SETTINGS, parseOptions, mergeRender, renderArgs, textBytes } = require('./options.js');
const { findQrCli } = require('./binary.js');
const { Deadline } = require('./deadline.js');

const DEFAULT_TIMEOUT_MS = 10_000;
// The largest PNG qr-cli writes (8192 px at 1 bit per pixel) is ~8 MiB raw.
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_STDERR_BYTES = 4096;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function coreCount() {
  return Math.max(1, typeof os.availableParallelism === 'function'
    ? os.availableParallelism() : os.cpus().length);
}

let limit = null;  // children at once, decided on first use
let running = 0;
const waiting = [];

function concurrency() {
  if (limit === null) {
    const env = process.env.QR_CLI_CONCURRENCY;
    const n = env === undefined || env === '' ? 2 * coreCount() : Number(env);
    if (!Number.isSafeInteger(n) || n < 1)
      throw invalid(`QR_CLI_CONCURRENCY must be a whole number of at least 1, not '${env}'`);
    limit = n;
  }
  return limit;
}

function startNext() {
  while (running < limit && waiting.length > 0) {
    running += 1;
    waiting.shift()();
  }
}

function spawnError(binary, e) {
  return new QrCliError('QR_SPAWN', `cannot start ${binary}: ${e.message}`);
}

// The last line qr-cli wrote on stderr, without trailing whitespace.
function stderrLine(chunks) {
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  return lines[lines.length - 1].trim();
}

function run({ binary, args, stdin, timeoutMs, png }, resolve, reject) {
  const out = [];
  const err = [];
  let outBytes = 0;
  let errBytes = 0;
  let failure = null; // set when we killed the child or it could not start
  let settled = false;
  let child;
  let deadline = null;

  const finish = (error, value) => {
    if (settled)
      return;
    settled = true;
    if (deadline)
      deadline.cancel();
    // A grandchild may still hold the pipes: stop reading them.
    if (child.stdout)
      child.stdout.destroy();
    if (child.stderr)
      child.stderr.destroy();
    running -= 1;
    startNext();
    if (error)
      reject(error);
    else
      resolve(value);
  };

  try {
    child = spawn(binary, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  } catch (e) {
    running -= 1;
    startNext();
    reject(spawnError(binary, e));
    return;
  }
  if (stdin) {
    // A child that dies before reading it all gives EPIPE here; its exit
    // status and stderr say what happened.
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  }
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  deadline = new Deadline(timeoutMs, () => {
    failure = new QrCliError('QR_TIMEOUT', `qr-cli gave no answer within ${timeoutMs} ms and was killed`);
    child.kill('SIGKILL');
    // Settle on the child's exit, never on the pipes' close: a process the
    // child left behind may hold them open for as long as it likes.
    if (exited())
      finish(failure);
  });

  child.stdout.on('data', (chunk) => {
    outBytes += chunk.length;
    if (outBytes > MAX_OUTPUT_BYTES) {
      failure = failure || new QrCliError('QR_PROTOCOL',
        `qr-cli wrote more than ${MAX_OUTPUT_BYTES} bytes and was killed`);
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
    failure = failure || spawnError(binary, e);
    if (child.pid === undefined) // never started: no 'exit' or 'close' follows
      finish(failure);
  });
  child.on('exit', () => {
    if (failure && failure.code === 'QR_TIMEOUT')
      finish(failure);
  });
  child.on('close', (code, signal) => {
    const stderr = stderrLine(err);
    if (failure) {
      failure.stderr = stderr;
      finish(failure);
    } else if (signal) {
      finish(new QrCliError('QR_SIGNAL', `qr-cli was killed by ${signal}${stderr ? `: ${stderr}` : ''}`,
        { signal, stderr }));
    } else if (code !== 0) {
      const known = STATUS_CODES[code];
      finish(new QrCliError(known || 'QR_PROTOCOL',
        known && stderr ? stderr : `qr-cli exited with status ${code}${stderr ? `: ${stderr}` : ''}`,
        { status: code, stderr }));
    } else {
      // A PNG is checked for its signature; the other types are text files.
      const file = Buffer.concat(out, outBytes);
      if (!png || file.subarray(0, 8).equals(PNG_SIGNATURE))
        finish(null, file);
      else
        finish(new QrCliError('QR_PROTOCOL', `qr-cli exited 0 but wrote ${file.length} bytes that are not a PNG`,
          { status: 0, stderr }));
    }
  });
}

function spawnQrPng(text, options) {
  let job;
  try {
    const { render, settings } = parseOptions(options, SPAWN_SETTINGS);
    const bytes = textBytes(text);
    const viaArgv = isUtf8(bytes);
    const args = [...renderArgs(mergeRender({}, render)),
      ...(viaArgv ? ['--', bytes.toString('utf8')] : ['--keep-newline', '-i', '-'])];
    concurrency();
    job = {
      binary: findQrCli(settings.qrCli),
      args,
      stdin: viaArgv ? null : bytes,
      timeoutMs: settings.timeoutMs || DEFAULT_TIMEOUT_MS,
      png: render.type === undefined || render.type === 'png',
    };
  } catch (e) {
    return Promise.reject(e);
  }
  return new Promise((resolve, reject) => {
    waiting.push(() => run(job, resolve, reject));
    startNext();
  });
}

module.exports = { spawnQrPng, coreCount, DEFAULT_TIMEOUT_MS };
