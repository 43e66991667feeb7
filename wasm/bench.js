'use strict';
// Renders per second in one Node thread: build/wasm/qrpng.wasm against the
// native addon (build/node/qrpng.node, make node-addon), 200 texts, PNG
// with the defaults, each text rendered in turn for about 3 s a side
// after a warm-up. The figures in docs/wasm.md come from it.
//
//   node wasm/bench.js [module.wasm] [seconds]      (NATIVE=0: the module alone)
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const modulePath = process.argv[2] || path.join(root, 'build/wasm/qrpng.wasm');
const seconds = Number(process.argv[3] || 3);

// 200 texts of the kinds a server sees: URLs, contact cards, Wi-Fi,
// sentences with accents and CJK, digits; a fixed pseudo-random sequence.
function texts() {
  let seed = 12345;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const word = () => Array.from({ length: 3 + rand(8) }, () =>
    'abcdefghijklmnopqrstuvwxyz'[rand(26)]).join('');
  const out = [];
  for (let i = 0; i < 200; i++) {
    switch (i % 5) {
      case 0: out.push(`https://${word()}.example.com/${word()}/${word()}?id=${rand(1e6)}`); break;
      case 1: out.push(`BEGIN:VCARD\nVERSION:3.0\nFN:${word()} ${word()}\nTEL:+44${rand(1e9)}\nEMAIL:${word()}@${word()}.org\nEND:VCARD`); break;
      case 2: out.push(`WIFI:T:WPA;S:${word()};P:${word()}${rand(1e6)};;`); break;
      case 3: out.push(`Héllo ${word()}, 多言語 ${word()} ✓ ${word()}`); break;
      default: out.push(String(rand(1e9)).repeat(1 + rand(4)));
    }
  }
  return out;
}

function wasmRenderer(file) {
  const module = new WebAssembly.Module(fs.readFileSync(file));
  const e = new WebAssembly.Instance(module, {}).exports;
  const ctx = e.qrpng_wasm_ctx_new();
  let cap = 8192;
  let buf = e.qrpng_wasm_alloc(cap) >>> 0;
  const enc = new TextEncoder();
  return (text) => {
    const bytes = enc.encode(text);
    if (bytes.length > cap) {
      e.qrpng_wasm_free(buf);
      cap = bytes.length;
      buf = e.qrpng_wasm_alloc(cap) >>> 0;
    }
    new Uint8Array(e.memory.buffer, buf, bytes.length).set(bytes);
    if (e.qrpng_wasm_render(ctx, buf, bytes.length, 0, 0) !== 0)
      throw new Error('render failed');
    // A copy, as a host hands it on.
    return new Uint8Array(e.memory.buffer, e.qrpng_wasm_output(ctx) >>> 0,
      e.qrpng_wasm_output_size(ctx) >>> 0).slice();
  };
}

function rate(name, render, list) {
  for (let i = 0; i < 400; i++) render(list[i % list.length]);
  let n = 0;
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    for (const t of list) render(t);
    n += list.length;
    now = process.hrtime.bigint();
  }
  const used = process.cpuUsage(cpu);
  const perSecond = n / (Number(now - start) / 1e9);
  const perCpuSecond = n / ((used.user + used.system) / 1e6);
  // On a shared machine the CPU-time rate is the steadier one.
  console.log(`${name}\t${Math.round(perSecond)} renders/s\t${Math.round(perCpuSecond)} per CPU second`);
  return perCpuSecond;
}

const list = texts();
const wasm = rate(`wasm ${path.basename(modulePath)}`, wasmRenderer(modulePath), list);
let native = null;
if (process.env.NATIVE !== '0') try {
  const addon = require(path.join(root, 'scripts/node/native'));
  native = rate('native addon', (t) => addon.renderSync(t, {}), list);
} catch (e) {
  console.log(`native addon: not measured (${e.message})`);
}
if (native) console.log(`wasm / native (CPU time)\t${(wasm / native).toFixed(2)}`);
