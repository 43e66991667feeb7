// Types of qr-cli/wasm (an ES module): libqrpng as WebAssembly, in Node,
// browsers and other hosts. See README.md, "WebAssembly".
import type { RenderOptions } from '../index.js';
import { QrCliError } from '../index.js';

export { QrCliError };
export type { RenderOptions, QrType, QrCliErrorCode } from '../index.js';

/**
 * Where load() gets qrpng.wasm: a URL (a string is relative to the page in a
 * browser; in Node a file: URL or a path is read from disk), its bytes, a
 * fetch Response, or an already compiled module (bundlers and edge runtimes
 * that hand one over). A promise of any of these is awaited.
 */
export type WasmSource =
  | URL
  | string
  | ArrayBuffer
  | ArrayBufferView
  | Response
  | WebAssembly.Module
  | PromiseLike<URL | string | ArrayBuffer | ArrayBufferView | Response | WebAssembly.Module>;

/** One instance of the module. */
export interface QrWasm {
  /**
   * The file of one code, synchronously: a PNG by default, or the `type` asked
   * for (SVG, EPS, terminal text). The text is a string (encoded as UTF-8) or
   * bytes. Options and errors are the pools': a QrCliError with code
   * QR_INVALID_ARGUMENT, QR_ENCODE (status 2), QR_USAGE (status 1) or
   * QR_INTERNAL (status 4; after a trap the instance is replaced).
   */
  render(text: string | Uint8Array, options?: RenderOptions): Uint8Array;
  /** libqrpng's version inside the module. */
  version(): string;
  /** The compiled module, to hand to load() elsewhere (a worker) without compiling again. */
  readonly module: WebAssembly.Module;
}

/**
 * Compiles (unless given a module) and instantiates qrpng.wasm. With no
 * source: in Node the package's own wasm/qrpng.wasm (or $QRPNG_WASM), in a
 * browser `qrpng.wasm` fetched from next to this module. Rejects with a
 * QrCliError QR_WASM_UNAVAILABLE when the module cannot be had, or
 * QR_INVALID_ARGUMENT for a source of another kind.
 */
export function load(source?: WasmSource): Promise<QrWasm>;
