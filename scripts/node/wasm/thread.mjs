// One worker thread of createPool({ impl: 'wasm' }) (lib/wasm_pool.js):
// an instance of the compiled module it is handed, rendering the requests
// it is sent in their order. Requests: { id, bytes, options } (options
// checked and merged by the pool); answers: { id, out } or { id, error:
// { code, message, status } }.

import { parentPort, workerData } from 'node:worker_threads';
import { Engine, optionText } from './engine.mjs';

const makeError = (code, message, status) => ({ code, message, status });
const { module, table } = workerData;

const engine = await Engine.create(module, makeError);

parentPort.on('message', ({ id, bytes, options }) => {
  let out;
  try {
    out = engine.render(bytes, optionText(options, table));
  } catch (e) {
    const error = e && typeof e.code === 'string' ? e
      : { code: 'QR_INTERNAL', message: `qrpng.wasm thread: ${e && e.message}`, status: 4 };
    parentPort.postMessage({ id, error });
    return;
  }
  parentPort.postMessage({ id, out }, [out.buffer]);
});
