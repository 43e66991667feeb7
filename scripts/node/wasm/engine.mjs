// One instance of qrpng.wasm and the calls of its C ABI (docs/wasm.md):
// bytes and an option text in, the file's bytes out. No checks of its own
// (the callers check every option and the text first, with lib/options.js)
// and no other imports: it runs the same in a browser, in Node and in a
// worker thread. Errors are made by the caller's factory:
// makeError(code, message, status).
//
// A trap (libpng's error path ends in one, so may a bug) leaves the
// instance's memory in an unknown state: the instance is dropped, a new
// one made from the same compiled module, and the render fails with
// QR_INTERNAL; the next render runs on the new instance.

// qrpng_status (lib/qrpng.h) -> the packages' code and qr-cli's exit status.
const STATUSES = {
  1: ['QR_ENCODE', 2], // QRPNG_ERR_EMPTY_INPUT
  2: ['QR_ENCODE', 2], // QRPNG_ERR_TOO_LONG
  3: ['QR_USAGE', 1],  // QRPNG_ERR_INVALID_OPTION
};

// Room for the longest text (7089 bytes) and every option as text, kept
// for the instance's life so that a render allocates nothing here.
const SCRATCH_BYTES = 16384;

const EXPORTS = ['memory', 'qrpng_wasm_alloc', 'qrpng_wasm_free', 'qrpng_wasm_ctx_new',
  'qrpng_wasm_ctx_free', 'qrpng_wasm_render', 'qrpng_wasm_output', 'qrpng_wasm_output_size',
  'qrpng_wasm_message', 'qrpng_wasm_version'];

// Checked options (lib/options.js) as the option table's name=value lines:
// table is RENDER_OPTIONS ({ name, cli } each); a flag that is false is
// the default and is left out.
export function optionText(merged, table) {
  const lines = [];
  for (const { name, cli } of table) {
    const value = merged[name];
    if (value !== undefined && value !== false)
      lines.push(`${cli}=${value}`);
  }
  return lines.join('\n');
}

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

// A NUL-terminated string at ptr.
function cString(memory, ptr) {
  const bytes = new Uint8Array(memory.buffer);
  let end = ptr;
  while (end < bytes.length && bytes[end] !== 0)
    end += 1;
  return utf8.decode(bytes.subarray(ptr, end));
}

export class Engine {
  // Use Engine.create (a browser's main thread may refuse to instantiate a
  // large module synchronously).
  constructor(module, instance, makeError) {
    this.module = module;
    this.makeError = makeError;
    this.instances = 0; // made so far (1 + traps survived)
    this.pending = null; // an instance being made after a trap
    this.adopt(instance);
  }

  static async create(module, makeError) {
    let instance;
    try {
      instance = await WebAssembly.instantiate(module, {});
    } catch (e) {
      throw makeError('QR_WASM_UNAVAILABLE', `qrpng.wasm could not be instantiated: ${e && e.message}`, null);
    }
    return new Engine(module, instance, makeError);
  }

  // Takes a fresh instance into use: its context and scratch buffer.
  adopt(instance) {
    this.x = null;
    const missing = EXPORTS.filter((name) => !(name in instance.exports));
    if (missing.length > 0)
      throw this.makeError('QR_WASM_UNAVAILABLE', `qrpng.wasm lacks the exports ${missing.join(', ')}`, null);
    const x = instance.exports;
    const ctx = x.qrpng_wasm_ctx_new() >>> 0;
    const scratch = x.qrpng_wasm_alloc(SCRATCH_BYTES) >>> 0;
    if (!ctx || !scratch)
      throw this.makeError('QR_INTERNAL', 'qrpng.wasm: out of memory', 4);
    this.x = x;
    this.ctx = ctx;
    this.scratch = scratch;
    this.instances += 1;
  }

  // After a trap: a new instance at once where the host allows it, else
  // (a browser's main thread) one made in the background, which renders
  // wait for by failing until it is there.
  replace() {
    this.x = null;
    let instance;
    try {
      instance = new WebAssembly.Instance(this.module, {});
    } catch {
      this.pending = WebAssembly.instantiate(this.module, {}).then((made) => {
        this.pending = null;
        this.adopt(made);
      }, () => { this.pending = null; });
      return;
    }
    this.adopt(instance);
  }

  // libqrpng's version, "1.4.0" or so.
  version() {
    return cString(this.x.memory, this.x.qrpng_wasm_version() >>> 0);
  }

  // The memory's size in bytes (it only grows).
  memoryBytes() {
    return this.x.memory.buffer.byteLength;
  }

  // bytes: a Uint8Array of at most 7089 bytes; optionText: `name=value`
  // lines. Returns a Uint8Array of its own; throws makeError's errors.
  render(bytes, optionText) {
    if (!this.x) {
      if (this.pending)
        throw this.makeError('QR_INTERNAL', 'qrpng.wasm is being instantiated again after a trap; try again', 4);
      this.replace(); // the last one failed: try again
      if (!this.x)
        throw this.makeError('QR_INTERNAL', 'qrpng.wasm is being instantiated again after a trap; try again', 4);
    }
    const options = encoder.encode(optionText);
    if (bytes.length + options.length > SCRATCH_BYTES)
      throw this.makeError('QR_INTERNAL', 'qrpng.wasm: text and options exceed the scratch buffer', 4);
    const { x } = this;
    try {
      const memory = new Uint8Array(x.memory.buffer);
      memory.set(bytes, this.scratch);
      memory.set(options, this.scratch + bytes.length);
      const status = x.qrpng_wasm_render(this.ctx, this.scratch, bytes.length,
        this.scratch + bytes.length, options.length);
      if (status !== 0) {
        const message = cString(x.memory, x.qrpng_wasm_message(this.ctx) >>> 0);
        const [code, exit] = STATUSES[status] || ['QR_INTERNAL', 4];
        throw this.makeError(code, message || `qrpng.wasm: render failed with status ${status}`, exit);
      }
      const out = x.qrpng_wasm_output(this.ctx) >>> 0;
      const size = x.qrpng_wasm_output_size(this.ctx) >>> 0;
      // A copy: the next render reuses the context's output buffer.
      return new Uint8Array(x.memory.buffer, out, size).slice();
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError))
        throw e;
      const what = e.message;
      try {
        this.replace();
      } catch {
        // the next render tries again
      }
      throw this.makeError('QR_INTERNAL', `qrpng.wasm trapped (${what}); the instance was replaced`, 4);
    }
  }
}
