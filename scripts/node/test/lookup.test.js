'use strict';
// Where the package looks for qr-cli: the option, $QR_CLI, PATH, and the
// checkout's build/qr-cli only when the package runs from the checkout
// itself. A copy installed elsewhere never looks in a build/ next to it
// (an app folder of its own, /tmp/my-app/build/qr-cli, means nothing).

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { describe, it, after } = require('node:test');
const { findQrCli, checkoutRoot, CHECKOUT, CHECKOUT_BINARY } = require('../lib/binary.js');
const { QR_CLI, tempDir, decode } = require('./helpers.js');

const PACKAGE = path.join(__dirname, '..');
const REPO = path.resolve(PACKAGE, '..', '..');

// A copy of the package's code (what the tarball ships but the addon) in dir.
function copyPackage(dir) {
  fs.mkdirSync(path.join(dir, 'native'), { recursive: true });
  for (const file of ['index.js', 'package.json', 'native/index.js'])
    fs.copyFileSync(path.join(PACKAGE, file), path.join(dir, file));
  fs.cpSync(path.join(PACKAGE, 'lib'), path.join(dir, 'lib'), { recursive: true });
}

// What fn throws (it must throw).
function thrown(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return assert.fail('did not throw');
}

// Runs script in a fresh node with `qr` the package at dir; its stdout.
function runWith(dir, script, env) {
  return execFileSync(process.execPath, ['-e', `const qr = require(${JSON.stringify(dir)});\n${script}`],
    { env, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('which checkout the package runs from', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is this repository when the package is its scripts/node', () => {
    assert.equal(CHECKOUT, REPO);
    assert.equal(CHECKOUT_BINARY, path.join(REPO, 'build', 'qr-cli'));
    assert.equal(checkoutRoot(PACKAGE), REPO);
  });

  it('is none for a package anywhere else, whatever lies around it', () => {
    const app = path.join(dir, 'my-app');
    fs.mkdirSync(path.join(app, 'build'), { recursive: true });
    fs.mkdirSync(path.join(app, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(app, 'lib', 'qrpng.h'), '');
    assert.equal(checkoutRoot(path.join(app, 'node_modules', 'qr-cli')), null);
    // The right shape but no libqrpng next to it: not a checkout.
    const lookalike = path.join(dir, 'lookalike');
    fs.mkdirSync(path.join(lookalike, 'scripts', 'node'), { recursive: true });
    assert.equal(checkoutRoot(path.join(lookalike, 'scripts', 'node')), null);
    fs.mkdirSync(path.join(lookalike, 'lib'));
    fs.writeFileSync(path.join(lookalike, 'lib', 'qrpng.h'), '');
    assert.equal(checkoutRoot(path.join(lookalike, 'scripts', 'node')), lookalike);
    assert.equal(checkoutRoot('/'), null);
  });
});

describe('findQrCli', () => {
  const dir = tempDir();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('from the checkout, with no qr-cli on PATH: the checkout\'s build/qr-cli', () => {
    const empty = path.join(dir, 'empty');
    assert.equal(findQrCli(undefined, { PATH: empty }), path.join(REPO, 'build', 'qr-cli'));
  });

  it('lists every place tried, in order, and how to fix it', () => {
    // c/qr-cli is there but not executable, d/qr-cli is a folder.
    for (const sub of ['c', 'd/qr-cli'])
      fs.mkdirSync(path.join(dir, sub), { recursive: true });
    fs.writeFileSync(path.join(dir, 'c', 'qr-cli'), '#!/bin/sh\n', { mode: 0o644 });
    const env = { PATH: `/nonexistent-a::${path.join(dir, 'b')}:${path.join(dir, 'c')}:${path.join(dir, 'd')}` };
    let err = thrown(() => findQrCli(undefined, env, null));
    assert.equal(err.code, 'QR_NOT_FOUND');
    assert.deepEqual(err.tried, ['/nonexistent-a/qr-cli (PATH)', `${path.join(dir, 'b', 'qr-cli')} (PATH)`,
      `${path.join(dir, 'c', 'qr-cli')} (PATH: not executable)`, `${path.join(dir, 'd', 'qr-cli')} (PATH: a directory)`]);
    assert.equal(err.message, `no runnable qr-cli: tried ${err.tried.join(', ')}; install qr-cli on PATH `
      + '(make && make install in a qr-cli checkout), or give its path in the qrCli option or $QR_CLI');
    err = thrown(() => findQrCli(undefined, { PATH: '/nonexistent-a' }, '/no/checkout/build/qr-cli'));
    assert.deepEqual(err.tried, ['/nonexistent-a/qr-cli (PATH)', '/no/checkout/build/qr-cli (this checkout\'s build)']);
    assert.match(err.message, /; build it \(make\), install qr-cli on PATH/);
    err = thrown(() => findQrCli(undefined, { PATH: '' }, null));
    assert.deepEqual(err.tried, []);
    assert.match(err.message, /^no runnable qr-cli: tried nothing \(PATH is empty\); install/);
    for (const [qrCli, env2, place] of [['/no/opt', {}, '/no/opt (option qrCli)'],
      [undefined, { QR_CLI: '/no/env', PATH: '/usr/bin' }, '/no/env ($QR_CLI)']]) {
      err = thrown(() => findQrCli(qrCli, env2, CHECKOUT_BINARY));
      assert.deepEqual(err.tried, [place]);
    }
  });

  it('a copy installed in an app never runs the app\'s build/qr-cli', () => {
    // /tmp/.../my-app/build/qr-cli is a working qr-cli, and the old lookup
    // (three folders up from lib/) ran it.
    const app = path.join(dir, 'my-app');
    const installed = path.join(app, 'node_modules', 'qr-cli');
    copyPackage(installed);
    fs.mkdirSync(path.join(app, 'build'));
    fs.symlinkSync(QR_CLI, path.join(app, 'build', 'qr-cli'));
    const bin = path.join(dir, 'bin-without-qr-cli');
    fs.mkdirSync(bin);
    const out = runWith(installed, `qr.spawnQrPng('x').then(() => console.log('rendered'),
      (e) => console.log(JSON.stringify({ code: e.code, tried: e.tried, message: e.message })));`,
    { PATH: `${bin}:/nonexistent-dir` }).toString();
    const { code, tried, message } = JSON.parse(out);
    assert.equal(code, 'QR_NOT_FOUND');
    assert.deepEqual(tried, [`${bin}/qr-cli (PATH)`, '/nonexistent-dir/qr-cli (PATH)']);
    assert.ok(!message.includes('build'), message);
    // The same copy inside a checkout's scripts/node is the checkout's package.
    const repo = path.join(dir, 'repo');
    copyPackage(path.join(repo, 'scripts', 'node'));
    fs.mkdirSync(path.join(repo, 'lib'));
    fs.copyFileSync(path.join(REPO, 'lib', 'qrpng.h'), path.join(repo, 'lib', 'qrpng.h'));
    fs.mkdirSync(path.join(repo, 'build'));
    fs.symlinkSync(QR_CLI, path.join(repo, 'build', 'qr-cli'));
    const png = runWith(path.join(repo, 'scripts', 'node'),
      "qr.spawnQrPng('from the checkout').then((png) => process.stdout.write(png));", { PATH: bin });
    assert.deepEqual(decode(png), Buffer.from('from the checkout'));
  });
});
