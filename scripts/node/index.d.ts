// Types of the qr-cli package (CommonJS). See README.md.
/// <reference types="node" />

/** qr-cli's output types (`-t`): the file the Buffer holds. Any case is taken. */
export type QrType = 'png' | 'svg' | 'eps' | 'utf8' | 'ansiutf8' | 'ascii' | 'utf8i' | 'asciii';

/** How a QR code is drawn; every field is checked before any process is used. */
export interface RenderOptions {
  /**
   * Output type, any case (default 'png'): the Buffer holds a PNG, an SVG or
   * EPS file, or terminal text (UTF-8 half blocks, with ANSI colour, ASCII,
   * or inverted). Types other than 'png' need a qr-cli with worker protocol
   * version 2 (as do symversion, micro, boostLevel, eightBit and dpi).
   */
  type?: QrType | Uppercase<QrType>;
  /** Error correction level, any case (default 'L'). */
  level?: 'L' | 'M' | 'Q' | 'H' | 'l' | 'm' | 'q' | 'h';
  /** Image width and height in pixels, 1..8192 (default 200). Not with `scale`. */
  size?: number;
  /** Pixels per module, 1..8192. Not with `size`. */
  scale?: number;
  /** Quiet zone in modules, 0..255 (default 4). */
  margin?: number;
  /** Dark colour, '#rgb' or '#rrggbb' (default '#000000'). */
  fg?: string;
  /** Light colour, '#rgb' or '#rrggbb', or 'transparent' (default '#ffffff'). */
  bg?: string;
  /**
   * The smallest symbol version (`qr-cli -v`), 1..40, or 1..4 with `micro`
   * (default: the smallest that fits). Version 2 of the worker protocol.
   */
  symversion?: number;
  /** A Micro QR code (M1..M4; not with level 'H'), for short texts (default false). */
  micro?: boolean;
  /** A higher error correction level when the text fits the same symbol (default false). */
  boostLevel?: boolean;
  /** Every byte in 8-bit mode, no digit or alphanumeric segments (default false). */
  eightBit?: boolean;
  /** Resolution in dots per inch, 1..65535, written in a pHYs chunk (PNG only; default: no chunk). */
  dpi?: number;
}

/** Options of one request to a pool (qrPng, Pool.qrPng). */
export interface RequestOptions extends RenderOptions {
  /** Milliseconds from when the request is written to a worker (default 10000). */
  timeoutMs?: number;
}

/** Options of spawnQrPng. */
export interface SpawnOptions extends RenderOptions {
  /** Milliseconds from when the child starts (default 10000). */
  timeoutMs?: number;
  /** Path of qr-cli (default: $QR_CLI, then qr-cli on PATH, then the checkout's build/qr-cli). */
  qrCli?: string;
}

/** Options of createPool; render options are the defaults of every request. */
export interface PoolOptions extends RenderOptions {
  /**
   * 'worker': `qr-cli --worker` processes. 'native': libqrpng in-process
   * through the N-API addon (`make node-addon`); createPool throws QR_NATIVE_UNAVAILABLE
   * when it is not built. workers, maxInFlight, timeoutMs and qrCli do not apply to 'native'.
   * 'wasm': libqrpng as WebAssembly (the package's wasm/qrpng.wasm) in worker threads,
   * `workers` of them; createPool throws QR_WASM_UNAVAILABLE when the module is missing.
   * Not given: 'worker'; but when neither qrCli nor $QR_CLI is set and no qr-cli is found
   * (on PATH, or in the checkout's build when running from one), the native addon when it
   * loads, else 'wasm', with one line on stderr, once per process, naming every place
   * qr-cli was looked for.
   */
  impl?: 'worker' | 'native' | 'wasm';
  /** Worker processes, or threads with 'wasm' (default: the number of cores). */
  workers?: number;
  /** Requests pipelined to one worker at once (default 32). */
  maxInFlight?: number;
  /** Requests that may wait for a worker; beyond it QR_POOL_BUSY (default 32768). */
  maxQueue?: number;
  /** Default timeout of a request, from when it is written to a worker (default 10000). */
  timeoutMs?: number;
  /** Path of qr-cli (default: $QR_CLI, then qr-cli on PATH, then the checkout's build/qr-cli). */
  qrCli?: string;
}

export interface PoolStats {
  /** Live worker processes (threads for 'wasm'; 0 for 'native'). */
  workers: number;
  /** Requests written to a worker and not yet answered. */
  inFlight: number;
  /** Requests waiting for a worker. */
  queued: number;
  /** Workers started to replace one that died. */
  restarts: number;
}

export interface Pool {
  qrPng(text: string | Uint8Array, options?: RequestOptions): Promise<Buffer>;
  close(): Promise<void>;
  stats(): PoolStats;
}

export type QrCliErrorCode =
  | 'QR_INVALID_ARGUMENT'
  | 'QR_USAGE'
  | 'QR_ENCODE'
  | 'QR_IO'
  | 'QR_INTERNAL'
  | 'QR_NOT_FOUND'
  | 'QR_SPAWN'
  | 'QR_TIMEOUT'
  | 'QR_SIGNAL'
  | 'QR_WORKER_DIED'
  | 'QR_PROTOCOL'
  | 'QR_POOL_BUSY'
  | 'QR_POOL_CLOSED'
  | 'QR_NATIVE_UNAVAILABLE'
  | 'QR_WASM_UNAVAILABLE';

export class QrCliError extends Error {
  constructor(code: QrCliErrorCode, message: string,
    details?: { status?: number | null; stderr?: string; signal?: NodeJS.Signals | null; cause?: unknown });
  readonly name: 'QrCliError';
  /** Stable code, see the table in README.md. */
  code: QrCliErrorCode;
  /** qr-cli's exit status or the worker's protocol status, else null. */
  status: number | null;
  /** qr-cli's one stderr line where there is one, else ''. */
  stderr: string;
  /** The signal a spawned qr-cli died of, else null. */
  signal: NodeJS.Signals | null;
  /** What the caller's own code threw (an option getter, a Proxy trap), when that caused the error. */
  cause?: unknown;
  /** QR_NOT_FOUND and QR_NATIVE_UNAVAILABLE: every place tried, in order, as the message lists them. */
  tried?: string[];
}

/** A PNG from the shared worker pool (made on first use; idle, it never keeps the process alive). */
export function qrPng(text: string | Uint8Array, options?: RequestOptions): Promise<Buffer>;
/** Ends the shared pool (the next qrPng makes a new one). */
export function close(): Promise<void>;
/** A pool of one's own. Throws QrCliError QR_INVALID_ARGUMENT for bad options, QR_NATIVE_UNAVAILABLE for impl 'native' without the addon, QR_WASM_UNAVAILABLE for impl 'wasm' without the module. */
export function createPool(options?: PoolOptions): Pool;
/** A PNG from one qr-cli process started for this request. */
export function spawnQrPng(text: string | Uint8Array, options?: SpawnOptions): Promise<Buffer>;
