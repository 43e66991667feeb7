'use strict';
// qr-worker-pool.js: QR code PNGs from a pool of long-lived `qr-cli --worker`
// processes (README, "Worker mode"). CommonJS, no dependencies.
//
//   const { createWorkerPool } = require('./qr-worker-pool');
//   const pool = createWorkerPool({ workers: 2 });
//   const png = await pool.qrPng('https://example.com/', { level: 'M' });
//   await pool.close();
//
// or the shared default pool: require('./qr-worker-pool').qrPng(text, options).
//
// Requests are pipelined: up to maxInFlight frames are written to a worker
// before its first answer comes back; the rest wait in the pool's queue.
// Recovery: a worker that dies is replaced on the next request; the
// requests it had in flight are NOT retried (a text that crashed one worker
// could crash the next) and reject with code 'QR_WORKER_DIED'. A request
// that times out rejects with 'QR_WORKER_TIMEOUT'; if it was already with a
// worker, that worker is killed (answers come in order, so it is stuck) and
// its other in-flight requests reject with 'QR_WORKER_DIED'.

const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const REQUEST_HEADER = 20;
const RESPONSE_HEADER = 8;
const PROTOCOL_VERSION = 1;
const MAX_FRAME_TEXT = 8192; // the worker's frame limit
const MAX_QR_TEXT = 7089; // libqrpng's QRPNG_MAX_TEXT: longer never fits
const FLAG = { level: 1, size: 2, scale: 4, margin: 8, fg: 16, bg: 32, transparent: 64 };
const LEVELS = { L: 0, M: 1, Q: 2, H: 3 };

const EXIT_USAGE = 1;
const EXIT_ENCODE = 2;

class QrCliError extends Error {
  // exitCode: the CLI's exit-code class (1 usage, 2 cannot be encoded,
  // 4 internal), or null when the worker itself failed (died, timed out).
  // stderr: the tool's one-line message.
  constructor(message, { exitCode = null, code = 'QR_CLI_FAILED', stderr = message } = {}) {
    super(message);
    this.name = 'QrCliError';
    this.exitCode = exitCode;
    this.code = code;
    this.stderr = stderr;
  }
}

function defaultWorkerCount() {
  return typeof os.availableParallelism === 'function'
    ? os.availableParallelism() : Math.max(1, os.cpus().length);
}

function defaultBinary() {
  return process.env.QR_CLI || path.join(__dirname, '..', '..', 'build', 'qr-cli');
}

function usageError(message) {
  return new QrCliError(message, { exitCode: EXIT_USAGE });
}

function parseColour(name, value) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value));
  if (!m) throw usageError(`invalid ${name} '${value}': expected a hex colour like #1a4d8f`);
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function wholeNumber(name, value, min, max) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw usageError(`invalid ${name} '${value}': expected a whole number ${min} to ${max}`);
  }
  return value;
}

// One request frame (protocol version 1) for text bytes and options.
function encodeRequest(textBytes, options = {}) {
  const header = Buffer.alloc(REQUEST_HEADER);
  header.write('QW', 0, 'latin1');
  header[2] = PROTOCOL_VERSION;
  let flags = 0;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    switch (key) {
      case 'level': {
        const level = LEVELS[String(value).toUpperCase()];
        if (level === undefined) throw usageError(`invalid level '${value}': expected L, M, Q or H`);
        header[4] = level;
        break;
      }
      case 'margin': header[5] = wholeNumber(key, value, 0, 255); break;
      case 'size': header.writeUInt16LE(wholeNumber(key, value, 1, 65535), 6); break;
      case 'scale': header.writeUInt16LE(wholeNumber(key, value, 1, 65535), 8); break;
      case 'fg': header.set(parseColour(key, value), 10); break;
      case 'bg':
        if (value === 'transparent') { flags |= FLAG.transparent; continue; }
        header.set(parseColour(key, value), 13);
        break;
      default: throw usageError(`unknown option '${key}'`);
    }
    flags |= FLAG[key];
  }
  header[3] = flags;
  header.writeUInt32LE(textBytes.length, 16);
  return Buffer.concat([header, textBytes]);
}

