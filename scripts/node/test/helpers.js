'use strict';
// Shared by the Node suites: the binary under test, a PNG decoder, fake
// qr-cli scripts, and the example server started on a free port.

const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CHECKOUT_BINARY } = require('../lib/binary.js');

const QR_CLI = process.env.QR_CLI || CHECKOUT_BINARY;
const EXAMPLE = path.join(__dirname, '..', 'example');
const SERVER = path.join(EXAMPLE, 'server.js');

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'qr-node-test-'));
}

// The raw bytes a real decoder reads from a PNG (zbarimg; its stderr,
// which carries a dbus warning, is dropped).
function decode(png) {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'code.png');
    fs.writeFileSync(file, png);
    return execFileSync('zbarimg', ['--quiet', '--raw', '-Sbinary', file],
      { stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// An executable shell script standing in for qr-cli.
function fakeBinary(dir, body, name = 'fake-qr-cli') {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

// A fake `qr-cli --worker` in Node: answers each request frame, delayMs
// later, with `status` and `payload`, or with garbage when status is 'garbage'.
function fakeWorker(dir, status, payload, name = 'fake-worker', delayMs = 0) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!${process.execPath}
let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  while (buf.length >= 20 && buf.length >= 20 + buf.readUInt32LE(16)) {
    buf = buf.subarray(20 + buf.readUInt32LE(16));
    if (${JSON.stringify(status)} === 'garbage') { process.stdout.write('garbage!'); continue; }
    const p = Buffer.from(${JSON.stringify(payload)});
    const h = Buffer.from([0x51, 0x52, 1, ${Number(status) || 0}, 0, 0, 0, 0]);
    h.writeUInt32LE(p.length, 4);
    setTimeout(() => process.stdout.write(Buffer.concat([h, p])), ${Number(delayMs)});
  }
});
`, { mode: 0o755 });
  return file;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code !== 'ESRCH';
  }
}

// Starts server.js with PORT=0 and the given env; resolves once it prints
// its address. stop() sends SIGTERM to its PID and waits for the exit.
function startServer(env, { startTimeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: '0', WORKERS: '2', QR_CLI, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${startTimeoutMs} ms: ${stderr}`));
    }, startTimeoutMs);
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(stdout);
      if (!m)
        return;
      clearTimeout(timer);
      resolve({
        url: m[1],
        stderr: () => stderr,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${stderr}`));
    });
  });
}

// GET url/qrcode?text=...; resolves { status, type, body } (body a Buffer).
async function getQr(url, text) {
  const query = text === undefined ? '' : `?text=${encodeURIComponent(text)}`;
  const res = await fetch(`${url}/qrcode${query}`);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    contentLength: res.headers.get('content-length'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

// Runs body with the environment variables of vars set (undefined: unset),
// then puts them back; body may be async.
async function withEnv(vars, body) {
  const saved = {};
  for (const [name, value] of Object.entries(vars)) {
    saved[name] = process.env[name];
    if (value === undefined)
      delete process.env[name];
    else
      process.env[name] = value;
  }
  try {
    return await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined)
        delete process.env[name];
      else
        process.env[name] = value;
    }
  }
}

module.exports = { QR_CLI, EXAMPLE, SERVER, withEnv, tempDir, decode, fakeBinary, fakeWorker, isAlive, startServer, getQr };
