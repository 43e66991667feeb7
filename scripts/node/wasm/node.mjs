// qr-cli/wasm in Node: load() with no source reads qrpng.wasm from this
// folder (a packed package; $QRPNG_WASM or the checkout's build/wasm/
// otherwise, lib/wasm_pool.js says where); a file: URL or a path is read,
// http(s) fetched. Its errors are require('qr-cli').QrCliError itself.

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { makeLoad } from './loader.mjs';

const require = createRequire(import.meta.url);
const { QrCliError } = require('../lib/errors.js');
const options = require('../lib/options.js');
const { wasmPlaces } = require('../lib/wasm_pool.js');

async function compileFile(file, { compileBytes }) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new QrCliError('QR_WASM_UNAVAILABLE',
      `cannot read ${file}: ${e.code === 'ENOENT' ? 'not found' : e.message}`);
  }
  return compileBytes(bytes, file);
}

const host = {
  async compileDefault(tools) {
    const tried = [];
    for (const file of wasmPlaces()) {
      try {
        return await compileFile(file, tools);
      } catch (e) {
        tried.push(e.message);
      }
    }
    throw new QrCliError('QR_WASM_UNAVAILABLE', 'qrpng.wasm is not there; run `make wasm` in the qr-cli checkout '
      + `(or set QRPNG_WASM). Tried: ${tried.join('; ')}`);
  },
  compileUrl(source, tools) {
    let url = null;
    if (source instanceof URL)
      url = source;
    else if (/^[a-z][a-z0-9+.-]+:/i.test(source))
      url = new URL(source);
    if (url === null)
      return compileFile(source, tools);
    if (url.protocol === 'file:')
      return compileFile(fileURLToPath(url), tools);
    return tools.fetchUrl(url);
  },
};

export const { load } = makeLoad({ ...options, QrCliError }, host);
export { QrCliError };
