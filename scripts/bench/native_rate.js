'use strict';
// The Node side of scripts/bench/native_rate.py:
//   node native_rate.js TEXTS_FILE COUNT MODE
// MODE:
//   sync         the addon's renderSync in a loop on the main thread
//   async        the addon's render() with 64 promises pending (libuv's
//                pool, UV_THREADPOOL_SIZE threads)
//   pool-worker  the package's createPool() with 2 qr-cli workers, 64
//                requests pending: what a server's worker tier costs
//   pool-native  the package's createPool({ impl: 'native' }), the same
// Prints one JSON line: {"renders", "wall", "cpu"} (seconds). cpu counts
// this process and its children (the qr-cli workers) over the timed part.
const fs = require('node:fs');
const path = require('node:path');
const native = require('../node/native');
const { createPool } = require('../node');

const [textsFile, countArg, mode] = process.argv.slice(2);
const texts = fs.readFileSync(textsFile, 'utf8').split('\n').filter((t) => t !== '');
const count = Number(countArg);
const PENDING = 64;
const TICK_SECONDS = 0.01; // /proc's unit, as Linux reports it to users

// CPU seconds of this process's children so far (the qr-cli workers):
// utime + stime from /proc/PID/stat, read while they run.
function childrenCpu() {
  let ticks = 0;
  // A thread or a child may end meanwhile: its entry is then gone.
  const read = (file) => { try { return fs.readFileSync(file, 'utf8'); } catch { return ''; } };
  for (const task of fs.readdirSync('/proc/self/task')) {
    const list = read(path.join('/proc/self/task', task, 'children'));
    for (const pid of list.split(' ').filter(Boolean)) {
      const stat = read(`/proc/${pid}/stat`);
      if (stat === '')
        continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  }
  return ticks * TICK_SECONDS;
}

async function pending(render) {
  let next = 0;
  const lane = async () => {
    while (next < count) await render(texts[next++ % texts.length]);
  };
  await Promise.all(Array.from({ length: PENDING }, lane));
}

async function main() {
  const pool = mode === 'pool-worker' ? createPool({ workers: 2 })
    : mode === 'pool-native' ? createPool({ impl: 'native' }) : null;
  // Warm-up: workers started, code paths and allocator settled.
  for (let i = 0; i < 200; i++)
    await (pool ? pool.qrPng(texts[i % texts.length]) : native.render(texts[i % texts.length]));
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpu();
  const t0 = process.hrtime.bigint();
  if (mode === 'sync') {
    for (let i = 0; i < count; i++) native.renderSync(texts[i % texts.length]);
  } else {
    await pending(pool ? (t) => pool.qrPng(t) : (t) => native.render(t));
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const own = process.cpuUsage(cpu0);
  const children = childrenCpu() - children0;
  if (pool)
    await pool.close();
  console.log(JSON.stringify({ renders: count, wall, cpu: (own.user + own.system) / 1e6 + children }));
}
main();
