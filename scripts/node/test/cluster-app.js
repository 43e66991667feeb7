'use strict';
// Run by cluster.test.js: node cluster-app.js OUT_DIR. The primary makes a
// worker pool and uses it (its qr-cli workers and their pipes are live),
// then forks cluster workers. Each cluster worker reports the pipes it
// holds and, under concurrent load, renders its own texts through the
// shared qrPng and a createPool of its own while the primary keeps
// rendering; it writes every PNG to OUT_DIR/<id>/ with the texts in
// OUT_DIR/<id>/texts.json, for the test to decode. Prints one JSON line
// (the primary's report) and exits 0, or prints the failure and exits 1.

const cluster = require('node:cluster');
const fs = require('node:fs');
const path = require('node:path');
const { qrPng, close, createPool } = require('..');

const WORKERS = 3;
const REQUESTS = 120; // per cluster worker, all at once, half through each pool

// The pipes and sockets a process holds ('pipe:[123]', 'socket:[456]' links
// in /proc/PID/fd): libuv makes a child's stdio pipes as socket pairs.
function pipesOf(pid) {
  const dir = `/proc/${pid}/fd`;
  const pipes = [];
  for (const fd of fs.readdirSync(dir)) {
    try {
      const link = fs.readlinkSync(path.join(dir, fd));
      if (link.startsWith('pipe:') || link.startsWith('socket:'))
        pipes.push(link);
    } catch {
      // closed meanwhile
    }
  }
  return pipes;
}

// The live children of this process (the qr-cli workers of its pools).
function childPids() {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
    } catch {
      return false;
    }
  });
}

async function primary(out) {
  const before = pipesOf(process.pid);
  const pool = createPool({ workers: 2 });
  await Promise.all([pool.qrPng('primary before fork'), qrPng('primary shared before fork')]);
  const qrCliWorkers = childPids();
  // This process's ends of the pipes to its qr-cli workers: what it holds
  // now and did not before. A process that inherited them would hold the
  // same inodes.
  const poolPipes = pipesOf(process.pid).filter((p) => !before.includes(p));
  const reports = [];
  const exits = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = cluster.fork({ QR_OUT: path.join(out, String(i)), QR_ID: String(i) });
    exits.push(new Promise((resolve) => {
      worker.on('message', (m) => reports.push(m));
      worker.on('exit', (code, signal) => resolve({ code, signal }));
    }));
  }
  // The primary keeps rendering through its pools while the workers do.
  const own = [];
  for (let i = 0; i < 60; i++)
    own.push((i % 2 ? pool.qrPng(`primary ${i}`) : qrPng(`primary ${i}`)).then((png) => png.length));
  const [sizes, results] = await Promise.all([Promise.all(own), Promise.all(exits)]);
  await pool.close();
  await close();
  console.log(JSON.stringify({ qrCliWorkers: qrCliWorkers.length, poolPipes, reports, results,
    primaryAnswers: sizes.length }));
}

async function worker() {
  const out = process.env.QR_OUT;
  fs.mkdirSync(out, { recursive: true });
  // What this process holds before it uses any pool: no pipe of the
  // primary's qr-cli workers should be among them.
  const pipesAtStart = pipesOf(process.pid);
  const childrenAtStart = childPids().length;
  const own = createPool({ workers: 2 });
  const texts = Array.from({ length: REQUESTS },
    (_, i) => `cluster worker ${process.env.QR_ID} pid ${process.pid} request ${i} ${'-'.repeat(i % 40)}`);
  const pngs = await Promise.all(texts.map((t, i) => (i % 2 ? own.qrPng(t) : qrPng(t))));
  pngs.forEach((png, i) => fs.writeFileSync(path.join(out, `${String(i).padStart(4, '0')}.png`), png));
  fs.writeFileSync(path.join(out, 'texts.json'), JSON.stringify(texts));
  await own.close();
  await close();
  process.send({ id: process.env.QR_ID, pid: process.pid, pipesAtStart, childrenAtStart, answers: pngs.length },
    () => process.exit(0));
}

const run = cluster.isPrimary ? () => primary(process.argv[2]) : worker;
run().catch((e) => {
  console.error(e && e.stack || e);
  process.exit(1);
});
