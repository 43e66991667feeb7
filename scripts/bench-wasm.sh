#!/bin/bash
# Renders per second in one Node thread (issue 23's benchmark): npm `qrcode`
# with the reference article's options (PNG, level L, 200 px, deflate level
# 9 and strategy 3; scripts/node/example/qr-js.js), libqrpng as WebAssembly
# through the package's loader (qr-cli/wasm: options checked, a copy of
# the PNG handed back), and the native addon (renderSync), each rendering
# the 200 texts of scripts/bench/texts.txt in turn for SECONDS after a
# warm-up of one second, one run. Then SVG at level Q against npm `fast_qr`
# 0.9 (Rust compiled to Wasm, level Q and SVG only; installed into a
# temporary folder, its .wasm instantiated with initSync), when npm can
# fetch it. Between the two, the CPU a render costs called directly and
# through the wasm pool (one thread, 64 requests pending). Prints the
# machine, the module sizes (gzip -9) and three Markdown tables.
#
#   scripts/bench-wasm.sh [-s SECONDS]      (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=3
while getopts 's:h' opt; do
    case $opt in
    s) seconds=$OPTARG ;;
    *) sed -n '2,15s/^# \{0,1\}//p' "$0" >&2; exit 1 ;;
    esac
done
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] ||
    { echo "bench: -s takes 1 to 600 seconds" >&2; exit 1; }

make -s all node-addon wasm node-deps >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fastqr=
echo '{ "name": "bench", "version": "1.0.0", "private": true }' > "$work/package.json"
if (cd "$work" && timeout 120 npm install --no-audit --no-fund --silent fast_qr@0.9 >&2); then
    # An ES module without "type": "module" or an exports map: neither
    # require nor import takes it by name, so it is imported as .mjs.
    cp "$work/node_modules/fast_qr/fast_qr.js" "$work/node_modules/fast_qr/fast_qr.mjs"
    fastqr=$work/node_modules/fast_qr
else
    echo "bench: npm could not fetch fast_qr; its row is left out" >&2
fi

cpu_model() {
    sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1 | grep . || echo unknown
}
gz() { printf '%.1f KB (%.1f KB gzipped)' "$(($(wc -c < "$1")))e-3" "$(($(gzip -9c "$1" | wc -c)))e-3"; }

printf 'Machine: %s, %s cores, %s; Node %s; load average %s\n' "$(uname -m)" "$(nproc)" "$(cpu_model)" \
    "$(node --version)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'qrpng.wasm: %s' "$(gz build/wasm/qrpng.wasm)"
[ -z "$fastqr" ] || printf '; fast_qr_bg.wasm: %s' "$(gz "$fastqr/fast_qr_bg.wasm")"
printf '\n%s texts of scripts/bench/texts.txt, each implementation %s s after a warm-up, one run\n\n' 200 "$seconds"

node --input-type=module - "$seconds" "$fastqr" <<'JS'
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [seconds, fastqr] = [Number(process.argv[2]), process.argv[3]];
const root = process.cwd();
const require = createRequire(path.join(root, 'scripts', 'node', 'example', 'package.json'));
const texts = fs.readFileSync(path.join(root, 'scripts/bench/texts.txt'), 'utf8')
  .split('\n').filter((t) => t !== '').slice(0, 200);

// The warm-up: a second of renders, so that V8 has compiled the hot
// functions with its optimizing tier (Wasm starts on the baseline one).
const WARM_UP_NS = 1e9;

// Renders per second of render(text) (sync or async) over the texts in turn.
async function rate(render) {
  for (const until = process.hrtime.bigint() + BigInt(WARM_UP_NS); process.hrtime.bigint() < until;)
    await render(texts[0]);
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(seconds * 1e9);
  let now = start;
  while (now < end) {
    for (const text of texts)
      await render(text);
    n += texts.length;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}
// Sync renderers without an await per call (which would cost a microtask).
function rateSync(render) {
  for (const until = process.hrtime.bigint() + BigInt(WARM_UP_NS); process.hrtime.bigint() < until;) {
    for (const text of texts)
      render(text);
  }
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(seconds * 1e9);
  let now = start;
  while (now < end) {
    for (const text of texts)
      render(text);
    n += texts.length;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

const { qrPng } = require('./qr-js.js');
const addon = require(path.join(root, 'scripts/node/native'));
const { load } = await import(path.join(root, 'scripts/node/wasm/node.mjs'));
const qr = await load();

const png = [
  ['npm qrcode (article options)', await rate(qrPng)],
  ['qr-cli/wasm', rateSync((t) => qr.render(t))],
  ['native addon (renderSync)', rateSync((t) => addon.renderSync(t, {}))],
];
const [base, native] = [png[0][1], png[2][1]];
console.log('| PNG, level L, 200 px | renders/s | × npm qrcode | × native addon |');
console.log('| --- | --- | --- | --- |');
for (const [name, r] of png)
  console.log(`| ${name} | ${Math.round(r)} | ${(r / base).toFixed(2)}× | ${(r / native).toFixed(2)}× |`);

// CPU per render, every thread of this process counted: qr-cli/wasm called
// directly, and through createPool({ impl: 'wasm', workers: 1 }) with 64
// requests pending (the hand-off to its thread and back), 4,000 renders
// each after as many to warm up.
const PER_CPU = 4000;
async function cpuPerRender(render) {
  for (let round = 0; round < 2; round += 1) {
    const start = process.cpuUsage();
    let next = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < PER_CPU)
        await render(texts[next++ % texts.length]);
    }));
    const used = process.cpuUsage(start);
    if (round === 1)
      return (used.user + used.system) / PER_CPU;
  }
}
const { createPool } = require(path.join(root, 'scripts/node'));
const wasmPool = createPool({ impl: 'wasm', workers: 1 });
const cpu = [
  ['qr-cli/wasm, called directly', await cpuPerRender((t) => qr.render(t))],
  ["createPool({ impl: 'wasm', workers: 1 }), 64 pending", await cpuPerRender((t) => wasmPool.qrPng(t))],
];
await wasmPool.close();
console.log('');
console.log('| PNG, level L, 200 px | CPU µs per render |');
console.log('| --- | --- |');
for (const [name, us] of cpu)
  console.log(`| ${name} | ${Math.round(us)} |`);

const svg = [
  ['qr-cli/wasm', rateSync((t) => qr.render(t, { level: 'Q', type: 'svg' }))],
  ['native addon (renderSync)', rateSync((t) => addon.renderSync(t, { level: 'Q', type: 'svg' }))],
];
if (fastqr) {
  const fast = await import(path.join(fastqr, 'fast_qr.mjs'));
  fast.initSync(fs.readFileSync(path.join(fastqr, 'fast_qr_bg.wasm')));
  svg.push(['npm fast_qr 0.9 (qr_svg)', rateSync((t) => fast.qr_svg(t, new fast.SvgOptions()))]);
}
const fastRate = fastqr ? svg[2][1] : null;
console.log('');
console.log(`| SVG, level Q | SVGs/s${fastqr ? ' | × fast_qr' : ''} |`);
console.log(`| --- | ---${fastqr ? ' | ---' : ''} |`);
for (const [name, r] of svg)
  console.log(`| ${name} | ${Math.round(r)}${fastqr ? ` | ${(r / fastRate).toFixed(2)}×` : ''} |`);
JS
