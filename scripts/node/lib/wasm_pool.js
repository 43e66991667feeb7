'use strict';
// createPool({ impl: 'wasm' }): libqrpng compiled to WebAssembly
// (build/wasm/qrpng.wasm, `make wasm`; a packed package carries a copy in
// wasm/), run in worker_threads: one thread per core by default (the
// workers option), so a server uses every core without child processes and
// without a C compiler or qr-cli on the machine. The module is compiled
// once, here, and every thread instantiates it (wasm/thread.mjs).
//
// The worker pool's interface and rules: options checked by options.js on
// this thread before any is sent; at most maxInFlight requests per thread,
// each to the least busy; the rest wait in a FIFO of at most maxQueue
// (beyond it QR_POOL_BUSY). A request's timeout starts when it is posted
// to a thread; one that times out stops its thread (QR_TIMEOUT), and the
// other requests that thread had, like those of a thread that died, are
// posted again to another (at most MAX_TRIES times in all, then
// QR_WORKER_DIED). Idle threads never keep the process alive.
// A module that cannot be found or compiled: QR_WASM_UNAVAILABLE, thrown
// by createPool.

const fs = require('node:fs');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { QrCliError } = require('./errors.js');
const { POOL_SETTINGS, CALL_SETTINGS, RENDER_OPTIONS, parseOptions, mergeRender, textBytes } = require('./options.js');
const { coreCount, DEFAULT_TIMEOUT_MS } = require('./spawn.js');
const { Deadline } = require('./deadline.js');
const { Fifo, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_QUEUE, MAX_TRIES } = require('./pool_parts.js');

const THREAD = path.join(__dirname, '..', 'wasm', 'thread.mjs');
const TABLE = RENDER_OPTIONS.map(({ name, cli }) => ({ name, cli }));

// Where qrpng.wasm is: $QRPNG_WASM alone when it is set (a path given is the
// only one tried, as $QR_CLI); else the copy in the package's wasm/ folder,
// then the checkout's build/wasm/.
function wasmPlaces(env = process.env) {
  if (env.QRPNG_WASM)
    return [path.resolve(env.QRPNG_WASM)];
  return [path.join(__dirname, '..', 'wasm', 'qrpng.wasm'),
    path.resolve(__dirname, '..', '..', '..', 'build', 'wasm', 'qrpng.wasm')];
}

let compiled = null;

// The compiled module (once per process), or QR_WASM_UNAVAILABLE naming
// every place tried.
function wasmModule() {
  if (compiled)
    return compiled;
  const tried = [];
  for (const file of wasmPlaces()) {
    let bytes;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      tried.push(`${file} (${e.code === 'ENOENT' ? 'not found' : e.message})`);
      continue;
    }
    try {
      compiled = new WebAssembly.Module(bytes);
      return compiled;
    } catch (e) {
      tried.push(`${file} (${e.message})`);
    }
  }
  throw new QrCliError('QR_WASM_UNAVAILABLE',
    `qrpng.wasm is not there; run \`make wasm\` in the qr-cli checkout (or set QRPNG_WASM). Tried: ${tried.join(', ')}`);
}

// Node's options for the threads: this process's, as Node gives them by
// default, but for --input-type, which a thread started from a file refuses
// (`node --input-type=module -e ...` would make every thread fail).
function threadExecArgv(execArgv = process.execArgv) {
  const kept = [];
  for (let i = 0; i < execArgv.length; i += 1) {
    if (execArgv[i] === '--input-type')
      i += 1; // and its value
    else if (!execArgv[i].startsWith('--input-type='))
      kept.push(execArgv[i]);
  }
  return kept;
}

function closedError() {
  return new QrCliError('QR_POOL_CLOSED', 'the wasm qr-cli pool is closed');
}

function copyError(e) {
  return new QrCliError(e.code, e.message, { status: e.status });
}

class Thread {
  constructor(pool) {
    this.pool = pool;
    this.inFlight = new Map(); // id -> job, in the order they were posted
    this.dead = false;
    this.gone = false;
    this.worker = new Worker(pool.script, {
      workerData: { module: pool.module, table: TABLE },
      execArgv: threadExecArgv(),
      stdout: false,
      stderr: false,
    });
    this.worker.on('message', (answers) => {
      for (const answer of answers)
        this.onAnswer(answer);
      if (this.pool.closing && this.inFlight.size === 0)
        this.worker.terminate(); // close(): its last answer is in
      this.pool.pump();
    });
    this.worker.on('error', (e) => {
      this.die(new QrCliError('QR_WORKER_DIED',
        `qrpng.wasm thread failed while this request was in flight: ${e && e.message}`), true);
    });
    this.worker.on('exit', (code) => {
      this.die(new QrCliError('QR_WORKER_DIED',
        `qrpng.wasm thread exited with code ${code} while this request was in flight`), true);
      this.gone = true;
      this.pool.onThreadGone(this);
    });
    this.worker.unref(); // after the listeners, which would hold it again
  }

  send(job) {
    job.tries += 1;
    job.thread = this;
    this.inFlight.set(job.id, job);
    this.worker.postMessage({ id: job.id, bytes: job.bytes, options: job.options });
    job.deadline = new Deadline(job.timeoutMs, () => this.timedOut(job));
  }

  onAnswer({ id, out, error }) {
    const job = this.inFlight.get(id);
    if (!job)
      return; // answered after it timed out
    this.inFlight.delete(id);
    if (error)
      job.settle(new QrCliError(error.code, error.message, { status: error.status ?? null }));
    else
      job.settle(null, Buffer.from(out.buffer, out.byteOffset, out.byteLength));
  }

