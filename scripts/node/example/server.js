'use strict';
// Example server: the reference article's QR endpoint in cluster mode.
//
//   (cd scripts/node/example && npm ci) && node scripts/node/example/server.js
//
// Environment:
//   PORT        TCP port on 127.0.0.1 (default 42069; 0 picks a free one)
//   WORKERS     server processes (default: one per core)
//   QR_IMPL     js (npm qrcode in-process), spawn (qr-cli per request) or
//               worker (long-lived `qr-cli --worker` children) or native
//               (libqrpng in-process, the package's addon) or wasm (libqrpng
//               as WebAssembly in worker threads); see implementations.js
//               (default worker: the recommended path)
//   QR_WORKERS  qr-cli workers (wasm: threads) per server process for worker
//               and wasm (default: one per core)
//   QR_CLI      path of qr-cli (default: qr-cli on PATH, then build/qr-cli of
//               this repository)
//   QR_CLI_CONCURRENCY  qr-cli children at once per server process for spawn
//               (default: two per core)
//   HEADER_TIMEOUT  seconds (1-3600, default 10) a connection has to send a
//               whole request (line, headers, any body); then it gets a 408
//               and is closed (Node's headersTimeout and requestTimeout,
//               checked every second)
//
// The answers are app.js's (the contract of docs/servers.md); what Node's
// HTTP layer refuses itself (a malformed request, a request line and headers
// over maxHeaderSize, a request not in by HEADER_TIMEOUT) is text/plain too.
//
// Slow clients (issue 25): Node's http server is event-driven, so a client
// that sends its request a byte at a time holds a socket, not the process;
// HEADER_TIMEOUT cuts it off.
//
// For spawn, worker, native and wasm the primary first renders one code that way and
// exits 1 with one line on stderr if it cannot.
// When every worker listens, the primary prints one line on stdout:
//   example-server: QR_IMPL=worker WORKERS=2 listening on http://127.0.0.1:42069
// SIGTERM or SIGINT to the primary stops the workers, then the primary.

const cluster = require('node:cluster');
const http = require('node:http');
const os = require('node:os');
const { IMPLEMENTATIONS, loadImplementation, checkImplementation } = require('./implementations.js');

const HOST = '127.0.0.1';
const TIMEOUT_CHECK_MS = 1000; // how often Node looks for connections past their timeouts

function fail(message) {
  console.error(`example-server: ${message}`);
  process.exit(1);
}

function coreCount() {
  return Math.max(1, typeof os.availableParallelism === 'function'
    ? os.availableParallelism() : os.cpus().length);
}

// A whole number lo..hi from the environment, or the default.
function count(name, lo, hi, byDefault) {
  const value = process.env[name];
  if (value === undefined || value === '')
    return byDefault;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || n < lo || n > hi)
    fail(`${name} must be ${lo}-${hi}, not '${value}'`);
  return n;
}

function config() {
  const env = process.env;
  const port = env.PORT === undefined ? 42069 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`PORT must be 0-65535, not '${env.PORT}'`);
  const workers = count('WORKERS', 1, 256, coreCount());
  const qrWorkers = count('QR_WORKERS', 1, 256, coreCount());
  const headerTimeout = count('HEADER_TIMEOUT', 1, 3600, 10);
  const impl = env.QR_IMPL || 'worker';
  if (!Object.hasOwn(IMPLEMENTATIONS, impl))
    fail(`unknown QR_IMPL '${impl}' (known: ${Object.keys(IMPLEMENTATIONS).join(', ')})`);
  return { port, workers, qrWorkers, impl, headerTimeout };
}

function runPrimary({ workers, impl }) {
  let listening = 0;
  let ready = false;
  let stopping = false;

  cluster.on('listening', (worker, address) => {
    listening += 1;
    if (listening === workers && !ready) {
      ready = true;
      console.log(`example-server: QR_IMPL=${impl} WORKERS=${workers} `
        + `listening on http://${HOST}:${address.port}`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers).length === 0)
        process.exit(0);
      return;
    }
    if (!ready)
      fail(`a worker exited during start-up (${signal || `code ${code}`})`);
    console.error(`example-server: worker ${worker.process.pid} died (${signal || `code ${code}`}); starting another`);
    cluster.fork();
  });

  const stop = () => {
    if (stopping)
      return;
    stopping = true;
    const alive = Object.values(cluster.workers);
    if (alive.length === 0)
      process.exit(0);
    for (const worker of alive)
      worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  for (let i = 0; i < workers; i += 1)
    cluster.fork();
}

// What Node's HTTP layer refuses before the app sees a request (a malformed
// request, a request line and headers over maxHeaderSize, a request not in
// by HEADER_TIMEOUT) gets the same text/plain answer as the app's refusals;
// Node's own has no body and no Content-Type.
const CLIENT_ERRORS = {
  HPE_HEADER_OVERFLOW: [431, 'request headers too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request timeout'],
};

function answerClientError(err, socket) {
  const started = socket._httpMessage && socket._httpMessage.headersSent;
  if (err.code === 'ECONNRESET' || !socket.writable || started) {
    socket.destroy();
    return;
  }
  const [status, text] = CLIENT_ERRORS[err.code] || [400, 'bad request'];
  socket.end(`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\n`
    + 'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n'
    + `Content-Length: ${Buffer.byteLength(text)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${text}`,
  () => socket.destroy());
}

function runWorker({ port, impl, qrWorkers, headerTimeout }) {
  const { createApp, MAX_REQUEST_LINE, MAX_HEADER_BYTES } = require('./app.js');
  const app = createApp(loadImplementation(impl, { qrWorkers }));
  const headersTimeout = headerTimeout * 1000;
  const server = http.createServer({
    // This GET endpoint takes no body: the whole request has the same time.
    headersTimeout,
    requestTimeout: headersTimeout,
    // Node's default checks every 30 s, which could let a slow client stay
    // 30 s past its timeout.
    connectionsCheckingInterval: TIMEOUT_CHECK_MS,
    // Node counts the request line and the headers together: room for both
    // of the common limits, which the app checks one by one (414, 431).
    maxHeaderSize: MAX_REQUEST_LINE + 2 + MAX_HEADER_BYTES + 2,
  }, app);
  server.on('clientError', answerClientError);
  server.listen(port, HOST);
  server.on('error', (err) => fail(`cannot listen on ${HOST}:${port}: ${err.message}`));
  // If the primary dies without stopping us, do not linger.
  process.on('disconnect', () => process.exit(0));
}

const settings = config();
if (cluster.isPrimary) {
  checkImplementation(settings.impl).then(() => runPrimary(settings), (err) => {
    fail(`QR_IMPL=${settings.impl} cannot render: ${String(err && err.message).replace(/\s+/g, ' ')}`);
  });
} else {
  runWorker(settings);
}
