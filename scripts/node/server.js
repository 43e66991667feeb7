'use strict';
// Example server: the reference article's QR endpoint in cluster mode.
//
//   node scripts/node/server.js
//
// Environment:
//   PORT     TCP port on 127.0.0.1 (default 42069; 0 picks a free one)
//   WORKERS  worker processes (default: one per core)
//   QR_IMPL  js (npm qrcode in-process), spawn (qr-cli per request) or worker
//            (long-lived `qr-cli --worker` children, QR_WORKERS per process,
//            default one per core); see implementations.js (default spawn)
//   QR_CLI   path of qr-cli for spawn (default: build/qr-cli of this repo)
//
// When every worker listens, the primary prints one line on stdout:
//   qr-server: QR_IMPL=spawn WORKERS=2 listening on http://127.0.0.1:42069
// SIGTERM or SIGINT to the primary stops the workers, then the primary.

const cluster = require('node:cluster');
const { IMPLEMENTATIONS, loadImplementation } = require('./implementations.js');
const { coreCount } = require('./qr-cli-client.js');

const HOST = '127.0.0.1';

function fail(message) {
  console.error(`qr-server: ${message}`);
  process.exit(1);
}

function config() {
  const env = process.env;
  const port = env.PORT === undefined ? 42069 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    fail(`PORT must be 0-65535, not '${env.PORT}'`);
  const workers = env.WORKERS === undefined ? coreCount() : Number(env.WORKERS);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256)
    fail(`WORKERS must be 1-256, not '${env.WORKERS}'`);
  const impl = env.QR_IMPL || 'spawn';
  if (!Object.hasOwn(IMPLEMENTATIONS, impl))
    fail(`unknown QR_IMPL '${impl}' (known: ${Object.keys(IMPLEMENTATIONS).join(', ')})`);
  return { port, workers, impl };
}

function runPrimary({ workers, impl }) {
  let listening = 0;
  let ready = false;
  let stopping = false;

  cluster.on('listening', (worker, address) => {
    listening += 1;
    if (listening === workers && !ready) {
      ready = true;
      console.log(`qr-server: QR_IMPL=${impl} WORKERS=${workers} `
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
    console.error(`qr-server: worker ${worker.process.pid} died (${signal || `code ${code}`}); starting another`);
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

function runWorker({ port, impl }) {
  const { createApp } = require('./app.js');
  const app = createApp(loadImplementation(impl));
  const server = app.listen(port, HOST);
  server.on('error', (err) => fail(`cannot listen on ${HOST}:${port}: ${err.message}`));
  // If the primary dies without stopping us, do not linger.
  process.on('disconnect', () => process.exit(0));
}

const settings = config();
if (cluster.isPrimary)
  runPrimary(settings);
else
  runWorker(settings);
