'use strict';
// The package under `cluster` (issue 25, item 2). Python's pool made before
// os.fork() shares its worker pipes with the child; Node's cluster workers
// are new processes (spawned, not forked), so they inherit no pool, no
// qr-cli worker and no pipe. Checked here: a primary makes a pool and uses
// it, then forks three cluster workers; each holds none of the primary's
// qr-cli pipes and starts with no child, and under concurrent load (120
// requests at once through the shared qrPng and a pool of its own, while
// the primary renders too) every answer decodes to that worker's own text.

const assert = require('node:assert/strict');
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it } = require('node:test');
const { QR_CLI, tempDir } = require('./helpers.js');

describe('cluster', () => {
  it('cluster workers share nothing with a pool made before the fork; every answer is their own text', () => {
    const out = tempDir();
    try {
      const run = spawnSync(process.execPath, [path.join(__dirname, 'cluster-app.js'), out], {
        env: { ...process.env, QR_CLI }, encoding: 'utf8', timeout: 120_000,
      });
      assert.equal(run.status, 0, `status ${run.status} ${run.signal}: ${run.stderr}`);
      const report = JSON.parse(run.stdout.trim().split('\n').pop());
      // Two of its own pool, one per core of the shared one.
      assert.ok(report.qrCliWorkers >= 3, 'the primary had its qr-cli workers before the fork');
      assert.equal(report.poolPipes.length, 3 * report.qrCliWorkers, 'stdin, stdout, stderr each');
      assert.equal(report.primaryAnswers, 60);
      assert.deepEqual(report.results, [0, 1, 2].map(() => ({ code: 0, signal: null })));
      assert.equal(report.reports.length, 3);
      for (const r of report.reports) {
        assert.deepEqual(r.pipesAtStart.filter((p) => report.poolPipes.includes(p)), [],
          `cluster worker ${r.id} holds pipes of the primary's qr-cli workers`);
        assert.equal(r.childrenAtStart, 0);
        assert.equal(r.answers, 120);
        // Every PNG, decoded by one zbarimg run, in order: its own text
        // (ASCII texts, one a line: -Sbinary would run them together).
        const dir = path.join(out, r.id);
        const texts = JSON.parse(fs.readFileSync(path.join(dir, 'texts.json'), 'utf8'));
        const files = fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
        assert.equal(files.length, texts.length);
        const decoded = execFileSync('zbarimg', ['--quiet', '--raw', ...files.map((f) => path.join(dir, f))],
          { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 }).toString('utf8');
        // zbarimg ends each symbol with a newline; the texts have none.
        assert.deepEqual(decoded.split('\n').slice(0, -1), texts, `cluster worker ${r.id}`);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
