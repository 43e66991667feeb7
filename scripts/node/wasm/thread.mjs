// One worker thread of createPool({ impl: 'wasm' }) (lib/wasm_pool.js):
// an instance of the compiled module it is handed, rendering the requests
// it is sent in their order. Requests: { id, bytes, options } (options
// checked and merged by the pool); answers: arrays of { id, out } or
// { id, error: { code, message, status } }.
//
// Requests that are already waiting when one is done are taken at once
// (receiveMessageOnPort), and their answers go back together, up to
// BATCH_NS of renders at a time: each message wakes the pool's thread,
// which costs more CPU than the message itself, and holding an answer back
// at most that long costs little latency.

import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { Engine, optionText } from './engine.mjs';

const BATCH_NS = 1_000_000n;
const makeError = (code, message, status) => ({ code, message, status });
const { module, table } = workerData;

const engine = await Engine.create(module, makeError);

function answer({ id, bytes, options }, answers, transfer) {
  try {
    const out = engine.render(bytes, optionText(options, table));
    answers.push({ id, out });
    transfer.push(out.buffer);
  } catch (e) {
    const error = e && typeof e.code === 'string' ? e
      : { code: 'QR_INTERNAL', message: `qrpng.wasm thread: ${e && e.message}`, status: 4 };
    answers.push({ id, error });
  }
}

parentPort.on('message', (request) => {
  let answers = [];
  let transfer = [];
  let since = process.hrtime.bigint();
  for (let next = request; next !== undefined;) {
    answer(next, answers, transfer);
    const now = process.hrtime.bigint();
    if (now - since >= BATCH_NS) {
      parentPort.postMessage(answers, transfer);
      answers = [];
      transfer = [];
      since = now;
    }
    next = receiveMessageOnPort(parentPort)?.message;
  }
  if (answers.length > 0)
    parentPort.postMessage(answers, transfer);
});
