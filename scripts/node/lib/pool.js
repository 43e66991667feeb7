'use strict';
// A pool of long-lived `qr-cli --worker --` processes. Requests are
// pipelined, at most maxInFlight per worker, each to the least busy worker;
// the rest wait in a bounded FIFO queue (maxQueue, beyond it QR_POOL_BUSY).
// A request's timeout starts when its frame is written to a worker. Answers
// come in order, so a request that times out means its worker is stuck: the
// worker is killed and that request fails with QR_TIMEOUT. Renders have no
// side effects, so the other requests a dead worker had in flight (killed
// after a timeout, or died on its own: SIGKILL, OOM) are sent again, ahead
// of the queue and in their order, to a live or a new worker; a request is
// written at most MAX_TRIES times (a text that crashes every worker fails
// after two), then fails with QR_WORKER_DIED. A dead worker is replaced on
// the next request.
// Idle workers never keep the host process alive (children and pipes are
// unref'd); a request in flight does (its timer).

const { spawn } = require('node:child_process');
const { QrCliError, STATUS_CODES } = require('./errors.js');
const { POOL_SETTINGS, CALL_SETTINGS, parseOptions, mergeRender, textBytes } = require('./options.js');
const { findQrCli } = require('./binary.js');
const { encodeRequest, decodeResponses, RESPONSE_HEADER } = require('./protocol.js');
const { coreCount, DEFAULT_TIMEOUT_MS } = require('./spawn.js');
const { Deadline } = require('./deadline.js');
const { Fifo, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, MAX_TRIES } = require('./pool_parts.js');

// After a worker exits on its own, how long answers still in the pipe may
// take to arrive (a grandchild holding the pipe must not stall the pool).
const EXIT_GRACE_MS = 500;
const STDERR_TAIL = 500;

function closedError() {
  return new QrCliError('QR_POOL_CLOSED', 'the qr-cli worker pool is closed');
}

function copyError(e) {
  return new QrCliError(e.code, e.message, { status: e.status, stderr: e.stderr, signal: e.signal });
}

class Worker {
  constructor(pool, binary) {
    this.pool = pool;
    this.binary = binary;
    this.inFlight = [];   // jobs, in the order their answers will come
    this.chunks = [];     // stdout bytes not yet parsed
    this.buffered = 0;
    this.need = RESPONSE_HEADER;
    this.corked = [];     // jobs written in this tick, not yet sent
    this.stderrTail = '';
    this.dead = false;    // out of the pool (in flight failed)
    this.gone = false;    // the process has exited and its pipes are let go
    this.exit = null;     // { code, signal } once it exited
    this.graceTimer = null;
    // May throw (EMFILE, ...): the pool turns that into QR_SPAWN.
    const child = spawn(binary, ['--worker', '--'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr])
      stream.unref();
    child.stdout.on('data', (chunk) => this.onData(chunk));
    child.stderr.on('data', (chunk) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.stdin.on('error', () => {}); // a dead worker: its 'exit' reports it
    child.on('error', (e) => {
      if (child.pid !== undefined)
        return; // a failed kill() or write: 'exit' follows anyway
      const error = new QrCliError('QR_SPAWN', `cannot start ${binary}: ${e.message}`);
      this.die(error);
      this.pool.failQueue(error);
      this.release();
    });
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      if (this.dead) {
        this.release();
        return;
      }
      // Answers written before the exit may still be in the pipe.
      this.graceTimer = setTimeout(() => this.release(), EXIT_GRACE_MS);
      this.graceTimer.unref();
    });
    child.on('close', () => this.release());
  }

  lastStderrLine() {
    const lines = this.stderrTail.trim().split('\n');
    return lines[lines.length - 1].trim();
  }

  send(job) {
    job.tries += 1;
    job.worker = this;
    this.inFlight.push(job);
    const { stdin } = this.child;
    // Frames written in one tick leave in one write, at the end of the tick.
    if (!stdin.writableCorked) {
      stdin.cork();
      process.nextTick(() => this.uncork());
    }
    stdin.write(job.frame); // the frame is kept until settled, for a retry
    this.corked.push(job);
  }

  // The frames leave now, so their timeouts start now: not when the requests
  // were queued, nor when the synchronous code that made them began.
  uncork() {
    this.child.stdin.uncork();
    for (const job of this.corked.splice(0)) {
      if (!job.done && job.worker === this)
        job.deadline = new Deadline(job.timeoutMs, () => this.timedOut(job));
    }
  }

  timedOut(job) {
    if (job.done || this.dead || job.worker !== this)
      return;
    job.settle(new QrCliError('QR_TIMEOUT',
      `qr-cli worker gave no answer within ${job.timeoutMs} ms and was killed`));
    // The requests behind it are sent again (those not yet tried twice).
    this.kill(new QrCliError('QR_WORKER_DIED',
      'qr-cli worker was killed because a request before this one timed out'), true);
  }

  onData(chunk) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < this.need || this.dead)
      return;
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const { frames, used, need, bad } = decodeResponses(buf);
    for (const { status, payload } of frames) {
      const job = this.inFlight.shift();
      if (!job) {
        this.kill(new QrCliError('QR_PROTOCOL', 'qr-cli worker sent an answer to no request'));
        return;
      }
      if (status === 0) {
        job.settle(null, payload);
      } else if (STATUS_CODES[status]) {
        job.settle(new QrCliError(STATUS_CODES[status], `qr-cli: ${payload.toString('utf8')}`, { status }));
      } else {
        job.settle(new QrCliError('QR_PROTOCOL', `qr-cli worker answered with unknown status ${status}`,
          { status }));
      }
    }
    if (bad) {
      this.kill(new QrCliError('QR_PROTOCOL', `qr-cli worker sent ${bad}; it was killed`));
      return;
    }
    const rest = buf.subarray(used);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    this.need = need;
    this.pool.pump();
  }

  kill(error, retry = false) {
    this.die(error, retry);
    this.child.kill('SIGKILL');
  }

  // Idempotent: the worker leaves the pool. With retry, its in-flight
  // requests written fewer than MAX_TRIES times go back to the front of the
  // pool's queue (not once the pool is closing); the others fail with error
  // (a copy each).
  die(error, retry = false) {
    if (this.dead)
      return;
    this.dead = true;
    const again = [];
    for (const job of this.inFlight.splice(0)) {
      if (job.done)
        continue;
      job.worker = null;
      if (job.deadline) {
        job.deadline.cancel();
        job.deadline = null;
      }
      if (retry && job.tries < MAX_TRIES && !this.pool.closing)
        again.push(job);
      else if (retry && job.tries > 1)
        job.settle(new QrCliError(error.code, `${error.message} (tried ${job.tries} times)`,
          { status: error.status, stderr: error.stderr, signal: error.signal }));
      else
        job.settle(copyError(error));
    }
    this.pool.requeue(again);
    this.pool.onWorkerDied(this);
  }

  // The process exited (or never started): fail what it still had, let go of
  // its pipes, whoever holds their other ends.
  release() {
    if (this.gone)
      return;
    this.gone = true;
    clearTimeout(this.graceTimer);
    const { code = null, signal = null } = this.exit || {};
    const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    const stderr = this.lastStderrLine();
    this.die(new QrCliError('QR_WORKER_DIED',
      `qr-cli worker ${how} while this request was in flight${stderr ? `: ${stderr}` : ''}`,
      { signal, stderr }), true);
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr])
      stream.destroy();
    this.pool.onWorkerGone(this);
  }
}