  timedOut(job) {
    if (job.done || this.dead || job.thread !== this)
      return;
    job.settle(new QrCliError('QR_TIMEOUT',
      `qrpng.wasm thread gave no answer within ${job.timeoutMs} ms and was stopped`));
    this.kill(new QrCliError('QR_WORKER_DIED',
      'qrpng.wasm thread was stopped because a request before this one timed out'), true);
  }

  kill(error, retry = false) {
    this.die(error, retry);
    this.worker.terminate();
  }

  // Idempotent: the thread leaves the pool. With retry, its requests posted
  // fewer than MAX_TRIES times go back to the front of the queue (not once
  // the pool is closing); the others fail with error.
  die(error, retry = false) {
    if (this.dead)
      return;
    this.dead = true;
    const again = [];
    for (const job of this.inFlight.values()) {
      if (job.done)
        continue;
      job.thread = null;
      job.deadline.cancel();
      if (retry && job.tries < MAX_TRIES && !this.pool.closing)
        again.push(job);
      else if (retry && job.tries > 1)
        job.settle(new QrCliError(error.code, `${error.message} (tried ${job.tries} times)`, { status: error.status }));
      else
        job.settle(copyError(error));
    }
    this.inFlight.clear();
    this.pool.queue.unshift(again);
    this.pool.onThreadDied(this);
  }
}

class WasmPool {
  // parsed: parseOptions(options, POOL_SETTINGS) when createPool did it
  // already. internals.script: another thread script (the tests').
  constructor(options, parsed = parseOptions(options, POOL_SETTINGS), internals = {}) {
    const { render, settings } = parsed;
    this.defaults = mergeRender({}, render);
    this.size = settings.workers || coreCount();
    this.maxInFlight = settings.maxInFlight || DEFAULT_MAX_IN_FLIGHT;
    this.maxQueue = settings.maxQueue === undefined ? DEFAULT_MAX_QUEUE : settings.maxQueue;
    this.timeoutMs = settings.timeoutMs || DEFAULT_TIMEOUT_MS;
    this.module = wasmModule();
    this.script = internals.script || THREAD;
    this.slots = new Array(this.size).fill(null);
    this.everStarted = new Array(this.size).fill(false);
    this.restarts = 0;
    this.all = new Set(); // threads not yet exited
    this.queue = new Fifo();
    this.nextId = 1;
    this.closing = null;
  }

  qrPng(text, options) {
    let job;
    try {
      if (this.closing)
        throw closedError();
      const { render, settings } = parseOptions(options, CALL_SETTINGS);
      const view = textBytes(text);
      job = {
        id: this.nextId++,
        bytes: new Uint8Array(view), // a copy of its own: the caller may change theirs
        options: mergeRender(this.defaults, render),
        timeoutMs: settings.timeoutMs || this.timeoutMs,
        deadline: null,
        done: false,
        tries: 0,
        thread: null,
      };
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      job.settle = (err, png) => {
        if (job.done)
          return;
        job.done = true;
        job.bytes = null;
        job.thread = null;
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
          `the wasm qr-cli pool's queue is full (${this.maxQueue} waiting); try again later`));
    });
  }

  pump() {
    while (this.queue.length > 0 && !this.closing) {
      let best = null;
      for (let i = 0; i < this.slots.length; i += 1) {
        if (!this.slots[i] && !this.start(i))
          return;
        const thread = this.slots[i];
        if (thread.inFlight.size < this.maxInFlight
            && (best === null || thread.inFlight.size < best.inFlight.size))
          best = thread;
      }
      if (best === null)
        return;
      best.send(this.queue.shift());
    }
  }

  start(i) {
    let thread;
    try {
      thread = new Thread(this);
    } catch (e) {
      const error = new QrCliError('QR_SPAWN', `cannot start a qrpng.wasm thread: ${e.message}`);
      for (const job of this.queue.drain())
        job.settle(copyError(error));
      return false;
    }
    if (this.everStarted[i])
      this.restarts += 1;
    this.everStarted[i] = true;
    this.slots[i] = thread;
    this.all.add(thread);
    return true;
  }

  onThreadDied(thread) {
    const i = this.slots.indexOf(thread);
    if (i >= 0)
      this.slots[i] = null;
    process.nextTick(() => this.pump());
  }

  onThreadGone(thread) {
    this.all.delete(thread);
    if (this.closing && this.all.size === 0)
      this.closing.resolve();
  }

  stats() {
    let workers = 0;
    let inFlight = 0;
    for (const thread of this.slots) {
      if (thread && !thread.dead) {
        workers += 1;
        inFlight += thread.inFlight.size;
      }
    }
    return { workers, inFlight, queued: this.queue.length, restarts: this.restarts };
  }

  // Stops taking requests and fails the queued ones (QR_POOL_CLOSED); the
  // requests in flight are answered (or time out), then the threads are
  // stopped. Resolves when no thread is left.
  close() {
    if (this.closing)
      return this.closing.promise;
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    this.closing = { promise, resolve };
    for (const job of this.queue.drain())
      job.settle(closedError());
    if (this.all.size === 0) {
      resolve();
      return promise;
    }
    for (const thread of this.all) {
      if (thread.inFlight.size === 0)
        thread.worker.terminate();
    }
    return promise;
  }
}

module.exports = { WasmPool, wasmModule, wasmPlaces };