class Worker {
  constructor(pool) {
    this.pool = pool;
    this.inFlight = []; // jobs, in the order their answers will come
    this.input = Buffer.alloc(0);
    this.stderrTail = '';
    this.dead = false;
    this.child = spawn(pool.binary, ['--worker', ...pool.args, '--'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk) => this.onData(chunk));
    this.child.stderr.on('data', (chunk) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-500);
    });
    this.child.stdin.on('error', () => {}); // a dead worker: 'close' reports it
    this.child.on('error', (err) => this.die(`cannot run ${pool.binary}: ${err.message}`));
    this.child.on('close', (code, signal) => {
      this.closed = true;
      this.die(`qr-cli worker exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      this.pool.onWorkerClosed(this);
    });
  }

  send(job) {
    job.worker = this;
    this.inFlight.push(job);
    const { stdin } = this.child;
    // Frames written in one tick leave in one write.
    if (!stdin.writableCorked) {
      stdin.cork();
      process.nextTick(() => stdin.uncork());
    }
    stdin.write(job.frame);
  }

  onData(chunk) {
    let buf = this.input.length ? Buffer.concat([this.input, chunk]) : chunk;
    let pos = 0;
    while (buf.length - pos >= RESPONSE_HEADER) {
      if (buf.toString('latin1', pos, pos + 2) !== 'QR' || buf[pos + 2] !== PROTOCOL_VERSION) {
        this.kill('qr-cli worker sent a bad response frame');
        return;
      }
      const status = buf[pos + 3];
      const end = pos + RESPONSE_HEADER + buf.readUInt32LE(pos + 4);
      if (buf.length < end) break;
      const payload = Buffer.from(buf.subarray(pos + RESPONSE_HEADER, end));
      pos = end;
      const job = this.inFlight.shift();
      if (!job) {
        this.kill('qr-cli worker sent an answer to no request');
        return;
      }
      if (status === 0) job.settle(null, payload);
      else {
        const message = payload.toString('utf8');
        job.settle(new QrCliError(message, { exitCode: status }));
      }
    }
    this.input = buf.subarray(pos);
    this.pool.pump();
  }

  kill(reason) {
    this.die(reason);
    this.child.kill('SIGKILL');
  }

  // Idempotent: the worker leaves the pool and its in-flight jobs fail.
  die(reason) {
    if (this.dead) return;
    this.dead = true;
    const detail = this.stderrTail.trim().split('\n').pop();
    const message = detail ? `${reason}: ${detail}` : reason;
    for (const job of this.inFlight.splice(0)) {
      job.settle(new QrCliError(message, { code: 'QR_WORKER_DIED' }));
    }
    this.pool.onWorkerDied(this);
  }
}

class WorkerPool {
  constructor(options = {}) {
    this.binary = options.qrCli || defaultBinary();
    this.args = options.args || []; // start options: every request's defaults
    this.size = options.workers || Number(process.env.QR_WORKERS) || defaultWorkerCount();
    this.maxInFlight = options.maxInFlight || 32;
    this.timeoutMs = options.timeoutMs || 10000;
    this.slots = new Array(this.size).fill(null);
    this.all = new Set(); // every child not yet closed, dead or alive
    this.queue = [];
    this.closing = null;
  }

  qrPng(text, options = {}) {
    return new Promise((resolve, reject) => {
      if (this.closing) throw new QrCliError('worker pool is closed', { code: 'QR_POOL_CLOSED' });
      const bytes = Buffer.isBuffer(text) ? text : Buffer.from(String(text), 'utf8');
      if (bytes.length > MAX_QR_TEXT) {
        throw new QrCliError(`text is ${bytes.length} bytes, too long for any QR code`,
          { exitCode: EXIT_ENCODE });
      }
      const job = { frame: encodeRequest(bytes, options || {}), worker: null, done: false };
      job.settle = (err, png) => {
        if (job.done) return;
        job.done = true;
        clearTimeout(job.timer);
        if (err) reject(err); else resolve(png);
      };
      job.timer = setTimeout(() => this.timedOut(job), this.timeoutMs);
      this.queue.push(job);
      this.pump();
    });
  }

  timedOut(job) {
    const error = new QrCliError(`qr-cli worker gave no answer within ${this.timeoutMs} ms`,
      { code: 'QR_WORKER_TIMEOUT' });
    if (job.worker) {
      job.worker.inFlight.splice(job.worker.inFlight.indexOf(job), 1);
      job.settle(error);
      job.worker.kill('qr-cli worker killed after a request timed out');
    } else {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.settle(error);
    }
  }

  // Hands queued jobs to the least busy workers, starting missing ones.
  pump() {
    while (this.queue.length > 0 && !this.closing) {
      let best = -1;
      for (let i = 0; i < this.slots.length; i++) {
        if (!this.slots[i]) {
          this.slots[i] = new Worker(this);
          this.all.add(this.slots[i]);
        }
        const load = this.slots[i].inFlight.length;
        if (load < this.maxInFlight && (best < 0 || load < this.slots[best].inFlight.length)) best = i;
      }
      if (best < 0) return;
      this.slots[best].send(this.queue.shift());
    }
  }

  onWorkerDied(worker) {
    const i = this.slots.indexOf(worker);
    if (i >= 0) this.slots[i] = null;
    process.nextTick(() => this.pump());
  }

  onWorkerClosed(worker) {
    this.all.delete(worker);
    if (this.closing && this.all.size === 0) this.closing.resolve();
  }

  // The process ids of the live workers (for tests and monitoring).
  pids() {
    return this.slots.filter((w) => w && !w.dead).map((w) => w.child.pid);
  }

  // Stops taking requests, rejects the queued ones, lets the workers answer
  // what they have in flight (end of input makes each exit 0), and kills any
  // still running after graceMs. Resolves when no child is left.
  close({ graceMs = 2000 } = {}) {
    if (this.closing) return this.closing.promise;
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    this.closing = { promise, resolve };
    for (const job of this.queue.splice(0)) {
      job.settle(new QrCliError('worker pool is closed', { code: 'QR_POOL_CLOSED' }));
    }
    if (this.all.size === 0) resolve();
    for (const worker of this.all) worker.child.stdin.end();
    const timer = setTimeout(() => {
      for (const worker of this.all) worker.child.kill('SIGKILL');
    }, graceMs);
    return promise.then(() => clearTimeout(timer));
  }
}

function createWorkerPool(options) {
  return new WorkerPool(options);
}

// The shared pool behind the module-level qrPng/close, made on first use.
let sharedPool = null;

function qrPng(text, options) {
  if (!sharedPool) sharedPool = new WorkerPool();
  return sharedPool.qrPng(text, options);
}

function close() {
  const pool = sharedPool;
  sharedPool = null;
  return pool ? pool.close() : Promise.resolve();
}

module.exports = { qrPng, close, createWorkerPool, WorkerPool, QrCliError, encodeRequest, MAX_FRAME_TEXT };