class Pool {
  // parsed: parseOptions(options, POOL_SETTINGS) when createPool did it
  // already (so that getters on options run once).
  constructor(options, parsed = parseOptions(options, POOL_SETTINGS)) {
    const { render, settings } = parsed;
    this.defaults = mergeRender({}, render);
    this.qrCli = settings.qrCli;
    this.size = settings.workers || coreCount();
    this.maxInFlight = settings.maxInFlight || DEFAULT_MAX_IN_FLIGHT;
    this.maxQueue = settings.maxQueue === undefined ? DEFAULT_MAX_QUEUE : settings.maxQueue;
    this.timeoutMs = settings.timeoutMs || DEFAULT_TIMEOUT_MS;
    this.slots = new Array(this.size).fill(null);
    this.everStarted = new Array(this.size).fill(false);
    this.restarts = 0;
    this.all = new Set(); // every worker whose process is not yet released
    this.queue = new Fifo();
    this.closing = null;
  }

  qrPng(text, options) {
    let job;
    try {
      if (this.closing)
        throw closedError();
      const { render, settings } = parseOptions(options, CALL_SETTINGS);
      const bytes = textBytes(text);
      job = {
        frame: encodeRequest(bytes, mergeRender(this.defaults, render)),
        timeoutMs: settings.timeoutMs || this.timeoutMs,
        deadline: null,
        done: false,
        tries: 0,      // times written to a worker
        worker: null,  // the worker it is in flight on
      };
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      job.settle = (err, png) => {
        if (job.done)
          return;
        job.done = true;
        job.frame = null;
        job.worker = null;
        if (job.deadline)
          job.deadline.cancel();
        if (err)
          reject(err);
        else
          resolve(png);
      };
      this.queue.push(job);
      this.pump();
      if (this.queue.length > this.maxQueue && this.queue.pop() === job)
        job.settle(new QrCliError('QR_POOL_BUSY',
          `the qr-cli worker pool's queue is full (${this.maxQueue} waiting); try again later`));
    });
  }

  // Hands queued jobs to the least busy workers, starting missing ones.
  pump() {
    while (this.queue.length > 0 && !this.closing) {
      let best = null;
      for (let i = 0; i < this.slots.length; i += 1) {
        if (!this.slots[i] && !this.start(i))
          return;
        const worker = this.slots[i];
        if (worker.inFlight.length < this.maxInFlight
            && (best === null || worker.inFlight.length < best.inFlight.length))
          best = worker;
      }
      if (best === null)
        return;
      best.send(this.queue.shift());
    }
  }

  // Starts the worker of slot i; on failure fails the whole queue.
  start(i) {
    let worker;
    try {
      const binary = findQrCli(this.qrCli);
      try {
        worker = new Worker(this, binary);
      } catch (e) {
        throw new QrCliError('QR_SPAWN', `cannot start ${binary}: ${e.message}`);
      }
    } catch (e) {
      this.failQueue(e);
      return false;
    }
    if (this.everStarted[i])
      this.restarts += 1;
    this.everStarted[i] = true;
    this.slots[i] = worker;
    this.all.add(worker);
    return true;
  }

  // Requests of a dead worker to be written again: first in line, in their
  // order (they were admitted already, so maxQueue does not refuse them).
  requeue(jobs) {
    this.queue.unshift(jobs);
  }

  failQueue(error) {
    for (const job of this.queue.drain())
      job.settle(copyError(error));
  }

  onWorkerDied(worker) {
    const i = this.slots.indexOf(worker);
    if (i >= 0)
      this.slots[i] = null;
    process.nextTick(() => this.pump());
  }

  onWorkerGone(worker) {
    this.all.delete(worker);
    if (this.closing && this.all.size === 0)
      this.closing.resolve();
  }

  stats() {
    let workers = 0;
    let inFlight = 0;
    for (const worker of this.slots) {
      if (worker && !worker.dead) {
        workers += 1;
        inFlight += worker.inFlight.length;
      }
    }
    return { workers, inFlight, queued: this.queue.length, restarts: this.restarts };
  }

  // Stops taking requests and fails the queued ones (QR_POOL_CLOSED); the
  // requests in flight are answered (end of input makes each worker exit 0)
  // or time out. Resolves when no worker process is left.
  close() {
    if (this.closing)
      return this.closing.promise;
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    this.closing = { promise, resolve };
    this.failQueue(closedError());
    if (this.all.size === 0) {
      resolve();
      return promise;
    }
    for (const worker of this.all)
      worker.child.stdin.end();
    // A worker that ignores the end of its input is killed.
    const timer = setTimeout(() => {
      for (const worker of this.all)
        worker.kill(new QrCliError('QR_POOL_CLOSED', 'the qr-cli worker pool was closed'));
    }, this.timeoutMs);
    return promise.then(() => clearTimeout(timer));
  }
}

