'use strict';
// The Node addon's in-process rate (scripts/bench/native_rate.py runs it):
//   node native_rate.js TEXTS_FILE COUNT MODE   MODE: sync | async
// sync: renderSync in a loop on the main thread; async: render() with
// 64 promises pending at once (libuv's pool, UV_THREADPOOL_SIZE threads).
// Prints one JSON line: {"renders", "wall", "cpu"} (seconds).
const fs = require('node:fs');
const native = require('../node/native');

const [textsFile, countArg, mode] = process.argv.slice(2);
const texts = fs.readFileSync(textsFile, 'utf8').split('\n').filter((t) => t !== '');
const count = Number(countArg);

async function main() {
  native.renderSync(texts[0]);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  if (mode === 'sync') {
    for (let i = 0; i < count; i++) native.renderSync(texts[i % texts.length]);
  } else {
    let next = 0;
    const lane = async () => {
      while (next < count) await native.render(texts[next++ % texts.length]);
    };
    await Promise.all(Array.from({ length: 64 }, lane));
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ renders: count, wall, cpu: (cpu.user + cpu.system) / 1e6 }));
}
main();
