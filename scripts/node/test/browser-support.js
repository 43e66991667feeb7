'use strict';
// The static server and headless browsers of the browser example's tests
// (test/browser.test.js, and pack.test.js on the installed package).
//
// A screenshot is taken once the page's load event has fired; the code is
// drawn after that (the module is fetched and compiled first). So the
// server adds two things to the page it serves: an iframe whose answer it
// holds back (a pending iframe delays the load event), and a script that
// asks the server to let it go once the page marks the code it wants as
// drawn (<html data-rendered>). Held at most HOLD_MS.

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { optionsModule } = require('../wasm/prepare.js');

const PAGE = '/example/browser/index.html';
const HOLD_MS = 20_000;
const BROWSER_TIMEOUT_MS = 90_000;
const WINDOW = [500, 600];
const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8' };

// What the server adds before </body>; id names the held iframe.
function harness(id, { hash, typed, svg }) {
  const want = typed === undefined ? hash : typed;
  return `<iframe src="/__hold/${id}" style="display:none"></iframe>
<script type="module">
const want = ${JSON.stringify(want)};
const root = document.documentElement;
let typedIn = ${typed === undefined ? 'true' : 'false'};
new MutationObserver(() => {
  const drawn = root.getAttribute('data-rendered');
  if (!typedIn && drawn === ${JSON.stringify(hash)}) {
    typedIn = true;
    ${svg ? "document.querySelector('input[value=svg]').checked = true;" : ''}
    const box = document.getElementById('text');
    box.value = want;
    box.dispatchEvent(new Event('input'));
  } else if (typedIn && drawn === want) {
    fetch('/__release/${id}');
  }
}).observe(root, { attributes: true, attributeFilter: ['data-rendered'] });
</script>
`;
}

// Serves root's example/browser/ and wasm/ folders. wasmFile: the module to
// serve as wasm/qrpng.wasm (null: root's own); wasm/options.mjs is made
// from lib/ when root has none (a checkout). A page asked for with
// ?case=ID (see cases) gets the harness, and its module the case's type.
function startServer(root, wasmFile = null) {
  const held = new Map(); // id -> { res, timer }
  const cases = new Map();
  const served = [];
  const release = (id) => {
    const hold = held.get(id);
    if (!hold)
      return;
    held.delete(id);
    clearTimeout(hold.timer);
    hold.res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html>released');
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const file = decodeURIComponent(url.pathname);
    served.push(file);
    const m = /^\/__(hold|release)\/(\w+)$/.exec(file);
    if (m && m[1] === 'hold') {
      held.set(m[2], { res, timer: setTimeout(() => release(m[2]), HOLD_MS) });
      return;
    }
    if (m) {
      release(m[2]);
      res.writeHead(204).end();
      return;
    }
    const id = url.searchParams.get('case');
    let body;
    let type = TYPES[path.extname(file)] || 'application/octet-stream';
    if (file === PAGE && cases.has(id)) {
      body = fs.readFileSync(path.join(root, PAGE), 'utf8').replace('</body>', `${harness(id, cases.get(id))}</body>`);
    } else if (file === '/wasm/options.mjs' && !fs.existsSync(path.join(root, file))) {
      body = optionsModule();
    } else if (file === '/wasm/qrpng.wasm') {
      body = fs.readFileSync(wasmFile || path.join(root, file));
      type = cases.get(served.lastCase).wasmType;
    } else if (/^\/(example\/browser|wasm)\/[\w.]+$/.test(file) && fs.existsSync(path.join(root, file))) {
      body = fs.readFileSync(path.join(root, file));
    } else {
      res.writeHead(404).end();
      return;
    }
    if (file === PAGE)
      served.lastCase = id;
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    cases,
    served,
    close: () => {
      for (const id of [...held.keys()])
        release(id);
      server.close();
    },
  })));
}

// Runs argv (a browser, its own process group) to its end or the timeout;
// resolves { status, stderr }.
function run(argv, env) {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, BROWSER_TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: signal ? `killed by ${signal}` : status, stderr });
    });
  });
}

const BROWSERS = {
  chromium: (url, shot, profile) => [['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars',
    '--force-device-scale-factor=1', `--user-data-dir=${profile}`, `--screenshot=${shot}`,
    `--window-size=${WINDOW.join(',')}`, url]],
  firefox: (url, shot, profile) => [['firefox-esr', '--headless', '--no-remote', '--profile', profile,
    '--screenshot', shot, `--window-size=${WINDOW.join(',')}`, url], { MOZ_HEADLESS: '1' }],
};

const missing = (command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0;

// Loads case c (id: a name of its own) from server in browser, screenshots
// it into dir; resolves { status, stderr, shot, ms }.
async function screenshot(server, browser, id, c, dir) {
  server.cases.set(id, c);
  const url = `${server.url}${PAGE}?case=${id}#${new URLSearchParams({ text: c.hash })}`;
  const shot = path.join(dir, `${id}.png`);
  const profile = fs.mkdtempSync(path.join(dir, `${id}-profile-`));
  const [argv, env] = BROWSERS[browser](url, shot, profile);
  const started = Date.now();
  const { status, stderr } = await run(argv, { ...process.env, ...env });
  return { status, stderr, shot, ms: Date.now() - started };
}

// The text the screenshot of case c must decode to.
const wanted = (c) => (c.typed === undefined ? c.hash : c.typed);

module.exports = { BROWSERS, HOLD_MS, missing, startServer, screenshot, wanted };
