// load() and render() over the package's own checks: both entries (node.mjs
// for Node, index.mjs for browsers and other hosts) hand over lib/errors.js
// and lib/options.js (node.mjs the very modules require('qr-cli') uses,
// index.mjs the same code made into an ES module by prepare.js) and a way
// to fetch the module when load() is given no source or a URL.

import { Engine, optionText } from './engine.mjs';

export function makeLoad(lib, host) {
  const { QrCliError, parseOptions, mergeRender, textBytes, RENDER_OPTIONS } = lib;
  const makeError = (code, message, status) => new QrCliError(code, message, { status });
  const unavailable = (message) => new QrCliError('QR_WASM_UNAVAILABLE', message);

  async function compileBytes(bytes, what) {
    try {
      return await WebAssembly.compile(bytes);
    } catch (e) {
      throw unavailable(`${what} is not a WebAssembly module qrpng can use: ${e && e.message}`);
    }
  }

  // A fetch Response: streamed into the compiler when the server says
  // application/wasm, else (a server that does not know the type) read
  // whole first.
  async function compileResponse(response, what) {
    if (!response.ok)
      throw unavailable(`could not fetch ${what}: HTTP ${response.status}`);
    const type = (response.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    if (type === 'application/wasm' && typeof WebAssembly.compileStreaming === 'function') {
      try {
        return await WebAssembly.compileStreaming(response);
      } catch (e) {
        throw unavailable(`${what} is not a WebAssembly module qrpng can use: ${e && e.message}`);
      }
    }
    return compileBytes(await response.arrayBuffer(), what);
  }

  async function fetchUrl(url) {
    let response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw unavailable(`could not fetch ${url}: ${e && e.message}`);
    }
    return compileResponse(response, String(url));
  }

  async function compile(source) {
    if (source === undefined)
      return host.compileDefault({ fetchUrl, compileBytes });
    if (source instanceof WebAssembly.Module)
      return source;
    if (source instanceof ArrayBuffer || ArrayBuffer.isView(source))
      return compileBytes(source, 'the bytes given to load()');
    if (typeof Response === 'function' && source instanceof Response)
      return compileResponse(source, source.url || 'the Response given to load()');
    if (source instanceof URL || typeof source === 'string')
      return host.compileUrl(source, { fetchUrl, compileBytes });
    throw new QrCliError('QR_INVALID_ARGUMENT',
      'load() takes a URL, the bytes of qrpng.wasm (ArrayBuffer or typed array), a Response or a WebAssembly.Module');
  }

  // load(source?) -> Promise of { render(text, options?) -> Uint8Array }.
  async function load(source) {
    const module = await compile(await source);
    const engine = await Engine.create(module, makeError);
    return {
      // Synchronous: the file's bytes, or a QrCliError as from the pools.
      render(text, options) {
        const { render } = parseOptions(options, []);
        const merged = mergeRender({}, render);
        return engine.render(textBytes(text), optionText(merged, RENDER_OPTIONS));
      },
      // libqrpng's version inside the module.
      version: () => engine.version(),
      // The compiled module, to hand to another load() (a worker) without
      // compiling again.
      module,
    };
  }

  return { load };
}