// What the default pool does when no qr-cli is found: these are tried in
// order, the first that loads serves the pool.
const FALLBACKS = [
  ['the native addon', (options, parsed) => new (require('./native.js').NativePool)(options, parsed)],
  ['qrpng.wasm in worker threads', (options, parsed) => new (require('./wasm_pool.js').WasmPool)(options, parsed)],
];
let fallbackLogged = false;

// The places a QR_NOT_FOUND error names (binary.js: err.tried).
function triedPlaces(e) {
  if (Array.isArray(e.tried))
    return e.tried.length > 0 ? e.tried.join(', ') : 'nothing: PATH is empty';
  const m = /tried (.*?); /.exec(e.message);
  return m ? m[1] : e.message;
}

// No qr-cli: the first fallback that loads, with one line on stderr (once
// per process) saying where qr-cli was looked for and what serves instead;
// when none loads, the worker pool, whose requests fail with notFound's
// QR_NOT_FOUND as they always did.
function fallback(options, parsed, notFound, log = (line) => process.stderr.write(`${line}\n`)) {
  const failed = [];
  for (const [name, make] of FALLBACKS) {
    let pool;
    try {
      pool = make(options, parsed);
    } catch (e) {
      failed.push(`${name} did not load (${e.message})`);
      continue;
    }
    if (!fallbackLogged) {
      fallbackLogged = true;
      log(`qr-cli: no qr-cli found (tried ${triedPlaces(notFound)}); ${[...failed, `rendering with ${name}`].join('; ')}`);
    }
    return pool;
  }
  return new Pool(options, parsed);
}

// impl 'worker': this pool; 'native': libqrpng in-process (native.js);
// 'wasm': libqrpng as WebAssembly in worker threads (wasm_pool.js); all
// with the same options, calls and errors. No impl (the default): this
// pool when a qr-cli is found, else fallback(). A qrCli option or $QR_CLI
// is a choice of qr-cli: a wrong one is an error, never a fallback.
function createPool(options) {
  const parsed = parseOptions(options, POOL_SETTINGS);
  const { impl, qrCli } = parsed.settings;
  if (impl === 'native') {
    const { NativePool } = require('./native.js');
    return new NativePool(options, parsed);
  }
  if (impl === 'wasm') {
    const { WasmPool } = require('./wasm_pool.js');
    return new WasmPool(options, parsed);
  }
  if (impl === undefined && qrCli === undefined && !process.env.QR_CLI) {
    try {
      findQrCli(undefined);
    } catch (e) {
      if (e instanceof QrCliError && e.code === 'QR_NOT_FOUND')
        return fallback(options, parsed, e);
      throw e;
    }
  }
  return new Pool(options, parsed);
}

module.exports = { createPool, Pool, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE };
