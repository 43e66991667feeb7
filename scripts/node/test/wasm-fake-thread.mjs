// A thread for lib/wasm_pool.js as wasm/thread.mjs is, with two texts of
// its own for test/wasm.test.js: 'hang' never answers (a busy loop, as a
// stuck render would), 'exit' ends the thread (as a crash would). Any
// other text is rendered by the engine, as in the real thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, optionText } from '../wasm/engine.mjs';

const decoder = new TextDecoder();
const engine = await Engine.create(workerData.module, (code, message, status) => ({ code, message, status }));
parentPort.on('message', ({ id, bytes, options }) => {
  const text = decoder.decode(bytes);
  if (text === 'hang')
    for (;;);
  if (text === 'exit')
    process.exit(7);
  try {
    const out = engine.render(bytes, optionText(options, workerData.table));
    parentPort.postMessage([{ id, out }], [out.buffer]);
  } catch (error) {
    parentPort.postMessage([{ id, error }]);
  }
});
